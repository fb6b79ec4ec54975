<?php

declare(strict_types=1);

namespace ShopCredit\Service\Order;

/**
 * One host side effect of an order event, as `order.decide` asked for it. The host performs it
 * once (Orders::perform claims it first). `type` and its params:
 *
 * | type | params |
 * |---|---|
 * | `set_status` | `class`: a status class (OrderVocabulary::STATUS_*) the host maps to its own status |
 * | `note` | `code` (OrderVocabulary::NOTE_*) and `params` (amounts as decimal strings, codes): the host writes it in the shop's language |
 * | `email` | `template` (OrderVocabulary::MAIL_*): the host's own mail (new order, processing, ...) or ours |
 * | `refund_external` | `amount`, `refundId`: give this back through the order's external payment method (the gateway when it can, else tell the merchant) |
 * | `stock` | `change` = `restore`: give the order's stock back |
 * | `record_payment` | `amount`, `method`, `reference`: record a payment on the host order (payments list, invoice) |
 *
 * Amounts are in `currency`. Never free text: hosts translate codes.
 */
final class HostAction
{
    /** @param array<string, mixed> $params */
    public function __construct(
        public readonly int $id,
        public readonly string $shopId,
        public readonly string $orderRef,
        public readonly string $currency,
        public readonly string $type,
        public readonly array $params,
    ) {
    }

    /** @param array<string, mixed> $a an action as Orders answers it */
    public static function from(array $a): self
    {
        $params = $a;
        foreach (['id', 'shopId', 'orderRef', 'currency', 'type', 'eventKey', 'done', 'claimed', 'claimedAt', 'attempts'] as $k) {
            unset($params[$k]);
        }
        return new self((int) $a['id'], (string) $a['shopId'], (string) $a['orderRef'], (string) ($a['currency'] ?? ''), (string) $a['type'], $params);
    }
}

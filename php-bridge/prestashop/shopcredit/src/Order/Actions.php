<?php
/**
 * The order lifecycle's host actions as PrestaShop calls (Orders::perform claims each one first,
 * so each happens once): a status class becomes the state the merchant mapped it to, a note a
 * private message in the shop's words, a payment a row in the order's payments, `new_order` /
 * `order_processing` the order e-mails PrestaShop composed at checkout and the module held back
 * until now, our own mails the module's templates. Every figure comes from the action or the
 * books; nothing is computed here.
 *
 * Throwing leaves the action to the jobs (Orders::redrive): an order PrestaShop has not created
 * yet, or an action type this version of the module does not know.
 */

namespace ShopCreditPs\Order;

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCredit\Service\Order\HostAction;
use ShopCredit\Service\Order\HostActions;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\StatusMap;

final class Actions implements HostActions
{
    /** True while an action is performed: the payment and status hooks it fires are our own echo. */
    public static bool $performing = false;

    public function __construct(
        private readonly ShopCredit $sc,
        private readonly Shop $shop,
        private readonly StatusMap $map,
        private readonly NoteText $words,
    ) {
    }

    public function perform(HostAction $a): void
    {
        $orderId = $this->shop->orderOf($a->orderRef) ?? throw new \RuntimeException("no PrestaShop order for {$a->orderRef} yet");
        $was = self::$performing;
        self::$performing = true;
        try {
            match ($a->type) {
                V::ACTION_SET_STATUS => $this->setStatus($orderId, (string) $a->params['class']),
                V::ACTION_NOTE => $this->shop->note($orderId, $this->words->note((string) $a->params['code'], (array) ($a->params['params'] ?? []), $a->currency)),
                V::ACTION_EMAIL => $this->mail($a, $orderId, (string) $a->params['template']),
                V::ACTION_REFUND_EXTERNAL => $this->shop->note($orderId, $this->words->note('refund_external', ['amount' => (string) $a->params['amount']], $a->currency)),
                V::ACTION_STOCK => $this->shop->restock($orderId),
                V::ACTION_RECORD_PAYMENT => $this->shop->addPayment($orderId, (string) $a->params['amount'], $this->methodLabel($orderId, (string) $a->params['method']), $this->paymentReference($a)),
                default => throw new \RuntimeException("action {$a->type} is not known to this version of the module"),
            };
        } finally {
            self::$performing = $was;
        }
    }

    /** The state mapped to the class, unless the order already is in a state of that class. */
    private function setStatus(int $orderId, string $class): void
    {
        $current = $this->shop->state($orderId);
        if ($this->map->classOf($current, $this->shop->stateFlags($current)) === $class) {
            return;
        }
        $to = $this->map->stateFor($class);
        if ($to <= 0) {
            throw new \RuntimeException("the shop has no state for $class");
        }
        if ($to !== $current) {
            $this->shop->setState($orderId, $to);
        }
    }

    /** A financing payment carries the label the customer chose (the solution); others the method given. */
    private function methodLabel(int $orderId, string $method): string
    {
        return $method === 'financing' ? $this->shop->paymentLabel($orderId) : $method;
    }

    /**
     * The payment row's transaction id, one the merchant can look up: the reference the payment
     * was recorded with, or for a financed order the lender's own file number (the latest request
     * still open at the lender: the one that accepted). Never a books key.
     */
    private function paymentReference(HostAction $a): ?string
    {
        if (isset($a->params['reference'])) {
            return (string) $a->params['reference'];
        }
        if (($a->params['method'] ?? null) !== 'financing') {
            return null;
        }
        $id = null;
        foreach ($this->sc->overview()->financingForOrder($a->shopId, $a->orderRef) as $s) {
            if (!in_array((string) $s['status'], \ShopCredit\Service\FinancingService::FINAL_STATUSES, true)) {
                $id = (string) $s['subscription_id'];
            }
        }
        return $id;
    }

    private function mail(HostAction $a, int $orderId, string $template): void
    {
        match ($template) {
            V::MAIL_NEW_ORDER => $this->shop->releaseMails($orderId, 'new_order'),
            V::MAIL_ORDER_PROCESSING => $this->shop->releaseMails($orderId, 'order_conf'),
            V::MAIL_CREDIT_CHECK_PENDING => $this->shop->moduleMail($orderId, $template, [], false),
            V::MAIL_CREDIT_CHECK_FAILED_CUSTOMER => $this->shop->moduleMail($orderId, $template, $this->reasons($a), false),
            V::MAIL_CREDIT_CHECK_FAILED_ADMIN, V::MAIL_CREDIT_CHECK_MANUAL_REVIEW_ADMIN => $this->shop->moduleMail($orderId, $template, $this->reasons($a), true),
            V::MAIL_BALANCE_CREDITED => $this->shop->moduleMail($orderId, $template, $this->credited($a), false),
            V::MAIL_TOP_UP_REVERSAL_SHORT_ADMIN => $this->shop->moduleMail($orderId, $template, $this->reversal($a), true),
            default => throw new \RuntimeException("e-mail $template is not known to this version of the module"),
        };
    }

    /** The reasons of the order's latest credit-check note, in words (the books keep them with the note). */
    private function reasons(HostAction $a): array
    {
        $codes = '';
        foreach ($this->sc->orders()->actions($a->shopId, $a->orderRef) as $x) {
            if (($x['type'] ?? '') === V::ACTION_NOTE && in_array($x['code'] ?? '', [V::NOTE_CREDIT_CHECK_FAILED, V::NOTE_CREDIT_CHECK_MANUAL_REVIEW], true)) {
                $codes = (string) ($x['params']['reasons'] ?? '');
            }
        }
        $words = $this->words->reasons($codes);
        return ['{reasons}' => $words, '{reason_codes}' => $words];
    }

    /** What a top-up credited (the books' figure) and the balance now. */
    private function credited(HostAction $a): array
    {
        $o = $this->sc->orders()->summary($a->shopId, $a->orderRef) ?? [];
        $balance = $this->sc->overview()->customer($a->shopId, (string) ($this->customerOf($a) ?? ''), $a->currency)['wallet']['balance'] ?? null;
        return [
            '{amount}' => $this->shop->money((string) ($o['topUp']['credited'] ?? '0'), $a->currency),
            '{balance}' => $balance === null ? '' : $this->shop->money((string) $balance, $a->currency),
        ];
    }

    private function reversal(HostAction $a): array
    {
        $t = ($this->sc->orders()->summary($a->shopId, $a->orderRef) ?? [])['topUp'] ?? [];
        return [
            '{reversed}' => $this->shop->money((string) ($t['reversed'] ?? '0'), $a->currency),
            '{missing}' => $this->shop->money((string) ($t['unrecovered'] ?? '0'), $a->currency),
        ];
    }

    private function customerOf(HostAction $a): ?string
    {
        $row = $this->sc->orderRepository->find($a->shopId, $a->orderRef);
        return $row === null ? null : (string) $row['customer_id'];
    }
}

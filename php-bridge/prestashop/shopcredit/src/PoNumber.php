<?php
/**
 * The purchase-order number of an order on account at PrestaShop's checkout: what the payment
 * form posted (nothing when the merchant does not ask for it), the bridge's verdict on it, the
 * typed number and its refusal kept for the payment step the customer is sent back to (the
 * customer's cookie, for this cart only), and the number added to the order e-mails composed
 * while the order is created. The bridge checks and stores; this only carries it.
 */

namespace ShopCreditPs;

use ShopCredit\Service\ShopCredit;

final class PoNumber
{
    public const FIELD = 'sc_po_number';
    private const COOKIE = 'sc_po';
    private const MAILS = ['order_conf', 'new_order'];

    /** The posted number, '' when the merchant does not ask for one (a field that is not there is not read). */
    public static function posted(ShopCredit $sc, string $shopId, mixed $value): string
    {
        return $sc->purchaseOrders()->mode($shopId) === 'off' || !is_string($value) ? '' : $value;
    }

    /** The bridge's code when the order may not go on (po_number_required, po_number_invalid), else null. */
    public static function problem(ShopCredit $sc, string $shopId, string $typed): ?string
    {
        return $sc->purchaseOrders()->check($shopId, $typed);
    }

    /** Kept for the payment step: the typed number and why it was refused (base64: PrestaShop's cookie refuses '|'). */
    public static function remember(object $cookie, int $cartId, string $typed, string $code): void
    {
        $cookie->{self::COOKIE} = base64_encode((string) json_encode(['cart' => $cartId, 'po' => $typed, 'code' => $code]));
    }

    public static function forget(object $cookie): void
    {
        unset($cookie->{self::COOKIE});
    }

    /** @return array{po: string, code: ?string} what the field shows again for this cart */
    public static function recalled(object $cookie, int $cartId): array
    {
        $kept = json_decode((string) base64_decode((string) ($cookie->{self::COOKIE} ?? ''), true), true);
        if (!is_array($kept) || ($kept['cart'] ?? null) !== $cartId) {
            return ['po' => '', 'code' => null];
        }
        return ['po' => (string) ($kept['po'] ?? ''), 'code' => isset($kept['code']) ? (string) $kept['code'] : null];
    }

    /**
     * actionEmailSendBefore, while the module creates the order of $creatingCart: the order
     * confirmation and the merchant's alert name the number beside the payment method.
     * @param array<string, mixed> $p the hook's params (templateVars by reference)
     */
    public static function intoMail(array &$p, ?int $creatingCart, callable $lookup, string $label): void
    {
        if ($creatingCart === null || !in_array((string) ($p['template'] ?? ''), self::MAILS, true) || !isset($p['templateVars']['{payment}'])) {
            return;
        }
        $po = $lookup(Requests::orderRef($creatingCart));
        if ($po !== null) {
            $p['templateVars']['{payment}'] .= ' — ' . $label . ' ' . htmlspecialchars($po, ENT_QUOTES, 'UTF-8');
        }
    }
}

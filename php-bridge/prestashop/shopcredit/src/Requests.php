<?php
/**
 * Builds the bridge's request shapes from PrestaShop facts (plain values read by the callers, so
 * this is tested without PrestaShop): the customer, the cart, the order reference, idempotency
 * keys, the financing buyer.
 */

namespace ShopCreditPs;

final class Requests
{
    /**
     * @param list<int|string> $groupIds the customer's PrestaShop groups (the core's customer groups)
     * @return array{customerId: ?string, groupIds: list<string>, loggedIn: bool}
     */
    public static function customer(int $customerId, array $groupIds, bool $isGuest = false): array
    {
        $logged = $customerId > 0 && !$isGuest;
        return [
            'customerId' => $logged ? (string) $customerId : null,
            'groupIds' => array_values(array_map('strval', $groupIds)),
            'loggedIn' => $logged,
        ];
    }

    /** @return array{currency: string, total: string, billingCountry: string, containsTopUp: bool} */
    public static function cart(string $iso, int|float|string $total, string $billingCountry, bool $containsTopUp): array
    {
        $iso = strtoupper($iso);
        return [
            'currency' => $iso,
            'total' => Money::fromPs($total, $iso),
            'billingCountry' => strtoupper($billingCountry),
            'containsTopUp' => $containsTopUp,
        ];
    }

    /**
     * The order reference in the books. A PrestaShop cart becomes exactly one order (one
     * address, one carrier: what our methods accept), and the order is placed with Orders before
     * validateOrder creates the order id: the cart id is the one id known on both sides.
     */
    public static function orderRef(int $cartId): string
    {
        return 'ps-c' . $cartId;
    }

    /** The cart id of a reference, or null for a reference that is not ours. */
    public static function cartIdFromRef(string $ref): ?int
    {
        return preg_match('/^ps-c([1-9][0-9]{0,18})$/', $ref, $m) ? (int) $m[1] : null;
    }

    /**
     * Buyer and billing for the provider (SubscriptionRequest's shapes) from a PrestaShop
     * customer and invoice address.
     * @param array<string, string> $c firstname, lastname, email
     * @param array<string, string> $a address1, address2, postcode, city, country_iso, phone, phone_mobile, state
     * @return array{0: array<string, string>, 1: array<string, string>}
     */
    public static function financingBuyer(array $c, array $a): array
    {
        $phone = trim((string) ($a['phone_mobile'] ?? '')) !== '' ? (string) $a['phone_mobile'] : (string) ($a['phone'] ?? '');
        $buyer = [
            'firstName' => (string) ($c['firstname'] ?? ''),
            'lastName' => (string) ($c['lastname'] ?? ''),
            'email' => (string) ($c['email'] ?? ''),
            'phone' => $phone,
        ];
        $billing = [
            'street' => trim((string) ($a['address1'] ?? '') . ' ' . (string) ($a['address2'] ?? '')),
            'zip' => (string) ($a['postcode'] ?? ''),
            'city' => (string) ($a['city'] ?? ''),
            'country' => strtoupper((string) ($a['country_iso'] ?? '')),
        ];
        if ((string) ($a['state'] ?? '') !== '') {
            $billing['region'] = (string) $a['state'];
        }
        return [$buyer, $billing];
    }

    /**
     * Order lines for the provider from Cart::getProducts() rows (price_wt is PrestaShop's float:
     * converted once, exactly).
     * @param list<array<string, mixed>> $products
     * @return list<array{id: string, label: string, quantity: int, price: string}>
     */
    public static function items(array $products, string $iso): array
    {
        $out = [];
        foreach ($products as $p) {
            $out[] = [
                'id' => (string) ($p['id_product'] ?? '') . (empty($p['id_product_attribute']) ? '' : '-' . $p['id_product_attribute']),
                'label' => mb_substr((string) ($p['name'] ?? ''), 0, 100),
                'quantity' => max(1, (int) ($p['cart_quantity'] ?? $p['quantity'] ?? 1)),
                'price' => Money::fromPs($p['price_wt'] ?? 0, $iso),
            ];
        }
        return $out;
    }
}

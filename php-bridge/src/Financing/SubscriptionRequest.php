<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Builds the provider's InitiateCreditSubscriptionRequest from what every shop has (the buyer,
 * the billing and delivery addresses, the order lines), so both hosts send the same, valid
 * document. Money stays a decimal string (ScalexpertClient writes it as a JSON number).
 *
 * buyer:   firstName, lastName, email, phone, title? (MR|MRS, default MR)
 * address: street, zip, city, country (ISO 3166 alpha-2), region? (defaults to the city),
 *          streetComplement?
 * item:    id, label, quantity (int), price (decimal string, unit price incl. tax), brand?,
 *          model?, category?, description?
 */
final class SubscriptionRequest
{
    /**
     * @param array<string, mixed> $buyer
     * @param array<string, mixed> $billing
     * @param array<string, mixed>|null $delivery null: the billing address
     * @param list<array<string, mixed>> $items
     * @return array<string, mixed>
     * @throws \InvalidArgumentException a missing or malformed field, named
     */
    public static function build(
        string $solutionCode,
        string $orderRef,
        string $buyerId,
        string $financedAmount,
        string $currency,
        array $buyer,
        array $billing,
        ?array $delivery,
        array $items,
        string $confirmationUrl,
    ): array {
        if ($items === []) {
            throw new \InvalidArgumentException('items: at least one order line');
        }
        if (!\preg_match('#^https?://#', $confirmationUrl)) {
            throw new \InvalidArgumentException('confirmationUrl must be an http(s) URL');
        }
        $contact = [
            'firstName' => self::text($buyer, 'firstName', 350, 'buyer'),
            'lastName' => self::text($buyer, 'lastName', 350, 'buyer'),
            'commonTitle' => \in_array($buyer['title'] ?? 'MR', ['MR', 'MRS'], true) ? ($buyer['title'] ?? 'MR') : throw new \InvalidArgumentException('buyer.title must be MR or MRS'),
            'email' => self::text($buyer, 'email', 320, 'buyer'),
            'mobilePhoneNumber' => self::phone($buyer),
        ];
        $bill = self::address($billing, 'billing');
        $ship = $delivery === null ? $bill : self::address($delivery, 'delivery');
        $lines = [];
        foreach (\array_values($items) as $n => $item) {
            $quantity = $item['quantity'] ?? null;
            if (!\is_int($quantity) || $quantity < 1) {
                throw new \InvalidArgumentException("items[$n].quantity must be a positive integer");
            }
            $price = $item['price'] ?? null;
            if (!\is_string($price) || !\preg_match('/^\d{1,13}(\.\d{1,2})?$/', $price)) {
                throw new \InvalidArgumentException("items[$n].price must be a decimal string like 19.99");
            }
            $label = self::text($item, 'label', 200, "items[$n]");
            $lines[] = [
                'id' => self::text($item, 'id', 64, "items[$n]"), 'quantity' => $quantity,
                'model' => self::optional($item, 'model', $label), 'label' => $label, 'price' => $price,
                'currencyCode' => $currency, 'orderId' => $orderRef,
                'brandName' => self::optional($item, 'brand', '-'), 'description' => self::optional($item, 'description', $label),
                'specifications' => self::optional($item, 'specifications', '-'), 'category' => self::optional($item, 'category', '-'),
                'isFinanced' => true,
            ];
        }
        return [
            'solutionCode' => $solutionCode,
            'merchantBasketId' => $orderRef,
            'merchantGlobalOrderId' => $orderRef,
            'merchantBuyerId' => $buyerId,
            'financedAmount' => $financedAmount,
            'merchantUrls' => ['confirmation' => $confirmationUrl],
            'buyers' => [[
                'contact' => $contact, 'contactAddress' => ['locationType' => 'MAIN_ADDRESS'] + $bill,
                'billingContact' => $contact, 'billingAddress' => ['locationType' => 'BILLING_ADDRESS'] + $bill,
                'deliveryContact' => $contact, 'deliveryAddress' => ['locationType' => 'DELIVERY_ADDRESS'] + $ship,
            ]],
            'basketDetails' => ['basketItems' => $lines],
        ];
    }

    /** @param array<string, mixed> $a @return array<string, string> */
    private static function address(array $a, string $what): array
    {
        $country = (string) ($a['country'] ?? '');
        if (!\preg_match('/^[A-Z]{2}$/', $country)) {
            throw new \InvalidArgumentException("$what.country must be an ISO 3166 alpha-2 code like FR");
        }
        $out = [
            'streetName' => self::text($a, 'street', 140, $what),
            'zipCode' => self::text($a, 'zip', 16, $what),
            'cityName' => self::text($a, 'city', 140, $what),
            'regionName' => self::optional($a, 'region', (string) ($a['city'] ?? '')),
            'countryCode' => $country,
        ];
        if (isset($a['streetComplement']) && \trim((string) $a['streetComplement']) !== '') {
            $out['streetNameComplement'] = \mb_substr(\trim((string) $a['streetComplement']), 0, 140);
        }
        return $out;
    }

    /** Mobile number in international form (+33…), at most 16 characters. @param array<string, mixed> $buyer */
    private static function phone(array $buyer): string
    {
        $p = \preg_replace('/[\s.\-()]/', '', (string) ($buyer['phone'] ?? ''));
        if (!\preg_match('/^\+?\d{6,15}$/', (string) $p)) {
            throw new \InvalidArgumentException('buyer.phone must be a phone number like +33612345678');
        }
        return (string) $p;
    }

    /** @param array<string, mixed> $a */
    private static function text(array $a, string $key, int $max, string $what): string
    {
        $v = \trim((string) ($a[$key] ?? ''));
        if ($v === '') {
            throw new \InvalidArgumentException("$what.$key is required");
        }
        return \mb_substr($v, 0, $max);
    }

    /** @param array<string, mixed> $a */
    private static function optional(array $a, string $key, string $default): string
    {
        $v = \trim((string) ($a[$key] ?? ''));
        return \mb_substr($v === '' ? $default : $v, 0, 140);
    }
}

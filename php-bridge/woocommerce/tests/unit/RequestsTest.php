<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\Requests;

final class RequestsTest extends TestCase
{
    public function testCustomer(): void
    {
        self::assertSame(['customerId' => '42', 'groupIds' => ['customer', 'b2b'], 'loggedIn' => true], Requests::customer(42, ['customer', 'b2b']));
        self::assertSame(['customerId' => null, 'groupIds' => [], 'loggedIn' => false], Requests::customer(0, []));
    }

    public function testCartFromWooCommerceFloats(): void
    {
        self::assertSame(
            ['currency' => 'EUR', 'total' => '40.00', 'billingCountry' => 'FR', 'containsTopUp' => false],
            Requests::cart('eur', 39.996, 'fr', false),
        );
    }

    public function testOrderRefs(): void
    {
        self::assertSame('wc-123', Requests::orderRef(123));
        self::assertSame(123, Requests::orderIdFromRef('wc-123'));
        foreach (['wc-0', 'wc-12a', 'ps-12', 'wc-', 'wc-123 ', 'wc-99999999999999999999'] as $bad) {
            self::assertNull(Requests::orderIdFromRef($bad), $bad);
        }
    }

    public function testFinancingBuyerFromBillingFields(): void
    {
        [$buyer, $billing] = Requests::financingBuyer(['first_name' => 'Léa', 'last_name' => 'Martin', 'email' => 'lea@example.test', 'phone' => '0601020304',
            'address_1' => '1 rue de la Paix', 'address_2' => 'Bât. B', 'postcode' => '75002', 'city' => 'Paris', 'country' => 'fr', 'state' => '']);
        self::assertSame(['firstName' => 'Léa', 'lastName' => 'Martin', 'email' => 'lea@example.test', 'phone' => '0601020304'], $buyer);
        self::assertSame(['street' => '1 rue de la Paix Bât. B', 'zip' => '75002', 'city' => 'Paris', 'country' => 'FR'], $billing);
    }
}

<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\GatewayIds;
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
        self::assertSame(['currency' => 'EUR', 'total' => '40.00', 'containsTopUp' => true], Requests::reserveCart(Requests::cart('EUR', '40', 'FR', true)));
    }

    public function testOrderRefsAndKeys(): void
    {
        self::assertSame('wc-123', Requests::orderRef(123));
        self::assertSame(123, Requests::orderIdFromRef('wc-123'));
        foreach (['wc-0', 'wc-12a', 'ps-12', 'wc-', 'wc-123 ', 'wc-99999999999999999999'] as $bad) {
            self::assertNull(Requests::orderIdFromRef($bad), $bad);
        }
        self::assertSame('co-7', Requests::key('co', 7));
        self::assertSame('rf-7-31', Requests::key('rf', 7, '31'));
    }

    public function testRefundSourcesPerFunding(): void
    {
        self::assertSame([['source' => 'credit_line', 'paid' => '240.00']], Requests::refundSources(GatewayIds::CREDIT_LINE, '240.00', null));
        self::assertSame([['source' => 'wallet', 'paid' => '40.00']], Requests::refundSources(GatewayIds::WALLET, '40.00', null));
        self::assertSame(
            [['source' => 'wallet', 'paid' => '110.00'], ['source' => 'external', 'paid' => '130.00']],
            Requests::refundSources('cheque', '130.00', '110.00'),
        );
        self::assertSame([['source' => 'external', 'paid' => '99.00']], Requests::refundSources('bacs', '99.00', null));
    }

    public function testFinancingBuyerFromBillingFields(): void
    {
        [$buyer, $billing] = Requests::financingBuyer(['first_name' => 'Léa', 'last_name' => 'Martin', 'email' => 'lea@example.test', 'phone' => '0601020304',
            'address_1' => '1 rue de la Paix', 'address_2' => 'Bât. B', 'postcode' => '75002', 'city' => 'Paris', 'country' => 'fr', 'state' => '']);
        self::assertSame(['firstName' => 'Léa', 'lastName' => 'Martin', 'email' => 'lea@example.test', 'phone' => '0601020304'], $buyer);
        self::assertSame(['street' => '1 rue de la Paix Bât. B', 'zip' => '75002', 'city' => 'Paris', 'country' => 'FR'], $billing);
    }
}

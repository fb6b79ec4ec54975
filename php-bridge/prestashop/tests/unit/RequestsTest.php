<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditPs\Requests;

final class RequestsTest extends TestCase
{
    public function testCustomerShapes(): void
    {
        self::assertSame(['customerId' => '7', 'groupIds' => ['3', '4'], 'loggedIn' => true], Requests::customer(7, [3, '4'], false));
        self::assertSame(['customerId' => null, 'groupIds' => ['2'], 'loggedIn' => false], Requests::customer(7, [2], true), 'a guest is never a credit or balance holder');
        self::assertSame(['customerId' => null, 'groupIds' => [], 'loggedIn' => false], Requests::customer(0, []));
    }

    public function testCartFromAPrestaShopFloat(): void
    {
        self::assertSame(['currency' => 'EUR', 'total' => '47.04', 'billingCountry' => 'FR', 'containsTopUp' => false], Requests::cart('eur', 23.52 * 2, 'fr', false));
    }

    public function testOrderReferenceRoundTrip(): void
    {
        self::assertSame('ps-c42', Requests::orderRef(42));
        self::assertSame(42, Requests::cartIdFromRef('ps-c42'));
        self::assertNull(Requests::cartIdFromRef('wc-42'));
        self::assertNull(Requests::cartIdFromRef('ps-c0'));
        self::assertNull(Requests::cartIdFromRef('ps-c42 OR 1=1'));
    }

    public function testFinancingBuyerAndItems(): void
    {
        [$buyer, $billing] = Requests::financingBuyer(
            ['firstname' => 'Ann', 'lastname' => 'Lee', 'email' => 'ann@example.test'],
            ['address1' => '1 rue de la Paix', 'address2' => 'bât. B', 'postcode' => '75002', 'city' => 'Paris', 'country_iso' => 'fr', 'phone' => '0102', 'phone_mobile' => '0607'],
        );
        self::assertSame(['firstName' => 'Ann', 'lastName' => 'Lee', 'email' => 'ann@example.test', 'phone' => '0607'], $buyer);
        self::assertSame(['street' => '1 rue de la Paix bât. B', 'zip' => '75002', 'city' => 'Paris', 'country' => 'FR'], $billing);
        $items = Requests::items([['id_product' => 3, 'id_product_attribute' => 13, 'name' => 'Mug', 'cart_quantity' => 2, 'price_wt' => 11.9 * 1.0]], 'EUR');
        self::assertSame([['id' => '3-13', 'label' => 'Mug', 'quantity' => 2, 'price' => '11.90']], $items);
    }
}

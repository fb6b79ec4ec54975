<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\CheckoutService;
use ShopCreditWC\Availability;

final class AvailabilityTest extends TestCase
{
    /** The core's answer for a 120.00 cart (tests/vectors/eligibility.json, first case). */
    private const ANSWER = ['currency' => 'EUR', 'total' => '120.00', 'methods' => [
        ['available' => true, 'covers' => '120.00', 'display' => 'shown', 'method' => 'credit_line', 'reasons' => [], 'remaining' => '0.00', 'remainingCredit' => '1000.00'],
        ['available' => false, 'balance' => '50.00', 'covers' => '0.00', 'display' => 'disabled', 'method' => 'wallet_full', 'reasons' => ['wallet_insufficient_funds'], 'remaining' => '120.00'],
        ['available' => true, 'balance' => '50.00', 'covers' => '50.00', 'display' => 'shown', 'method' => 'wallet_partial', 'reasons' => [], 'remaining' => '70.00'],
        ['available' => true, 'covers' => '120.00', 'display' => 'shown', 'method' => 'financing', 'reasons' => [], 'solutionCode' => 'SCFRSP-3XTS', 'schedule' => ['40.00', '40.00', '40.00']],
        ['available' => false, 'covers' => '0.00', 'display' => 'hidden', 'method' => 'financing', 'reasons' => ['amount_below_minimum'], 'solutionCode' => 'SCFRLT-TXNO'],
    ]];

    public function testGatewaysFollowTheCoresAnswer(): void
    {
        $a = new Availability(self::ANSWER);
        self::assertTrue($a->isAvailable('credit_line'));
        self::assertFalse($a->isAvailable('wallet_full'));
        self::assertSame(['wallet_insufficient_funds'], $a->reasons('wallet_full'));
        self::assertTrue($a->isListed('wallet_full'), 'shown disabled with its reason');
        self::assertSame('1000.00', $a->figure('credit_line'));
        self::assertSame('50.00', $a->figure('wallet_full'));
        self::assertSame('50.00', $a->partialCovers());
    }

    public function testEachFinancingSolutionIsItsOwnGateway(): void
    {
        $a = new Availability(self::ANSWER);
        self::assertTrue($a->isAvailable('financing', 'SCFRSP-3XTS'));
        self::assertFalse($a->isAvailable('financing', 'SCFRLT-TXNO'));
        self::assertFalse($a->isListed('financing', 'SCFRLT-TXNO'), 'hidden');
        self::assertSame(['amount_below_minimum'], $a->reasons('financing', 'SCFRLT-TXNO'));
        self::assertFalse($a->isAvailable('financing', 'UNKNOWN'));
        self::assertCount(2, $a->financingSolutions());
    }

    public function testFailsClosed(): void
    {
        $down = new Availability(CheckoutService::unavailable('EUR', '120.00'));
        foreach (['credit_line', 'wallet_full', 'wallet_partial', 'financing'] as $m) {
            self::assertFalse($down->isAvailable($m), $m);
            self::assertFalse($down->isListed($m), $m);
        }
        self::assertTrue($down->runtimeUnavailable());
        self::assertNull($down->partialCovers());
        $empty = new Availability([]);
        self::assertFalse($empty->isAvailable('credit_line'));
        self::assertSame(['method_not_offered'], $empty->reasons('credit_line'));
        $malformed = new Availability(['methods' => [['method' => 'credit_line', 'available' => 'yes']]]);
        self::assertFalse($malformed->isAvailable('credit_line'), 'only a boolean true is available');
    }

    public function testMethodsShownDisabledAreListedWithTheirReasons(): void
    {
        $list = \ShopCreditWC\DisabledMethods::list(new Availability(self::ANSWER), ['credit_line' => 'Pay on account', 'wallet_full' => 'Store balance']);
        self::assertSame([['title' => 'Store balance', 'reasons' => ['wallet_insufficient_funds']]], $list);
        self::assertSame([], \ShopCreditWC\DisabledMethods::list(new Availability(CheckoutService::unavailable('EUR', '1.00')), ['credit_line' => 'x']), 'hidden methods are not listed');
    }
}

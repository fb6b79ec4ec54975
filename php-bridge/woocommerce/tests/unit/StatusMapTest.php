<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\StatusMap;

final class StatusMapTest extends TestCase
{
    public function testStatusSlugsFitWordPressColumns(): void
    {
        // wp_posts.post_status and wc_orders.status are VARCHAR(20), `wc-` included.
        foreach (StatusMap::CUSTOM as $slug) {
            self::assertLessThanOrEqual(20, strlen('wc-' . $slug), $slug);
            self::assertMatchesRegularExpression('/^[a-z0-9-]+$/', $slug);
        }
    }

    /** @dataProvider settlement */
    public function testSettlementOutcomeOfAStatusChange(string $to, ?string $expected): void
    {
        self::assertSame($expected, StatusMap::settlementOutcome($to));
    }

    public static function settlement(): array
    {
        return [
            ['processing', 'paid'], ['wc-completed', 'paid'], ['cancelled', 'cancelled'], ['failed', 'cancelled'],
            [StatusMap::FAILED_CREDIT_CHECK, 'cancelled'], ['on-hold', null], ['pending', null],
            [StatusMap::PENDING_CREDIT_CHECK, null], [StatusMap::AWAITING_FINANCING, null], ['refunded', null],
        ];
    }

    /** @dataProvider coreWords */
    public function testCoreStatusWordsToWooCommerce(string $core, string $natural, ?string $expected): void
    {
        self::assertSame($expected, StatusMap::toWc($core, $natural));
    }

    public static function coreWords(): array
    {
        return [
            ['pending_credit_check', 'processing', StatusMap::PENDING_CREDIT_CHECK],
            ['failed_credit_check', 'processing', StatusMap::FAILED_CREDIT_CHECK],
            ['awaiting_financing', 'processing', StatusMap::AWAITING_FINANCING],
            // a passed check answers the natural status the host gave it
            ['processing', 'processing', 'processing'],
            ['completed', 'completed', 'completed'],
            ['paid', 'wc-completed', 'completed'],
            ['cancelled', 'processing', 'cancelled'],
            ['payment_error', 'processing', 'failed'],
            ['something_new', 'processing', null],
        ];
    }

    public function testNaturalStatusInTheCoresWords(): void
    {
        self::assertSame('on_hold', StatusMap::naturalForCore('wc-on-hold'));
        self::assertSame('processing', StatusMap::naturalForCore('processing'));
    }
}

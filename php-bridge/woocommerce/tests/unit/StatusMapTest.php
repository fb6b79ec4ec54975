<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditWC\StatusMap;

/** WooCommerce statuses ↔ the order lifecycle's status classes, both ways. */
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

    /** @dataProvider wcToClass */
    public function testEveryWooCommerceStatusHasItsClass(string $wc, ?string $class): void
    {
        self::assertSame($class, StatusMap::toClass($wc));
        self::assertSame($class, StatusMap::toClass('wc-' . $wc), 'with the wc- prefix too');
    }

    public static function wcToClass(): array
    {
        return [
            ['pending', V::STATUS_PENDING_PAYMENT], ['on-hold', V::STATUS_PENDING_PAYMENT], ['processing', V::STATUS_PAID],
            ['completed', V::STATUS_FULFILLED], ['cancelled', V::STATUS_CANCELLED], ['refunded', V::STATUS_REFUNDED], ['failed', V::STATUS_FAILED],
            [StatusMap::PENDING_CREDIT_CHECK, V::STATUS_PENDING_CREDIT_CHECK], [StatusMap::FAILED_CREDIT_CHECK, V::STATUS_CREDIT_CHECK_FAILED],
            [StatusMap::AWAITING_FINANCING, V::STATUS_AWAITING_FINANCING],
            ['checkout-draft', null], ['some-other-plugin-status', null],
        ];
    }

    /** @dataProvider classToWc */
    public function testEveryClassHasAWooCommerceStatus(string $class, string $current, string $natural, string $expected): void
    {
        self::assertSame($expected, StatusMap::toWc($class, $current, $natural));
    }

    public static function classToWc(): array
    {
        return [
            'paid: the natural status' => [V::STATUS_PAID, 'pending', 'processing', 'processing'],
            'paid, nothing to ship' => [V::STATUS_PAID, 'pending', 'completed', 'completed'],
            'accepted on account' => [V::STATUS_ON_ACCOUNT, StatusMap::PENDING_CREDIT_CHECK, 'processing', 'processing'],
            'paid in full on account: a completed order stays completed' => [V::STATUS_PAID, 'completed', 'processing', 'completed'],
            'fulfilled' => [V::STATUS_FULFILLED, 'processing', 'processing', 'completed'],
            'pending payment keeps on-hold' => [V::STATUS_PENDING_PAYMENT, 'on-hold', 'processing', 'on-hold'],
            'pending payment' => [V::STATUS_PENDING_PAYMENT, 'cancelled', 'processing', 'pending'],
            'cancelled' => [V::STATUS_CANCELLED, 'processing', 'processing', 'cancelled'],
            'refunded' => [V::STATUS_REFUNDED, 'processing', 'processing', 'refunded'],
            'failed' => [V::STATUS_FAILED, StatusMap::AWAITING_FINANCING, 'processing', 'failed'],
            'pending credit check' => [V::STATUS_PENDING_CREDIT_CHECK, 'pending', 'processing', StatusMap::PENDING_CREDIT_CHECK],
            'credit check failed' => [V::STATUS_CREDIT_CHECK_FAILED, StatusMap::PENDING_CREDIT_CHECK, 'processing', StatusMap::FAILED_CREDIT_CHECK],
            'awaiting financing' => [V::STATUS_AWAITING_FINANCING, 'pending', 'processing', StatusMap::AWAITING_FINANCING],
        ];
    }

    public function testBothWaysAgree(): void
    {
        foreach (V::STATUSES as $class) {
            $wc = StatusMap::toWc($class, 'pending', 'processing');
            $back = StatusMap::toClass($wc);
            // Accepted on account is WooCommerce's paid status; everything else comes back as itself.
            self::assertSame($class === V::STATUS_ON_ACCOUNT ? V::STATUS_PAID : $class, $back, "$class → $wc");
        }
        self::assertSame('wc-completed', StatusMap::hostId('completed'));
        self::assertSame('wc-completed', StatusMap::hostId('wc-completed'));
    }
}

<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\ShopCredit;
use ShopCreditWC\Orders\Adoption;
use ShopCreditWC\Requests;

/**
 * Orders of the plugin's earlier versions (old `_shopcredit_funding` meta, booked by the old
 * code under its own keys): the adoption's fields from what WooCommerce knows, taken by the
 * real bridge (SQLite), and the next event then does the right thing to the books.
 */
final class AdoptionTest extends TestCase
{
    private static function old(array $o): array
    {
        return $o + ['funding' => 'partial', 'topUp' => false, 'topUpCredited' => false, 'currency' => 'EUR', 'total' => '100.00', 'balancePart' => '30.00',
            'paymentMethod' => 'cheque', 'status' => 'processing', 'paid' => true, 'customer' => Requests::customer(42, ['customer'])];
    }

    public function testWhatWooCommerceKnowsOfAnOldOrder(): void
    {
        self::assertSame(['goods', 'wallet_partial', 'paid', 'wc-processing', '30.00', true], (static fn (array $p): array => [$p['kind'], $p['method'], $p['class'], $p['hostStatus'], $p['walletPart'], $p['externalPaid']])(Adoption::params(self::old([]))));
        self::assertSame(['wallet_full', 'cancelled'], (static fn (array $p): array => [$p['method'], $p['class']])(Adoption::params(self::old(['funding' => 'wallet', 'status' => 'cancelled']))));
        self::assertArrayNotHasKey('walletPart', Adoption::params(self::old(['funding' => 'credit_line', 'status' => 'completed'])));
        self::assertSame(['financing', 'awaiting_financing'], (static fn (array $p): array => [$p['method'], $p['class']])(Adoption::params(self::old(['funding' => 'financing', 'status' => 'sc-awaiting-fin']))), 'a financed order follows its subscription as stored');
        self::assertNull(Adoption::params(self::old(['funding' => ''])), 'nothing of ours');
        self::assertSame(['top_up', 'external', true], (static fn (array $p): array => [$p['kind'], $p['method'], $p['externalPaid']])(Adoption::params(self::old(['funding' => '', 'topUp' => true, 'topUpCredited' => true, 'paid' => false]))));
    }

    public function testAnOldSplitOrderRefundedThenCancelledAfterTheUpgradeGivesBackOnlyWhatTheBalanceStillHeld(): void
    {
        $sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $sc->settings()->installDefaults('1', 'EUR', 'install');
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed', 'seed', '30.00');
        // The old code: balance 30.00 + cheque 70.00, paid, then 40.00 refunded (12.00 to the balance).
        $sc->checkout()->reserve('1', 'wc-co-7', 'wc-7', Requests::customer(42, ['customer']), ['currency' => 'EUR', 'total' => '100.00'], ['wallet' => '30.00']);
        $sc->checkout()->settle('wc-7', 'paid');
        $sc->wallet()->refund('1', '42', 'EUR', 'wc-rf-7-1', 'wc-7', '40.00', [['source' => 'wallet', 'paid' => '30.00'], ['source' => 'external', 'paid' => '70.00']]);

        $a = $sc->orders()->adopt('1', 'wc-7', Adoption::params(self::old([])));
        self::assertTrue($a['accepted'], (string) json_encode($a));
        $sc->orders()->statusChanged('1', 'wc-7', 'cancelled', 'wc-cancelled', 'status:cancelled:1');
        $w = $sc->books->ask('wallet.balance', ['wallet' => \ShopCredit\Storage\AccountRepository::toWire($sc->accounts->find('wallet:1:42:EUR'))]);
        self::assertSame('30.00', $w['available'], '12.00 refunded before + the 18.00 still held: the 30.00 paid from the balance, once');
    }
}

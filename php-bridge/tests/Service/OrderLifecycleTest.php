<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\ScriptedHost;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';
require_once __DIR__ . '/Support/ScriptedHost.php';

/**
 * The whole order lifecycle through a scripted host, for both hosts' status sets and both
 * databases: every host event becomes an Orders event, every host action Orders answers is
 * performed by the host (setting a status fires the host's hook again). After each story every
 * delivery is made again, in reverse order: the books, the statuses, the mails and the stock
 * do not move.
 */
final class OrderLifecycleTest extends ServiceTestCase
{
    /** @return array<string, array{string, string}> */
    public static function hosts(): array
    {
        $out = [];
        foreach (['sqlite', 'mysql'] as $d) {
            foreach ([ScriptedHost::WOOCOMMERCE, ScriptedHost::PRESTASHOP] as $h) {
                $out["$h on $d"] = [$d, $h];
            }
        }
        return $out;
    }

    private function shop(string $dialect, string $host, ?ShopCredit &$sc = null): ScriptedHost
    {
        $sc = $this->boot($dialect);
        $sc->settings->set('*', 'orders.top_up_methods', ['stripe', 'ps_checkout']);
        $sc->settings->set('*', 'orders.due_date_status', $host === ScriptedHost::WOOCOMMERCE ? 'wc-completed' : 'ps-shipped');
        return new ScriptedHost($sc->orders(), $host);
    }

    private static function placement(string $method, string $total, array $extra = []): array
    {
        return ['customer' => self::customer('42'), 'method' => $method, 'currency' => 'EUR', 'total' => $total] + $extra;
    }

    private static function topUp(ShopCredit $sc, string $amount): void
    {
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed-' . $amount, 'seed', $amount);
    }

    private function first(string $host, string $class): string
    {
        return ScriptedHost::SET[$host][$class];
    }

    /** Deliver everything again, out of order: nothing moves in the books or in the shop. */
    private function assertRedeliveryChangesNothing(ShopCredit $sc, ScriptedHost $shop): void
    {
        $books = $sc->connection->fetchAll('SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM {accounts} ORDER BY id');
        $transfers = (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}');
        [$performed, $status] = [$shop->performed, $shop->status];
        foreach ($shop->redeliverAll() as $a) {
            self::assertSame([], $a['actions'], \json_encode($a));
            self::assertSame(0, $a['written']);
            self::assertTrue($a['replay'] || !$a['accepted'] || $a['applied'] === false, \json_encode($a));
        }
        self::assertSame($books, $sc->connection->fetchAll('SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM {accounts} ORDER BY id'));
        self::assertSame($transfers, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}'));
        self::assertSame($performed, $shop->performed, 'no host action performed again');
        self::assertSame($status, $shop->status);
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
    }

    /** @dataProvider hosts */
    public function testPayOnAccountPassesInTheSameRequestWithTheUsualMails(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $this->creditLine($sc, '42', 100_000);
        $a = $shop->checkout('o-1', self::placement('credit_line', '300.00'), $this->first($host, 'pending_payment'));
        self::assertTrue($a['accepted'], \json_encode($a));
        self::assertSame(['note:credit_check_passed', 'status:on_account', 'email:new_order', 'email:order_processing'], $shop->log('o-1'));
        self::assertSame($this->first($host, 'on_account'), $shop->status['o-1']);
        self::assertSame('300.00', $sc->orders()->summary('1', 'o-1')['creditLine']['paid']);
        // the admin's due-date status starts the due date once; a payment typed in the host's screen
        $shop->setStatus('o-1', $this->first($host, 'fulfilled'));
        self::assertSame('2026-12-02', $sc->receivables->find('1', 'o-1')['due_date']);
        $shop->paymentTyped('o-1', 'p1', '100.00');
        $shop->paymentTyped('o-1', 'p2', '200.00', 'shopcredit');
        self::assertSame('paid', $sc->receivables->find('1', 'o-1')['state']);
        self::assertContains('payment:200.00', $shop->log('o-1'), 'a payment from our back office is recorded in the host');
        self::assertNotContains('payment:100.00', $shop->log('o-1'), 'a payment typed in the host is not recorded twice');
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testPayOnAccountFailsOrWaitsForReview(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $this->creditLine($sc, '42', 100_000);
        // above the limit: refused at checkout (the reservation re-checks it), nothing booked, nothing to do
        $refused = $shop->checkout('o-f', self::placement('credit_line', '3900.00'), $this->first($host, 'pending_payment'));
        self::assertSame([false, ['exceeds_credit_limit'], []], [$refused['accepted'], $refused['reasons'], $shop->log('o-f')]);
        self::assertSame(['dp' => '0.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '0.00'], self::balances($sc, 'credit:1:42:EUR'));
        self::assertNull($sc->orders()->summary('1', 'o-f'));
        // high risk: manual review, then declined by the admin (PrestaShop took the stock at checkout)
        $this->creditLine($sc, '44', 100_000);
        $sc->credit()->setProfile('1', '44', 'EUR', ['risk_level' => 'high'], 'admin:1');
        $shop->checkout('o-d', ['customer' => self::customer('44')] + self::placement('credit_line', '900.00', ['stockHeld' => $host === ScriptedHost::PRESTASHOP]), $this->first($host, 'pending_payment'));
        $sc->orders()->creditCheckDecided('1', 'o-d', 'decline', 'admin:1', $shop);
        $expected = ['note:credit_check_failed', 'status:credit_check_failed', 'email:credit_check_failed_customer', 'email:credit_check_failed_admin'];
        self::assertSame($host === ScriptedHost::PRESTASHOP ? [...$expected, 'stock:restore'] : $expected, \array_slice($shop->log('o-d'), 4));
        self::assertSame(['dp' => '0.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '0.00'], self::balances($sc, 'credit:1:44:EUR'), 'the reservation was released');
        // high risk: manual review, then approved by the admin
        $this->creditLine($sc, '43', 100_000);
        $sc->credit()->setProfile('1', '43', 'EUR', ['risk_level' => 'high'], 'admin:1');
        $shop->checkout('o-r', ['customer' => self::customer('43')] + self::placement('credit_line', '900.00'), $this->first($host, 'pending_payment'));
        self::assertSame(['note:credit_check_manual_review', 'status:pending_credit_check', 'email:credit_check_pending', 'email:credit_check_manual_review_admin'], $shop->log('o-r'));
        $sc->orders()->creditCheckDecided('1', 'o-r', 'approve', 'admin:1', $shop);
        self::assertSame('900.00', $sc->orders()->summary('1', 'o-r')['creditLine']['paid']);
        self::assertSame($this->first($host, 'on_account'), $shop->status['o-r']);
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testOnAccountCancelledAfterPaymentThenRefundedThenPaidAgain(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $this->creditLine($sc, '42', 100_000);
        $shop->checkout('o-2', self::placement('credit_line', '300.00'), $this->first($host, 'pending_payment'));
        $shop->paymentTyped('o-2', 'p1', '100.00');
        $shop->setStatus('o-2', $this->first($host, 'cancelled'));
        self::assertSame(['note:credit_restored', 'note:paid_to_return'], \array_slice($shop->log('o-2'), -2));
        $r = $shop->refundScreen('o-2', '50.00');
        self::assertSame(['refund_exceeds_paid'], $r['reasons'], 'the 100.00 paid is to be returned already: nothing more');
        $shop->setStatus('o-2', $this->first($host, 'paid'));
        self::assertSame($this->first($host, 'cancelled'), $shop->status['o-2'], 'a closed receivable is not reopened');
        // exposure: 300 booked, 100 paid, 200 restored → nothing owed
        self::assertSame(['dp' => '0.00', 'd' => '300.00', 'cp' => '0.00', 'c' => '300.00'], self::balances($sc, 'credit:1:42:EUR'));
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testBalanceOrderRefundThenCancelAndCancelThenPaidAgain(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        self::topUp($sc, '50.00');
        $shop->checkout('o-3', self::placement('wallet_full', '40.00'), $this->first($host, 'pending_payment'));
        self::assertSame(['note:paid_from_balance', 'status:paid', 'email:new_order', 'email:order_processing'], $shop->log('o-3'));
        $shop->refundScreen('o-3', '15.00');
        $shop->setStatus('o-3', $this->first($host, 'cancelled'));
        self::assertSame(['dp' => '0.00', 'd' => '40.00', 'cp' => '0.00', 'c' => '90.00'], self::balances($sc, 'wallet:1:42:EUR'), '50.00 back: 40.00 once');
        $r = $shop->refundScreen('o-3', '25.00');
        self::assertSame(['refund_exceeds_paid'], $r['reasons']);
        $shop->setStatus('o-3', $this->first($host, 'paid'));
        self::assertSame(['dp' => '0.00', 'd' => '65.00', 'cp' => '0.00', 'c' => '90.00'], self::balances($sc, 'wallet:1:42:EUR'), 'paid again: the 25.00 given back is taken again');
        self::assertSame('note:reopen_collected', \array_slice($shop->log('o-3'), -1)[0]);
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testPartialBalanceRefundsSplitBySourceThenCancel(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        self::topUp($sc, '30.00');
        $shop->checkout('o-4', self::placement('wallet_partial', '40.00', ['walletPart' => '30.00', 'paymentMethod' => 'bankwire']), $this->first($host, 'pending_payment'));
        self::assertSame(['dp' => '30.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '30.00'], self::balances($sc, 'wallet:1:42:EUR'));
        $shop->setStatus('o-4', $this->first($host, 'paid'));
        $shop->refundScreen('o-4', '15.00');
        self::assertSame(['refund_external:3.75', 'note:refund_booked'], \array_slice($shop->log('o-4'), -2), '11.25 to the balance, 3.75 to the wire');
        $shop->refundScreen('o-4', '4.00');
        $shop->setStatus('o-4', $this->first($host, 'cancelled'));
        $s = $sc->orders()->summary('1', 'o-4');
        self::assertSame(['30.00', '14.25', '15.75'], [$s['wallet']['paid'], $s['wallet']['refunded'], $s['wallet']['restored']]);
        self::assertSame(['dp' => '0.00', 'd' => '30.00', 'cp' => '0.00', 'c' => '60.00'], self::balances($sc, 'wallet:1:42:EUR'), 'the balance part back once: 30.00');
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testTopUpsCreditedOnCaptureOnlyNetOfVatAndCouponAndTakenBack(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $sc->settings->set('*', 'wallet', self::WALLET_SETTINGS + ['minTopUp' => '5.00', 'maxTopUp' => '500.00', 'topUpVat' => ['mode' => 'included', 'rate' => '20']]);
        // cash on delivery is not a method the merchant allows: refused before the customer pays
        $cod = $shop->checkout('t-0', self::placement('external', '20.00', ['kind' => 'top_up', 'paymentMethod' => 'cod']), $this->first($host, 'pending_payment'));
        self::assertSame(['top_up_method_not_allowed'], $cod['reasons']);
        // 150.00 top-up with a 30.00 coupon: 120.00 paid, VAT included → 100.00 credited
        $shop->checkout('t-1', self::placement('external', '120.00', ['kind' => 'top_up', 'paymentMethod' => 'stripe']), $this->first($host, 'pending_payment'));
        $shop->setStatus('t-1', $this->first($host, 'paid'));
        self::assertSame(['dp' => '0.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '0.00'], self::balances($sc, 'wallet:1:42:EUR'), 'a paid status before the money arrived credits nothing');
        $shop->gatewayCaptures('t-1');
        self::assertSame('100.00', $sc->orders()->summary('1', 't-1')['topUp']['credited']);
        self::assertContains('email:balance_credited', $shop->log('t-1'));
        // 60.00 spent, then the top-up is cancelled: 40.00 taken back, 60.00 flagged
        $sc->wallet()->pay('1', 'spend', 'o-spend', self::customer('42'), ['currency' => 'EUR', 'total' => '60.00'], 'full', '60.00');
        $shop->setStatus('t-1', $this->first($host, 'cancelled'));
        self::assertSame(['note:top_up_reversed', 'note:top_up_reversal_short', 'email:top_up_reversal_short_admin'], \array_slice($shop->log('t-1'), -3));
        self::assertSame('0.00', AccountBalance::available($sc, 'wallet:1:42:EUR'));
        // a second top-up refunded in half through the card gateway: half its credit leaves
        $shop->checkout('t-2', self::placement('external', '60.00', ['kind' => 'top_up', 'paymentMethod' => 'stripe']), $this->first($host, 'pending_payment'));
        $shop->gatewayCaptures('t-2');
        $shop->refundScreen('t-2', '30.00', true);
        self::assertSame(['25.00', '25.00'], [$sc->orders()->summary('1', 't-2')['topUp']['reversed'], AccountBalance::available($sc, 'wallet:1:42:EUR')]);
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testFinancingAcceptedOnceThenCancelledAndRefused(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $fin = $sc->financing();
        foreach (['o-fa', 'o-fr'] as $ref) {
            $shop->checkout($ref, self::placement('financing', '300.00'), $this->first($host, 'pending_payment'));
            $fin->register('1', "sub-$ref", $ref, 'SCFRSP-3XTS', '300.00', 'EUR');
        }
        self::assertSame(['status:awaiting_financing', 'note:financing_started'], $shop->log('o-fa'));
        $deliver = function (string $id, string $status, string $ref, string $ts) use ($fin, $sc, $shop): array {
            [$body, $headers] = $this->webhook($id, $status, $ref, $ts);
            $r = $fin->receiveWebhook('1', $body, $headers);
            $sc->orders()->perform($r['order']['actions'] ?? [], $shop);
            return $r;
        };
        $deliver('e1', 'INITIALIZED', 'o-fa', '2026-11-02T08:00:00.000Z');
        $deliver('e2', 'PRE_ACCEPTED', 'o-fa', '2026-11-02T08:01:00.000Z');
        $deliver('e3', 'ACCEPTED', 'o-fa', '2026-11-02T08:02:00.000Z');
        $dup = $deliver('e3', 'ACCEPTED', 'o-fa', '2026-11-02T08:02:00.000Z');
        self::assertFalse($dup['applied']);
        $stale = $deliver('e2b', 'PRE_ACCEPTED', 'o-fa', '2026-11-02T08:01:30.000Z');
        self::assertSame([false, 'stale_update'], [$stale['applied'], $stale['code']]);
        self::assertSame(['status:awaiting_financing', 'note:financing_started', 'payment:300.00', 'note:financing_accepted', 'status:paid', 'email:new_order', 'email:order_processing'], $shop->log('o-fa'));
        $deliver('e4', 'CANCELLED', 'o-fa', '2026-11-02T09:00:00.000Z');
        self::assertSame($this->first($host, 'cancelled'), $shop->status['o-fa']);
        $deliver('e5', 'REJECTED', 'o-fr', '2026-11-02T08:05:00.000Z');
        self::assertSame($this->first($host, 'failed'), $shop->status['o-fr']);
        $this->assertRedeliveryChangesNothing($sc, $shop);
    }
}

/** Test helper: an account's spendable balance as the core computes it. */
final class AccountBalance
{
    public static function available(ShopCredit $sc, string $id): string
    {
        $row = $sc->accounts->find($id);
        return (string) $sc->books->ask('wallet.balance', ['wallet' => \ShopCredit\Storage\AccountRepository::toWire($row)])['available'];
    }
}

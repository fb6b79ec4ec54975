<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/** Every money operation and every webhook delivered 10 times (webhooks also out of order) is applied once. */
final class ReplayTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testEveryMoneyOperationTenTimesIsAppliedOnce(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $w = $sc->wallet();
        $co = $sc->checkout();
        $this->creditLine($sc, '7', 100000);
        $lea = self::customer('42');
        $ops = [
            'topUp' => fn () => $w->topUp('1', '42', 'EUR', 'top-1', 'o-1', '200.00'),
            'pay' => fn () => $w->pay('1', 'pay-2', 'o-2', $lea, ['currency' => 'EUR', 'total' => '20.00'], 'full', '20.00'),
            'reserve' => fn () => $co->reserve('1', 'co-3', 'o-3', $lea, ['currency' => 'EUR', 'total' => '30.00'], ['wallet' => '30.00']),
            'settle' => fn () => $co->settle('o-3', 'paid'),
            'refund' => fn () => $w->refund('1', '42', 'EUR', 'rf-3', 'o-3', '10.00', [['source' => 'wallet', 'paid' => '30.00']]),
            'bonus' => fn () => $w->bonus('1', '42', 'EUR', 'b-1', 'bonus', '5.00', 'loyalty', 'employee:1'),
            'withdrawal' => fn () => $w->requestWithdrawal('1', '42', 'EUR', 'wd-1', '15.00'),
            'decision' => fn () => $w->decideWithdrawal('wd-1', 'approve', 'admin-1'),
            'mass' => fn () => $w->massAdjust('1', 'mass-1', 'credit', 'EUR', '1.00', 'gesture', ['42', '43', '44'], 'employee:1', 2),
            'reserveCredit' => fn () => $co->reserve('1', 'co-4', 'o-4', self::customer('7'), ['currency' => 'EUR', 'total' => '400.00'], ['creditLine' => '400.00']),
            'check' => fn () => $sc->credit()->checkRun('1', '7', 'chk-4', 'o-4', 'EUR', '400.00', 'processing', 'co-4:credit'),
            'payment' => fn () => $sc->credit()->recordPayment('1', 'o-4', 'p-4', '150.00'),
            'reserve5' => fn () => $co->reserve('1', 'co-5', 'o-5', $lea, ['currency' => 'EUR', 'total' => '10.00'], ['wallet' => '10.00']),
            'cancel' => fn () => $w->cancel('1', '42', 'EUR', 'cx-5', 'o-5', 'co-5:wallet'),
        ];
        foreach ($ops as $name => $op) {
            $written = [];
            for ($i = 0; $i < 10; $i++) {
                $r = $op();
                $written[] = $r['_written'] ?? $r['applied'] ?? null;
            }
            self::assertGreaterThan(0, $written[0], "$name applied the first time");
            self::assertSame(\array_fill(0, 9, 0), \array_slice($written, 1), "$name: replays write nothing");
        }
        // debits: 20 pay + 30 reserved then posted + 15 withdrawal (co-5 reserved then voided); credits: 200 top-up + 10 refund + 5 bonus + 1 mass
        self::assertSame(['dp' => '0.00', 'd' => '65.00', 'cp' => '0.00', 'c' => '216.00'], self::balances($sc, 'wallet:1:42:EUR'));
        self::assertSame(['dp' => '0.00', 'd' => '400.00', 'cp' => '0.00', 'c' => '150.00'], self::balances($sc, 'credit:1:7:EUR'));
        self::assertSame(15000, $sc->receivables->find('1', 'o-4')['paid']);
        self::assertCount(1, $sc->receivables->paymentsFor('1', 'o-4'));
        self::assertSame('approved', $sc->requests->find('withdrawal', 'wd-1')['state']);
        self::assertSame(16, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}')); // one per operation, 3 for the mass adjustment
        // Every account reconciles, the voided reservation's wallet and sales account included.
        $ids = \array_column($sc->connection->fetchAll('SELECT id FROM {accounts}'), 'id');
        $rec = $sc->reconciliation()->run($ids);
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        self::assertSame(\count($ids), $rec['accounts']);
    }

    /** @dataProvider dialects */
    public function testRefundsAreAnsweredOnReplayAndCountedForTheNextOne(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $w = $sc->wallet();
        $w->topUp('1', '42', 'EUR', 'top-1', 'o-1', '60.00');
        $w->pay('1', 'pay-6', 'o-6', self::customer('42'), ['currency' => 'EUR', 'total' => '100.00'], 'partial', '60.00');
        $sources = [['source' => 'wallet', 'paid' => '60.00'], ['source' => 'external', 'paid' => '40.00']];
        // All to the external method: no ledger leg, yet a replay must not ask the gateway twice.
        $first = $w->refund('1', '42', 'EUR', 'rf-6a', 'o-6', '40.00', [['source' => 'external', 'paid' => '40.00']]);
        self::assertTrue($first['accepted']);
        self::assertSame('40.00', $first['external']);
        for ($i = 0; $i < 9; $i++) {
            $again = $w->refund('1', '42', 'EUR', 'rf-6a', 'o-6', '40.00', [['source' => 'external', 'paid' => '40.00']]);
            self::assertTrue($again['replay']);
            self::assertSame('40.00', $again['external']);
        }
        // The caller does not say 40.00 went back already: the stored refunds do.
        $next = $w->refund('1', '42', 'EUR', 'rf-6b', 'o-6', '10.00', [['source' => 'external', 'paid' => '40.00']]);
        self::assertSame(['refund_exceeds_paid'], $next['reasons']);
        $rest = $w->refund('1', '42', 'EUR', 'rf-6c', 'o-6', '60.00', $sources);
        self::assertTrue($rest['accepted'], \json_encode($rest));
        self::assertSame('0.00', $rest['external'], 'the external part was already refunded in full');
        self::assertSame('120.00', self::balances($sc, 'wallet:1:42:EUR')['c'], '60.00 topped up + 60.00 refunded');
        self::assertSame(['rf-6a', 'rf-6c'], \array_column($sc->connection->fetchAll("SELECT id FROM {refunds} WHERE order_ref = 'o-6' ORDER BY id"), 'id'));
    }

    /** @dataProvider dialects */
    public function testWebhooksTenTimesOutOfOrderAreAppliedOnce(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $fin = $sc->financing();
        $fin->register('1', 'sub-9', 'o-9', 'SCFRSP-3XTS', '600.00', 'EUR');
        $deliveries = [];
        foreach ([['e-1', 'INITIALIZED', '2026-11-02T08:00:00.000Z'], ['e-2', 'PRE_ACCEPTED', '2026-11-02T08:05:00.000Z'], ['e-3', 'ACCEPTED', '2026-11-02T08:09:00.000Z']] as $e) {
            for ($i = 0; $i < 10; $i++) {
                $deliveries[] = $e;
            }
        }
        \mt_srand(7);
        \shuffle($deliveries);
        // the newest first: older events arriving later must not move the subscription back
        \array_unshift($deliveries, ['e-3', 'ACCEPTED', '2026-11-02T08:09:00.000Z']);
        $stored = 0;
        foreach ($deliveries as [$id, $status, $ts]) {
            [$body, $headers] = $this->webhook($id, $status, 'o-9', $ts);
            $r = $fin->receiveWebhook('1', $body, $headers);
            $stored += $r['stored'] ? 1 : 0;
        }
        self::assertSame(3, $stored);
        $sub = $fin->subscription('sub-9');
        self::assertSame('ACCEPTED', $sub['status']);
        self::assertCount(1, $sub['history'], 'only ACCEPTED was applied; the older ones were stale');
        $inbox = $sc->connection->fetchAll('SELECT event_id, applied_at, result_code FROM {financing_inbox} ORDER BY id');
        self::assertCount(3, $inbox);
        foreach ($inbox as $row) {
            self::assertNotNull($row['applied_at']);
        }
        self::assertSame(['ok', 'stale_update', 'stale_update'], \array_column($inbox, 'result_code'));
        self::assertSame(['applied' => 0, 'failed' => 0, 'waiting' => 0], $fin->applyPending('1'));
    }
}

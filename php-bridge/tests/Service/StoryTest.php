<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/** demo/walkthrough.mjs through the services, with real storage, balances checked at each step. */
final class StoryTest extends ServiceTestCase
{
    private const DAY = 86400;

    /** @dataProvider dialects */
    public function testB2bWalletAndFinancingStory(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $credit = $sc->credit();
        $checkout = $sc->checkout();

        // 1. B2B: an order on account, a due date, a partial payment
        $this->creditLine($sc, '7', 500000);
        $acme = self::customer('7', ['b2b']);
        $elig = $checkout->eligibility('1', $acme, ['currency' => 'EUR', 'total' => '1800.00', 'billingCountry' => 'FR']);
        $methods = \array_column($elig['methods'], null, 'method');
        self::assertTrue($methods['credit_line']['available']);
        self::assertSame('5000.00', $methods['credit_line']['remainingCredit']);

        $res = $checkout->reserve('1', 'co-1001', 'o-1001', $acme, ['currency' => 'EUR', 'total' => '1800.00'], ['creditLine' => '1800.00'], 3600);
        self::assertTrue($res['accepted']);
        self::assertSame(['dp' => '1800.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '0.00'], self::balances($sc, 'credit:1:7:EUR'));

        $placed = $credit->checkPlaced('chk-1001', 'o-1001', 'EUR', '1800.00', 'processing');
        self::assertSame('pending_credit_check', $placed['nextStatus']);
        $this->clock->advance(600);
        $run = $credit->checkRun('1', '7', 'chk-1001', 'o-1001', 'EUR', '1800.00', 'processing', 'co-1001:credit');
        self::assertSame('passed', $run['outcome']);
        self::assertSame(['dp' => '0.00', 'd' => '1800.00', 'cp' => '0.00', 'c' => '0.00'], self::balances($sc, 'credit:1:7:EUR'));
        $rcv = $sc->receivables->find('1', 'o-1001');
        self::assertSame([180000, 0, 'open'], [$rcv['amount'], $rcv['paid'], $rcv['state']]);
        // the same run again: exists, nothing new
        $again = $credit->checkRun('1', '7', 'chk-1001', 'o-1001', 'EUR', '1800.00', 'processing', 'co-1001:credit');
        self::assertSame(0, $again['_written']);
        self::assertSame('1800.00', self::balances($sc, 'credit:1:7:EUR')['d']);

        $this->clock->advance(2 * self::DAY);
        $due = $credit->dueDate('1', 'o-1001', '2026-11-04');
        self::assertSame('2026-12-04', $due['receivable']['dueDate']);
        self::assertSame('2026-12-04', $sc->receivables->find('1', 'o-1001')['due_date']);

        $this->clock->advance(10 * self::DAY);
        $pay = $credit->recordPayment('1', 'o-1001', 'pay-1001-1', '600.00', 'bank_transfer', 'VIR-88', 'employee:1');
        self::assertTrue($pay['accepted']);
        $replay = $credit->recordPayment('1', 'o-1001', 'pay-1001-1', '600.00', 'bank_transfer', 'VIR-88', 'employee:1');
        self::assertSame('exists', $replay['ledger']['results'][0]['result']);
        $rcv = $sc->receivables->find('1', 'o-1001');
        self::assertSame([60000, 'open'], [$rcv['paid'], $rcv['state']]);
        self::assertCount(1, $sc->receivables->paymentsFor('1', 'o-1001'));
        self::assertSame(['dp' => '0.00', 'd' => '1800.00', 'cp' => '0.00', 'c' => '600.00'], self::balances($sc, 'credit:1:7:EUR'));
        self::assertSame('600.00', self::balances($sc, 'shop:1:cash:EUR')['d']);

        $st = $credit->status('1', '7', 'EUR');
        self::assertSame(['5000.00', '1200.00', '3800.00', '2026-12-04'], [$st['limit'], $st['exposure'], $st['remainingCredit'], $st['nextDueDate']]);

        $over = $credit->checkRun('1', '7', 'chk-1002', 'o-1002', 'EUR', '3900.00', 'processing');
        self::assertSame('failed', $over['outcome']);
        self::assertSame(['exceeds_credit_limit'], $over['reasons']);
        self::assertNull($sc->receivables->find('1', 'o-1002'));

        $this->clock->advance(30 * self::DAY);
        $st = $credit->status('1', '7', 'EUR');
        self::assertSame(['order_overdue'], $st['blockingReasons']);
        $reminders = $sc->jobs()->reminders();
        self::assertCount(1, $reminders);
        self::assertSame('o-1001', $reminders[0]['orderRef']);
        self::assertSame([], $sc->jobs()->reminders(), 'a reminder is sent once');

        $paid = $credit->markPaid('1', 'o-1001', 'pay-1001-2');
        self::assertSame('1200.00', $paid['amount']);
        self::assertSame('paid', $sc->receivables->find('1', 'o-1001')['state']);

        // 2. Store balance: top-up, partial payment, refund split by source
        $lea = self::customer('42');
        $wallet = $sc->wallet();
        $top = $wallet->topUp('1', '42', 'EUR', 'top-2001', 'o-2001', '100.00');
        self::assertSame('100.00', $top['balance']);
        $elig = $checkout->eligibility('1', $lea, ['currency' => 'EUR', 'total' => '130.00', 'billingCountry' => 'FR']);
        $methods = \array_column($elig['methods'], null, 'method');
        self::assertFalse($methods['wallet_full']['available']);
        self::assertTrue($methods['wallet_partial']['available']);
        self::assertSame('100.00', $methods['wallet_partial']['covers']);
        $r2 = $checkout->reserve('1', 'co-2002', 'o-2002', $lea, ['currency' => 'EUR', 'total' => '130.00'], ['wallet' => '100.00'], 1800);
        self::assertTrue($r2['accepted']);
        self::assertSame('30.00', $r2['remainingToPay']);
        $this->clock->advance(300);
        $s2 = $checkout->settle('o-2002', 'paid');
        self::assertTrue($s2['settled']);
        self::assertSame(0, $checkout->settle('o-2002', 'paid')['_written'], 'settling twice moves nothing');
        $this->clock->advance(3 * self::DAY);
        $refund = $wallet->refund('1', '42', 'EUR', 'rf-2002-1', 'o-2002', '26.00', [['source' => 'wallet', 'paid' => '100.00'], ['source' => 'external', 'paid' => '30.00']]);
        self::assertTrue($refund['accepted']);
        self::assertSame(['wallet' => '20.00', 'external' => '6.00'], \array_column($refund['legs'], 'amount', 'source'));
        self::assertSame(['dp' => '0.00', 'd' => '100.00', 'cp' => '0.00', 'c' => '120.00'], self::balances($sc, 'wallet:1:42:EUR'));

        // 3. Financing: INITIALIZED → PRE_ACCEPTED → ACCEPTED with a duplicate webhook
        $fin = $sc->financing();
        $fin->register('1', '5f0c7a2e-sub', 'o-3001', 'SCFRSP-3XTS', '600.00', 'EUR');
        $this->clock->set(1_796_205_600); // 2026-12-02 10:00 UTC
        $f = $fin->applyProviderState(new \ShopCredit\Financing\Subscription('5f0c7a2e-sub', 'SCFRSP-3XTS', null, 'o-3001', null, '600.00', 'INITIALIZED', 'SUBSCRIPTION IN PROGRESS', null, null, null, null, null, '2026-12-02T10:00:00.000Z', []), 'return');
        self::assertSame('awaiting_financing', $f['orderStatus']);
        $this->clock->advance(600);
        $codes = [];
        foreach ([['evt-001', 'PRE_ACCEPTED', '2026-12-02T10:05:00.000Z'], ['evt-002', 'ACCEPTED', '2026-12-02T10:09:00.000Z'], ['evt-002', 'ACCEPTED', '2026-12-02T10:09:00.000Z']] as [$id, $status, $ts]) {
            [$body, $headers] = $this->webhook($id, $status, 'o-3001', $ts);
            $codes[] = $fin->receiveWebhook('1', $body, $headers);
        }
        self::assertSame([true, true, false], \array_column($codes, 'stored'));
        self::assertSame(['ok', 'ok', 'duplicate_event'], \array_column($codes, 'code'), 'the duplicate delivery says why it changed nothing');
        self::assertSame([true, true, false], \array_column($codes, 'applied'), 'only deliveries that moved the subscription say applied');
        $sub = $fin->subscription('5f0c7a2e-sub');
        self::assertSame('ACCEPTED', $sub['status']);
        self::assertCount(3, $sub['history']);

        // the books balance
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        self::assertSame(5, $rec['accounts']); // credit:1:7, sales, cash, wallet:1:42, topups
    }
}

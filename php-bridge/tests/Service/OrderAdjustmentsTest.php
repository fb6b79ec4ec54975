<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * After an order on account was placed: a refund to the credit line lowers what the order still
 * expects, a cancellation gives the unpaid rest back to the line, and a webhook tells the host
 * which order status to set.
 */
final class OrderAdjustmentsTest extends ServiceTestCase
{
    private function orderOnAccount(\ShopCredit\Service\ShopCredit $sc, string $orderRef, string $amount): void
    {
        $r = $sc->checkout()->reserve('1', "co-$orderRef", $orderRef, self::customer('7'), ['currency' => 'EUR', 'total' => $amount], ['creditLine' => $amount]);
        self::assertTrue($r['accepted'], \json_encode($r));
        self::assertSame('passed', $sc->credit()->checkRun('1', '7', "chk-$orderRef", $orderRef, 'EUR', $amount, 'processing', "co-$orderRef:credit")['outcome']);
    }

    /** @dataProvider dialects */
    public function testRefundToTheCreditLineLowersWhatTheOrderExpects(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $this->orderOnAccount($sc, 'o-1', '240.00');
        $sc->credit()->recordPayment('1', 'o-1', 'pay-1', '100.00');

        $refund = $sc->wallet()->refund('1', '7', 'EUR', 'rf-1', 'o-1', '40.00', [['source' => 'credit_line', 'paid' => '240.00']]);
        self::assertTrue($refund['accepted'], \json_encode($refund));
        $row = $sc->overview()->receivables('1')['rows'][0];
        self::assertSame(['200.00', '100.00', '100.00', 'open'], [$row['amount'], $row['paid'], $row['remaining'], $row['state']]);
        $status = $sc->credit()->status('1', '7', 'EUR');
        self::assertSame(['100.00', '100.00'], [$status['exposure'], $status['totalExpected']], 'exposure and what is expected agree');
        // The replay changes nothing twice.
        $sc->wallet()->refund('1', '7', 'EUR', 'rf-1', 'o-1', '40.00', [['source' => 'credit_line', 'paid' => '240.00']]);
        self::assertSame('200.00', $sc->overview()->receivables('1')['rows'][0]['amount']);

        // More than is still owed: the order is settled, the rest is a credit on the line.
        $sc->wallet()->refund('1', '7', 'EUR', 'rf-2', 'o-1', '150.00', [['source' => 'credit_line', 'paid' => '240.00']]);
        $row = $sc->overview()->receivables('1')['rows'][0];
        self::assertSame(['100.00', '100.00', '0.00', 'paid'], [$row['amount'], $row['paid'], $row['remaining'], $row['state']]);
        self::assertSame('-50.00', $sc->credit()->status('1', '7', 'EUR')['exposure']);
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    /** @dataProvider dialects */
    public function testCancellingAnOrderOnAccountGivesTheUnpaidRestBack(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $this->orderOnAccount($sc, 'o-2', '300.00');
        $sc->credit()->recordPayment('1', 'o-2', 'pay-2', '120.00');
        self::assertSame('820.00', $sc->credit()->status('1', '7', 'EUR')['remainingCredit']);

        $cx = $sc->credit()->cancelOrder('1', 'o-2', 'cx-2', 'admin:1');
        self::assertTrue($cx['accepted']);
        self::assertSame(['180.00', '120.00', 'cancelled'], [$cx['restored'], $cx['paidToReturn'], $cx['receivable']['state']]);
        $status = $sc->credit()->status('1', '7', 'EUR');
        self::assertSame(['0.00', '1000.00'], [$status['exposure'], $status['remainingCredit']], 'the whole limit is free again');
        self::assertSame(0, $sc->overview()->receivables('1', ['state' => 'open'])['total']);
        for ($i = 0; $i < 3; $i++) {
            $again = $sc->credit()->cancelOrder('1', 'o-2', 'cx-2', 'admin:1');
            self::assertTrue($again['replay']);
            self::assertSame(0, $again['_written']);
        }
        self::assertSame(1, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE code = 'cancellation_restore'"));
        self::assertSame(1, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {audit_log} WHERE action = 'order_on_account_cancelled'"));
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    /** @dataProvider dialects */
    public function testAnAppliedWebhookNamesTheOrderAndItsStatus(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->financing()->register('1', 'sub-1', 'o-9', 'SCFRSP-3XTS', '600.00', 'EUR');
        [$body, $headers] = $this->webhook('e-1', 'ACCEPTED', 'o-9', '2026-11-02T08:00:00.000Z');
        $r = $sc->financing()->receiveWebhook('1', $body, $headers);
        self::assertSame(['sub-1', 'o-9', 'ACCEPTED', 'paid', true], [$r['subscriptionId'], $r['orderRef'], $r['status'], $r['orderStatus'], $r['orderIsPaid']]);
        $dup = $sc->financing()->receiveWebhook('1', $body, $headers);
        self::assertFalse($dup['stored']);
        self::assertTrue($dup['duplicate']);
        self::assertFalse($r['duplicate']);
        self::assertArrayNotHasKey('orderStatus', $dup, 'a duplicate changes nothing for the host to do');
        $timeline = $sc->overview()->financingTimeline('1', 'o-9');
        self::assertSame(['o-9', 'SCFRSP-3XTS', 'Pay in 3x', '600.00', 'ACCEPTED', false, 'paid'], [
            $timeline[0]['orderRef'], $timeline[0]['solutionCode'], $timeline[0]['label'], $timeline[0]['amount'],
            $timeline[0]['status'], $timeline[0]['final'], $timeline[0]['orderStatus'],
        ]);
        self::assertSame(['ACCEPTED'], \array_column($timeline[0]['history'], 'status'));
        // Only what the storefront shows: no provider event ids, no inbox rows.
        self::assertSame([], \array_diff(\array_keys($timeline[0]['history'][0]), ['status', 'subStatus', 'atMs', 'source']));
        self::assertArrayNotHasKey('events', $timeline[0]);
        [$body, $headers] = $this->webhook('e-2', 'CANCELLED', 'o-9', '2026-11-02T09:00:00.000Z');
        $sc->financing()->receiveWebhook('1', $body, $headers);
        self::assertTrue($sc->overview()->financingTimeline('1', 'o-9')[0]['final'], 'CANCELLED is final');
        self::assertSame([], $sc->overview()->financingTimeline('1', 'o-other'));
    }

    /** @dataProvider dialects */
    public function testATopUpIsJudgedBeforeTheCustomerPays(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->settings->set('1', 'wallet', ['minTopUp' => '5.00', 'maxTopUp' => '500.00', 'allowTopUp' => true] + self::WALLET_SETTINGS);
        self::assertTrue($sc->wallet()->checkTopUp('1', 'EUR', '50.00')['accepted']);
        self::assertSame(['amount_above_maximum'], $sc->wallet()->checkTopUp('1', 'EUR', '500.01')['reasons']);
        self::assertSame(['amount_below_minimum'], $sc->wallet()->checkTopUp('1', 'EUR', '4.99')['reasons']);
        // The same rules when the paid order is credited.
        self::assertSame(['amount_above_maximum'], $sc->wallet()->topUp('1', '42', 'EUR', 'tu-big', 'o-big', '500.01')['reasons']);
        $sc->settings->set('1', 'wallet', ['maxTopUp' => '0.00'] + $sc->settings->get('1', 'wallet'));
        self::assertTrue($sc->wallet()->checkTopUp('1', 'EUR', '5000.00')['accepted'], 'a zero maximum means none');
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\InvalidRequest;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * Orders in flight at an upgrade: booked by the old code paths (checkout reserve/settle, the
 * credit check, wallet refund/cancel/topUp under the host's own keys), then adopted, their
 * later events do the right thing — never more given back than was paid, nothing twice.
 */
final class OrderAdoptionTest extends ServiceTestCase
{
    private function available(ShopCredit $sc, string $id): string
    {
        return (string) $sc->books->ask('wallet.balance', ['wallet' => \ShopCredit\Storage\AccountRepository::toWire($sc->accounts->find($id))])['available'];
    }

    /** @dataProvider dialects */
    public function testASplitOrderRefundedBeforeTheUpgradeIsCancelledAfterItWithoutCreditingTwice(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed', 'seed', '30.00');
        // Before the upgrade: balance 30.00 + cheque 70.00, paid, then 40.00 refunded (12.00 / 28.00).
        $sc->checkout()->reserve('1', 'wc-co-7', 'wc-7', self::customer('42'), ['currency' => 'EUR', 'total' => '100.00'], ['wallet' => '30.00']);
        $sc->checkout()->settle('wc-7', 'paid');
        $sc->wallet()->refund('1', '42', 'EUR', 'wc-rf-7-1', 'wc-7', '40.00', [['source' => 'wallet', 'paid' => '30.00'], ['source' => 'external', 'paid' => '70.00']]);
        self::assertSame('12.00', $this->available($sc, 'wallet:1:42:EUR'));

        $p = ['customer' => self::customer('42'), 'method' => 'wallet_partial', 'currency' => 'EUR', 'total' => '100.00', 'walletPart' => '30.00',
            'paymentMethod' => 'cheque', 'class' => 'paid', 'hostStatus' => 'wc-processing', 'externalPaid' => true];
        $a = $sc->orders()->adopt('1', 'wc-7', $p);
        self::assertSame([true, true, [], 0, []], [$a['accepted'], $a['applied'], $a['reasons'], $a['written'], $a['actions']], \json_encode($a));
        $o = $sc->orders()->summary('1', 'wc-7');
        self::assertSame(['paid', '30.00', '12.00', '18.00', '70.00', '28.00', '42.00'], [$o['phase'], $o['wallet']['paid'], $o['wallet']['refunded'], $o['wallet']['held'], $o['external']['paid'], $o['external']['refunded'], $o['external']['held']]);
        self::assertTrue($sc->orders()->adopt('1', 'wc-7', $p)['replay'], 'the same adoption again');
        self::assertSame(['order_already_placed'], $sc->orders()->adopt('1', 'wc-7', ['total' => '90.00'] + $p)['reasons']);

        // After the upgrade the merchant cancels: only the 18.00 still held goes back to the balance.
        $c = $sc->orders()->statusChanged('1', 'wc-7', 'cancelled', 'wc-cancelled', 'status:wc-cancelled:1');
        self::assertSame('30.00', $this->available($sc, 'wallet:1:42:EUR'), '12.00 + 18.00: the 30.00 paid from the balance, once');
        self::assertContains('external_to_return', \array_column($c['actions'], 'code'), 'the 42.00 the cheque still holds is named for the merchant');
        // A refund from the refund screen now can only come out of what the cheque still holds.
        $r = $sc->orders()->refunded('1', 'wc-7', '99', '10.00', false);
        self::assertSame([true, '38.00', '0.00'], [$r['accepted'], $r['order']['external']['refunded'], $r['order']['wallet']['held']]);
        self::assertSame('30.00', $this->available($sc, 'wallet:1:42:EUR'), 'nothing more to the balance');
        self::assertFalse($sc->orders()->refunded('1', 'wc-7', '100', '32.01', false)['accepted'], 'never more than the 100.00 paid');
    }

    /** @dataProvider dialects */
    public function testWhatTheOldPathsGaveBackBeyondThePaymentIsReportedAndNeverGivenAgain(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed', 'seed', '50.00');
        // The old PrestaShop sequence: 40.00 paid from the balance, 15.00 refunded to it, then the
        // cancellation gave the whole 40.00 back again (55.00 back for a 40.00 order).
        $sc->wallet()->pay('1', 'ps-pay-5', 'ps-5', self::customer('42'), ['currency' => 'EUR', 'total' => '40.00'], 'full', '40.00');
        $sc->wallet()->refund('1', '42', 'EUR', 'ps-rf-5', 'ps-5', '15.00', [['source' => 'wallet', 'paid' => '40.00']]);
        $sc->wallet()->cancel('1', '42', 'EUR', 'ps-cx-5', 'ps-5', 'ps-pay-5:wallet');
        self::assertSame('65.00', $this->available($sc, 'wallet:1:42:EUR'));

        $a = $sc->orders()->adopt('1', 'ps-5', ['customer' => self::customer('42'), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '40.00', 'class' => 'cancelled', 'hostStatus' => 'ps-6']);
        self::assertSame([true, ['wallet' => '15.00'], 'cancelled', '0.00'], [$a['accepted'], $a['givenBackBeyondPaid'], $a['order']['phase'], $a['order']['wallet']['held']]);
        self::assertSame(['wallet' => '15.00'], $sc->orders()->adopt('1', 'ps-5', ['customer' => self::customer('42'), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '40.00', 'class' => 'cancelled', 'hostStatus' => 'ps-6'])['givenBackBeyondPaid'], 'a replay says it again');
        self::assertFalse($sc->orders()->refunded('1', 'ps-5', 'slip-1', '10.00', false)['accepted'], 'nothing is given back again');
        $sc->orders()->statusChanged('1', 'ps-5', 'cancelled', 'ps-6', 'history:1');
        self::assertSame('65.00', $this->available($sc, 'wallet:1:42:EUR'));
    }

    /** @dataProvider dialects */
    public function testAnOrderOnAccountAdoptedTakesPaymentsAndItsDueDateAndIsCancelledOnce(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->settings->set('*', 'orders.due_date_status', 'wc-completed');
        $this->creditLine($sc, '42', 100_000);
        $sc->checkout()->reserve('1', 'wc-co-8', 'wc-8', self::customer('42'), ['currency' => 'EUR', 'total' => '50.00'], ['creditLine' => '50.00']);
        $sc->credit()->checkRun('1', '42', 'chk-8', 'wc-8', 'EUR', '50.00', 'processing', 'wc-co-8:credit');

        $a = $sc->orders()->adopt('1', 'wc-8', ['customer' => self::customer('42'), 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '50.00', 'class' => 'on_account', 'hostStatus' => 'wc-processing']);
        self::assertSame(['paid', 'passed', '50.00', '0.00'], [$a['order']['phase'], $a['order']['creditCheck'], $a['order']['creditLine']['paid'], $a['order']['creditLine']['reserved']]);
        self::assertSame([], $sc->orders()->statusChanged('1', 'wc-8', 'on_account', 'wc-processing', 'status:again')['actions'], 'its status seen again changes nothing');

        $d = $sc->orders()->statusChanged('1', 'wc-8', 'fulfilled', 'wc-completed', 'status:wc-completed:1');
        self::assertTrue($d['accepted']);
        self::assertSame('2026-12-02', $sc->receivables->find('1', 'wc-8')['due_date'], 'the admin\'s due-date status starts the 30 days');
        $sc->orders()->paymentRecorded('1', 'wc-8', 'p-1', '20.00', 'cheque', 'C-1', 'host');
        self::assertSame(2000, $sc->receivables->find('1', 'wc-8')['paid']);

        $c = $sc->orders()->statusChanged('1', 'wc-8', 'cancelled', 'wc-cancelled', 'status:wc-cancelled:1');
        self::assertSame(['credit_restored', 'paid_to_return'], \array_values(\array_intersect(['credit_restored', 'paid_to_return'], \array_column($c['actions'], 'code'))));
        self::assertSame('cancelled', $sc->receivables->find('1', 'wc-8')['state']);
        $again = $sc->orders()->statusChanged('1', 'wc-8', 'cancelled', 'wc-cancelled', 'status:wc-cancelled:2');
        self::assertSame([0, []], [$again['written'], $again['actions']], 'cancelled once');
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    /** @dataProvider dialects */
    public function testOrdersStillWaitingAtTheUpgradeAreSettledByTheirNextEvent(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed', 'seed', '30.00');
        $this->creditLine($sc, '42', 100_000);
        $sc->credit()->setProfile('1', '42', 'EUR', ['risk_level' => 'high'], 'admin:1');
        // A balance part reserved while the bank wire was awaited; an order on account waiting for review.
        $sc->checkout()->reserve('1', 'wc-co-11', 'wc-11', self::customer('42'), ['currency' => 'EUR', 'total' => '80.00'], ['wallet' => '30.00']);
        $sc->checkout()->reserve('1', 'wc-co-12', 'wc-12', self::customer('42'), ['currency' => 'EUR', 'total' => '60.00'], ['creditLine' => '60.00']);
        $review = $sc->credit()->checkRun('1', '42', 'chk-12', 'wc-12', 'EUR', '60.00', 'processing', 'wc-co-12:credit');
        self::assertSame('manual_review', $review['outcome'] ?? null, \json_encode($review));

        $wire = $sc->orders()->adopt('1', 'wc-11', ['customer' => self::customer('42'), 'method' => 'wallet_partial', 'currency' => 'EUR', 'total' => '80.00', 'walletPart' => '30.00', 'paymentMethod' => 'bacs', 'class' => 'pending_payment', 'hostStatus' => 'wc-on-hold']);
        self::assertSame(['awaiting_payment', '30.00', '0.00'], [$wire['order']['phase'], $wire['order']['wallet']['reserved'], $wire['order']['wallet']['paid']]);
        $paid = $sc->orders()->statusChanged('1', 'wc-11', 'paid', 'wc-processing', 'status:wc-processing:1');
        self::assertSame(['paid', '30.00', '0.00', '50.00'], [$paid['order']['phase'], $paid['order']['wallet']['paid'], $paid['order']['wallet']['reserved'], $paid['order']['external']['paid']], 'the old reservation is posted, once');
        self::assertSame('0.00', $this->available($sc, 'wallet:1:42:EUR'));

        $held = $sc->orders()->adopt('1', 'wc-12', ['customer' => self::customer('42'), 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '60.00', 'class' => 'pending_credit_check', 'hostStatus' => 'wc-sc-credit-check']);
        self::assertSame(['pending_check', 'manual_review', '60.00'], [$held['order']['phase'], $held['order']['creditCheck'], $held['order']['creditLine']['reserved']]);
        $approved = $sc->orders()->creditCheckDecided('1', 'wc-12', 'approve', 'admin:1');
        self::assertSame(['paid', 'passed', '60.00'], [$approved['order']['phase'], $approved['order']['creditCheck'], $approved['order']['creditLine']['paid']], \json_encode($approved['reasons']));
        self::assertSame('open', $sc->receivables->find('1', 'wc-12')['state']);
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    /** @dataProvider dialects */
    public function testAFinancedOrderAwaitingTheLenderAtTheUpgradeFollowsItsNextWebhook(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $fin = $sc->financing();
        $deliver = function (string $id, string $status, string $ref, string $ts) use ($fin): array {
            [$body, $headers] = $this->webhook($id, $status, $ref, $ts);
            return $fin->receiveWebhook('1', $body, $headers);
        };
        foreach (['wc-20', 'wc-21'] as $ref) {
            $fin->register('1', "sub-$ref", $ref, 'SCFRSP-3XTS', '300.00', 'EUR');
            self::assertNull($deliver("$ref-e1", 'INITIALIZED', $ref, '2026-11-02T08:00:00.000Z')['order'], 'before the upgrade: no order in Orders');
        }
        $deliver('wc-21-e2', 'ACCEPTED', 'wc-21', '2026-11-02T08:01:00.000Z');
        $p = static fn (string $class): array => ['customer' => self::customer('42'), 'method' => 'financing', 'currency' => 'EUR', 'total' => '300.00', 'class' => $class];

        $waiting = $sc->orders()->adopt('1', 'wc-20', $p('awaiting_financing'));
        self::assertSame(['awaiting_payment', 'awaiting', '300.00', '0.00'], [$waiting['order']['phase'], $waiting['order']['financing'], $waiting['order']['external']['planned'], $waiting['order']['external']['paid']]);
        $accepted = $deliver('wc-20-e2', 'ACCEPTED', 'wc-20', '2026-11-02T08:02:00.000Z');
        $types = \array_column($accepted['order']['actions'], 'type');
        self::assertSame(['record_payment', 'note', 'set_status'], \array_slice($types, 0, 3), \json_encode($accepted['order']['actions']));
        self::assertContains('order_processing', \array_column($accepted['order']['actions'], 'template'), 'the usual mail, once the lender accepted');
        self::assertSame(['paid', '300.00'], [$sc->orders()->summary('1', 'wc-20')['phase'], $sc->orders()->summary('1', 'wc-20')['external']['paid']]);

        $done = $sc->orders()->adopt('1', 'wc-21', $p('paid'));
        self::assertSame(['paid', 'accepted', '300.00'], [$done['order']['phase'], $done['order']['financing'], $done['order']['external']['held']]);
        $again = $deliver('wc-21-e3', 'ACCEPTED', 'wc-21', '2026-11-02T08:03:00.000Z');
        self::assertSame([], $again['order']['actions'] ?? [], 'accepted before the upgrade: nothing again');
        self::assertSame(['order_unknown'], $sc->orders()->adopt('1', 'wc-22', $p('awaiting_financing'))['reasons'], 'no subscription: not ours');
    }

    /** @dataProvider dialects */
    public function testAPaidTopUpAdoptedIsTakenBackWhenCancelledAndAnOrderTheBooksDoNotKnowIsRefused(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'wc-tu-9', 'wc-9', '25.00');
        $p = ['customer' => self::customer('42'), 'kind' => 'top_up', 'method' => 'external', 'paymentMethod' => 'stripe', 'currency' => 'EUR', 'total' => '25.00', 'class' => 'paid', 'hostStatus' => 'wc-processing'];
        $a = $sc->orders()->adopt('1', 'wc-9', $p);
        self::assertSame(['25.00', '25.00', '0.00', 'paid'], [$a['order']['topUp']['credited'], $a['order']['topUp']['credit'], $a['order']['topUp']['vat'], $a['order']['phase']]);
        $c = $sc->orders()->statusChanged('1', 'wc-9', 'cancelled', 'wc-cancelled', 'status:wc-cancelled:1');
        self::assertSame('25.00', $c['order']['topUp']['reversed']);
        self::assertSame('0.00', $this->available($sc, 'wallet:1:42:EUR'), 'the credit of a cancelled top-up is taken back');

        $unknown = $sc->orders()->adopt('1', 'wc-404', ['customer' => self::customer('42'), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '10.00', 'class' => 'paid']);
        self::assertSame([false, ['order_unknown']], [$unknown['accepted'], $unknown['reasons']]);
        self::assertNull($sc->orders()->summary('1', 'wc-404'), 'nothing kept');
        $this->expectException(InvalidRequest::class);
        $sc->orders()->adopt('1', 'wc-10', ['customer' => self::customer('42'), 'method' => 'external', 'currency' => 'EUR', 'total' => '10.00', 'class' => 'paid']);
    }
}

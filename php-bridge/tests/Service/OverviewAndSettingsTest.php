<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Core;
use ShopCredit\Runtime\CoreRuntime;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/** The read side pages use (Overview) and settings validated by the core (SettingsService). */
final class OverviewAndSettingsTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testCustomerSummaryShowsWhatTheCheckoutDecides(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $customer = self::customer('7', ['b2b']);
        $r = $sc->checkout()->reserve('1', 'co-1', 'o-1', $customer, ['currency' => 'EUR', 'total' => '300.00'], ['creditLine' => '300.00']);
        self::assertTrue($r['accepted']);
        $sc->credit()->checkRun('1', '7', 'chk-1', 'o-1', 'EUR', '300.00', 'processing', 'co-1:credit');
        $sc->credit()->recordPayment('1', 'o-1', 'pay-1', '100.00');
        $sc->wallet()->topUp('1', '7', 'EUR', 'tu-1', 'o-t1', '50.00');

        $summary = $sc->overview()->customer('1', '7', 'EUR');
        self::assertTrue($summary['available']);
        self::assertSame(['1000.00', '200.00', '800.00'], [$summary['credit']['limit'], $summary['credit']['exposure'], $summary['credit']['remaining']]);
        self::assertSame(['available' => '50.00', 'balance' => '50.00', 'currency' => 'EUR', 'incoming' => '0.00', 'reserved' => '0.00'], $summary['wallet']);
        self::assertCount(1, $summary['receivables']);
        self::assertSame(['o-1', '300.00', '100.00', '200.00', 'open'], [
            $summary['receivables'][0]['orderRef'], $summary['receivables'][0]['amount'], $summary['receivables'][0]['paid'],
            $summary['receivables'][0]['remaining'], $summary['receivables'][0]['state'],
        ]);
        // The facts the widget previews with are exactly what the server decides on.
        $facts = $sc->checkout()->facts('1', $customer, 'EUR');
        self::assertSame(
            $sc->checkout()->eligibility('1', $customer, ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR']),
            Core::call('eligibility.evaluate', $facts + ['cart' => ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR']], $this->clock->now()),
        );
        // The widget's remaining credit is the checkout's: the gate offers exactly that much.
        $elig = $sc->checkout()->eligibility('1', $customer, ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR']);
        $credit = \array_column($elig['methods'], null, 'method')['credit_line'];
        self::assertSame($summary['credit']['remaining'], $credit['remainingCredit']);

        // Another customer: an empty balance, no credit line.
        $other = $sc->overview()->customer('1', '8', 'EUR');
        self::assertNull($other['credit']);
        self::assertSame('0.00', $other['wallet']['available']);
        self::assertSame([], $other['receivables']);
    }

    /** @dataProvider dialects */
    public function testCustomerSummaryFailsClosedWhenTheCoreCannotRun(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        Core::useRuntime(new class () implements CoreRuntime {
            public function call(string $requestJson): string
            {
                throw new RuntimeUnavailable('test: no runtime');
            }

            public function name(): string
            {
                return 'broken';
            }
        });
        try {
            $s = $sc->overview()->customer('1', '7', 'EUR');
        } finally {
            Core::useRuntime(null);
        }
        self::assertFalse($s['available']);
        self::assertSame('runtime_unavailable', $s['reason']);
        self::assertNull($s['credit']);
        self::assertNull($s['wallet']);
    }

    /** @dataProvider dialects */
    public function testAccountsSortAndFilterOnOverdueRiskAndStatusInSql(string $dialect): void
    {
        $sc = $this->boot($dialect);
        foreach (['7', '8', '9', '10'] as $customer) {
            $this->creditLine($sc, $customer, 100000);
        }
        $sc->credit()->setProfile('1', '7', 'EUR', ['risk_level' => 'low'], 'admin:1');
        $sc->credit()->setProfile('1', '8', 'EUR', ['risk_level' => 'high'], 'admin:1');
        $sc->credit()->setProfile('1', '9', 'EUR', ['risk_level' => 'medium', 'on_hold' => true], 'admin:1');
        foreach (['o-7a', 'o-7b', 'o-10'] as $order) {
            $customer = $order === 'o-10' ? '10' : '7';
            $sc->checkout()->reserve('1', 'co-' . $order, $order, self::customer($customer, ['b2b']), ['currency' => 'EUR', 'total' => '100.00'], ['creditLine' => '100.00']);
            $sc->credit()->checkRun('1', $customer, 'chk-' . $order, $order, 'EUR', '100.00', 'processing', 'co-' . $order . ':credit');
        }
        $sc->credit()->dueDate('1', 'o-7a', '2026-09-01'); // due 30 days later: before today (2026-11-02)
        $sc->credit()->dueDate('1', 'o-7b', '2026-09-15');
        $ids = fn (string $sort, string $dir, array $f = []): array => \array_column($sc->overview()->accounts('1', $f, 50, 0, $sort, $dir)['rows'], 'customerId');

        self::assertSame(['7', '8', '9', '10'], $ids('overdue', 'desc'), '7 has two overdue orders; 10 is not shipped yet (not overdue); ties by customer number');
        self::assertSame(2, \count($sc->overview()->accounts('1', ['customer_ids' => ['7']])['rows'][0]['overdue']), 'the sort counts what the core calls overdue');
        self::assertSame(['8', '9', '7', '10'], $ids('risk', 'desc'), 'high, medium, then low (7 and 10, by customer number, not as text)');
        self::assertSame(['9', '7', '8', '10'], $ids('status', 'desc'), 'on hold, with overdue orders, in good standing');
        self::assertSame(['7'], $ids('customer', 'asc', ['overdue' => true]));
        self::assertSame(['8', '9', '10'], $ids('customer', 'asc', ['overdue' => false]), 'customer 8 before 10');
        self::assertSame(['10', '9', '8'], $ids('customer', 'desc', ['overdue' => false]));
        self::assertSame(['8'], $ids('customer', 'asc', ['risk_level' => 'high']));
        self::assertSame(1, $sc->overview()->accounts('1', ['overdue' => true])['totals']['EUR']['count'], 'totals of the filtered set');
        self::assertSame(['8'], $ids('overdue', 'asc', ['customer_ids' => ['8'], 'overdue' => false]), 'filters and sorts bind their parameters in order');
    }

    /** @dataProvider dialects */
    public function testReceivablesArePagedSortedAndFilteredOnTheServer(string $dialect): void
    {
        $sc = $this->boot($dialect);
        foreach (['7' => '300.00', '8' => '120.00', '9' => '450.00'] as $customer => $total) {
            $customer = (string) $customer;
            $this->creditLine($sc, $customer, 100000);
            $order = 'o-' . $customer;
            $sc->checkout()->reserve('1', 'co-' . $customer, $order, self::customer($customer, ['b2b']), ['currency' => 'EUR', 'total' => $total], ['creditLine' => $total]);
            $sc->credit()->checkRun('1', $customer, 'chk-' . $customer, $order, 'EUR', $total, 'processing', 'co-' . $customer . ':credit');
        }
        $sc->credit()->dueDate('1', 'o-8', '2026-11-20');
        $sc->credit()->dueDate('1', 'o-9', '2026-11-02');
        $page = fn (int $offset, string $sort, string $dir, array $f = []): array => $sc->overview()->receivables('1', $f, 2, $offset, $sort, $dir);
        $refs = static fn (array $p): array => \array_column($p['rows'], 'orderRef');

        self::assertSame(['o-9', 'o-8'], $refs($page(0, 'due', 'asc')), 'earliest due first');
        self::assertSame(['o-7'], $refs($page(2, 'due', 'asc')), 'the undated one last, on the second page');
        self::assertSame(3, $page(2, 'due', 'asc')['total']);
        self::assertSame(['o-8', 'o-9'], $refs($page(0, 'due', 'desc')), 'latest due first');
        self::assertSame(['o-7'], $refs($page(2, 'due', 'desc')), 'undated last either way');
        self::assertSame(['o-9', 'o-7', 'o-8'], \array_merge($refs($page(0, 'remaining', 'desc')), $refs($page(2, 'remaining', 'desc'))), 'every receivable once across the pages');
        self::assertSame(['o-8', 'o-7'], $refs($page(0, 'amount', 'asc')));
        self::assertSame(['o-7', 'o-9'], $refs($page(0, 'customer', 'asc', ['customer_ids' => ['9', '7']])));
        self::assertSame(0, $page(0, 'due', 'asc', ['customer_ids' => []])['total'], 'a search that found nobody');
        self::assertSame(0, $page(0, 'due', 'asc', ['currency' => 'USD'])['total']);
        self::assertSame(3, $page(0, 'due', 'asc', ['currency' => 'EUR', 'state' => 'open'])['total']);
        $this->expectException(\ShopCredit\Service\InvalidRequest::class);
        $page(0, 'amount; DROP TABLE x', 'asc');
    }

    /** @dataProvider dialects */
    public function testAdminListsAndStatistics(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $this->creditLine($sc, '8', 50000);
        $sc->credit()->setProfile('1', '8', 'EUR', ['on_hold' => true, 'company_name' => 'Bolt_&_Nut %'], 'admin:1');
        $sc->checkout()->reserve('1', 'co-1', 'o-1', self::customer('7', ['b2b']), ['currency' => 'EUR', 'total' => '300.00'], ['creditLine' => '300.00']);
        $sc->credit()->checkRun('1', '7', 'chk-1', 'o-1', 'EUR', '300.00', 'processing', 'co-1:credit');
        $sc->credit()->dueDate('1', 'o-1', '2026-11-02');
        $sc->wallet()->topUp('1', '7', 'EUR', 'tu-1', 'o-t1', '50.00');
        $sc->wallet()->topUp('1', '9', 'EUR', 'tu-2', 'o-t2', '20.00');

        $all = $sc->overview()->accounts('1');
        self::assertSame(2, $all['total']);
        self::assertSame(['7', '8'], \array_column($all['rows'], 'customerId'));
        self::assertSame(['1000.00', '300.00', '700.00', '0.00', '300.00'], [
            $all['rows'][0]['authorized'], $all['rows'][0]['exposure'], $all['rows'][0]['remaining'],
            $all['rows'][0]['totalPaid'], $all['rows'][0]['totalExpected'],
        ]);
        self::assertTrue($all['rows'][1]['onHold']);
        self::assertContains('account_on_hold', $all['rows'][1]['blockingReasons']);
        // Search is literal: LIKE wildcards in the text match themselves only.
        self::assertSame(['8'], \array_column($sc->overview()->accounts('1', ['search' => 'Bolt_&_Nut %'])['rows'], 'customerId'));
        self::assertSame([], $sc->overview()->accounts('1', ['search' => 'Bolt%Nut'])['rows']);
        self::assertSame(['8'], \array_column($sc->overview()->accounts('1', ['on_hold' => true])['rows'], 'customerId'));
        $wallets = $sc->overview()->accounts('1', ['kind' => 'wallet']);
        self::assertSame(['50.00', '20.00'], \array_column($wallets['rows'], 'available'));

        $rcv = $sc->overview()->receivables('1', ['state' => 'open']);
        self::assertSame(1, $rcv['total']);
        self::assertSame('2026-12-02', $rcv['rows'][0]['dueDate']);
        self::assertSame(0, $sc->overview()->receivables('1', ['overdue_on' => '2026-12-02'])['total']);
        self::assertSame(1, $sc->overview()->receivables('1', ['overdue_on' => '2026-12-03'])['total']);
        // One currency at a time (the hosts' currency filter); never another currency's rows.
        self::assertSame([1, 0], [$sc->overview()->receivables('1', ['currency' => 'EUR'])['total'], $sc->overview()->receivables('1', ['currency' => 'JPY'])['total']]);
        $sc->credit()->requestIncrease('1', '7', 'EUR', 'ci-1', '1500.00', 'more');
        self::assertSame([1, 0], [$sc->overview()->requestPage('credit_increase', '1', ['currency' => 'EUR'])['total'], \count($sc->overview()->requestPage('credit_increase', '1', ['currency' => 'JPY'])['rows'])]);
        foreach ([fn () => $sc->overview()->receivables('1', ['currency' => 'eur']), fn () => $sc->overview()->requestPage('withdrawal', '1', ['currency' => 'XXX'])] as $bad) {
            try {
                $bad();
                self::fail('an unknown currency is refused');
            } catch (InvalidRequest $e) {
                self::assertSame('unknown_currency', $e->errorCode);
            }
        }

        $moves = $sc->overview()->movements('wallet:1:7:EUR');
        self::assertSame([['50.00', 'credit']], \array_map(static fn (array $t): array => [$t['amount'], $t['direction']], $moves['items']));

        $stats = $sc->overview()->statistics('1', 'EUR', self::NOW - 86400, self::NOW + 86400, '2026-12-03');
        self::assertSame(['count' => 2, 'authorized' => '1500.00', 'exposure' => '300.00', 'onHold' => 1], $stats['creditLines']);
        self::assertSame(['open' => 1, 'due' => '300.00', 'overdueCount' => 1, 'overdue' => '300.00'], $stats['receivables']);
        self::assertSame(2, $stats['wallets']['count']);
        self::assertSame(2, $stats['wallets']['movements']['overall']['count']);
        self::assertSame('70.00', $stats['wallets']['movements']['overall']['credits']);
        self::assertNull($stats['wallets']['nextCursor']);
    }

    /** @dataProvider dialects */
    public function testSettingsAreCheckedByTheCoreBeforeTheyAreStored(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $settings = $sc->settings();
        $written = $settings->installDefaults('2', 'EUR', 'install');
        self::assertContains('wallet', $written);
        self::assertContains('financing.mapping', $written);
        self::assertSame('10.00', $settings->get('2', 'wallet')['minWithdrawal']);
        self::assertSame([], $settings->installDefaults('2', 'EUR', 'install'), 'a reinstall keeps the values');
        // The defaults work: the checkout offers the balance and the credit line with them.
        $elig = $sc->checkout()->eligibility('2', self::customer('7', ['b2b']), ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR']);
        $methods = \array_column($elig['methods'], null, 'method');
        self::assertSame(['no_wallet'], $methods['wallet_full']['reasons'], \json_encode($methods['wallet_full']));

        $wallet = $settings->get('2', 'wallet');
        $r = $settings->save('2', ['wallet' => ['minWithdrawal' => '25.00'] + $wallet, 'checkout.display' => 'hide'], 'EUR', 'admin:1');
        self::assertSame(['saved' => true, 'violations' => [], 'changed' => ['wallet', 'checkout.display']], $r);
        self::assertSame('25.00', $settings->get('2', 'wallet')['minWithdrawal']);

        // A malformed value: a stable code and the field, nothing stored (not even the good one).
        try {
            $settings->save('2', ['credit.enabled' => false, 'wallet' => ['maxTopUp' => '1.00', 'minTopUp' => '5.00'] + $wallet], 'EUR', 'admin:1');
            self::fail('a max below the min must be refused');
        } catch (InvalidRequest $e) {
            self::assertSame(['invalid_value', 'wallet.maxTopUp'], [$e->errorCode, $e->field]);
        }
        self::assertTrue($settings->get('2', 'credit.enabled'));

        // A mapping that would mark an order paid before the lender accepted: a violation, nothing stored.
        $mapping = $settings->get('2', 'financing.mapping');
        $bad = ['PRE_ACCEPTED' => ['orderStatus' => 'paid', 'isPaid' => true]] + $mapping;
        $r = $settings->save('2', ['financing.mapping' => $bad], 'EUR', 'admin:1');
        self::assertFalse($r['saved']);
        self::assertSame([['code' => 'non_final_status_mapped_to_paid', 'setting' => 'financing.mapping', 'status' => 'PRE_ACCEPTED']], $r['violations']);
        self::assertSame($mapping, $settings->get('2', 'financing.mapping'));

        foreach ([['colour' => 'red'], ['checkout.display' => 'maybe'], ['credit.enabled' => 'yes']] as $values) {
            try {
                $settings->save('2', $values, 'EUR', 'admin:1');
                self::fail('refused: ' . \json_encode($values));
            } catch (InvalidRequest $e) {
                self::assertSame(\array_key_first($values), $e->field);
            }
        }
        $audit = $sc->connection->fetchAll("SELECT action, subject FROM {audit_log} WHERE action = 'setting_changed' ORDER BY id");
        self::assertSame(['setting:2:wallet', 'setting:2:checkout.display'], \array_column($audit, 'subject'));
    }
}

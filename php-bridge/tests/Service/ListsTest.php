<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\I18n\ChartView;
use ShopCredit\I18n\Words;
use ShopCredit\Money\LocalizedAmount;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * The admin and customer lists: one line per movement (a reservation and its post, void or
 * expiry are one line with a state), so a customer's lines add up to the balance the checkout
 * uses and to the credit line's exposure; paging, sorting and filters on the server; accounts
 * with totals per currency.
 */
final class ListsTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testABalancesLinesAddUpToWhatTheCustomerCanSpend(string $dialect): void
    {
        $sc = $this->story($dialect);
        $page = $sc->movementList()->page('1', 'wallet', ['customer_id' => '42', 'currency' => 'EUR'], ['limit' => 50]);
        self::assertSame(5, $page['total'], 'top-up + 4 orders: each reservation is one line with its post, void or expiry');
        $byOrder = [];
        foreach ($page['rows'] as $r) {
            $byOrder[$r['orderRef']] = [$r['kind'], $r['direction'], $r['amount'], $r['effective'], $r['state']];
        }
        self::assertSame([
            'o-4' => ['order_payment', 'out', '15.00', '15.00', 'pending'],
            'o-3' => ['order_payment', 'out', '10.00', '0.00', 'expired'],
            'o-2' => ['order_payment', 'out', '20.00', '0.00', 'voided'],
            'o-1' => ['order_payment', 'out', '30.00', '30.00', 'posted'],
            'o-t' => ['top_up', 'in', '100.00', '100.00', 'posted'],
        ], $byOrder, 'newest first');
        $available = $sc->overview()->customer('1', '42', 'EUR')['wallet']['available'];
        self::assertSame('55.00', $available);
        $signed = \array_sum(\array_map(static fn (array $r): int => MoneyFormat::toMinor($r['signed'], 'EUR'), $page['rows']));
        self::assertSame($available, MoneyFormat::format($signed, 'EUR'), 'Σ signed = the available balance');
        self::assertSame(['count' => 5, 'in' => '100.00', 'out' => '45.00', 'net' => '55.00'], $page['sums']['EUR'], 'the sums of the whole filtered set');
    }

    /** @dataProvider dialects */
    public function testACreditLinesLinesAddUpToItsExposure(string $dialect): void
    {
        $sc = $this->story($dialect);
        $status = $sc->overview()->customer('1', '7', 'EUR')['credit'];
        self::assertSame('200.00', $status['exposure']);
        $page = $sc->movementList()->page('1', 'credit_line', ['customer_id' => '7']);
        self::assertSame(2, $page['total'], 'the order on account (reserved, then posted by the check) and the payment');
        self::assertSame('-200.00', $page['sums']['EUR']['net'], 'minus the exposure');
        self::assertSame(['payment_received', 'order_on_account'], \array_column($page['rows'], 'kind'));
    }

    /** @dataProvider dialects */
    public function testPagesSortsAndFiltersRunOnTheServer(string $dialect): void
    {
        $sc = $this->story($dialect);
        $list = $sc->movementList();
        $all = $list->page('1', 'wallet', [], ['sort' => 'date', 'dir' => 'asc', 'limit' => 200])['rows'];
        self::assertCount(7, $all, "shop 1's balances only: 42 in EUR, 43 in JPY and EUR; not shop 2");
        $paged = [];
        foreach ([0, 3, 6] as $offset) {
            $p = $list->page('1', 'wallet', [], ['sort' => 'date', 'dir' => 'asc', 'limit' => 3, 'offset' => $offset]);
            self::assertSame(7, $p['total']);
            \array_push($paged, ...$p['rows']);
        }
        self::assertSame(\array_column($all, 'id'), \array_column($paged, 'id'), 'pages cover every line once');
        $byAmount = $list->page('1', 'wallet', ['currency' => 'EUR'], ['sort' => 'amount', 'dir' => 'desc', 'limit' => 2])['rows'];
        self::assertSame(['100.00', '30.00'], \array_column($byAmount, 'effective'), 'sorted by what each line counts');
        $jpy = $list->page('1', 'wallet', ['currency' => 'JPY']);
        self::assertSame(['43'], \array_column($jpy['rows'], 'customerId'));
        self::assertSame(['count' => 1, 'in' => '5000', 'out' => '0', 'net' => '5000'], $jpy['sums']['JPY']);
        self::assertSame(['o-4'], \array_column($list->page('1', 'wallet', ['state' => 'pending'])['rows'], 'orderRef'));
        self::assertSame(['o-3', 'o-2'], \array_column($list->page('1', 'wallet', ['state' => ['voided', 'expired']])['rows'], 'orderRef'));
        self::assertSame(['o-t'], \array_column($list->page('1', 'wallet', ['customer_id' => '42', 'code' => 'top_up'])['rows'], 'orderRef'));
        $window = $list->page('1', 'wallet', ['from_s' => self::NOW + 100, 'to_s' => self::NOW + 10_000]);
        self::assertSame(['o-4', 'o-3'], \array_column($window['rows'], 'orderRef'), 'the period: when each movement started');
        $two = $list->page('2', 'wallet');
        self::assertSame(1, $two['total']);
        foreach ([['sort' => 'nope'], ['dir' => 'sideways']] as $bad) {
            try {
                $list->page('1', 'wallet', [], $bad);
                self::fail('refused: ' . \json_encode($bad));
            } catch (InvalidRequest $e) {
                self::assertSame('invalid_value', $e->errorCode);
            }
        }
    }

    /** @dataProvider dialects */
    public function testAccountsInEveryCurrencySortedWithTotals(string $dialect): void
    {
        $sc = $this->story($dialect);
        $o = $sc->overview();
        $wallets = $o->accounts('1', ['kind' => 'wallet'], 50, 0, 'available', 'desc');
        self::assertSame([['42', 'EUR', '55.00'], ['43', 'EUR', '1.00'], ['43', 'JPY', '5000']],
            \array_map(static fn (array $r): array => [$r['customerId'], $r['currency'], $r['available']], $wallets['rows']),
            'every currency; sorted by the available balance in SQL, never across currencies');
        self::assertSame(3, $wallets['total']);
        self::assertSame(['count' => 2, 'balance' => '71.00', 'reserved' => '15.00', 'available' => '56.00'], $wallets['totals']['EUR']);
        self::assertSame(['count' => 1, 'balance' => '5000', 'reserved' => '0', 'available' => '5000'], $wallets['totals']['JPY']);
        $found = $o->accounts('1', ['kind' => 'wallet', 'customer_ids' => ['43', '99']]);
        self::assertSame(['43', '43'], \array_column($found['rows'], 'customerId'), "the host's search resolved to ids");
        self::assertSame([], $o->accounts('1', ['kind' => 'wallet', 'customer_ids' => []])['rows'], 'nobody matched: nobody listed');
        $lines = $o->accounts('1', [], 50, 0, 'exposure', 'desc');
        self::assertSame(['count' => 1, 'authorized' => '1000.00', 'exposure' => '200.00'], $lines['totals']['EUR']);
        self::assertSame('800.00', $lines['rows'][0]['remaining']);
        $this->expectException(InvalidRequest::class);
        $o->accounts('1', [], 50, 0, 'credit_limit; DROP TABLE x');
    }

    /** @dataProvider dialects */
    public function testChartsHaveEveryPeriodAndEndOnTheRealFigures(string $dialect): void
    {
        $sc = $this->story($dialect);
        $from = self::NOW - 2 * 86400;
        $c = $sc->charts()->statistics('1', 'EUR', $from, self::NOW + 86400 + 3600, 'day');
        self::assertSame(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'], $c['labels'], 'every day of the window, empty ones too');
        $series = static fn (array $chart): array => \array_column($chart['series'], 'values', 'key');
        $b = $series($c['charts']['balances']);
        self::assertSame(['0.00', '0.00', '101.00', '0.00'], $b['money_in'], "42's 100.00 and 43's 1.00, not shop 2's");
        self::assertSame(['0.00', '0.00', '30.00', '0.00'], $b['money_out'], 'only what was posted moved');
        self::assertSame(['0.00', '0.00', '71.00', '71.00'], $b['balance']);
        $cr = $series($c['charts']['credit']);
        self::assertSame(['0.00', '0.00', '300.00', '0.00'], $cr['ordered_on_account']);
        self::assertSame(['0.00', '0.00', '200.00', '200.00'], $cr['exposure'], 'the credit line ends on its exposure');
        $later = $sc->charts()->statistics('1', 'EUR', self::NOW + 86400 + 3600, self::NOW + 3 * 86400, 'day');
        self::assertSame('71.00', $series($later['charts']['balances'])['balance'][0], 'a window starts from what was there before it');
        $aging = $c['charts']['overdue'];
        self::assertSame(\array_keys(\ShopCredit\Service\ChartData::AGING), $aging['labels']);
        self::assertSame(['200.00', '0.00', '0.00', '0.00', '0.00'], $series($aging)['overdue'], 'the open receivable is not due yet');
        self::assertSame('INITIALIZED', $c['charts']['financing']['labels'][0]);
        self::assertCount(3, $sc->charts()->statistics('1', 'JPY', $from, self::NOW + 86400, 'month')['charts']['balances']['series']);
        // What the chart component draws: words and money in the shop's language and format.
        $view = ChartView::of($c, 'balances', Words::for('fr-FR'));
        self::assertSame('Soldes (EUR)', $view['title']);
        self::assertSame(['31/10/2026', '01/11/2026', '02/11/2026', '03/11/2026'], $view['labels']);
        self::assertSame(['Entrées', 'Sorties', 'Soldes'], \array_column($view['series'], 'name'));
        self::assertSame(LocalizedAmount::format('71.00', 'EUR', 'fr-FR'), $view['series'][2]['shown'][2]);
        $financing = ChartView::of($c, 'financing', Words::for('fr-FR'));
        self::assertSame(['bar', 'table'], \array_column($financing['series'], 'type'), 'a count is listed, not drawn on the money axis');
        self::assertSame('Acceptée par l’organisme de financement', $financing['labels'][3]);
        self::assertStringContainsString('<script type="application/json">{', ChartView::html($view));
        self::assertStringNotContainsString('</script><', \substr(ChartView::html(['title' => '</script><b>'] + $view), 0, -20), 'JSON cannot close its script element');
        try {
            $sc->charts()->statistics('1', 'EUR', 0, self::NOW, 'day');
            self::fail('56 years per day is refused, not cut');
        } catch (InvalidRequest $e) {
            self::assertSame('too_many_items', $e->errorCode);
        }
    }

    /**
     * Customer 42: a 100.00 top-up, then four balance payments: posted, voided, expired, still
     * held. Customer 7: 300.00 on account (reserved, posted by the credit check), 100.00 paid.
     * Customer 43: ¥5,000 and 1.00 EUR. Shop 2: another 42.
     */
    private function story(string $dialect): ShopCredit
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'tu-1', 'o-t', '100.00');
        $this->clock->advance(10);
        $pay = function (string $order, string $amount, int $timeout = 3600) use ($sc): void {
            $sc->checkout()->reserve('1', "co-$order", $order, self::customer('42'), ['currency' => 'EUR', 'total' => $amount], ['wallet' => $amount], $timeout);
        };
        $pay('o-1', '30.00');
        $sc->checkout()->settle('o-1', 'paid');
        $this->clock->advance(10);
        $pay('o-2', '20.00');
        $sc->checkout()->settle('o-2', 'cancelled');
        $this->clock->advance(200);
        $pay('o-3', '10.00', 60);
        $this->clock->advance(120);
        $sc->jobs()->expireReservations();
        $pay('o-4', '15.00');
        $this->creditLine($sc, '7', 100_000);
        $sc->checkout()->reserve('1', 'co-5', 'o-5', self::customer('7', ['b2b']), ['currency' => 'EUR', 'total' => '300.00'], ['creditLine' => '300.00']);
        $sc->credit()->checkRun('1', '7', 'chk-5', 'o-5', 'EUR', '300.00', 'processing', 'co-5:credit');
        $this->clock->advance(60);
        $sc->credit()->recordPayment('1', 'o-5', 'pay-5', '100.00');
        $this->clock->set(self::NOW - 5000);
        $sc->wallet()->topUp('1', '43', 'JPY', 'tu-2', 'o-j', '5000');
        $sc->wallet()->topUp('1', '43', 'EUR', 'tu-3', 'o-e', '1.00');
        $sc->wallet()->topUp('2', '42', 'EUR', 'tu-4', 'o-s2', '9.00');
        $this->clock->set(self::NOW + 10_000);
        return $sc;
    }
}

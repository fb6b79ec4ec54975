<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * The balances' statistics over 12,000 movements in 500 days (the old page capped itself at
 * 10,000 and could not send more than about 4,400 to the core): every period and total exact per
 * day, ISO week and month in the shop's time zone, reservations and voids not counted, other
 * shops and currencies left out; a daily window of 500 days comes in two pages, no period split.
 */
final class StatisticsTest extends ServiceTestCase
{
    private const DAYS = 500;
    private const PER_DAY = 24;
    private const OFFSET_S = 3600;
    private const CODES = ['top_up', 'order_payment', 'order_on_account', 'payment_received', 'refund', 'cancellation_restore',
        'withdrawal', 'bonus', 'cashback', 'adjustment_credit', 'adjustment_debit'];

    /** @dataProvider dialects */
    public function testEveryPeriodAndTotalIsExactAtAnySize(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $from = self::NOW - self::DAYS * 86400;
        $expected = $this->book($sc, $from);
        foreach (['month' => 'Y-m', 'week' => 'o-\WW', 'day' => 'Y-m-d'] as $period => $format) {
            $pages = [];
            $cursor = null;
            do {
                $s = $sc->overview()->statistics('1', 'EUR', $from, self::NOW, '2026-11-02', $period, self::OFFSET_S, $cursor);
                $pages[] = $s['wallets']['movements'];
                $cursor = $s['wallets']['nextCursor'];
            } while ($cursor !== null && \count($pages) < 10);
            self::assertCount($period === 'day' ? 2 : 1, $pages, "$period: pages");
            $periods = [];
            foreach ($pages as $page) {
                self::assertSame($expected['totals'], $page['totals'], "$period: totals cover the whole window on every page");
                self::assertSame($expected['overall'], $page['overall']);
                self::assertSame([], \array_intersect_key($periods, $page['periods']), "$period: no period on two pages");
                $periods += $page['periods'];
            }
            self::assertSame($expected['periods'][$format], $periods, $period);
        }
    }

    /**
     * Books the movements straight through the repository (the services would take minutes on the
     * generated PHP core) and tallies what the statistics must show, independently, in PHP.
     * @return array{totals: array<string, array<string, mixed>>, overall: array<string, mixed>, periods: array<string, array<string, array<string, array<string, mixed>>>>}
     */
    private function book(ShopCredit $sc, int $from): array
    {
        $rows = [];
        $tally = ['totals' => [], 'overall' => [0, 0, 0], 'periods' => []];
        $count = static function (?array &$t, int $credit, int $debit): void {
            $t[0] = ($t[0] ?? 0) + 1;
            $t[1] = ($t[1] ?? 0) + $credit;
            $t[2] = ($t[2] ?? 0) + $debit;
        };
        for ($n = 0; $n < self::DAYS * self::PER_DAY; $n++) {
            // Spread over the day so some land on the other side of local midnight (UTC+1).
            $ts = $from + \intdiv($n, self::PER_DAY) * 86400 + ($n % self::PER_DAY) * 3599 + 1800;
            $code = self::CODES[$n % 11];
            $amount = 1 + ($n * 7919) % 100_000;
            $in = $n % 2 === 0;
            $wallet = 'wallet:1:' . ($n % 3) . ':EUR';
            [$debit, $credit] = $in ? ['shop:1:topups:EUR', $wallet] : [$wallet, 'shop:1:sales:EUR'];
            $flags = [];
            $status = 'none';
            if ($n % 13 === 0) {
                [$flags, $status] = [['pending'], ['pending', 'posted', 'voided', 'expired'][$n % 4]]; // a reservation moved nothing itself
            } elseif ($n % 17 === 0) {
                $flags = ['void_pending'];
            }
            $rows[] = self::transfer("t$n", $debit, $credit, $amount, $code, $ts, $flags, $status);
            if ($flags === []) {
                $local = $ts + self::OFFSET_S;
                [$cr, $db] = $in ? [$amount, 0] : [0, $amount];
                $count($tally['totals'][$code], $cr, $db);
                $count($tally['overall'], $cr, $db);
                foreach (['Y-m', 'o-\WW', 'Y-m-d'] as $f) {
                    $count($tally['periods'][$f][\gmdate($f, $local)][$code], $cr, $db);
                }
            }
        }
        // Never counted: another shop's balance, another currency, shop accounts between themselves, outside the window.
        $rows[] = self::transfer('other-shop', 'shop:2:topups:EUR', 'wallet:2:1:EUR', 500, 'top_up', $from + 10);
        $rows[] = self::transfer('other-cur', 'shop:1:topups:USD', 'wallet:1:1:USD', 500, 'top_up', $from + 10, currency: 'USD');
        $rows[] = self::transfer('house', 'shop:1:cash:EUR', 'shop:1:sales:EUR', 500, 'payment_received', $from + 10);
        $rows[] = self::transfer('before', 'shop:1:topups:EUR', 'wallet:1:1:EUR', 500, 'top_up', $from - 1);
        $rows[] = self::transfer('after', 'shop:1:topups:EUR', 'wallet:1:1:EUR', 500, 'top_up', self::NOW);
        $sc->connection->transaction(function () use ($sc, $rows): void {
            foreach (\array_chunk($rows, 1000) as $chunk) {
                $sc->transfers->insertMany($chunk);
            }
        });
        $out = static fn (array $t): array => ['count' => $t[0], 'credits' => MoneyFormat::formatSum($t[1], 'EUR'),
            'debits' => MoneyFormat::formatSum($t[2], 'EUR'), 'net' => MoneyFormat::formatSum($t[1] - $t[2], 'EUR')];
        $byCode = static function (array $codes) use ($out): array {
            \ksort($codes);
            return \array_map($out, $codes);
        };
        $periods = [];
        foreach ($tally['periods'] as $f => $labels) {
            \ksort($labels);
            $periods[$f] = \array_map($byCode, $labels);
        }
        return ['totals' => $byCode($tally['totals']), 'overall' => $out($tally['overall']), 'periods' => $periods];
    }

    /** @param list<string> $flags */
    private static function transfer(string $id, string $debit, string $credit, int $amount, string $code, int $ts, array $flags = [], string $status = 'none', string $currency = 'EUR'): array
    {
        return [
            'id' => $id, 'debitAccountId' => $debit, 'creditAccountId' => $credit, 'amount' => MoneyFormat::format($amount, $currency),
            'currency' => $currency, 'pendingId' => \in_array('void_pending', $flags, true) ? 'x' : null, 'timeoutS' => 0, 'flags' => $flags,
            'code' => $code, 'orderRef' => null, 'timestampS' => $ts, 'pendingStatus' => $status,
        ];
    }
}

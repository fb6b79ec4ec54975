<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Generated\LabelKeys;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\TransferRepository;

/**
 * Statistics shaped for charts, in one currency and one window, per day, ISO week or month in
 * the shop's calendar: every period of the window is a label (empty ones too, so the axis is
 * continuous), each series one value per label. Every figure is an SQL aggregate.
 *
 *     $c = $sc->charts()->statistics('1', 'EUR', $fromS, $toS, 'month');
 *     // $c['labels']: ['2026-01', …]; $c['charts']['balances']['series']: money_in, money_out, balance
 *     // $c['charts']['credit']['series']: ordered_on_account, paid_on_account, exposure
 *     // $c['charts']['overdue']: labels not_due, late_1_30, … with series overdue (amounts), count
 *     // $c['charts']['financing']: labels = financing statuses, series financing_count, financing_amount
 *
 * Series and bucket keys have words in the catalogue (`series`, `financing_status` groups);
 * amounts are decimal strings in the currency, counts integers. `balance` and `exposure` are the
 * figures at the end of each period from what was posted (a reservation counts once posted).
 */
final class ChartData
{
    /** At most this many periods in one window (a daily chart of three years); longer ones are refused, never cut. */
    public const MAX_PERIODS = 1100;
    public const AGING = ['not_due' => [null, 0], 'late_1_30' => [1, 30], 'late_31_60' => [31, 60], 'late_61_90' => [61, 90], 'late_over_90' => [91, null]];

    public function __construct(
        private readonly Connection $c,
        private readonly TransferRepository $transfers,
        private readonly ShopTime $time,
    ) {
    }

    /**
     * @param 'day'|'week'|'month' $period
     * @return array{currency: string, period: string, labels: list<string>, charts: array<string, array<string, mixed>>}
     */
    public function statistics(string $shopId, string $currency, int $fromS, int $toS, string $period = 'month'): array
    {
        $currency = Ids::currency($currency);
        $shopId = Ids::part($shopId, 'shopId');
        if (!\in_array($period, ['day', 'week', 'month'], true)) {
            throw new InvalidRequest('invalid_value', 'period must be day, week or month', 'period');
        }
        if ($toS <= $fromS) {
            throw new InvalidRequest('invalid_value', 'the window must end after it starts', 'toS');
        }
        $offset = $this->time->utcOffsetS($shopId, $fromS);
        $labels = self::labels($fromS, $toS, $offset, $period);
        return [
            'currency' => $currency, 'period' => $period, 'labels' => $labels,
            'charts' => [
                'balances' => $this->flows($shopId, $currency, $fromS, $toS, $period, $offset, $labels, 'wallet'),
                'credit' => $this->flows($shopId, $currency, $fromS, $toS, $period, $offset, $labels, 'credit'),
                'overdue' => $this->aging($shopId, $currency, $this->time->today($shopId)),
                'financing' => $this->financing($shopId, $currency, $fromS, $toS),
            ],
        ];
    }

    /**
     * Money in and out per period and the figure at the end of each period (the balances, or the
     * credit lines' exposure), from the database's sums per period.
     * @param list<string> $labels
     * @return array<string, mixed>
     */
    private function flows(string $shopId, string $currency, int $fromS, int $toS, string $period, int $offset, array $labels, string $kind): array
    {
        $in = \array_fill_keys($labels, 0);
        $out = $in;
        foreach ($this->transfers->walletMovementSums($shopId, $currency, $fromS, $toS, $period, $offset, null, \PHP_INT_MAX, $kind) as $r) {
            $label = self::label((int) $r['day'], $period);
            $in[$label] += MoneyFormat::toMinor($r['credits'], $currency);
            $out[$label] += MoneyFormat::toMinor($r['debits'], $currency);
        }
        $level = 0;
        foreach ($this->transfers->walletMovementTotals($shopId, $currency, 0, $fromS, $kind) as $t) {
            $level += MoneyFormat::toMinor($t['credits'], $currency) - MoneyFormat::toMinor($t['debits'], $currency);
        }
        $levels = [];
        foreach ($labels as $l) {
            $level += $in[$l] - $out[$l];
            // A credit line owes what went out of it (debits) less what came back: the sign flips.
            $levels[] = MoneyFormat::format($kind === 'wallet' ? $level : -$level, $currency);
        }
        $fmt = static fn (array $v): array => \array_map(static fn (int $m): string => MoneyFormat::format($m, $currency), \array_values($v));
        $keys = $kind === 'wallet' ? ['money_in', 'money_out', 'balance'] : ['paid_on_account', 'ordered_on_account', 'exposure'];
        return ['unit' => 'money', 'series' => [
            ['key' => $keys[0], 'type' => 'bar', 'values' => $fmt($in)],
            ['key' => $keys[1], 'type' => 'bar', 'values' => $fmt($out)],
            ['key' => $keys[2], 'type' => 'line', 'values' => $levels],
        ]];
    }

    /** Open receivables by days late as of the shop's today: amount still due and count. @return array<string, mixed> */
    private function aging(string $shopId, string $currency, string $today): array
    {
        $cases = [];
        $params = [];
        foreach (self::AGING as $key => [$min, $max]) {
            // Days late d = today − due: d ≤ 0 not due; min ≤ d ≤ max ⇔ today−max ≤ due ≤ today−min.
            $cond = [];
            if ($max !== null) {
                $cond[] = 'due_date >= ?';
                $params[] = self::shift($today, -$max);
            }
            if ($min !== null) {
                $cond[] = 'due_date <= ?';
                $params[] = self::shift($today, -$min);
            }
            // No due date yet (the due date starts at a later order status): not due.
            $cases[$key] = $min === null ? '(due_date IS NULL OR ' . \implode(' AND ', $cond) . ')' : \implode(' AND ', $cond);
        }
        $select = [];
        $bind = [];
        $i = 0;
        foreach ($cases as $key => $cond) {
            $n = \substr_count($cond, '?');
            $p = \array_slice($params, $i, $n);
            $i += $n;
            $select[] = "COALESCE(SUM(CASE WHEN $cond THEN amount - paid ELSE 0 END), 0) AS a_$key, COALESCE(SUM(CASE WHEN $cond THEN 1 ELSE 0 END), 0) AS n_$key";
            \array_push($bind, ...$p, ...$p);
        }
        $r = $this->c->fetchOne(
            'SELECT ' . \implode(', ', $select) . " FROM {receivables} WHERE shop_id = ? AND currency = ? AND state = 'open'",
            [...$bind, $shopId, $currency],
        ) ?? [];
        $keys = \array_keys(self::AGING);
        return ['unit' => 'money', 'labels' => $keys, 'series' => [
            ['key' => 'overdue', 'type' => 'bar', 'values' => \array_map(static fn (string $k): string => MoneyFormat::formatSum($r["a_$k"] ?? 0, $currency), $keys)],
            ['key' => 'count', 'type' => 'count', 'values' => \array_map(static fn (string $k): int => (int) ($r["n_$k"] ?? 0), $keys)],
        ]];
    }

    /** Financing requests started in the window, by their status now: count and amount. @return array<string, mixed> */
    private function financing(string $shopId, string $currency, int $fromS, int $toS): array
    {
        $labels = LabelKeys::GROUPS['financing_status'];
        $count = \array_fill_keys($labels, 0);
        $amount = \array_fill_keys($labels, '0');
        foreach ($this->c->fetchAll(
            'SELECT status, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM {financing_subscriptions}
              WHERE shop_id = ? AND currency = ? AND created_at >= ? AND created_at < ? GROUP BY status',
            [$shopId, $currency, $fromS, $toS],
        ) as $r) {
            $s = (string) $r['status'];
            if (isset($count[$s])) {
                $count[$s] = (int) $r['n'];
                $amount[$s] = (string) $r['total'];
            }
        }
        return ['unit' => 'money', 'labels' => $labels, 'series' => [
            ['key' => 'financing_amount', 'type' => 'bar', 'values' => \array_map(static fn (string $m): string => MoneyFormat::formatSum($m, $currency), \array_values($amount))],
            ['key' => 'financing_count', 'type' => 'count', 'values' => \array_values($count)],
        ]];
    }

    /** @return list<string> every period label of [fromS, toS) in the shop's calendar */
    private static function labels(int $fromS, int $toS, int $offset, string $period): array
    {
        $first = \intdiv($fromS + $offset, 86400);
        $last = \intdiv($toS - 1 + $offset, 86400);
        $labels = [];
        for ($day = $first; $day <= $last; $day++) {
            $labels[self::label($day, $period)] = true;
            if (\count($labels) > self::MAX_PERIODS) {
                throw new InvalidRequest('too_many_items', 'more than ' . self::MAX_PERIODS . ' periods: choose a longer period or a shorter window', 'period');
            }
        }
        return \array_keys($labels);
    }

    /** The core's period label (wallet.statsSums) of a shop-local day (days since 1970-01-01). */
    private static function label(int $day, string $period): string
    {
        return \gmdate(match ($period) { 'day' => 'Y-m-d', 'week' => 'o-\WW', 'month' => 'Y-m' }, $day * 86400);
    }

    private static function shift(string $ymd, int $days): string
    {
        return (new \DateTimeImmutable($ymd, new \DateTimeZone('UTC')))->modify(($days >= 0 ? '+' : '') . $days . ' days')->format('Y-m-d');
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\I18n;

/**
 * One chart of `charts()->statistics()` as the admin chart component draws it
 * (js/dist/shopcredit-chart.js): words for the title, the labels and the series in the shop's
 * language, every value also as people read it (money in the shop's format).
 *
 *     $stats = $sc->charts()->statistics($shop, 'EUR', $from, $to, 'month');
 *     echo ChartView::html(ChartView::of($stats, 'balances', $words));
 *     // + <script src=".../assets/widget/shopcredit-chart.js" defer> and its .css on the page
 */
final class ChartView
{
    public const CHARTS = ['balances', 'credit', 'overdue', 'financing'];

    /**
     * @param array{currency: string, period: string, labels: list<string>, charts: array<string, array<string, mixed>>} $statistics
     * @return array{title: string, labelHeading: string, labels: list<string>, series: list<array{name: string, type: string, values: list<string>, shown: list<string>}>, tableCaption: string, empty: string}
     */
    public static function of(array $statistics, string $chart, Words $w): array
    {
        if (!\in_array($chart, self::CHARTS, true) || !isset($statistics['charts'][$chart])) {
            throw new \InvalidArgumentException("no chart '$chart'");
        }
        $c = $statistics['charts'][$chart];
        $currency = (string) $statistics['currency'];
        $periods = !isset($c['labels']);
        $labels = match (true) {
            $periods => \array_map(static fn (string $l): string => self::period($l, (string) $statistics['period'], $w), $statistics['labels']),
            $chart === 'financing' => \array_map(static fn (string $s): string => $w->text('financing_status', $s), $c['labels']),
            default => \array_map(static fn (string $k): string => $w->text('series', $k), $c['labels']),
        };
        $series = [];
        foreach ($c['series'] as $s) {
            $count = $s['type'] === 'count';
            $series[] = [
                'name' => $w->text('series', (string) $s['key']),
                'type' => $count ? 'table' : (string) $s['type'],
                'values' => \array_map('strval', $s['values']),
                'shown' => \array_map(static fn (int|string $v): string => $count ? (string) $v : $w->money((string) $v, $currency), $s['values']),
            ];
        }
        return [
            'title' => $w->text('word', "chart_$chart") . ' (' . $currency . ')',
            'labelHeading' => $w->text('word', $periods ? 'period' : ($chart === 'financing' ? 'status' : 'overdue')),
            'labels' => \array_values($labels), 'series' => $series,
            'tableCaption' => $w->text('word', 'chart_table'), 'empty' => $w->text('word', 'no_data'),
        ];
    }

    /** The chart's element: a figure holding its view as JSON (safe inside a script element). */
    public static function html(array $view, string $attributes = ''): string
    {
        $json = \json_encode($view, \JSON_THROW_ON_ERROR | \JSON_HEX_TAG | \JSON_HEX_AMP | \JSON_UNESCAPED_UNICODE);
        return '<figure class="sc-chart" data-shopcredit-chart' . ($attributes === '' ? '' : ' ' . $attributes) . '><script type="application/json">' . $json . '</script></figure>';
    }

    /** A period label (2026-11-02, 2026-W45, 2026-11) in the shop's date format. */
    private static function period(string $label, string $period, Words $w): string
    {
        return match ($period) {
            'day' => $w->date($label),
            'month' => $w->language() === 'fr' ? \substr($label, 5, 2) . '/' . \substr($label, 0, 4) : $label,
            default => $label,
        };
    }
}

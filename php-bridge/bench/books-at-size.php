<?php

declare(strict_types=1);

/*
 * The books at a million movements on one account:
 *   php -d memory_limit=64M php-bridge/bench/books-at-size.php [--transfers=1000000] [--dsn=... --user= --password=]
 *
 * Loads N transfers on customer 42's balance over one year (top-ups from the top-ups account,
 * payments to the sales account, reservations still open, posted in part, voided, expired), the
 * counters kept in step as the services keep them (the wallet's row, the house accounts' deltas).
 * Then, each from a fresh process state (peak memory reset first):
 *   reconcile     Reconciliation::run() over every account (the wallet holds all N)
 *   statistics    Overview::statistics() over the year, per month, ISO week and day
 *   export        Export::movements() of the wallet's N movements to /dev/null
 *   credit        with --receivables=R (default N) open receivables on customer 42's credit line:
 *                 a decision's credit context (sums only) with credit.status, and the status
 *                 page's (the 1,000 oldest due named, the rest summed)
 * and prints the time and PHP's peak memory of each. Run with memory_limit=64M (scripts/bench-php.sh
 * does) to show each completes within 64 MB. Default database: SQLite in var/bench/.
 */

require __DIR__ . '/../src/autoload.php';
require __DIR__ . '/support.php';

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;

$opts = \getopt('', ['transfers::', 'receivables::', 'dsn::', 'user::', 'password::']);
$n = \max(1000, (int) ($opts['transfers'] ?? 1_000_000));
$receivables = \max(1000, (int) ($opts['receivables'] ?? $n));
$now = 1_795_390_200;
$year = 365 * 86400;

if (isset($opts['dsn'])) {
    $c = Connection::open((string) $opts['dsn'], $opts['user'] ?? null, $opts['password'] ?? null, 'size_');
    (new Migrations($c))->uninstall(true);
} else {
    $dir = __DIR__ . '/../../var/bench';
    @\mkdir($dir, 0777, true);
    $file = "$dir/books-at-size.sqlite";
    foreach (['', '-wal', '-shm'] as $suffix) {
        @\unlink($file . $suffix);
    }
    $c = Connection::sqlite($file);
}
$sc = ShopCredit::boot(['connection' => $c, 'clock' => new FixedClock($now), 'install' => true]);
$sc->settings()->installDefaults('1', 'EUR', 'bench');

$t0 = \microtime(true);
load($c, $n, $now - $year, $year);
\printf("%s, %s transfers on one balance loaded in %.1f s\n", $c->dialect(), \number_format($n), \microtime(true) - $t0);

$measure = static function (string $what, callable $fn): mixed {
    \gc_collect_cycles();
    \memory_reset_peak_usage();
    $t = \hrtime(true);
    $r = $fn();
    \printf("%-34s %8.2f s   peak PHP memory %5.1f MB\n", $what, (\hrtime(true) - $t) / 1e9, \memory_get_peak_usage() / 1048576);
    return $r;
};
$rec = $measure('reconcile (every account)', fn () => $sc->reconciliation()->run());
if ($rec['consistent'] !== true || $rec['transfers'] < 2 * $n) {
    \fwrite(\STDERR, 'reconciliation: ' . \json_encode(\array_slice($rec, 0, 3) + ['drift' => \array_slice($rec['drift'], 0, 5)]) . "\n");
    exit(1);
}
foreach (['month', 'week', 'day'] as $period) {
    $s = $measure("statistics over a year, per $period", fn () => $sc->overview()->statistics('1', 'EUR', $now - $year, $now + 1, '2026-11-22', $period));
    if ($s['wallets']['movements']['overall']['count'] < \intdiv($n, 2) || $s['wallets']['nextCursor'] !== null) {
        \fwrite(\STDERR, "statistics per $period: " . \json_encode($s['wallets']['movements']['overall']) . "\n");
        exit(1);
    }
}
$out = \fopen('/dev/null', 'w');
$rows = $measure('export of the balance (CSV)', fn () => $sc->export()->movements($out, ['wallet:1:42:EUR']));
\printf("reconciliation: %d accounts, %s transfer sides, consistent; export: %s rows\n", $rec['accounts'], \number_format($rec['transfers']), \number_format($rows));

$t0 = \microtime(true);
$credit = loadReceivables($c, $receivables, $now);
\printf("%s open receivables on one credit line loaded in %.1f s\n", \number_format($receivables), \microtime(true) - $t0);
$row = $sc->accounts->find($credit);
$decision = $measure('credit decision (sums only)', fn () => $sc->books->ask('credit.status', ['credit' => $sc->facts->creditContext('1', $row, 0)]));
$page = $measure('credit status page (1,000 named)', fn () => $sc->credit()->status('1', '42', 'EUR'));
$expected = [\number_format($receivables * 8, 2, '.', ''), $receivables];
foreach (['decision' => $decision, 'page' => $page] as $what => $st) {
    if ([$st['exposure'] ?? null, $st['openReceivables'] ?? null] !== $expected) {
        \fwrite(\STDERR, "credit $what: " . \json_encode(\array_intersect_key($st, ['exposure' => 1, 'openReceivables' => 1, 'unlistedOverdue' => 1])) . "\n");
        exit(1);
    }
}
if (isset($opts['dsn'])) {
    (new Migrations($c))->uninstall(true);
}

/**
 * N transfers in 1,000-row INSERTs and the counters they add up to: every fifth a top-up of 5.00,
 * the others 1.00 payments (posted), reservations open, posted in part (with their post), voided
 * (with their void) or expired.
 */
function load(Connection $c, int $n, int $from, int $span): void
{
    $w = 'wallet:1:42:EUR';
    $s = 'shop:1:sales:EUR';
    $t = 'shop:1:topups:EUR';
    $sum = [$w => [0, 0, 0, 0], $s => [0, 0, 0, 0], $t => [0, 0, 0, 0]]; // dp, dpo, cp, cpo
    $rows = [];
    $flush = static function () use ($c, &$rows): void {
        $c->insertRows('transfers', $rows);
        $rows = [];
    };
    $add = static function (string $id, string $debit, string $credit, int $amount, int $flags, string $status, ?string $pendingId, string $code, int $ts) use (&$rows, $flush): void {
        $rows[] = ['id' => $id, 'debit_account_id' => $debit, 'credit_account_id' => $credit, 'amount' => $amount, 'currency' => 'EUR',
            'pending_id' => $pendingId, 'timeout_s' => 0, 'flags' => $flags, 'code' => $code, 'order_ref' => "o-$id", 'timestamp_s' => $ts,
            'pending_status' => $status, 'expires_at_s' => null];
        if (\count($rows) === 1000) {
            $flush();
        }
    };
    $c->transaction(function () use ($n, $from, $span, $w, $s, $t, &$sum, $add, $flush, $c): void {
        for ($i = 0; $i < $n; $i++) {
            $ts = $from + \intdiv($i * $span, $n);
            switch ($i % 10) {
                case 0:
                case 5:
                    $add("b$i", $t, $w, 500, 0, 'none', null, 'top_up', $ts);
                    [$sum[$t][1], $sum[$w][3]] = [$sum[$t][1] + 500, $sum[$w][3] + 500];
                    break;
                case 1: // reserved, still open
                    $add("b$i", $w, $s, 100, 2, 'pending', null, 'order_payment', $ts);
                    [$sum[$w][0], $sum[$s][2]] = [$sum[$w][0] + 100, $sum[$s][2] + 100];
                    break;
                case 2: // reserved ...
                    $add("b$i", $w, $s, 100, 2, 'posted', null, 'order_payment', $ts);
                    break;
                case 3: // ... and posted in part
                    $add("b$i", $w, $s, 80, 4, 'none', 'b' . ($i - 1), 'order_payment', $ts);
                    [$sum[$w][1], $sum[$s][3]] = [$sum[$w][1] + 80, $sum[$s][3] + 80];
                    break;
                case 4: // reserved and expired
                    $add("b$i", $w, $s, 100, 2, 'expired', null, 'order_payment', $ts);
                    break;
                case 6: // reserved ...
                    $add("b$i", $w, $s, 100, 2, 'voided', null, 'order_payment', $ts);
                    break;
                case 7: // ... and voided
                    $add("b$i", $w, $s, 100, 8, 'none', 'b' . ($i - 1), 'order_payment', $ts);
                    break;
                default: // paid at once
                    $add("b$i", $w, $s, 100, 0, 'none', null, 'order_payment', $ts);
                    [$sum[$w][1], $sum[$s][3]] = [$sum[$w][1] + 100, $sum[$s][3] + 100];
            }
        }
        $flush();
        $cols = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'];
        $c->insert('accounts', ['id' => $w, 'shop_id' => '1', 'customer_id' => '42', 'kind' => 'wallet', 'currency' => 'EUR',
            ...\array_combine($cols, $sum[$w]), 'created_at' => $from, 'updated_at' => $from, 'version' => 0]);
        // The house accounts as checkouts leave them: deltas not folded yet.
        foreach ([$s, $t] as $id) {
            $c->insert('account_deltas', ['account_id' => $id, ...\array_combine($cols, $sum[$id]), 'created_at' => $from]);
        }
    }, 1);
}

/**
 * $r open receivables of 10.00 (2.00 paid on each) on customer 42's credit line, due over the
 * past and the coming year; the line's counters hold what they add up to (8.00 each).
 */
function loadReceivables(Connection $c, int $r, int $now): string
{
    $id = 'credit:1:42:EUR';
    $c->transaction(function () use ($c, $r, $now, $id): void {
        $rows = [];
        for ($i = 0; $i < $r; $i++) {
            $rows[] = ['shop_id' => '1', 'order_ref' => "r$i", 'customer_id' => '42', 'account_id' => $id, 'currency' => 'EUR',
                'amount' => 1000, 'paid' => 200, 'due_date' => \gmdate('Y-m-d', $now + \intdiv(($i - \intdiv($r, 2)) * 730, $r) * 86400),
                'state' => 'open', 'created_at' => $now, 'updated_at' => $now];
            if (\count($rows) === 1000 || $i === $r - 1) {
                $c->insertRows('receivables', $rows);
                $rows = [];
            }
        }
        $c->insert('accounts', ['id' => $id, 'shop_id' => '1', 'customer_id' => '42', 'kind' => 'credit_line', 'currency' => 'EUR',
            'debits_pending' => 0, 'debits_posted' => 800 * $r, 'credits_pending' => 0, 'credits_posted' => 0, 'credit_limit' => 1000 * $r,
            'created_at' => $now, 'updated_at' => $now, 'version' => 0]);
    }, 1);
    return $id;
}

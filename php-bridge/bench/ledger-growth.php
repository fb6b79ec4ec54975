<?php

declare(strict_types=1);

/*
 * Eligibility time as one customer's ledger grows:
 *   php php-bridge/bench/ledger-growth.php [--sizes=1000,100000,1000000] [--dsn=... --user= --password=]
 *
 * For each size N, a fresh database holds N posted transfers on customer 42's balance (half
 * credits, half debits of 1.00, the account row's counters kept in step, as the services keep
 * them). Then it times, on the same data:
 *   eligibility   CheckoutService::eligibility in a fresh ShopCredit, as in a web request (one
 *                 settings query, the account rows, open receivables; asks the core)
 *   SUM ledger    what popular wallet plugins do on every request: the balance as SUM() over the
 *                 customer's transaction rows
 * Prints p50/p99 in microseconds. Default database: SQLite in var/bench/ (the embedded default).
 */

require __DIR__ . '/../src/autoload.php';
require __DIR__ . '/support.php';

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;

$opts = \getopt('', ['sizes::', 'dsn::', 'user::', 'password::', 'runs::']);
$sizes = \array_map('intval', \explode(',', (string) ($opts['sizes'] ?? '1000,100000,1000000')));
$runs = \max(50, (int) ($opts['runs'] ?? 300));
$now = 1_795_390_200;

function connect(array $opts, int $size): Connection
{
    if (isset($opts['dsn'])) {
        $c = Connection::open((string) $opts['dsn'], $opts['user'] ?? null, $opts['password'] ?? null, 'bench' . $size . '_');
        (new Migrations($c))->uninstall(true);
        return $c;
    }
    $dir = __DIR__ . '/../../var/bench';
    @\mkdir($dir, 0777, true);
    $file = "$dir/ledger-$size.sqlite";
    foreach (['', '-wal', '-shm'] as $suffix) {
        @\unlink($file . $suffix);
    }
    return Connection::open("sqlite:$file");
}

\printf("%-10s %-8s %22s %22s\n", 'transfers', 'db', 'eligibility p50/p99 µs', 'SUM ledger p50/p99 µs');
foreach ($sizes as $size) {
    $c = connect($opts, $size);
    $sc = ShopCredit::boot(['connection' => $c, 'clock' => new FixedClock($now), 'install' => true]);
    $sc->settings()->installDefaults('1', 'EUR', 'bench');
    $wallet = 'wallet:1:42:EUR';
    $sales = 'shop:1:sales:EUR';
    $topups = 'shop:1:topups:EUR';
    $sc->wallet()->topUp('1', '42', 'EUR', 'seed', 'o-seed', '500.00');

    // N transfers of 1.00: even ones top-ups (topups → wallet), odd ones payments (wallet → sales).
    $t0 = \microtime(true);
    $batch = $c->isMysql() ? 1000 : 1;
    $cols = '(id, debit_account_id, credit_account_id, amount, currency, timeout_s, flags, code, order_ref, timestamp_s, pending_status)';
    $c->transaction(function (Connection $c) use ($size, $batch, $cols, $wallet, $sales, $topups, $now): void {
        $one = '(?, ?, ?, 100, \'EUR\', 0, 0, ?, ?, ?, \'none\')';
        $stmt = $c->pdo()->prepare('INSERT INTO ' . $c->quotedTable('transfers') . " $cols VALUES " . \implode(',', \array_fill(0, $batch, $one)));
        $params = [];
        for ($i = 0; $i < $size; $i++) {
            $credit = $i % 2 === 0;
            \array_push($params, "bench-$i", $credit ? $topups : $wallet, $credit ? $wallet : $sales, $credit ? 'top_up' : 'order_payment', "o-b$i", $now - $size + $i);
            if (\count($params) === 6 * $batch) {
                $stmt->execute($params);
                $params = [];
            }
        }
        $half = \intdiv($size, 2);
        $c->execute('UPDATE {accounts} SET credits_posted = credits_posted + ?, debits_posted = debits_posted + ? WHERE id = ?', [100 * ($size - $half), 100 * $half, $wallet]);
        // House accounts take their changes as deltas (HouseAccounts).
        $c->insertRows('account_deltas', [
            ['account_id' => $topups, 'debits_pending' => 0, 'debits_posted' => 100 * ($size - $half), 'credits_pending' => 0, 'credits_posted' => 0, 'created_at' => $now],
            ['account_id' => $sales, 'debits_pending' => 0, 'debits_posted' => 0, 'credits_pending' => 0, 'credits_posted' => 100 * $half, 'created_at' => $now],
        ]);
    }, 1);
    $loadS = \microtime(true) - $t0;

    $customer = ['customerId' => '42', 'groupIds' => ['3'], 'loggedIn' => true];
    $cart = ['currency' => 'EUR', 'total' => '80.00', 'billingCountry' => 'FR'];
    $expected = $sc->overview()->customer('1', '42', 'EUR')['wallet']['available'];
    $elig = [];
    for ($i = 0; $i < $runs; $i++) {
        // A fresh composition per decision, as each web request has: nothing cached between them.
        $t = \hrtime(true);
        $r = ShopCredit::boot(['connection' => $c, 'clock' => new FixedClock($now)])->checkout()->eligibility('1', $customer, $cart);
        $elig[] = (\hrtime(true) - $t) / 1000;
    }
    $full = \array_column($r['methods'], null, 'method')['wallet_full'];
    if ($full['available'] !== true) {
        throw new \RuntimeException('the balance should pay this cart: ' . \json_encode($full));
    }
    $sum = [];
    $sql = 'SELECT COALESCE(SUM(CASE WHEN credit_account_id = ? THEN amount ELSE -amount END), 0)
              FROM ' . $c->quotedTable('transfers') . ' WHERE credit_account_id = ? OR debit_account_id = ?';
    $sumRuns = \max(5, \intdiv($runs, $size >= 1_000_000 ? 30 : 3));
    for ($i = 0; $i < $sumRuns; $i++) {
        $t = \hrtime(true);
        $balance = (int) $c->fetchValue($sql, [$wallet, $wallet, $wallet]);
        $sum[] = (\hrtime(true) - $t) / 1000;
    }
    if (\sprintf('%d.%02d', \intdiv($balance, 100), $balance % 100) !== $expected) {
        throw new \RuntimeException("SUM gives $balance, the account row $expected");
    }
    [$e50, $e99] = pct($elig);
    [$s50, $s99] = pct($sum);
    \printf("%-10s %-8s %10.0f / %-10.0f %10.0f / %-10.0f (loaded in %.1f s)\n", \number_format($size), $c->dialect(), $e50, $e99, $s50, $s99, $loadS);
    if (isset($opts['dsn'])) {
        (new Migrations($c))->uninstall(true);
    }
}

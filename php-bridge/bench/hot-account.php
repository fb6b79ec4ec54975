<?php

declare(strict_types=1);

/*
 * Reservations per second on ONE hot balance with 16 concurrent clients:
 *   php php-bridge/bench/hot-account.php --dsn=mysql:host=127.0.0.1;port=3427;dbname=... --user= --password= [--clients=16] [--seconds=10] [--balance=30.00]
 *
 * Customer 42's balance is reserved 0.10 per order by every client in a loop for --seconds:
 * first with a balance no run can use up (throughput), then with --balance that the clients use
 * up (exactly balance / 0.10 reservations may pass). Each reservation locks the balance row, asks the core and writes the transfer in one
 * transaction. Afterwards: accepted × 0.10 must equal exactly what the balance has reserved, the
 * reserved amount never exceeds the balance (zero overspend) and the books reconcile.
 */

require __DIR__ . '/../src/autoload.php';

use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;

$opts = \getopt('', ['dsn:', 'user::', 'password::', 'clients::', 'seconds::', 'balance::']);
$clients = \max(1, (int) ($opts['clients'] ?? 16));
$seconds = \max(1, (int) ($opts['seconds'] ?? 10));
$balance = (string) ($opts['balance'] ?? '30.00');
/**
 * Races $clients processes on customer 42's balance of $balance for $seconds.
 * @return array{accepted: int, refused: int, retries: int, wallet: array<string, mixed>, consistent: bool}
 */
function race(array $opts, int $clients, int $seconds, string $balance): array
{
    $prefix = 'hot' . \bin2hex(\random_bytes(3)) . '_';
    $c = Connection::open((string) $opts['dsn'], $opts['user'] ?? null, $opts['password'] ?? null, $prefix);
    $sc = ShopCredit::boot(['connection' => $c, 'install' => true]);
    $sc->settings()->installDefaults('1', 'EUR', 'bench');
    $sc->settings()->save('1', ['wallet' => ['maxTopUp' => '0.00'] + $sc->settings()->get('1', 'wallet')], 'EUR', 'bench');
    $sc->wallet()->topUp('1', '42', 'EUR', 'hot-seed', 'o-hot-seed', $balance);
    $startAt = (int) (\microtime(true) * 1e6) + 1_000_000;
    $procs = [];
    for ($n = 0; $n < $clients; $n++) {
        $p = \proc_open([\PHP_BINARY, __DIR__ . '/fixtures/hot-worker.php', (string) $opts['dsn'], (string) ($opts['user'] ?? ''), (string) ($opts['password'] ?? ''), $prefix, (string) $n, (string) $startAt, (string) $seconds], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $procs[] = [$p, $pipes];
    }
    $out = ['accepted' => 0, 'refused' => 0, 'retries' => 0];
    foreach ($procs as [$p, $pipes]) {
        $line = \trim((string) \stream_get_contents($pipes[1]));
        $err = (string) \stream_get_contents($pipes[2]);
        \proc_close($p);
        $r = \json_decode($line, true);
        if (!\is_array($r)) {
            \fwrite(\STDERR, "a client failed: $line $err\n");
            exit(1);
        }
        foreach ($out as $k => $v) {
            $out[$k] = $v + $r[$k];
        }
    }
    $out['wallet'] = $sc->overview()->customer('1', '42', 'EUR')['wallet'];
    $out['consistent'] = $sc->reconciliation()->run()['consistent'];
    (new Migrations($c))->uninstall(true);
    return $out;
}

function tenths(int $n): string
{
    return \sprintf('%d.%02d', \intdiv($n * 10, 100), ($n * 10) % 100);
}

// 1. Throughput: a balance no run can use up.
$r = race($opts, $clients, $seconds, '1000000.00');
\printf("throughput: %d clients × %d s on one balance: %d reservations (%.0f/s), %d refused, %d transaction retries; reserved %s (%s), reconciliation %s\n",
    $clients, $seconds, $r['accepted'], $r['accepted'] / $seconds, $r['refused'], $r['retries'], $r['wallet']['reserved'],
    $r['wallet']['reserved'] === tenths($r['accepted']) ? 'exact' : 'MISMATCH', $r['consistent'] ? 'clean' : 'DRIFT');
$ok = $r['wallet']['reserved'] === tenths($r['accepted']) && $r['consistent'] && $r['refused'] === 0;

// 2. Overspend: a balance the clients use up within the run; exactly balance / 0.10 may pass.
$r2 = race($opts, $clients, \max(4, \intdiv($seconds, 2)), $balance);
$exact = \intdiv(\ShopCredit\Storage\MoneyFormat::toMinorNonNegative($balance, 'EUR'), 10);
\printf("overspend: %d clients on a balance of %s: %d accepted (exactly %d fit), %d refused, available after %s, reconciliation %s\n",
    $clients, $balance, $r2['accepted'], $exact, $r2['refused'], $r2['wallet']['available'], $r2['consistent'] ? 'clean' : 'DRIFT');
$ok = $ok && $r2['accepted'] === $exact && $r2['wallet']['available'] === '0.00' && $r2['consistent'];
exit($ok ? 0 : 1);

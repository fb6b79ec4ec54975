<?php

declare(strict_types=1);

/*
 * Reservations per second with concurrent PHP clients, each reservation one transaction (lock the
 * customer's balance, the core's decision, the legs, the balance, the sales delta, commit):
 *   php php-bridge/bench/throughput.php --dsn=mysql:... --user= --password= [--clients=16] [--seconds=10]
 *   ... [--only='one shop,overspend']   some of the runs below only
 *   php php-bridge/bench/throughput.php --dsns="mysql:...4412... mysql:...4413... mysql:...4414..." --user= --password=   (a cluster: clients spread over the nodes)
 *
 *   separate shops   client n books for customer 1 of shop n (nothing shared)
 *   one shop         client n books for customer n of shop 1 (the shop's sales account shared)
 *   one customer     every client books on customer 42's balance (one hot row)
 *   overspend        every client on a balance of --balance (30.00), 0.10 each, until it is used
 *                    up: exactly balance / 0.10 may pass
 * Prints reservations/s, transaction attempts p50/p99/max, and checks that the balances hold
 * exactly what was accepted, that nothing was overspent and that the books reconcile.
 */

require __DIR__ . '/../src/autoload.php';

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;
use ShopCredit\Storage\MoneyFormat;

$opts = \getopt('', ['dsn::', 'dsns::', 'user::', 'password::', 'clients::', 'seconds::', 'balance::', 'only::']);
$nodes = isset($opts['dsns']) ? \array_values(\array_filter(\explode(' ', (string) $opts['dsns']))) : [(string) ($opts['dsn'] ?? '')];
if ($nodes === [''] || !\str_starts_with($nodes[0], 'mysql:')) {
    \fwrite(\STDERR, "usage: throughput.php --dsn=mysql:... (or --dsns='node1 node2 node3') --user= --password=\n");
    exit(2);
}
$clients = \max(1, (int) ($opts['clients'] ?? 16));
$seconds = \max(1, (int) ($opts['seconds'] ?? 10));
$label = \count($nodes) > 1 ? \count($nodes) . '-node cluster' : 'one server';

/**
 * Runs $clients loops for $seconds; client n books for $who($n) = [shop, customer].
 * @return array{accepted: int, refused: int, attempts: array<int, int>, sc: ShopCredit, c: Connection, who: callable}
 */
function run(array $opts, array $nodes, int $clients, int $seconds, callable $who, string $balance, string $amount): array
{
    $prefix = 'tp' . \bin2hex(\random_bytes(3)) . '_';
    $c = Connection::open($nodes[0], $opts['user'] ?? null, $opts['password'] ?? null, $prefix);
    $sc = ShopCredit::boot(['connection' => $c, 'install' => true, 'clock' => new FixedClock(\time())]);
    $seeded = [];
    for ($n = 0; $n < $clients; $n++) {
        [$shop, $customer] = $who($n);
        if (!isset($seeded["$shop/$customer"])) {
            if (!isset($seeded[$shop])) {
                $sc->settings()->installDefaults($shop, 'EUR', 'bench');
                $sc->settings()->save($shop, ['wallet' => ['maxTopUp' => '0.00'] + $sc->settings()->get($shop, 'wallet')], 'EUR', 'bench');
                $seeded[$shop] = true;
            }
            $sc->wallet()->topUp($shop, $customer, 'EUR', "seed-$shop-$customer", "o-seed-$shop-$customer", $balance);
            $seeded["$shop/$customer"] = true;
        }
    }
    $startAt = (int) (\microtime(true) * 1e6) + 1_000_000;
    $procs = [];
    for ($n = 0; $n < $clients; $n++) {
        [$shop, $customer] = $who($n);
        $cmd = [\PHP_BINARY, __DIR__ . '/fixtures/reserve-loop.php', $nodes[$n % \count($nodes)], (string) ($opts['user'] ?? ''), (string) ($opts['password'] ?? ''),
            $prefix, $shop, $customer, $amount, (string) $n, (string) $startAt, (string) $seconds];
        $procs[] = \proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes) ?: throw new \RuntimeException('proc_open');
        $pipesOf[] = $pipes;
    }
    $out = ['accepted' => 0, 'refused' => 0, 'busy' => 0, 'attempts' => []];
    foreach ($procs as $k => $p) {
        $line = \trim((string) \stream_get_contents($pipesOf[$k][1]));
        $err = (string) \stream_get_contents($pipesOf[$k][2]);
        \proc_close($p);
        $r = \json_decode($line, true);
        if (!\is_array($r)) {
            \fwrite(\STDERR, "a client failed: $line $err\n");
            exit(1);
        }
        $out['accepted'] += $r['accepted'];
        $out['refused'] += $r['refused'];
        $out['busy'] += $r['busy'];
        foreach ($r['attempts'] as $a => $count) {
            $out['attempts'][(int) $a] = ($out['attempts'][(int) $a] ?? 0) + $count;
        }
    }
    return $out + ['sc' => $sc, 'c' => $c, 'who' => $who];
}

/** @param array<int, int> $hist attempts → transactions @return string p50/p99/max */
function attempts(array $hist): string
{
    \ksort($hist);
    $total = \array_sum($hist);
    $at = static function (float $q) use ($hist, $total): int {
        $seen = 0;
        foreach ($hist as $a => $count) {
            $seen += $count;
            if ($seen >= $q * $total) {
                return $a;
            }
        }
        return (int) \array_key_last($hist);
    };
    return \sprintf('%d/%d/%d', $at(0.5), $at(0.99), (int) \array_key_last($hist));
}

/** Every booked balance holds exactly what was accepted; the books reconcile. */
function check(array $r, int $clients, string $amount): bool
{
    $reserved = 0;
    $seen = [];
    for ($n = 0; $n < $clients; $n++) {
        [$shop, $customer] = ($r['who'])($n);
        if (!isset($seen["$shop/$customer"])) {
            $seen["$shop/$customer"] = true;
            $w = $r['sc']->overview()->customer($shop, $customer, 'EUR')['wallet'];
            $reserved += MoneyFormat::toMinorNonNegative((string) $w['reserved'], 'EUR');
        }
    }
    $rec = $r['sc']->reconciliation()->run();
    $ok = $reserved === $r['accepted'] * MoneyFormat::toMinorNonNegative($amount, 'EUR') && $rec['consistent'];
    if (!$ok) {
        \fwrite(\STDERR, \sprintf("  reserved %d minor units for %d accepted, %d refused, %d busy; drift %s\n",
            $reserved, $r['accepted'], $r['refused'], $r['busy'], \json_encode(\array_slice($rec['drift'], 0, 4))));
    }
    (new Migrations($r['c']))->uninstall(true);
    return $ok;
}

$scenarios = [
    'separate shops' => static fn (int $n): array => ["s$n", '1'],
    'one shop' => static fn (int $n): array => ['1', "c$n"],
    'one customer' => static fn (int $n): array => ['1', '42'],
];
$ok = true;
$rates = [];
$only = isset($opts['only']) ? \explode(',', (string) $opts['only']) : null;
foreach ($scenarios as $name => $who) {
    if ($only !== null && !\in_array($name, $only, true)) {
        continue;
    }
    $r = run($opts, $nodes, $clients, $seconds, $who, '1000000.00', '0.10');
    $rates[$name] = $r['accepted'] / $seconds;
    $fine = check($r, $clients, '0.10') && $r['refused'] === 0;
    $ok = $ok && $fine;
    \printf("%s, %d clients, %-15s %6.0f reservations/s  attempts p50/p99/max %s  %s%s\n", $label, $clients, $name . ':', $rates[$name], attempts($r['attempts']),
        $fine ? 'exact, books reconcile' : 'MISMATCH', $r['busy'] > 0 ? "  ({$r['busy']} gave up busy, nothing booked)" : '');
}
if (isset($rates['one shop'], $rates['separate shops'])) {
    \printf("%s: 16 customers of one shop reach %.0f %% of 16 separate shops\n", $label, 100 * $rates['one shop'] / \max(1, $rates['separate shops']));
}
if ($only !== null && !\in_array('overspend', $only, true)) {
    exit($ok ? 0 : 1);
}

$balance = (string) ($opts['balance'] ?? '30.00');
$fit = \intdiv(MoneyFormat::toMinorNonNegative($balance, 'EUR'), 10);
$r = run($opts, $nodes, $clients, \max(4, \intdiv($seconds, 2)), static fn (int $n): array => ['1', '42'], $balance, '0.10');
$available = $r['sc']->overview()->customer('1', '42', 'EUR')['wallet']['available'];
// 0 overspend: never more than fits, the balance holds exactly what was accepted, nothing left once all fit.
$fine = $r['accepted'] <= $fit && ($r['accepted'] < $fit || $available === '0.00') && check($r, $clients, '0.10');
$ok = $ok && $fine;
\printf("%s, overspend: %d clients on a balance of %s: %d accepted (exactly %d fit), %d refused, %d gave up busy, available after %s, attempts p50/p99/max %s  %s\n",
    $label, $clients, $balance, $r['accepted'], $fit, $r['refused'], $r['busy'], $available, attempts($r['attempts']), $fine ? '0 overspend, books reconcile' : 'OVERSPEND OR DRIFT');
exit($ok ? 0 : 1);

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * On a 3-node MariaDB Galera cluster (make test-cluster: scripts/galera.sh starts it and sets
 * SHOPCREDIT_GALERA_DSNS; skipped otherwise): the same checkout sent to every node at once is
 * booked once; writers spread over the nodes keep the balance exact while one node is killed
 * mid-run (its writers send their requests again, same keys, to the other nodes), and the killed
 * node rejoins with the same books.
 */
final class ClusterTest extends ServiceTestCase
{
    private const WORKERS = 24;
    private const OPS = 5;
    /** The balance has room for this many of the WORKERS × OPS reservations of 1.00. */
    private const ROOM = 60;
    /** The node killed once this many reservations were answered (a count, not a time). */
    private const KILL_AFTER = 30;

    protected function setUp(): void
    {
        parent::setUp();
        if (self::clusterDsns() === []) {
            $this->markTestSkipped('needs a Galera cluster: make test-cluster (scripts/galera.sh start; eval "$(scripts/galera.sh env)")');
        }
    }

    public function testTheSameCheckoutOnEveryNodeAtOnceIsBookedOnce(): void
    {
        $sc = $this->boot('mysql');
        $sc->wallet()->topUp('1', '7', 'EUR', 'top', 'o-top', '60.00');
        $answers = $this->race('mysql', 'cluster-worker.php', [\implode(' ', self::clusterDsns()), 'same', '1'], 30, [(string) self::NOW]);
        self::assertCount(30, \array_filter($answers, static fn (array $a): bool => $a['accepted'] === true), 'every node answers the one reservation');
        self::assertSame(1, \array_sum(\array_column($answers, 'written')), 'booked once');
        self::assertSame(['dp' => '1.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '60.00'], self::balances($sc, 'wallet:1:7:EUR'));
        self::assertTrue($sc->reconciliation()->run()['consistent']);
        self::report('same key on 3 nodes', $answers);
    }

    public function testANodeKilledMidRunLosesNothingAndCountsNothingTwice(): void
    {
        $sc = $this->boot('mysql');
        $sc->wallet()->topUp('1', '7', 'EUR', 'top', 'o-top', self::ROOM . '.00');
        $answers = $this->raceAndKill(2);
        self::assertCount(self::WORKERS * self::OPS, $answers);
        self::assertCount(self::WORKERS * self::OPS, \array_unique(\array_column($answers, 'key')), 'every request answered once');
        $accepted = \array_filter($answers, static fn (array $a): bool => $a['accepted'] === true);
        self::assertCount(self::ROOM, $accepted, 'exactly the room the balance had');
        foreach ($answers as $a) {
            if ($a['accepted'] !== true) {
                self::assertContains($a['reasons'][0] ?? '', ['wallet_empty', 'wallet_insufficient_funds'], \json_encode($a));
            }
        }
        self::assertGreaterThan(0, \array_sum(\array_column($answers, 'moves')), "the killed node's writers moved to the others");
        // Zero overspend, and every accepted key booked once.
        self::assertSame(['dp' => self::ROOM . '.00', 'd' => '0.00', 'cp' => '0.00', 'c' => self::ROOM . '.00'], self::balances($sc, 'wallet:1:7:EUR'));
        self::assertSame(self::ROOM, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE id LIKE 'cl-%'"));
        $expected = \array_map(static fn (array $a): string => $a['key'] . ':wallet', $accepted);
        \sort($expected);
        self::assertSame($expected, \array_map('strval', \array_column($sc->connection->fetchAll("SELECT id FROM {transfers} WHERE id LIKE 'cl-%' ORDER BY id"), 'id')));
        self::assertTrue($sc->reconciliation()->run()['consistent']);
        self::report('node 2 killed mid-run', $answers);

        // The killed node comes back by state transfer and holds the same books.
        $this->galera('start-node', '2');
        $t = $this->target('mysql');
        $node2 = \ShopCredit\Storage\Connection::open(self::clusterDsns()[1], $t['user'], $t['password'], $this->prefix);
        self::assertSame(self::ROOM, (int) $node2->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE id LIKE 'cl-%'"));
        $rec = \ShopCredit\Service\ShopCredit::boot(['connection' => $node2, 'clock' => $this->clock])->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
    }

    /**
     * Starts the workers spread over the nodes and kills $node once KILL_AFTER reservations were
     * answered. @return list<array<string, mixed>> every answer
     */
    private function raceAndKill(int $node): array
    {
        $t = $this->target('mysql');
        $startAt = (int) (\microtime(true) * 1e6) + 1_500_000;
        $procs = [];
        for ($n = 0; $n < self::WORKERS; $n++) {
            $cmd = [\PHP_BINARY, __DIR__ . '/fixtures/cluster-worker.php', $this->workerDsn('mysql', $n), (string) $t['user'], (string) $t['password'],
                $this->prefix, \implode(' ', self::clusterDsns()), 'spread', (string) self::OPS, (string) $n, (string) $startAt, (string) self::NOW];
            $p = \proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            self::assertIsResource($p);
            $procs[$n] = [$p, $pipes, ''];
        }
        $answers = [];
        $killed = false;
        $open = \array_keys($procs);
        while ($open !== []) {
            $read = \array_map(static fn (int $n) => $procs[$n][1][1], $open);
            $w = $e = null;
            if (\stream_select($read, $w, $e, 60) === 0) {
                self::fail('the workers said nothing for 60 s');
            }
            foreach ($open as $k => $n) {
                if (!\in_array($procs[$n][1][1], $read, true)) {
                    continue;
                }
                $line = \fgets($procs[$n][1][1]);
                if ($line === false) {
                    $err = \stream_get_contents($procs[$n][1][2]);
                    \proc_close($procs[$n][0]);
                    unset($open[$k]);
                    self::assertSame('', \trim((string) $err), "worker $n failed");
                    continue;
                }
                $answers[] = \json_decode($line, true, 512, \JSON_THROW_ON_ERROR);
                if (!$killed && \count($answers) >= self::KILL_AFTER) {
                    $this->galera('kill', (string) $node);
                    $killed = true;
                }
            }
        }
        self::assertTrue($killed);
        return $answers;
    }

    private function galera(string ...$args): void
    {
        $cmd = [\dirname(__DIR__, 3) . '/scripts/galera.sh', ...$args];
        $p = \proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        self::assertIsResource($p);
        $out = \stream_get_contents($pipes[1]) . \stream_get_contents($pipes[2]);
        self::assertSame(0, \proc_close($p), 'galera.sh ' . \implode(' ', $args) . ": $out");
    }

    /** @param list<array<string, mixed>> $answers */
    private static function report(string $what, array $answers): void
    {
        $attempts = \array_column($answers, 'attempts');
        \sort($attempts);
        $at = static fn (float $q): int => $attempts[(int) \floor($q * (\count($attempts) - 1))];
        \fwrite(\STDERR, \sprintf("\n[cluster] %s: %d answers, %d accepted, transaction attempts p50 %d p99 %d max %d, %d moves to another node\n",
            $what, \count($answers), \count(\array_filter(\array_column($answers, 'accepted'))), $at(0.5), $at(0.99), \max($attempts), \array_sum(\array_column($answers, 'moves'))));
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * A worker booking top-ups and balance payments is SIGKILLed in the middle of its work, many
 * times. Then every operation it started is retried with the same key: each completes exactly once,
 * nothing is half-written, the books reconcile.
 *
 * Where each kill lands is chosen by count, not by time: the worker parks itself just before a
 * random SQL statement (fixtures/crash-worker.php) and is killed there, so the work done and the
 * places hit are the same on a fast or a slow machine.
 */
final class KilledWorkerTest extends ServiceTestCase
{
    private const KILLS = 20;
    /** A top-up and a payment run about 10 statements: kills land up to four iterations in. */
    private const MAX_STATEMENTS = 45;

    /** @dataProvider dialects */
    public function testKilledWorkersLeaveNoPartialWriteAndRetriesCompleteOnce(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $t = $this->target($dialect);
        \mt_srand(20261122);
        $next = 0;
        $started = -1;
        $killedInside = 0;
        for ($k = 0; $k < self::KILLS; $k++) {
            $pauseAt = \mt_rand(1, self::MAX_STATEMENTS);
            // On a cluster (make test-cluster) each kill hits a writer on the next node.
            $cmd = [\PHP_BINARY, __DIR__ . '/fixtures/crash-worker.php', $this->workerDsn($dialect, $k), (string) $t['user'], (string) $t['password'], $this->prefix, (string) $next, (string) self::NOW, (string) $pauseAt];
            $p = \proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            self::assertIsResource($p);
            $lines = [];
            while (($line = \fgets($pipes[1])) !== false && \trim($line) !== 'pause') {
                $lines[] = \trim($line);
            }
            if ($line === false) {
                self::fail("the worker exited before statement $pauseAt: " . \stream_get_contents($pipes[2]));
            }
            \proc_terminate($p, 9);
            $err = (string) \stream_get_contents($pipes[2]);
            \fclose($pipes[0]);
            \proc_close($p);
            self::assertSame('', \trim($err), 'the worker failed before it was killed');
            $last = $lines === [] ? null : \end($lines);
            if ($last !== null && \str_starts_with($last, 'start ')) {
                $killedInside++;
            }
            foreach ($lines as $l) {
                [$what, $i] = \explode(' ', $l);
                if ($what === 'start') {
                    $started = \max($started, (int) $i);
                }
            }
            $next = $started + 1;
            // Between kills the books are always whole: counters match the stored transfers.
            $rec = $sc->reconciliation()->run();
            self::assertTrue($rec['consistent'], "after kill $k: " . \json_encode($rec['drift']));
        }
        self::assertGreaterThan(0, $started, 'the worker got going');
        self::assertSame(self::KILLS, $killedInside, 'every kill landed in the middle of an operation');

        // The retries: every operation ever started, with its key, once more.
        $customer = self::customer('42');
        $written = 0;
        for ($i = 0; $i <= $started; $i++) {
            $written += $sc->wallet()->topUp('1', '42', 'EUR', "tu-$i", "o-tu-$i", '2.00')['_written'];
            $written += $sc->wallet()->pay('1', "pay-$i", "o-pay-$i", $customer, ['currency' => 'EUR', 'total' => '1.00'], 'full', '1.00')['_written'];
        }
        $n = $started + 1;
        self::assertLessThanOrEqual(2 * self::KILLS, $written, 'only the interrupted operations were left to do');
        self::assertSame($n, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE id LIKE 'tu-%'"));
        self::assertSame($n, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE id LIKE 'pay-%'"));
        $fmt = static fn (int $units): string => $units . '.00';
        self::assertSame(['dp' => '0.00', 'd' => $fmt($n), 'cp' => '0.00', 'c' => $fmt(2 * $n)], self::balances($sc, 'wallet:1:42:EUR'));
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        \fwrite(\STDERR, \sprintf("\n[%s] %d kills (%d inside an operation), %d operations started, %d transfers written by the retries\n", $dialect, self::KILLS, $killedInside, 2 * $n, $written));
    }
}

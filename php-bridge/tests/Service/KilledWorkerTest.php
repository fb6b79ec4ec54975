<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * A worker booking top-ups and balance payments is SIGKILLed at random moments, many times.
 * Then every operation it started is retried with the same key: each completes exactly once,
 * nothing is half-written, the books reconcile.
 */
final class KilledWorkerTest extends ServiceTestCase
{
    private const KILLS = 20;

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
            $cmd = [\PHP_BINARY, __DIR__ . '/fixtures/crash-worker.php', $t['dsn'], (string) $t['user'], (string) $t['password'], $this->prefix, (string) $next, (string) self::NOW];
            $p = \proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            self::assertIsResource($p);
            \stream_set_blocking($pipes[1], false);
            // Let it boot and book a few operations, then kill it wherever it is.
            \usleep(\mt_rand(80_000, 400_000));
            \proc_terminate($p, 9);
            $deadline = \microtime(true) + 10;
            while (\proc_get_status($p)['running'] && \microtime(true) < $deadline) {
                \usleep(10_000);
            }
            $out = (string) \stream_get_contents($pipes[1]);
            $err = (string) \stream_get_contents($pipes[2]);
            \proc_close($p);
            self::assertSame('', \trim($err), 'the worker failed before it was killed');
            $lines = \array_values(\array_filter(\explode("\n", $out)));
            $last = $lines === [] ? null : \end($lines);
            if ($last !== null && \str_starts_with($last, 'start ')) {
                $killedInside++;
            }
            foreach ($lines as $line) {
                [$what, $i] = \explode(' ', $line);
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
        self::assertGreaterThan(self::KILLS / 2, $killedInside, 'most kills landed in the middle of an operation');

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

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * Order events arriving at the same moment, from real concurrent PHP processes (SQLite and
 * MariaDB): the same event delivered by every process, different events meaning the same thing,
 * and two different events for one order. Whatever the interleaving, the books move once and
 * every host action (status, note, mail, payment, external refund) is performed exactly once.
 */
final class OrderConcurrencyTest extends ServiceTestCase
{
    public const PROCESSES = 8;

    private string $log = '';

    protected function tearDown(): void
    {
        foreach (['', '.body', '.headers'] as $suffix) {
            @\unlink($this->log . $suffix);
        }
        parent::tearDown();
    }

    private function setUpShop(string $dialect, string $balance = '500.00'): ShopCredit
    {
        $this->log = \sys_get_temp_dir() . '/sc-order-race-' . \bin2hex(\random_bytes(4)) . '.log';
        \touch($this->log);
        $sc = $this->boot($dialect);
        $sc->settings->set('*', 'orders.top_up_methods', ['stripe']);
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed', 'seed', $balance);
        return $sc;
    }

    /** @return list<array<string, mixed>> */
    private function raceOrders(string $dialect, string $mode): array
    {
        $answers = $this->race($dialect, 'order-worker.php', [$mode, $this->log], self::PROCESSES, [(string) self::NOW]);
        \fwrite(\STDERR, \sprintf("\n[%s] %d processes %s: %d applied, max transaction attempts %d\n", $dialect, \count($answers), $mode,
            \count(\array_filter($answers, static fn (array $a): bool => $a['applied'] && !$a['replay'])), \max(\array_column($answers, 'attempts'))));
        return $answers;
    }

    /** @return list<string> the actions performed, as `order type:detail` */
    private function performed(): array
    {
        $out = [];
        foreach (\array_filter(\explode("\n", (string) \file_get_contents($this->log))) as $line) {
            $a = \json_decode($line, true);
            $out[] = $a['orderRef'] . ' ' . $a['type'] . ':' . ($a['class'] ?? $a['code'] ?? $a['template'] ?? $a['amount'] ?? '');
        }
        \sort($out);
        return $out;
    }

    private function place(ShopCredit $sc, string $ref, string $method, string $total, array $extra = []): void
    {
        $a = $sc->orders()->place('1', $ref, ['customer' => self::customer('42'), 'method' => $method, 'currency' => 'EUR', 'total' => $total] + $extra);
        self::assertTrue($a['accepted'], \json_encode($a));
        if ($method === 'wallet_partial') {
            $sc->orders()->statusChanged('1', $ref, 'paid', 'wc-processing', 'status:paid');
        }
    }

    /** @dataProvider dialects */
    public function testTheSameCancellationDeliveredByEveryProcessRestoresOnce(string $dialect): void
    {
        $sc = $this->setUpShop($dialect);
        $this->place($sc, 'o-C', 'wallet_full', '40.00');
        $answers = $this->raceOrders($dialect, 'cancel-same');
        self::assertCount(1, \array_filter($answers, static fn (array $a): bool => !$a['replay']), 'one process applies it, the others get replay');
        self::assertSame(['o-C note:balance_restored'], $this->performed());
        self::assertSame(['dp' => '0.00', 'd' => '40.00', 'cp' => '0.00', 'c' => '540.00'], self::balances($sc, 'wallet:1:42:EUR'));
        // Different keys, the same meaning (a host without change ids): applied once, the rest already_applied.
        \file_put_contents($this->log, '');
        $answers = $this->raceOrders($dialect, 'cancel-distinct');
        foreach ($answers as $a) {
            self::assertSame([false, ['already_applied'], 0], [$a['applied'], $a['reasons'], $a['performed']], \json_encode($a));
        }
        self::assertSame([], $this->performed());
    }

    /** @dataProvider dialects */
    public function testTheSameRefundAndTwoDifferentEventsAtOnceNeverGiveBackTwice(string $dialect): void
    {
        $sc = $this->setUpShop($dialect, '30.00');
        $this->place($sc, 'o-R', 'wallet_partial', '40.00', ['walletPart' => '30.00', 'paymentMethod' => 'bacs']);
        $this->raceOrders($dialect, 'refund-same');
        self::assertSame(['o-R note:refund_booked', 'o-R refund_external:3.75'], $this->performed());
        self::assertSame('11.25', $sc->orders()->summary('1', 'o-R')['wallet']['refunded']);
        // Cancellations and refunds of one order at once: whatever the order, the balance part comes back once.
        \file_put_contents($this->log, '');
        $sc->wallet()->topUp('1', '42', 'EUR', 'seed-2', 'seed-2', '20.00');
        $this->place($sc, 'o-M', 'wallet_partial', '40.00', ['walletPart' => '30.00', 'paymentMethod' => 'bacs']);
        $this->raceOrders($dialect, 'mixed');
        $s = $sc->orders()->summary('1', 'o-M');
        self::assertSame(['30.00', '0.00'], [$s['wallet']['paid'], $s['wallet']['held']], 'everything back, once: ' . \json_encode($s['wallet']));
        self::assertSame('30.00', \ShopCredit\Storage\MoneyFormat::format(
            \ShopCredit\Storage\MoneyFormat::toMinor($s['wallet']['refunded'], 'EUR') + \ShopCredit\Storage\MoneyFormat::toMinor($s['wallet']['restored'], 'EUR'), 'EUR'));
        self::assertLessThanOrEqual(1, \count(\array_filter($this->performed(), static fn (string $p): bool => \str_contains($p, 'balance_restored'))));
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        // 30 + 20 topped up; 30.00 of o-R stays paid except its 11.25 refund; o-M gave everything back.
        self::assertSame(['dp' => '0.00', 'd' => '60.00', 'cp' => '0.00', 'c' => '91.25'], self::balances($sc, 'wallet:1:42:EUR'));
    }

    /** @dataProvider dialects */
    public function testConcurrentCapturesCreditATopUpOnce(string $dialect): void
    {
        $sc = $this->setUpShop($dialect);
        $this->place($sc, 't-1', 'external', '50.00', ['kind' => 'top_up', 'paymentMethod' => 'stripe']);
        $this->raceOrders($dialect, 'capture');
        self::assertSame(['t-1 email:balance_credited', 't-1 note:top_up_credited', 't-1 set_status:paid'], $this->performed());
        self::assertSame(['dp' => '0.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '550.00'], self::balances($sc, 'wallet:1:42:EUR'));
    }

    /** @dataProvider dialects */
    public function testConcurrentFinancingWebhooksMoveTheOrderOnce(string $dialect): void
    {
        $sc = $this->setUpShop($dialect);
        $this->place($sc, 'o-F', 'financing', '300.00');
        $sc->financing()->register('1', 'sub-F', 'o-F', 'SCFRSP-3XTS', '300.00', 'EUR');
        [$body, $headers] = $this->webhook('e-acc', 'ACCEPTED', 'o-F', '2026-11-02T08:00:00.000Z');
        \file_put_contents($this->log . '.body', $body);
        \file_put_contents($this->log . '.headers', \json_encode($headers));
        $answers = $this->raceOrders($dialect, 'webhook');
        self::assertCount(1, \array_filter($answers, static fn (array $a): bool => $a['applied']));
        self::assertSame(['o-F email:new_order', 'o-F email:order_processing', 'o-F note:financing_accepted', 'o-F record_payment:300.00', 'o-F set_status:paid'], $this->performed(),
            'one payment recorded, one status change, one pair of mails');
    }

    /**
     * PrestaShop writes an order's new state again after its hook: the change whose hook ran
     * first can write last. Two real processes in that order (forced by marker files): the
     * order ends as the shop shows it, whichever way (cancel written last: the balance comes
     * back; paid written last: it is taken again).
     * @dataProvider dialects
     */
    public function testAStatusWrittenByTheShopAfterALaterHookIsWhatTheBooksEndWith(string $dialect): void
    {
        $sc = $this->setUpShop($dialect);
        $this->place($sc, 'o-S', 'wallet_full', '22.94');
        $this->raceLateWrite($dialect, 'cancelled', 'paid');
        self::assertSame(['0.00', 'cancelled'], [$sc->orders()->summary('1', 'o-S')['wallet']['held'], $sc->orders()->summary('1', 'o-S')['status']]);
        self::assertSame('500.00', (string) $sc->overview()->customer('1', '42', 'EUR')['wallet']['balance']);
        $this->raceLateWrite($dialect, 'paid', 'cancelled');
        self::assertSame(['22.94', 'paid'], [$sc->orders()->summary('1', 'o-S')['wallet']['held'], $sc->orders()->summary('1', 'o-S')['status']]);
        self::assertSame('477.06', (string) $sc->overview()->customer('1', '42', 'EUR')['wallet']['balance']);
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    /** The first change's hook, the second change (hook and write), the first change's late write; both settle. */
    private function raceLateWrite(string $dialect, string $first, string $second): void
    {
        $dir = $this->log . '.d-' . $first;
        \mkdir($dir);
        $t = $this->target($dialect);
        $procs = [];
        foreach (['first' => $first, 'second' => $second] as $role => $class) {
            $cmd = [\PHP_BINARY, __DIR__ . '/fixtures/settle-worker.php', $this->workerDsn($dialect, 0), (string) $t['user'], (string) $t['password'], $this->prefix, $role, $class, $dir, (string) self::NOW];
            $procs[] = [\proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes), $pipes];
        }
        $out = '';
        foreach ($procs as [$p, $pipes]) {
            $out .= \stream_get_contents($pipes[1]) . \stream_get_contents($pipes[2]);
            \proc_close($p);
        }
        self::assertSame($first, \file_get_contents("$dir/status"), 'the shop shows the change written last: ' . $out);
        \array_map('unlink', \glob("$dir/*") ?: []);
        \rmdir($dir);
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * 32 PHP processes at once refund 50.00 each of one 500.00 balance order, and 32 others ask to
 * withdraw 50.00 each from one 500.00 balance: exactly K = 10 of each go through, nothing is
 * refunded or withdrawn twice, the books reconcile.
 */
final class ConcurrentRefundsAndWithdrawalsTest extends ServiceTestCase
{
    public const PROCESSES = 32;
    public const K = 10;

    /** @dataProvider dialects */
    public function testRacingRefundsGiveBackAtMostWhatWasPaid(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'top-42', 'o-top-42', '500.00');
        $paid = $sc->wallet()->pay('1', 'pay-R', 'o-R', self::customer('42'), ['currency' => 'EUR', 'total' => '500.00'], 'full', '500.00');
        self::assertTrue($paid['accepted']);

        $answers = $this->raceMoney($dialect, 'refund');
        $accepted = \array_filter($answers, static fn (array $a): bool => $a['accepted']);
        self::assertCount(self::K, $accepted, 'exactly K refunds of 50.00 fit in 500.00');
        foreach ($answers as $a) {
            if (!$a['accepted']) {
                self::assertSame(['refund_exceeds_paid'], $a['reasons'], \json_encode($a));
            }
        }
        self::assertSame(['dp' => '0.00', 'd' => '500.00', 'cp' => '0.00', 'c' => '1000.00'], self::balances($sc, 'wallet:1:42:EUR'));
        self::assertSame(self::K, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE code = 'refund'"));
        self::assertSame(self::K, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {refunds}'));
        // One more, after the race: nothing left to refund.
        $late = $sc->wallet()->refund('1', '42', 'EUR', 'rf-late', 'o-R', '0.01', [['source' => 'wallet', 'paid' => '500.00']]);
        self::assertSame(['refund_exceeds_paid'], $late['reasons']);
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
    }

    /** @dataProvider dialects */
    public function testRacingWithdrawalsNeverOverdrawTheBalance(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '43', 'EUR', 'top-43', 'o-top-43', '500.00');

        $answers = $this->raceMoney($dialect, 'withdrawal');
        $accepted = \array_filter($answers, static fn (array $a): bool => $a['accepted']);
        self::assertCount(self::K, $accepted, 'exactly K withdrawals of 50.00 fit in 500.00');
        foreach ($answers as $a) {
            if (!$a['accepted']) {
                self::assertContains($a['reasons'][0], ['wallet_empty', 'wallet_insufficient_funds'], \json_encode($a));
            }
        }
        self::assertSame(['dp' => '500.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '500.00'], self::balances($sc, 'wallet:1:43:EUR'));
        self::assertCount(self::K, $sc->overview()->requests('withdrawal', '1', ['state' => 'requested']));
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
    }

    /** @return list<array<string, mixed>> one answer per process */
    private function raceMoney(string $dialect, string $mode): array
    {
        $answers = $this->race($dialect, 'money-worker.php', [$mode], self::PROCESSES, [(string) self::NOW]);
        \fwrite(\STDERR, \sprintf("\n[%s] %d %s processes: %d accepted, max transaction attempts %d\n", $dialect, \count($answers), $mode,
            \count(\array_filter($answers, static fn (array $a): bool => $a['accepted'])), \max(\array_column($answers, 'attempts'))));
        return $answers;
    }
}

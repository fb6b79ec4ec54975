<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * 32 PHP processes each place a balance order (50.00) and an order on account (100.00) at once,
 * racing on ONE wallet and ONE credit line that each allow exactly K orders:
 * exactly K succeed, nothing is overspent, the books reconcile.
 */
final class ConcurrencyTest extends ServiceTestCase
{
    public const PROCESSES = 32;
    public const K = 10;

    /** @dataProvider dialects */
    public function testRacingCheckoutsNeverOverspend(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', self::K * 10000);                              // 1000.00 = K × 100.00
        $sc->wallet()->topUp('1', '7', 'EUR', 'top-race', 'o-top', self::K * 50 . '.00'); // 500.00 = K × 50.00
        $answers = $this->race($dialect, 'reserve-worker.php', [], self::PROCESSES, [(string) self::NOW]);
        foreach (['wallet' => ['wallet_empty', 'wallet_insufficient_funds'], 'credit' => ['exceeds_credit_limit']] as $leg => $reasons) {
            $accepted = \array_filter($answers, static fn (array $a): bool => $a[$leg]['accepted'] === true);
            self::assertCount(self::K, $accepted, "exactly K $leg checkouts are reserved");
            foreach ($answers as $a) {
                if ($a[$leg]['accepted'] !== true) {
                    self::assertCount(1, $a[$leg]['reasons'], \json_encode($a));
                    self::assertContains($a[$leg]['reasons'][0], $reasons, \json_encode($a));
                }
            }
        }
        // zero overspend: the wallet is exactly used up, the credit line exactly at its limit
        self::assertSame(['dp' => '500.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '500.00'], self::balances($sc, 'wallet:1:7:EUR'));
        self::assertSame(['dp' => '1000.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '0.00'], self::balances($sc, 'credit:1:7:EUR'));
        self::assertSame('1500.00', self::balances($sc, 'shop:1:sales:EUR')['cp']);
        self::assertSame(1 + 2 * self::K, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}'));
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        $maxAttempts = \max([...\array_column(\array_column($answers, 'wallet'), 'attempts'), ...\array_column(\array_column($answers, 'credit'), 'attempts')]);
        \fwrite(\STDERR, \sprintf("\n[%s] %d processes, K=%d per account: wallet %d reserved, credit %d reserved, max transaction attempts %d\n",
            $dialect, \count($answers), self::K, \count(\array_filter($answers, fn ($a) => $a['wallet']['accepted'])), \count(\array_filter($answers, fn ($a) => $a['credit']['accepted'])), $maxAttempts));
    }
}

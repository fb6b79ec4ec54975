<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * Reconciliation at a size one core request cannot hold: 6,000 movements on one customer's
 * balance and on the shop's sales account (about 2 MB of transfers as JSON; the core takes 1 MiB
 * per request). The books reconcile, and one minor unit of drift is found and named.
 */
final class ReconciliationTest extends ServiceTestCase
{
    private const N = 6000;
    private const WALLET = 'wallet:1:42:EUR';
    private const SALES = 'shop:1:sales:EUR';
    private const TOPUPS = 'shop:1:topups:EUR';

    /** @dataProvider dialects */
    public function testAnAccountWithMoreTransfersThanOneRequestHoldsReconciles(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $expected = $this->book($sc);
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        self::assertSame(3, $rec['accounts']);
        // every transfer touches the wallet and one shop account: counted once from each side
        $n = (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}');
        self::assertGreaterThanOrEqual(self::N, $n);
        self::assertSame(2 * $n, $rec['transfers']);
        $wallet = $sc->reconciliation()->account(self::WALLET);
        self::assertSame($expected, $wallet['account']['computed']);
        self::assertSame($expected, $wallet['account']['stored']);
        self::assertSame($n, $wallet['transfers']);
    }

    /** @dataProvider dialects */
    public function testOneMinorUnitOfDriftInABigAccountIsNamed(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $expected = $this->book($sc);
        $sc->connection->execute('UPDATE {accounts} SET debits_posted = debits_posted + 1 WHERE id = ?', [self::SALES]);
        $sc->connection->execute('UPDATE {accounts} SET credits_pending = credits_pending + 7 WHERE id = ?', [self::WALLET]);
        $rec = $sc->reconciliation()->run();
        self::assertFalse($rec['consistent']);
        self::assertSame([
            ['accountId' => self::SALES, 'computed' => '0.00', 'field' => 'debitsPosted', 'stored' => '0.01'],
            ['accountId' => self::WALLET, 'computed' => '0.00', 'field' => 'creditsPending', 'stored' => '0.07'],
        ], $rec['drift']);
        self::assertSame($expected, $sc->reconciliation()->account(self::WALLET)['account']['computed']);
    }

    /**
     * Books N movements straight through the repositories (the services would take minutes on the
     * generated PHP core): top-ups, payments, live / posted / voided / expired reservations with
     * their posts and voids, and sets the counters they add up to.
     * @return array<string, string> the wallet's counters as the core formats them
     */
    private function book(ShopCredit $sc): array
    {
        $c = [self::WALLET => [0, 0, 0, 0], self::SALES => [0, 0, 0, 0], self::TOPUPS => [0, 0, 0, 0]];
        $rows = [];
        $add = static function (string $id, string $debit, string $credit, int $amount, array $flags = [], string $status = 'none', ?string $pendingId = null, string $code = 'order_payment') use (&$rows): void {
            $rows[] = [
                'id' => $id, 'debitAccountId' => $debit, 'creditAccountId' => $credit, 'amount' => MoneyFormat::format($amount, 'EUR'),
                'currency' => 'EUR', 'pendingId' => $pendingId, 'timeoutS' => 0, 'flags' => $flags, 'code' => $code,
                'orderRef' => 'o-' . \intdiv(\count($rows), 4), 'timestampS' => self::NOW - 86_400 + \count($rows), 'pendingStatus' => $status,
            ];
        };
        $count = static function (string $debit, string $credit, int $amount, bool $pending) use (&$c): void {
            $c[$debit][$pending ? 0 : 1] += $amount;
            $c[$credit][$pending ? 2 : 3] += $amount;
        };
        for ($i = 0; \count($rows) < self::N; $i++) {
            $amount = 100 + $i % 997;
            $add("tu-$i", self::TOPUPS, self::WALLET, 3 * $amount, code: 'top_up');
            $count(self::TOPUPS, self::WALLET, 3 * $amount, false);
            switch ($i % 5) {
                case 0: // paid at once
                    $add("p-$i", self::WALLET, self::SALES, $amount);
                    $count(self::WALLET, self::SALES, $amount, false);
                    break;
                case 1: // reserved, still open
                    $add("r-$i", self::WALLET, self::SALES, $amount, ['pending'], 'pending');
                    $count(self::WALLET, self::SALES, $amount, true);
                    break;
                case 2: // reserved then posted in part
                    $add("r-$i", self::WALLET, self::SALES, $amount, ['pending'], 'posted');
                    $add("r-$i:post", self::WALLET, self::SALES, $amount - 50, ['post_pending'], 'none', "r-$i");
                    $count(self::WALLET, self::SALES, $amount - 50, false);
                    break;
                case 3: // reserved then voided
                    $add("r-$i", self::WALLET, self::SALES, $amount, ['pending'], 'voided');
                    $add("r-$i:void", self::WALLET, self::SALES, $amount, ['void_pending'], 'none', "r-$i");
                    break;
                default: // reserved (linked to nothing left) and expired
                    $add("r-$i", self::WALLET, self::SALES, $amount, ['pending', 'linked'], 'expired');
            }
        }
        $sc->connection->transaction(function () use ($sc, $rows, $c): void {
            $locked = $sc->accounts->lockAccounts(\array_keys($c), [AccountRepository::class, 'defaultsFromId'], self::NOW);
            foreach (\array_chunk($rows, 500) as $chunk) {
                $sc->transfers->insertMany($chunk);
            }
            $sc->accounts->applyAccounts(\array_map(static fn (string $id): array => [
                ...AccountRepository::toWire($locked[$id]),
                'debitsPending' => MoneyFormat::format($c[$id][0], 'EUR'), 'debitsPosted' => MoneyFormat::format($c[$id][1], 'EUR'),
                'creditsPending' => MoneyFormat::format($c[$id][2], 'EUR'), 'creditsPosted' => MoneyFormat::format($c[$id][3], 'EUR'),
            ], \array_keys($c)), self::NOW);
        });
        $w = $c[self::WALLET];
        return ['creditsPending' => MoneyFormat::format($w[2], 'EUR'), 'creditsPosted' => MoneyFormat::format($w[3], 'EUR'),
            'debitsPending' => MoneyFormat::format($w[0], 'EUR'), 'debitsPosted' => MoneyFormat::format($w[1], 'EUR')];
    }
}

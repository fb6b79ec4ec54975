<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\Books;
use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;
use ShopCredit\Storage\RetriesExhausted;
use ShopCredit\Tests\Service\Support\CountingStatement;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';
require_once __DIR__ . '/Support/CountingStatement.php';

/**
 * The shop's house accounts (sales, top-ups, ...) are not locked by a customer's checkout: what a
 * movement does to them is appended as a delta and folded later. A reservation runs 4 statements
 * in its transaction, in 2 round trips COMMIT included, none prepared on the server; balances and reconciliation stay exact before
 * and after folding; when conflicts outlast the retries, nothing is booked.
 */
final class HouseAccountsTest extends ServiceTestCase
{
    protected function tearDown(): void
    {
        CountingStatement::reset();
        CountingStatement::$pdo = null;
        parent::tearDown();
    }

    public function testAReservationRunsFourStatementsInTwoRoundTripsNonePreparedOnTheServer(): void
    {
        $sc = $this->counted('mysql');
        $this->creditLine($sc, '42', 100_000);
        $sc->wallet()->topUp('1', '42', 'EUR', 'tu-1', 'o-tu-1', '40.00');
        $customer = self::customer('42');
        $cart = ['currency' => 'EUR', 'total' => '300.00'];
        $legs = ['wallet' => '20.00', 'creditLine' => '280.00'];
        $r0 = $sc->checkout()->reserve('1', 'co-0', 'o-0', $customer, $cart, $legs);
        self::assertTrue($r0['accepted'], \json_encode($r0));

        $prepared = $this->serverPrepares($sc->connection);
        CountingStatement::reset();
        $r = $sc->checkout()->reserve('1', 'co-1', 'o-1', $customer, $cart, $legs);
        self::assertTrue($r['accepted'], \json_encode($r));
        // lock both accounts (START TRANSACTION travels with it), then insert both legs, update both
        // accounts and append the sales delta as one batch that ends with the COMMIT
        self::assertSame(['SELECT', 'INSERT INTO `' . $this->prefix . 'sc_transfers`', 'UPDATE', 'INSERT INTO `' . $this->prefix . 'sc_account_deltas`'], $this->inTransaction());
        self::assertSame(2, $this->roundTripsInTransaction());
        $trips = $this->roundTrips();
        self::assertSame(['START TRANSACTION', 'COMMIT'], [$trips[0][0], \end($trips[1])]);
        self::assertSame(0, $this->serverPrepares($sc->connection) - $prepared, 'no statement prepared on the server');

        // Refused (the balance is used up): the lock and a look for a replay, nothing written.
        CountingStatement::reset();
        $no = $sc->checkout()->reserve('1', 'co-2', 'o-2', $customer, ['currency' => 'EUR', 'total' => '5.00'], ['wallet' => '5.00']);
        self::assertFalse($no['accepted']);
        self::assertSame(['SELECT', 'SELECT'], $this->inTransaction());
        self::assertSame(2, $this->roundTripsInTransaction());

        // A replay once the balance is used up answers the booked reservation and writes nothing.
        $again = $sc->checkout()->reserve('1', 'co-1', 'o-1', $customer, $cart, $legs);
        self::assertTrue($again['accepted']);
        self::assertSame([0, ['exists', 'exists']], [$again['_written'], \array_column($again['ledger']['results'], 'result')]);
        self::assertSame(['dp' => '40.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '40.00'], self::balances($sc, 'wallet:1:42:EUR'));
        self::assertSame('600.00', self::balances($sc, 'shop:1:sales:EUR')['cp']);
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    public function testTwoCustomersOfOneShopDoNotWaitForEachOther(): void
    {
        $a = $this->boot('mysql');
        $b = ShopCredit::boot(['connection' => $this->connect('mysql', null, ['lock_wait_timeout_s' => 1]), 'clock' => $this->clock]);
        foreach (['1', '2'] as $cid) {
            $a->wallet()->topUp('1', $cid, 'EUR', "tu-$cid", "o-tu-$cid", '50.00');
        }
        $cart = ['currency' => 'EUR', 'total' => '10.00'];
        // A's checkout is still open (its transaction not committed) when B's customer checks out.
        $a->connection->transaction(function () use ($a, $b, $cart): void {
            self::assertTrue($a->checkout()->reserve('1', 'co-a', 'o-a', self::customer('1'), $cart, ['wallet' => '10.00'])['accepted']);
            $r = $b->checkout()->reserve('1', 'co-b', 'o-b', self::customer('2'), $cart, ['wallet' => '10.00']);
            self::assertTrue($r['accepted']);
            self::assertSame(1, $b->connection->lastAttempts(), 'B never waited for the sales account A touched');
        });
        self::assertSame('20.00', self::balances($a, 'shop:1:sales:EUR')['cp']);
        self::assertTrue($a->reconciliation()->run()['consistent']);
    }

    /** @dataProvider dialects */
    public function testFoldingKeepsEveryBalanceAndTheBooksExact(string $dialect): void
    {
        $sc = $this->boot($dialect);
        for ($i = 1; $i <= 10; $i++) {
            $sc->wallet()->topUp('1', (string) $i, 'EUR', "tu-$i", "o-tu-$i", "$i.00");
            $sc->checkout()->reserve('1', "co-$i", "o-$i", self::customer((string) $i), ['currency' => 'EUR', 'total' => '1.00'], ['wallet' => '1.00']);
        }
        $sc->checkout()->settle('o-3', 'paid');
        $sc->checkout()->settle('o-4', 'cancelled');
        $before = [self::balances($sc, 'shop:1:sales:EUR'), self::balances($sc, 'shop:1:topups:EUR')];
        self::assertSame([['dp' => '0.00', 'd' => '0.00', 'cp' => '8.00', 'c' => '1.00'], ['dp' => '0.00', 'd' => '55.00', 'cp' => '0.00', 'c' => '0.00']], $before);
        self::assertNull($sc->connection->fetchOne("SELECT id FROM {accounts} WHERE id = 'shop:1:sales:EUR'"), 'the shared row is not even there yet');
        self::assertTrue($sc->reconciliation()->run()['consistent']);

        self::assertSame(3, $sc->house->fold('shop:1:sales:EUR', self::NOW, 3));
        self::assertSame($before[0], self::balances($sc, 'shop:1:sales:EUR'));
        self::assertSame(9, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {account_deltas} WHERE account_id = 'shop:1:sales:EUR'"));
        self::assertTrue($sc->reconciliation()->run()['consistent']);

        self::assertSame(['accounts' => 2, 'deltas' => 19], $sc->jobs()->foldBalances());
        self::assertSame(0, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {account_deltas}'));
        self::assertSame($before, [self::balances($sc, 'shop:1:sales:EUR'), self::balances($sc, 'shop:1:topups:EUR')]);
        self::assertSame(['accounts' => 0, 'deltas' => 0], $sc->jobs()->foldBalances());
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
        self::assertSame(12, $rec['accounts']);
    }

    /** @dataProvider dialects */
    public function testWhenConflictsOutlastTheRetriesNothingIsBooked(string $dialect): void
    {
        $sc = $this->counted($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'tu-1', 'o-tu-1', '50.00');
        CountingStatement::$deadlockOn = '/^INSERT INTO \S+sc_transfers/';
        try {
            $sc->checkout()->reserve('1', 'co-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '10.00'], ['wallet' => '10.00']);
            self::fail('no exception');
        } catch (RetriesExhausted $e) {
            self::assertSame(Books::MAX_ATTEMPTS, $e->attempts);
            self::assertStringContainsString('nothing was booked', $e->getMessage());
        }
        CountingStatement::$deadlockOn = null;
        self::assertSame(1, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}'));
        self::assertSame(1, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {account_deltas}'));
        self::assertSame(['dp' => '0.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '50.00'], self::balances($sc, 'wallet:1:42:EUR'));
        // The same request again, once the conflicts are gone: booked once.
        self::assertTrue($sc->checkout()->reserve('1', 'co-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '10.00'], ['wallet' => '10.00'])['accepted']);
        self::assertSame('10.00', self::balances($sc, 'wallet:1:42:EUR')['dp']);
    }

    /**
     * Statements run inside a transaction since the last reset (a query may carry several, and the
     * transaction's START TRANSACTION travels with its first one): their first words.
     * @return list<string>
     */
    private function inTransaction(): array
    {
        $out = [];
        foreach ($this->roundTrips() as $statements) {
            foreach ($statements as $sql) {
                $words = \preg_split('/\s+/', \trim($sql));
                if (!\in_array($words[0], ['START', 'COMMIT'], true)) {
                    $out[] = \in_array($words[0], ['INSERT', 'DELETE'], true) ? \implode(' ', \array_slice($words, 0, 3)) : $words[0];
                }
            }
        }
        return $out;
    }

    /** Queries sent inside a transaction since the last reset (a COMMIT sent alone is not counted). */
    private function roundTripsInTransaction(): int
    {
        return \count($this->roundTrips());
    }

    /** @return list<list<string>> the statements of each query sent inside a transaction */
    private function roundTrips(): array
    {
        $out = [];
        foreach (CountingStatement::$log as $s) {
            $statements = \explode(";\n", $s['sql']);
            if ($s['inTransaction'] || \str_starts_with($statements[0], 'START TRANSACTION')) {
                $out[] = $statements;
            }
        }
        return $out;
    }

    private function serverPrepares(Connection $c): int
    {
        return (int) $c->pdo()->query("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'")->fetch(\PDO::FETCH_NUM)[1];
    }

    /** Services on a connection whose statements CountingStatement records. */
    private function counted(string $dialect): ShopCredit
    {
        $t = $this->target($dialect);
        $pdo = new \PDO($t['dsn'], $t['user'], $t['password'], [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
        $pdo->setAttribute(\PDO::ATTR_STATEMENT_CLASS, [CountingStatement::class]);
        CountingStatement::$pdo = $pdo;
        $c = new Connection($pdo, $this->prefix, ['retry_base_ms' => 1, 'retry_max_ms' => 2]);
        (new Migrations($c))->install(1_790_000_000);
        $this->clock ??= new FixedClock(self::NOW);
        $sc = ShopCredit::boot(['connection' => $c, 'clock' => $this->clock]);
        $sc->settings->set('*', 'wallet', self::WALLET_SETTINGS);
        $sc->settings->set('*', 'credit', self::CREDIT_SETTINGS);
        $sc->settings->set('*', 'credit.enabled', true);
        return $sc;
    }
}

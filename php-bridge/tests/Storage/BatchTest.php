<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\ConcurrencyException;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\DuplicateKeyException;
use ShopCredit\Storage\Migrations;
use ShopCredit\Storage\RetriesExhausted;
use ShopCredit\Storage\Statement;
use ShopCredit\Storage\WriteBatch;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

/**
 * Fewer round trips, the same transactions: on MySQL a transaction's START TRANSACTION travels with
 * its first statement and a movement's writes go as one batch. Every statement of a batch runs
 * inside the transaction, the first failing one stops it (nothing after it runs) and surfaces as
 * its own error, and a connection that refuses several statements per query works one at a time.
 * The last batch of a transaction may carry its COMMIT: then a stale account version stops it
 * before the COMMIT, and nothing may run in the transaction after it.
 */
final class BatchTest extends StorageTestCase
{
    /** @return array<string, array{string, bool}> */
    public static function connections(): array
    {
        return [
            'sqlite' => ['sqlite', true],
            'mysql' => ['mysql', true],
            'mysql without multi-statements' => ['mysql', false],
        ];
    }

    /** @dataProvider connections */
    public function testABatchRunsEveryStatementAndCountsTheRowsEachChanged(string $dialect, bool $multi): void
    {
        $c = $this->table($dialect, $multi);
        $changed = $c->transaction(fn (Connection $c): array => $c->executeBatch([
            new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?), (?, ?)', ['a', 1, 'b', 2]),
            new Statement('UPDATE {batch_probe} SET n = n + ? WHERE id = ?', [10, 'a']),
            new Statement('UPDATE {batch_probe} SET n = n + 1 WHERE id = ?', ['none']),
        ]));
        self::assertSame([2, 1, 0], $changed);
        self::assertSame([['id' => 'a', 'n' => 11], ['id' => 'b', 'n' => 2]], $this->rows($c));
    }

    /** @dataProvider connections */
    public function testTheFirstFailingStatementStopsTheBatchAndTheTransactionKeepsNothing(string $dialect, bool $multi): void
    {
        $c = $this->table($dialect, $multi);
        $c->execute('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['a', 1]);
        $checked = [];
        try {
            $c->transaction(function (Connection $c) use (&$checked): void {
                $c->fetchAll($c->lockForUpdate('SELECT * FROM {batch_probe} WHERE id = ?'), ['a']);
                $batch = new WriteBatch();
                $batch->add(new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['b', 2]), function (int $n) use (&$checked): void {
                    $checked[] = $n;
                });
                $batch->add(new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['a', 3]));
                $batch->add(new Statement('UPDATE {batch_probe} SET n = 99'));
                $batch->run($c);
            });
            self::fail('no exception');
        } catch (DuplicateKeyException) {
            // the second statement's own error
        }
        self::assertSame([], $checked, 'no check runs when the batch failed');
        self::assertSame([['id' => 'a', 'n' => 1]], $this->rows($c), 'the first insert rolled back, the update never ran');
        // The connection is usable afterwards.
        $c->transaction(fn (Connection $c): array => $c->executeBatch([new Statement('UPDATE {batch_probe} SET n = 5')]));
        self::assertSame([['id' => 'a', 'n' => 5]], $this->rows($c));
    }

    /** @dataProvider connections */
    public function testTheFirstStatementOfATransactionRunsInsideIt(string $dialect, bool $multi): void
    {
        $c = $this->table($dialect, $multi);
        try {
            $c->transaction(function (Connection $c): void {
                $c->execute('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['a', 1]);
                throw new \RuntimeException('changed my mind');
            });
            self::fail('no exception');
        } catch (\RuntimeException $e) {
            self::assertSame('changed my mind', $e->getMessage());
        }
        self::assertSame([], $this->rows($c), 'rolled back: the insert was not autocommitted');
        self::assertSame('none', $c->transaction(fn (): string => 'none'), 'a transaction without a statement');
        $c->transaction(fn (Connection $c): int => $c->execute('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['b', 2]));
        self::assertSame([['id' => 'b', 'n' => 2]], $this->rows($c));
    }

    public function testABatchThatCommitsEndsTheTransaction(): void
    {
        $c = $this->table('mysql', true);
        $c->transaction(function (Connection $c): void {
            self::assertTrue($c->commitsWithBatch());
            $c->executeBatch([new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['a', 1])], true);
            self::assertFalse($c->pdo()->inTransaction(), 'committed by the batch');
            try {
                $c->execute('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['b', 2]);
                self::fail('a statement ran after the COMMIT');
            } catch (\LogicException) {
                // refused: it would have run outside the transaction
            }
        });
        self::assertSame([['id' => 'a', 'n' => 1]], $this->rows($c));
        // Inside another transaction a batch never commits: the outer one decides.
        try {
            $c->transaction(function (Connection $c): void {
                $c->transaction(function (Connection $c): void {
                    self::assertFalse($c->commitsWithBatch());
                    $c->executeBatch([new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['c', 3])], true);
                });
                throw new \RuntimeException('outer fails');
            });
        } catch (\RuntimeException) {
        }
        self::assertSame([['id' => 'a', 'n' => 1]], $this->rows($c));
    }

    public function testAStaleVersionStopsABatchBeforeItsCommit(): void
    {
        $c = $this->table('mysql', true);
        (new Migrations($c))->install(1_790_000_000);
        $accounts = new AccountRepository($c);
        $attempts = 0;
        try {
            $c->transaction(function (Connection $c) use ($accounts, &$attempts): void {
                $attempts++;
                $wire = AccountRepository::toWire($accounts->lockAccounts(['wallet:1:1:EUR'], [AccountRepository::class, 'defaultsFromId'])['wallet:1:1:EUR']);
                // Somebody wrote without holding the lock (same transaction here, to keep it simple).
                $c->execute('UPDATE {accounts} SET version = version + 1 WHERE id = ?', ['wallet:1:1:EUR']);
                $wire['creditsPosted'] = '5.00';
                $batch = new WriteBatch();
                $batch->add(new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['a', $attempts]));
                $accounts->queueAccounts($batch, [$wire], 1_790_000_000, true);
                $batch->add(new Statement('INSERT INTO {batch_probe} (id, n) VALUES (?, ?)', ['z', $attempts]));
                $batch->run($c, true);
            }, 2);
            self::fail('stale version accepted');
        } catch (RetriesExhausted $e) {
            self::assertInstanceOf(ConcurrencyException::class, $e->getPrevious());
        }
        self::assertSame(2, $attempts, 'a stale version retries the transaction');
        self::assertSame([], $this->rows($c), 'stopped before the COMMIT: nothing kept');
        self::assertNull($c->fetchOne('SELECT * FROM {accounts}'), 'the account created under the lock was not kept either');
    }

    private function table(string $dialect, bool $multi): Connection
    {
        if ($dialect === 'mysql') {
            $t = $this->target($dialect);
            $pdo = new \PDO($t['dsn'], $t['user'], $t['password'], [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION, \PDO::MYSQL_ATTR_MULTI_STATEMENTS => $multi]);
            // The connection is told nothing: it finds out at its first merged query.
            $c = new Connection($pdo, $this->prefix, ['retry_base_ms' => 1, 'retry_max_ms' => 2]);
        } else {
            $c = $this->connect($dialect);
        }
        $type = $c->isMysql() ? 'VARCHAR(8)' : 'TEXT';
        $c->execute("CREATE TABLE {batch_probe} (id $type NOT NULL PRIMARY KEY, n INTEGER NOT NULL)" . ($c->isMysql() ? ' ENGINE=InnoDB' : ''));
        return $c;
    }

    /** @return list<array<string, mixed>> */
    private function rows(Connection $c): array
    {
        return $c->fetchAll('SELECT id, n FROM {batch_probe} ORDER BY id');
    }
}

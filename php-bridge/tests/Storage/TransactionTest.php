<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use PDOException;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\ConcurrencyException;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\RetriesExhausted;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

final class TransactionTest extends StorageTestCase
{
    private static function pdoError(string $sqlState, int $code, string $message): PDOException
    {
        $e = new PDOException("SQLSTATE[$sqlState]: General error: $code $message");
        $e->errorInfo = [$sqlState, $code, $message];
        return $e;
    }

    public function testRetryableErrorsAreRecognised(): void
    {
        $retryable = [
            self::pdoError('40001', 1213, 'Deadlock found when trying to get lock; try restarting transaction'),
            self::pdoError('HY000', 1205, 'Lock wait timeout exceeded; try restarting transaction'),
            self::pdoError('HY000', 1180, 'Got error 149 during COMMIT'),
            self::pdoError('HY000', 1181, 'Got error 149 during ROLLBACK'),
            self::pdoError('40000', 3101, 'Plugin instructed the server to rollback the current transaction.'),
            self::pdoError('40001', 9999, 'serialization failure'),
            self::pdoError('HY000', 5, 'database is locked'),
            self::pdoError('HY000', 6, 'database table is locked'),
            self::pdoError('HY000', 517, 'database is locked'),
            new \RuntimeException('wrapped', 0, self::pdoError('40001', 1213, 'Deadlock')),
            new ConcurrencyException('version changed'),
        ];
        foreach ($retryable as $i => $e) {
            $this->assertTrue(Connection::isRetryable($e), "retryable #$i: " . $e->getMessage());
        }
        $final = [
            self::pdoError('23000', 1062, "Duplicate entry 'x' for key 'PRIMARY'"),
            self::pdoError('42S02', 1146, "Table 'x' doesn't exist"),
            self::pdoError('HY000', 2006, 'MySQL server has gone away'),
            self::pdoError('23000', 19, 'UNIQUE constraint failed: t.id'),
            new \LogicException('bug'),
        ];
        foreach ($final as $i => $e) {
            $this->assertFalse(Connection::isRetryable($e), "not retryable #$i: " . $e->getMessage());
        }
    }

    /** @dataProvider dialects */
    public function testRetriesTheWholeCallableAndGivesUpAfterMaxAttempts(string $dialect): void
    {
        $c = $this->installed($dialect);
        $calls = 0;
        $delays = [];
        $c->onRetry(function (int $attempt, \Throwable $e, int $delayUs) use (&$delays): void {
            $delays[] = $delayUs;
        });
        $result = $c->transaction(function (Connection $c) use (&$calls): string {
            $calls++;
            $c->insert('settings', ['shop_id' => '1', 'name' => "try$calls", 'value' => '1', 'updated_at' => 1]);
            if ($calls < 3) {
                throw self::pdoError('40001', 1213, 'Deadlock found when trying to get lock');
            }
            return 'ok';
        });
        $this->assertSame('ok', $result);
        $this->assertSame(3, $calls);
        $this->assertSame(3, $c->lastAttempts());
        $this->assertCount(2, $delays);
        $this->assertSame(['try3'], array_column($c->fetchAll('SELECT name FROM {settings}'), 'name'), 'failed attempts were rolled back');

        // Out of attempts: a retryable error that says so, nothing committed, the last conflict kept.
        $calls = 0;
        try {
            $c->transaction(function (Connection $c) use (&$calls): void {
                $calls++;
                $c->insert('settings', ['shop_id' => '2', 'name' => "busy$calls", 'value' => '1', 'updated_at' => 1]);
                throw self::pdoError('HY000', 1205, 'Lock wait timeout exceeded');
            }, 4);
            $this->fail('no exception');
        } catch (RetriesExhausted $e) {
            $this->assertSame(4, $e->attempts);
            $this->assertTrue(Connection::isRetryable($e));
            $this->assertInstanceOf(PDOException::class, $e->getPrevious());
            $this->assertSame(1205, $e->getPrevious()->errorInfo[1]);
            $this->assertStringContainsString('nothing was booked', $e->getMessage());
        }
        $this->assertSame(4, $calls);
        $this->assertSame(0, (int) $c->fetchValue("SELECT COUNT(*) FROM {settings} WHERE shop_id = '2'"));
        // One attempt asked for: the conflict itself, for the caller to handle.
        try {
            $c->transaction(fn () => throw self::pdoError('40001', 1213, 'Deadlock found when trying to get lock'), 1);
            $this->fail('no exception');
        } catch (PDOException $e) {
            $this->assertSame(1213, $e->errorInfo[1]);
        }

        $calls = 0;
        try {
            $c->transaction(function () use (&$calls): void {
                $calls++;
                throw new \DomainException('business error');
            });
            $this->fail('no exception');
        } catch (\DomainException) {
        }
        $this->assertSame(1, $calls, 'other errors are not retried');
    }

    /** @dataProvider dialects */
    public function testNestedTransactionJoinsTheOuterOne(string $dialect): void
    {
        $c = $this->installed($dialect);
        try {
            $c->transaction(function (Connection $c): void {
                $c->insert('settings', ['shop_id' => '1', 'name' => 'outer', 'value' => '1', 'updated_at' => 1]);
                $c->transaction(fn (Connection $c) => $c->insert('settings', ['shop_id' => '1', 'name' => 'inner', 'value' => '1', 'updated_at' => 1]));
                $this->assertTrue($c->inTransaction());
                throw new \DomainException('abort');
            });
        } catch (\DomainException) {
        }
        $this->assertFalse($c->inTransaction());
        $this->assertSame(0, (int) $c->fetchValue('SELECT COUNT(*) FROM {settings}'));
    }

    public function testSqliteBusyIsRetriedAndWritersAreSerializedAtBegin(): void
    {
        $c1 = $this->installed('sqlite', ['busy_timeout_ms' => 50]);
        $c2 = $this->connect('sqlite');
        $c2->pdo()->exec('BEGIN IMMEDIATE');
        $c2->insert('settings', ['shop_id' => '1', 'name' => 'other', 'value' => '1', 'updated_at' => 1]);

        // BEGIN IMMEDIATE: the second writer waits (then fails) before reading anything.
        $ran = false;
        try {
            $c1->transaction(function () use (&$ran): void {
                $ran = true;
            }, 1);
            $this->fail('BEGIN IMMEDIATE did not wait for the other writer');
        } catch (PDOException $e) {
            $this->assertTrue(Connection::isRetryable($e), $e->getMessage());
        }
        $this->assertFalse($ran, 'the callable never ran without the write lock');

        $retries = [];
        $c1->onRetry(function (int $attempt, \Throwable $e) use (&$retries, $c2): void {
            $retries[] = $e->getMessage();
            if ($attempt === 2) {
                $c2->pdo()->exec('COMMIT');
            }
        });
        $seen = $c1->transaction(function (Connection $c): int {
            $n = (int) $c->fetchValue('SELECT COUNT(*) FROM {settings}');
            $c->insert('settings', ['shop_id' => '1', 'name' => 'mine', 'value' => '1', 'updated_at' => 1]);
            return $n;
        });
        $this->assertSame(3, $c1->lastAttempts());
        $this->assertCount(2, $retries);
        $this->assertStringContainsString('locked', $retries[0]);
        $this->assertSame(1, $seen, 'the retry saw the other writer\'s committed row');
        $this->assertSame(2, (int) $c1->fetchValue('SELECT COUNT(*) FROM {settings}'));
    }

    public function testMysqlDeadlockRetriesTheWholeTransaction(): void
    {
        $c = $this->installed('mysql');
        $accounts = new AccountRepository($c);
        $c->transaction(function () use ($accounts): void {
            $ids = ['acc:a', 'acc:b'];
            for ($i = 0; $i < 40; $i++) {
                $ids[] = sprintf('pad:%02d', $i);
            }
            $accounts->lockAccounts($ids, fn () => ['shop_id' => '1', 'kind' => 'shop', 'currency' => 'EUR']);
        });
        $observer = $this->connect('mysql');
        $peer = $this->startChild('mysql', 'deadlock-peer');
        $this->assertSame('LOCKED', $this->readLine($peer));

        $errors = [];
        $c->onRetry(function (int $attempt, \Throwable $e) use (&$errors): void {
            $errors[] = $e instanceof PDOException ? (int) $e->errorInfo[1] : $e::class;
        });
        $c->transaction(function (Connection $c) use ($accounts, $peer, $observer): void {
            if ($c->lastAttempts() === 1) {
                // Opposite order on purpose: A here, B in the peer; then each wants the other's.
                $accounts->lockAccounts(['acc:a']);
                fwrite($peer['stdin'], "GO\n");
                fflush($peer['stdin']);
                $this->waitForLockWait($observer);
                $accounts->lockAccounts(['acc:b']);
            }
            $rows = $accounts->lockAccounts(['acc:a', 'acc:b']);
            $a = AccountRepository::toWire($rows['acc:a']);
            $b = AccountRepository::toWire($rows['acc:b']);
            $a['debitsPosted'] = '1.00';
            $b['creditsPosted'] = '1.00';
            $accounts->applyAccounts([$a, $b]);
        });
        $this->assertSame('DONE', $this->readLine($peer));
        $this->assertSame(0, $this->waitChild($peer));
        $this->assertSame([1213], $errors, 'one deadlock, then success');
        $this->assertSame(2, $c->lastAttempts());
        $a = $accounts->find('acc:a');
        $this->assertSame(500, $a['credits_posted'], "the peer's committed write is kept");
        $this->assertSame(100, $a['debits_posted'], 'the retried transaction re-read the row and wrote on top');
        $this->assertSame(100, $accounts->find('acc:b')['credits_posted']);
    }

    public function testMysqlLockWaitTimeoutIsRetried(): void
    {
        $c = $this->installed('mysql', ['lock_wait_timeout_s' => 1]);
        $accounts = new AccountRepository($c);
        $c->transaction(fn () => $accounts->lockAccounts(['acc:a'], fn () => ['shop_id' => '1', 'kind' => 'shop', 'currency' => 'EUR']));
        $holder = $this->connect('mysql');
        $holder->pdo()->beginTransaction();
        $holder->fetchAll($holder->lockForUpdate('SELECT * FROM {accounts} WHERE id = ?'), ['acc:a']);
        $errors = [];
        $c->onRetry(function (int $attempt, \Throwable $e) use (&$errors, $holder): void {
            $errors[] = (int) $e->errorInfo[1];
            $holder->pdo()->commit();
        });
        $c->transaction(fn () => $accounts->lockAccounts(['acc:a']));
        $this->assertSame([1205], $errors);
        $this->assertSame(2, $c->lastAttempts());
    }

    /** @dataProvider dialects */
    public function testLockAccountsLocksInSortedOrderAndCreatesMissingOnes(string $dialect): void
    {
        $c = $this->installed($dialect);
        $accounts = new AccountRepository($c);
        try {
            $accounts->lockAccounts(['x']);
            $this->fail('locking outside a transaction');
        } catch (\LogicException) {
        }
        $rows = $c->transaction(fn () => $accounts->lockAccounts(
            ['wallet:1:9:EUR', 'credit:1:9:EUR', 'shop:1:sales:EUR', 'unknown:1', 'wallet:1:9:EUR'],
            [AccountRepository::class, 'defaultsFromId'],
            1_790_000_000,
        ));
        $this->assertSame(['credit:1:9:EUR', 'shop:1:sales:EUR', 'wallet:1:9:EUR'], array_keys($rows));
        $this->assertSame('credit_line', $rows['credit:1:9:EUR']['kind']);
        $this->assertSame('9', $rows['credit:1:9:EUR']['customer_id']);
        $this->assertNull($rows['shop:1:sales:EUR']['customer_id']);
        $this->assertSame(1_790_000_000, $rows['wallet:1:9:EUR']['created_at']);
        $this->assertNull($accounts->find('unknown:1'), 'no defaults: not created');
    }

    public function testMysqlSortedLockOrderAvoidsTheDeadlock(): void
    {
        $c = $this->installed('mysql');
        $accounts = new AccountRepository($c);
        $defaults = fn () => ['shop_id' => '1', 'kind' => 'shop', 'currency' => 'EUR'];
        $c->transaction(fn () => $accounts->lockAccounts(['acc:x', 'acc:y'], $defaults));
        $observer = $this->connect('mysql');
        $child = null;
        $c->transaction(function () use ($accounts, $observer, &$child): void {
            $accounts->lockAccounts(['acc:x']);
            // The child asks for [y, x]: sorted, it waits for x without holding y.
            $child = $this->startChild('mysql', 'lock', 'acc:y', 'acc:x');
            $this->assertSame('LOCKING', $this->readLine($child));
            $this->waitForLockWait($observer);
            $accounts->lockAccounts(['acc:y']);
        });
        $this->assertSame(1, $c->lastAttempts(), 'no deadlock, no retry');
        $this->assertSame('LOCKED', $this->readLine($child));
        $this->assertSame('DONE attempts=1', $this->readLine($child));
        $this->assertSame(0, $this->waitChild($child));
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\Connection;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

/**
 * A MySQL connection's session (utf8mb4, strict sql_mode, UTC, the lock wait) is set before its
 * first statement, sent in the same query as that statement: whatever runs first sees it.
 */
final class SessionTest extends StorageTestCase
{
    private const SESSION = 'SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz, @@SESSION.collation_connection AS coll, @@SESSION.innodb_lock_wait_timeout AS wait';

    /** @return iterable<string, array{bool}> */
    public static function multiStatements(): iterable
    {
        yield 'in the first query' => [true];
        yield 'one statement at a time' => [false];
    }

    /** @dataProvider multiStatements */
    public function testTheFirstStatementRunsInTheSession(bool $multi): void
    {
        foreach ([
            'query' => static fn (Connection $c): array => (array) $c->fetchOne(self::SESSION),
            'transaction' => static fn (Connection $c): array => $c->transaction(static fn (Connection $c): array => (array) $c->fetchOne(self::SESSION)),
            'snapshot' => static fn (Connection $c): array => $c->snapshot(static fn (Connection $c): array => (array) $c->fetchOne(self::SESSION)),
            'pdo' => static fn (Connection $c): array => (array) $c->pdo()->query(self::SESSION)->fetch(\PDO::FETCH_ASSOC),
        ] as $path => $first) {
            $s = $first($this->fresh($multi));
            self::assertStringContainsString('STRICT_ALL_TABLES', (string) $s['mode'], $path);
            self::assertSame('+00:00', $s['tz'], $path);
            self::assertSame('utf8mb4_unicode_ci', $s['coll'], $path);
            self::assertSame('7', (string) $s['wait'], $path);
        }
    }

    public function testARefusedSessionIsRefusedAgainNotSkipped(): void
    {
        ['dsn' => $dsn, 'user' => $user, 'password' => $password] = $this->requireMysql();
        $c = Connection::open($dsn, $user, $password, '', ['lock_wait_timeout_s' => 7]);
        // A session the server refuses (an unknown variable) in place of the real one.
        (new \ReflectionProperty($c, 'sessionPending'))->setValue($c, 'SET SESSION shopcredit_no_such_variable = 1');
        for ($i = 0; $i < 2; $i++) {
            try {
                $c->fetchValue('SELECT 1');
                self::fail('the refused session let a statement run');
            } catch (\PDOException $e) {
                self::assertStringContainsString('shopcredit_no_such_variable', $e->getMessage());
            }
        }
    }

    private function fresh(bool $multi): Connection
    {
        ['dsn' => $dsn, 'user' => $user, 'password' => $password] = $this->requireMysql();
        $c = Connection::open($dsn, $user, $password, '', ['lock_wait_timeout_s' => 7, 'multi_statements' => $multi]);
        return $c;
    }
}

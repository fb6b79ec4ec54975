<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service\Support;

/**
 * A PDOStatement that records every statement executed through it (SQL text and whether a
 * transaction was open), and can be told to fail statements matching a pattern with a deadlock.
 * Install with PDO::ATTR_STATEMENT_CLASS => [CountingStatement::class].
 */
final class CountingStatement extends \PDOStatement
{
    /** @var list<array{sql: string, inTransaction: bool}> */
    public static array $log = [];
    public static ?\PDO $pdo = null;
    /** A regular expression: matching statements fail with MySQL's deadlock error (1213). */
    public static ?string $deadlockOn = null;

    protected function __construct()
    {
    }

    public function execute(?array $params = null): bool
    {
        self::$log[] = ['sql' => $this->queryString, 'inTransaction' => self::$pdo?->inTransaction() ?? false];
        if (self::$deadlockOn !== null && \preg_match(self::$deadlockOn, $this->queryString)) {
            $e = new \PDOException('SQLSTATE[40001]: Serialization failure: 1213 Deadlock found when trying to get lock; try restarting transaction');
            $e->errorInfo = ['40001', 1213, 'Deadlock found when trying to get lock; try restarting transaction'];
            throw $e;
        }
        return parent::execute($params);
    }

    public static function reset(): void
    {
        self::$log = [];
        self::$deadlockOn = null;
    }
}

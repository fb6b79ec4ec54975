<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

use PDO;
use PDOException;
use PDOStatement;

/**
 * One database connection (MySQL/MariaDB or SQLite) with the conventions every repository relies on:
 * exceptions on errors, bound parameters, utf8mb4, the shop's table prefix, and transactions that
 * retry the whole unit of work on deadlocks, lock timeouts and cluster write conflicts.
 *
 * On MySQL the parameters are bound by PDO on the client (emulated prepares): one round trip per
 * statement instead of prepare + execute + close on the server, which tripled the round trips of
 * every money movement. Values are still never part of the SQL text given to execute()/fetch*():
 * PDO escapes them for the connection's character set (utf8mb4, set in the DSN). Where the
 * connection allows several statements per query (PDO's MYSQL_ATTR_MULTI_STATEMENTS, on in open()),
 * a transaction's START TRANSACTION travels with its first statement and a movement's writes go as
 * one batch (executeBatch): a debit is three round trips instead of six.
 *
 * Table names are written `{accounts}` in SQL given to execute()/fetch*(); they become the quoted
 * `{prefix}sc_accounts`. Identifiers only ever come from code, values are always bound.
 */
final class Connection
{
    public const MYSQL = 'mysql';
    public const SQLITE = 'sqlite';

    /** MySQL/MariaDB error numbers after which the whole transaction may run again. */
    public const MYSQL_RETRYABLE = [
        1213, // ER_LOCK_DEADLOCK; Galera reports certification conflicts with it, also at COMMIT
        1205, // ER_LOCK_WAIT_TIMEOUT (only the statement is rolled back: we roll back the rest)
        1180, // ER_ERROR_DURING_COMMIT
        1181, // ER_ERROR_DURING_ROLLBACK
        3101, // ER_TRANSACTION_ROLLBACK_DURING_COMMIT (group replication conflict)
    ];
    /** SQLite primary result codes: SQLITE_BUSY, SQLITE_LOCKED (extended codes keep them in the low byte). */
    public const SQLITE_RETRYABLE = [5, 6];

    private PDO $pdo;
    /** @var array<string, string> SQL as written → SQL with the real table names */
    private array $rendered = [];
    private string $dialect;
    private string $prefix;
    private int $depth = 0;
    private int $serial = 0;
    private int $lastAttempts = 0;
    private int $retryBaseMs;
    private int $retryMaxMs;
    /** @var (callable(int, \Throwable, int): void)|null */
    private $onRetry = null;
    /** MySQL: several statements may share one query (one round trip). */
    private bool $multiStatements = false;
    /** MySQL: a transaction was begun, its START TRANSACTION is sent with its first statement. */
    private bool $beginPending = false;
    /** MySQL: the session's SET, sent with the first statement (one round trip less per request). */
    private ?string $sessionPending = null;
    /** Which statement of the last run() failed (0: the first, nothing ran). */
    private int $failedAt = 0;
    /** Which statement of the last executeBatch() failed (its index in the batch). */
    private int $batchFailedAt = 0;
    /** MySQL: this connection set a strict sql_mode itself (configure_session). */
    private bool $strictSession = false;
    /** The running transaction was committed by the batch that carried its last writes. */
    private bool $committedWithBatch = false;

    /**
     * @param array{busy_timeout_ms?: int, lock_wait_timeout_s?: int, retry_base_ms?: int, retry_max_ms?: int, configure_session?: bool, multi_statements?: bool} $options
     *        multi_statements: whether $pdo was opened with PDO::MYSQL_ATTR_MULTI_STATEMENTS on (PHP's
     *        default; true when omitted). A connection that refuses them is noticed at the first
     *        try (nothing runs then) and used one statement at a time from there on.
     */
    public function __construct(PDO $pdo, string $prefix = '', array $options = [])
    {
        if (!preg_match('/^[A-Za-z0-9_]{0,32}$/', $prefix)) {
            throw new \InvalidArgumentException('table prefix must be 0-32 characters of A-Z a-z 0-9 _');
        }
        $driver = $pdo->getAttribute(PDO::ATTR_DRIVER_NAME);
        $this->dialect = match ($driver) {
            'mysql' => self::MYSQL,
            'sqlite' => self::SQLITE,
            default => throw new \InvalidArgumentException("unsupported PDO driver '$driver' (mysql or sqlite)"),
        };
        $this->pdo = $pdo;
        $this->prefix = $prefix;
        $this->retryBaseMs = max(1, $options['retry_base_ms'] ?? 20);
        // A lost certification (cluster) waits on nothing: many short retries beat long sleeps.
        $this->retryMaxMs = max($this->retryBaseMs, $options['retry_max_ms'] ?? 200);

        $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
        $pdo->setAttribute(PDO::ATTR_DEFAULT_FETCH_MODE, PDO::FETCH_ASSOC);
        $pdo->setAttribute(PDO::ATTR_STRINGIFY_FETCHES, false);
        if ($this->dialect === self::MYSQL) {
            $pdo->setAttribute(PDO::ATTR_EMULATE_PREPARES, true);
            $this->multiStatements = $options['multi_statements'] ?? true;
            $session = [];
            if ($options['configure_session'] ?? true) {
                $this->strictSession = true;
                $session[] = "NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, SESSION sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', SESSION time_zone = '+00:00'";
            }
            if (isset($options['lock_wait_timeout_s'])) {
                $session[] = 'SESSION innodb_lock_wait_timeout = ' . max(1, (int) $options['lock_wait_timeout_s']);
            }
            if ($session !== []) {
                // One statement, sent with the connection's first one where multi-statements allow:
                // every web request that uses the books opens a connection.
                $this->sessionPending = 'SET ' . implode(', ', $session);
                if (!$this->multiStatements) {
                    $this->sendPending();
                }
            }
        } else {
            $pdo->exec('PRAGMA busy_timeout = ' . max(0, (int) ($options['busy_timeout_ms'] ?? 5000)));
            $pdo->exec('PRAGMA foreign_keys = ON');
            $mode = strtolower((string) $pdo->query('PRAGMA journal_mode')->fetchColumn());
            if ($mode !== 'memory' && $mode !== 'wal') {
                $pdo->exec('PRAGMA journal_mode = WAL');
            }
            // FULL: a committed ledger write survives a power cut, not only a process crash.
            $pdo->exec('PRAGMA synchronous = FULL');
        }
    }

    /**
     * Opens a connection from a PDO DSN ("mysql:host=...;port=...;dbname=...;charset=utf8mb4" or
     * "sqlite:/path/to/file.sqlite").
     *
     * @param array{busy_timeout_ms?: int, lock_wait_timeout_s?: int, retry_base_ms?: int, retry_max_ms?: int, connect_timeout_s?: int, configure_session?: bool, multi_statements?: bool} $options
     */
    public static function open(string $dsn, ?string $user = null, ?string $password = null, string $prefix = '', array $options = []): self
    {
        $pdoOptions = [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION];
        if (str_starts_with($dsn, 'mysql:')) {
            if (!str_contains($dsn, 'charset=')) {
                $dsn .= ';charset=utf8mb4';
            }
            $pdoOptions[PDO::ATTR_TIMEOUT] = $options['connect_timeout_s'] ?? 5;
            $pdoOptions[PDO::ATTR_EMULATE_PREPARES] = true;
            $pdoOptions[PDO::MYSQL_ATTR_MULTI_STATEMENTS] = $options['multi_statements'] ?? true;
        }
        return new self(new PDO($dsn, $user, $password, $pdoOptions), $prefix, $options);
    }

    /** The embedded default: one SQLite file (WAL journal, busy timeout). */
    public static function sqlite(string $path, string $prefix = '', array $options = []): self
    {
        return self::open('sqlite:' . $path, null, null, $prefix, $options);
    }

    /** The PDO handle; the session's SET and a pending START TRANSACTION are sent first. */
    public function pdo(): PDO
    {
        $this->sendPending();
        return $this->pdo;
    }

    public function dialect(): string
    {
        return $this->dialect;
    }

    public function isMysql(): bool
    {
        return $this->dialect === self::MYSQL;
    }

    public function isSqlite(): bool
    {
        return $this->dialect === self::SQLITE;
    }

    public function prefix(): string
    {
        return $this->prefix;
    }

    /** The real table name: the shop's prefix, then `sc_`, then the name (unquoted). */
    public function table(string $name): string
    {
        if (!preg_match('/^[a-z][a-z0-9_]{0,47}$/', $name)) {
            throw new \InvalidArgumentException("invalid table name '$name'");
        }
        return $this->prefix . 'sc_' . $name;
    }

    /** Quotes an identifier that comes from code (never from input). */
    public function quoteIdentifier(string $identifier): string
    {
        if (!preg_match('/^[A-Za-z_][A-Za-z0-9_]{0,63}$/', $identifier)) {
            throw new \InvalidArgumentException("invalid identifier '$identifier'");
        }
        return $this->isMysql() ? "`$identifier`" : "\"$identifier\"";
    }

    /** The quoted, prefixed table name. */
    public function quotedTable(string $name): string
    {
        return $this->quoteIdentifier($this->table($name));
    }

    /** Replaces every `{name}` with the quoted prefixed table name. */
    public function sql(string $sql): string
    {
        // The same few statements run again and again: remember their rendering (bounded).
        if (isset($this->rendered[$sql])) {
            return $this->rendered[$sql];
        }
        if (count($this->rendered) >= 256) {
            $this->rendered = [];
        }
        return $this->rendered[$sql] = (string) preg_replace_callback('/\{([a-z][a-z0-9_]*)\}/', fn (array $m) => $this->quotedTable($m[1]), $sql);
    }

    /** `?, ?, ?` for an IN list of this many values (at least one). */
    public static function placeholders(int $count): string
    {
        if ($count < 1) {
            throw new \InvalidArgumentException('an IN list needs at least one value');
        }
        return implode(', ', array_fill(0, $count, '?'));
    }

    /** Appends `FOR UPDATE` on MySQL; SQLite's BEGIN IMMEDIATE already holds the write lock. */
    public function lockForUpdate(string $sql): string
    {
        return $this->isMysql() ? $sql . ' FOR UPDATE' : $sql;
    }

    /**
     * @param array<int|string, int|string|bool|null> $params
     */
    public function query(string $sql, array $params = []): PDOStatement
    {
        $this->assertNotCommitted();
        $sql = $this->sql($sql);
        $pending = $this->takePending();
        if ($pending !== []) {
            $merged = $this->runWithPending($pending, [$sql], $params);
            if ($merged !== null) {
                return $merged[0];
            }
            $this->putBack($pending); // the server takes one statement at a time
        }
        $this->sendPending();
        return $this->run($sql, $params, 1)[0];
    }

    /**
     * Runs statements in one round trip where the connection allows it (MySQL with multi-statements;
     * else one after the other) and returns the rows each changed. The first failing statement
     * throws (a duplicate key as DuplicateKeyException; failedBatchStatement() says which) and, on
     * MySQL, none after it runs. $thenCommit, where commitsWithBatch(): the transaction's COMMIT
     * goes last in the same round trip (runs only if every statement did); nothing may run in the
     * transaction after that. Elsewhere it is ignored: transaction() commits as usual.
     * @param list<Statement> $statements
     * @return list<int> rows changed, per statement
     */
    public function executeBatch(array $statements, bool $thenCommit = false): array
    {
        $this->assertNotCommitted();
        $commit = $thenCommit && $this->commitsWithBatch();
        $sqls = [];
        $params = [];
        foreach ($statements as $st) {
            $sqls[] = $this->sql($st->sql);
            \array_push($params, ...$st->params);
        }
        if ($this->multiStatements && \count($sqls) + ($this->beginPending || $this->sessionPending !== null || $commit ? 1 : 0) > 1) {
            $begin = $this->takePending();
            try {
                $merged = $this->runWithPending($begin, [...$sqls, ...($commit ? ['COMMIT'] : [])], $params);
            } finally {
                $this->batchFailedAt = \max(0, $this->failedAt - \count($begin));
            }
            if ($merged !== null) {
                $this->committedWithBatch = $commit;
                return \array_slice($merged[1], \count($begin), \count($sqls));
            }
            $this->putBack($begin);
        }
        $changed = [];
        foreach ($statements as $i => $st) {
            $this->batchFailedAt = $i;
            $changed[] = $this->execute($st->sql, $st->params);
        }
        return $changed;
    }

    /**
     * Whether executeBatch() can carry the COMMIT of the running transaction: MySQL with
     * multi-statements, the outermost transaction, and a strict sql_mode set by this connection
     * (statements that must stop a batch before its COMMIT fail by writing NULL into a NOT NULL
     * column, which only a strict mode refuses).
     */
    public function commitsWithBatch(): bool
    {
        return $this->multiStatements && $this->strictSession && $this->depth === 1;
    }

    /** The index, in its batch, of the statement the last failed executeBatch() stopped at. */
    public function failedBatchStatement(): int
    {
        return $this->batchFailedAt;
    }

    private function assertNotCommitted(): void
    {
        if ($this->committedWithBatch) {
            throw new \LogicException('this transaction was committed with its last writes: nothing may run in it after them');
        }
    }

    /**
     * Several rendered statements as one query. Null when the server refused the text as a syntax
     * error before running anything (a connection without multi-statements): it is then used one
     * statement at a time. A syntax error of the first statement itself looks the same and fails
     * again when run alone.
     * @param list<string> $sqls
     * @param array<int|string, int|string|bool|null> $params
     * @return array{PDOStatement, list<int>}|null
     */
    private function runMerged(array $sqls, array $params): ?array
    {
        try {
            return $this->run(\implode(";\n", $sqls), $params, \count($sqls));
        } catch (PDOException $e) {
            if ($this->failedAt !== 0 || (int) ($e->errorInfo[1] ?? 0) !== 1064) {
                throw $e;
            }
            $this->multiStatements = false;
            return null;
        }
    }

    /**
     * Executes one query of $count statements; the statement is left on the last one's result.
     * Every result is read: an error of a later statement surfaces here (unread, it would be lost).
     * @param array<int|string, int|string|bool|null> $params
     * @return array{PDOStatement, list<int>} the statement, rows changed per statement
     */
    private function run(string $rendered, array $params, int $count): array
    {
        $stmt = $this->pdo->prepare($rendered);
        foreach ($params as $key => $value) {
            $name = is_int($key) ? $key + 1 : (str_starts_with($key, ':') ? $key : ':' . $key);
            if ($value === null) {
                $stmt->bindValue($name, null, PDO::PARAM_NULL);
            } elseif (is_int($value)) {
                $stmt->bindValue($name, $value, PDO::PARAM_INT);
            } elseif (is_bool($value)) {
                $stmt->bindValue($name, $value ? 1 : 0, PDO::PARAM_INT);
            } elseif (is_string($value)) {
                $stmt->bindValue($name, $value, PDO::PARAM_STR);
            } else {
                throw new \InvalidArgumentException('parameter ' . $key . ' must be int, string, bool or null, got ' . get_debug_type($value));
            }
        }
        $changed = [];
        $this->failedAt = 0;
        try {
            $stmt->execute();
            $changed[] = $stmt->rowCount();
            for ($i = 1; $i < $count; $i++) {
                if (!$stmt->nextRowset()) {
                    throw new StorageException("a batch of $count statements answered " . count($changed) . ' results');
                }
                $changed[] = $stmt->rowCount();
            }
        } catch (PDOException $e) {
            $this->failedAt = count($changed);
            if (self::isDuplicateKey($e)) {
                throw new DuplicateKeyException($e->getMessage(), 0, $e);
            }
            throw $e;
        }
        return [$stmt, $changed];
    }

    /** Sends the session's SET, then a pending START TRANSACTION, each alone. */
    private function sendPending(): void
    {
        if ($this->sessionPending !== null) {
            $session = $this->sessionPending;
            $this->sessionPending = null;
            $this->pdo->exec($session);
        }
        if ($this->beginPending) {
            $this->beginPending = false;
            $this->pdo->exec('START TRANSACTION');
        }
    }

    /**
     * What must run before the next statement (the session's SET, START TRANSACTION), taken to
     * be sent in its query; nothing where the server takes one statement at a time.
     * @return list<string>
     */
    private function takePending(): array
    {
        if (!$this->multiStatements) {
            return [];
        }
        $out = $this->sessionPending === null ? [] : [$this->sessionPending];
        if ($this->beginPending) {
            $out[] = 'START TRANSACTION';
        }
        $this->sessionPending = null;
        $this->beginPending = false;
        return $out;
    }

    /**
     * runMerged() of $pending then $sqls; when the first of $pending failed, it is pending again
     * (a session the server refused is refused again, not skipped).
     * @param list<string> $pending
     * @param list<string> $sqls
     * @param array<int|string, int|string|bool|null> $params
     * @return array{PDOStatement, list<int>}|null
     */
    private function runWithPending(array $pending, array $sqls, array $params): ?array
    {
        try {
            return $this->runMerged([...$pending, ...$sqls], $params);
        } catch (\Throwable $e) {
            if ($pending !== [] && $this->failedAt === 0) {
                $this->putBack($pending);
            }
            throw $e;
        }
    }

    /** takePending()'s statements, not sent after all. @param list<string> $pending */
    private function putBack(array $pending): void
    {
        foreach ($pending as $sql) {
            if ($sql === 'START TRANSACTION') {
                $this->beginPending = true;
            } else {
                $this->sessionPending = $sql;
            }
        }
    }

    /** Runs a statement and returns the number of affected rows. */
    public function execute(string $sql, array $params = []): int
    {
        return $this->query($sql, $params)->rowCount();
    }

    /** @return list<array<string, mixed>> */
    public function fetchAll(string $sql, array $params = []): array
    {
        return $this->query($sql, $params)->fetchAll(PDO::FETCH_ASSOC);
    }

    /** @return array<string, mixed>|null */
    public function fetchOne(string $sql, array $params = []): ?array
    {
        $row = $this->query($sql, $params)->fetch(PDO::FETCH_ASSOC);
        return $row === false ? null : $row;
    }

    public function fetchValue(string $sql, array $params = []): mixed
    {
        $v = $this->query($sql, $params)->fetchColumn();
        return $v === false ? null : $v;
    }

    /** @param array<string, int|string|bool|null> $row */
    public function insert(string $table, array $row): void
    {
        [$cols, $marks] = $this->columns($row);
        $this->query("INSERT INTO {{$table}} ($cols) VALUES ($marks)", array_values($row));
    }

    /**
     * One INSERT for several rows (all with the same columns, in the same order).
     * @param list<array<string, int|string|bool|null>> $rows
     */
    public function insertRows(string $table, array $rows): void
    {
        if ($rows !== []) {
            $st = $this->insertRowsStatement($table, $rows);
            $this->query($st->sql, $st->params);
        }
    }

    /**
     * The INSERT of insertRows(), to run later (WriteBatch).
     * @param non-empty-list<array<string, int|string|bool|null>> $rows
     */
    public function insertRowsStatement(string $table, array $rows): Statement
    {
        [$cols, $marks] = $this->columns($rows[0]);
        $params = [];
        foreach ($rows as $row) {
            if (array_keys($row) !== array_keys($rows[0])) {
                throw new \InvalidArgumentException('insertRows: every row needs the same columns in the same order');
            }
            array_push($params, ...array_values($row));
        }
        $values = implode(', ', array_fill(0, count($rows), "($marks)"));
        return new Statement("INSERT INTO {{$table}} ($cols) VALUES $values", $params);
    }

    /**
     * Inserts unless a row with the same primary or unique key exists.
     * @param array<string, int|string|bool|null> $row
     * @return bool true when inserted, false when a row with that key was already there
     */
    public function insertIfAbsent(string $table, array $row): bool
    {
        [$cols, $marks] = $this->columns($row);
        if ($this->isMysql()) {
            $first = $this->quoteIdentifier((string) array_key_first($row));
            $sql = "INSERT INTO {{$table}} ($cols) VALUES ($marks) ON DUPLICATE KEY UPDATE $first = $first";
        } else {
            $sql = "INSERT INTO {{$table}} ($cols) VALUES ($marks) ON CONFLICT DO NOTHING";
        }
        return $this->query($sql, array_values($row))->rowCount() === 1;
    }

    /**
     * UPDATE table SET ... WHERE col = ? AND ... (equality conditions only).
     * @param array<string, int|string|bool|null> $set
     * @param array<string, int|string|bool|null> $where
     */
    public function update(string $table, array $set, array $where): int
    {
        if ($set === [] || $where === []) {
            throw new \InvalidArgumentException('update needs columns to set and a condition');
        }
        $s = implode(', ', array_map(fn ($c) => $this->quoteIdentifier($c) . ' = ?', array_keys($set)));
        $w = implode(' AND ', array_map(fn ($c) => $this->quoteIdentifier($c) . ' = ?', array_keys($where)));
        return $this->execute("UPDATE {{$table}} SET $s WHERE $w", [...array_values($set), ...array_values($where)]);
    }

    /**
     * Inserts, or updates the non-key columns when a row with the same $keyColumns exists
     * ($keyColumns must be the primary key or a unique key).
     * @param array<string, int|string|bool|null> $row
     * @param list<string> $keyColumns
     */
    public function upsert(string $table, array $row, array $keyColumns): void
    {
        [$cols, $marks] = $this->columns($row);
        $updates = array_values(array_diff(array_keys($row), $keyColumns));
        if ($updates === []) {
            $this->insertIfAbsent($table, $row);
            return;
        }
        $params = array_values($row);
        if ($this->isMysql()) {
            $set = implode(', ', array_map(fn ($c) => $this->quoteIdentifier($c) . ' = ?', $updates));
            foreach ($updates as $col) {
                $params[] = $row[$col];
            }
            $sql = "INSERT INTO {{$table}} ($cols) VALUES ($marks) ON DUPLICATE KEY UPDATE $set";
        } else {
            $keys = implode(', ', array_map(fn ($c) => $this->quoteIdentifier($c), $keyColumns));
            $set = implode(', ', array_map(fn ($c) => $this->quoteIdentifier($c) . ' = excluded.' . $this->quoteIdentifier($c), $updates));
            $sql = "INSERT INTO {{$table}} ($cols) VALUES ($marks) ON CONFLICT ($keys) DO UPDATE SET $set";
        }
        $this->query($sql, $params);
    }

    public function lastInsertId(): int
    {
        return (int) $this->pdo->lastInsertId();
    }

    /** @return array{string, string} */
    private function columns(array $row): array
    {
        if ($row === []) {
            throw new \InvalidArgumentException('empty row');
        }
        $cols = implode(', ', array_map(fn ($c) => $this->quoteIdentifier((string) $c), array_keys($row)));
        return [$cols, self::placeholders(count($row))];
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs $fn($this) in one transaction and returns its result. On a deadlock, a lock-wait timeout,
     * a cluster write conflict, SQLite BUSY/LOCKED or a RetryableException, the transaction is rolled
     * back and the WHOLE callable runs again (jittered exponential backoff), up to $maxAttempts times
     * in all; when they are spent, RetriesExhausted (retryable, nothing committed; the last conflict
     * as previous) is thrown — with $maxAttempts = 1 the conflict itself. Every write must therefore
     * be repeatable: rows are read again inside $fn, and every money movement carries its
     * idempotency key.
     *
     * SQLite transactions start with BEGIN IMMEDIATE, so a check-then-write is serialized against
     * every other writer. A call inside a running transaction joins it (no retry of its own: the
     * outermost call retries everything).
     *
     * @template T
     * @param callable(Connection): T $fn
     * @return T
     */
    public function transaction(callable $fn, int $maxAttempts = 5): mixed
    {
        if ($this->depth > 0) {
            $this->depth++;
            try {
                return $fn($this);
            } finally {
                $this->depth--;
            }
        }
        $maxAttempts = max(1, $maxAttempts);
        for ($attempt = 1; ; $attempt++) {
            $this->lastAttempts = $attempt;
            try {
                $this->begin();
                $this->depth = 1;
                $this->serial++;
                $result = $fn($this);
                if (!$this->committedWithBatch) {
                    $this->commit();
                }
                $this->committedWithBatch = false;
                $this->depth = 0;
                return $result;
            } catch (\Throwable $e) {
                $this->depth = 0;
                $this->beginPending = false;
                if ($this->committedWithBatch) {
                    $this->committedWithBatch = false;
                    throw $e; // committed: nothing to roll back, and running it again is not asked
                }
                $this->rollbackQuietly();
                if (!self::isRetryable($e)) {
                    throw $e;
                }
                if ($attempt >= $maxAttempts) {
                    throw $maxAttempts > 1 && !$e instanceof RetriesExhausted ? new RetriesExhausted($attempt, $e) : $e;
                }
                $capMs = min($this->retryMaxMs, $this->retryBaseMs * (2 ** min(20, $attempt - 1)));
                $delayUs = random_int(intdiv($capMs * 1000, 2), $capMs * 1000);
                if ($this->onRetry !== null) {
                    ($this->onRetry)($attempt, $e, $delayUs);
                }
                usleep($delayUs);
            }
        }
    }

    /**
     * Runs $fn($this) on one consistent snapshot without taking write locks (reports,
     * reconciliation): MySQL `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`, SQLite a
     * deferred BEGIN (in WAL mode a reader never blocks writers). Inside a running transaction it
     * joins that one.
     *
     * @template T
     * @param callable(Connection): T $fn
     * @return T
     */
    public function snapshot(callable $fn): mixed
    {
        if ($this->depth > 0) {
            return $this->transaction($fn);
        }
        $this->sendPending();
        $this->pdo->exec($this->isMysql() ? 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY' : 'BEGIN');
        $this->depth = 1;
        $this->serial++;
        try {
            $result = $fn($this);
        } catch (\Throwable $e) {
            $this->depth = 0;
            try {
                $this->pdo->exec('ROLLBACK');
            } catch (\Throwable) {
                // the connection is gone: nothing was written anyway
            }
            throw $e;
        }
        $this->depth = 0;
        $this->pdo->exec('COMMIT');
        return $result;
    }

    public function inTransaction(): bool
    {
        return $this->depth > 0;
    }

    /** Increases at every transaction start: lets repositories tell "loaded in this transaction". */
    public function transactionSerial(): int
    {
        return $this->depth > 0 ? $this->serial : 0;
    }

    public function assertInTransaction(string $what): void
    {
        if ($this->depth === 0) {
            throw new \LogicException("$what must run inside Connection::transaction()");
        }
    }

    /** Attempts used by the last (outermost) transaction() call. */
    public function lastAttempts(): int
    {
        return $this->lastAttempts;
    }

    /** Backoff bounds: the n-th retry waits a random time in [cap/2, cap], cap = min(max, base·2^(n-1)). */
    public function setRetryPolicy(int $baseDelayMs, int $maxDelayMs): void
    {
        $this->retryBaseMs = max(1, $baseDelayMs);
        $this->retryMaxMs = max($this->retryBaseMs, $maxDelayMs);
    }

    /** Called before each retry with (failed attempt number, its exception, delay in µs); for logs and tests. */
    public function onRetry(?callable $listener): void
    {
        $this->onRetry = $listener;
    }

    private function begin(): void
    {
        if ($this->isSqlite()) {
            $this->pdo->exec('BEGIN IMMEDIATE');
        } elseif ($this->multiStatements) {
            $this->beginPending = true; // sent with the first statement (query, executeBatch)
        } else {
            $this->sendPending();
            $this->pdo->exec('START TRANSACTION');
        }
    }

    private function commit(): void
    {
        if ($this->beginPending) {
            $this->beginPending = false; // no statement ran: nothing was begun, nothing to commit
            return;
        }
        $this->pdo->exec('COMMIT');
    }

    private function rollbackQuietly(): void
    {
        try {
            // MySQL: PDO reads the server's status (a deadlock has already rolled it all back).
            if ($this->isSqlite() || $this->pdo->inTransaction()) {
                $this->pdo->exec('ROLLBACK');
            }
        } catch (\Throwable) {
            // No transaction left (BEGIN failed, or the server already rolled it back) or the
            // connection is gone: in every case nothing of this attempt was committed.
        }
    }

    /** True for errors after which re-running the whole transaction is safe and may succeed. */
    public static function isRetryable(\Throwable $e): bool
    {
        for ($x = $e; $x !== null; $x = $x->getPrevious()) {
            if ($x instanceof RetryableException) {
                return true;
            }
            if ($x instanceof PDOException) {
                $info = $x->errorInfo ?? null;
                $sqlState = is_array($info) ? (string) ($info[0] ?? '') : (string) $x->getCode();
                $code = is_array($info) ? (int) ($info[1] ?? 0) : 0;
                if ($code === 0 && preg_match('/SQLSTATE\[\w+\]: [^:]*: (\d+) /', $x->getMessage(), $m)) {
                    $code = (int) $m[1];
                }
                if (in_array($code, self::MYSQL_RETRYABLE, true) || $sqlState === '40001') {
                    return true;
                }
                if ($code > 0 && $code < 1000 && in_array($code & 0xff, self::SQLITE_RETRYABLE, true)) {
                    return true;
                }
                if (preg_match('/database (table )?is locked|database is busy/i', $x->getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True for a primary/unique key violation (MySQL 1062/1586, SQLite UNIQUE/PRIMARY KEY constraint). */
    public static function isDuplicateKey(\Throwable $e): bool
    {
        for ($x = $e; $x !== null; $x = $x->getPrevious()) {
            if ($x instanceof DuplicateKeyException) {
                return true;
            }
            if ($x instanceof PDOException) {
                $info = $x->errorInfo ?? null;
                $code = is_array($info) ? (int) ($info[1] ?? 0) : 0;
                if ($code === 1062 || $code === 1586) {
                    return true;
                }
                // SQLITE_CONSTRAINT (19) is also NOT NULL/CHECK: look at the message.
                if (($code === 19 || $code === 1555 || $code === 2067)
                    && preg_match('/UNIQUE constraint failed|PRIMARY KEY must be unique|is not unique/i', $x->getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage\Support;

use PHPUnit\Framework\TestCase;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;

/**
 * Runs storage tests on SQLite always and on MySQL/MariaDB when SHOPCREDIT_TEST_MYSQL_DSN is set
 * (scripts/mariadb.sh start; eval "$(scripts/mariadb.sh env)"). Each test gets its own table
 * prefix (MySQL) or database file (SQLite) and leaves nothing behind.
 */
abstract class StorageTestCase extends TestCase
{
    public const CHILD = __DIR__ . '/../fixtures/child.php';

    protected string $prefix = '';
    private bool $usedMysql = false;
    private ?string $sqliteFile = null;
    /** @var list<array{resource, resource}> */
    private array $children = [];

    /** @return array<string, array{string}> */
    public static function dialects(): array
    {
        return ['sqlite' => ['sqlite'], 'mysql' => ['mysql']];
    }

    protected function setUp(): void
    {
        $this->prefix = 't' . bin2hex(random_bytes(4)) . '_';
    }

    protected function tearDown(): void
    {
        foreach ($this->children as [$proc, $pid]) {
            if (proc_get_status($proc)['running']) {
                posix_kill($pid, 9);
            }
            proc_close($proc);
        }
        $this->children = [];
        if ($this->sqliteFile !== null) {
            foreach (['', '-wal', '-shm', '-journal'] as $suffix) {
                @unlink($this->sqliteFile . $suffix);
            }
            $this->sqliteFile = null;
        }
        if ($this->usedMysql) {
            $this->dropMysqlTables($this->prefix);
            $this->usedMysql = false;
        }
    }

    /** @return array{dsn: string, user: ?string, password: ?string}|null */
    public static function mysqlEnv(): ?array
    {
        $dsn = getenv('SHOPCREDIT_TEST_MYSQL_DSN');
        if ($dsn === false || $dsn === '') {
            return null;
        }
        $user = getenv('SHOPCREDIT_TEST_MYSQL_USER');
        $password = getenv('SHOPCREDIT_TEST_MYSQL_PASSWORD');
        return ['dsn' => $dsn, 'user' => $user === false ? null : $user, 'password' => $password === false ? null : $password];
    }

    protected function requireMysql(): array
    {
        $env = self::mysqlEnv();
        if ($env === null) {
            $this->markTestSkipped('MySQL/MariaDB tests need SHOPCREDIT_TEST_MYSQL_DSN (and _USER, _PASSWORD): '
                . 'scripts/mariadb.sh start && eval "$(scripts/mariadb.sh env)"');
        }
        return $env;
    }

    /** The DSN/user/password of this test's database (one SQLite file per test). */
    protected function target(string $dialect): array
    {
        if ($dialect === 'mysql') {
            $env = $this->requireMysql();
            $this->usedMysql = true;
            return $env;
        }
        $this->sqliteFile ??= tempnam(sys_get_temp_dir(), 'sc-storage-') ?: throw new \RuntimeException('tempnam failed');
        return ['dsn' => 'sqlite:' . $this->sqliteFile, 'user' => null, 'password' => null];
    }

    /** A new connection to this test's database (several calls = several connections). */
    protected function connect(string $dialect, ?string $prefix = null, array $options = []): Connection
    {
        $t = $this->target($dialect);
        $c = Connection::open($t['dsn'], $t['user'], $t['password'], $prefix ?? $this->prefix, $options + ['retry_base_ms' => 2, 'retry_max_ms' => 20]);
        return $c;
    }

    /** A connection with the schema installed. */
    protected function installed(string $dialect, array $options = []): Connection
    {
        $c = $this->connect($dialect, null, $options);
        (new Migrations($c))->install(1_790_000_000);
        return $c;
    }

    protected function dropMysqlTables(string $prefix): void
    {
        $env = self::mysqlEnv();
        $pdo = new \PDO($env['dsn'], $env['user'], $env['password'], [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
        $like = str_replace('_', '\\_', $prefix) . '%';
        $tables = $pdo->prepare('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ?');
        $tables->execute([$like]);
        foreach ($tables->fetchAll(\PDO::FETCH_COLUMN) as $t) {
            $pdo->exec("DROP TABLE IF EXISTS `$t`");
        }
    }

    /**
     * Starts `php fixtures/child.php MODE DSN USER PASSWORD PREFIX ARGS...` (no shell: the pid is
     * PHP's own).
     * @return array{proc: resource, pid: int, stdin: resource, stdout: resource}
     */
    protected function startChild(string $dialect, string $mode, string ...$args): array
    {
        $t = $this->target($dialect);
        $cmd = [PHP_BINARY, self::CHILD, $mode, $t['dsn'], (string) $t['user'], (string) $t['password'], $this->prefix, ...$args];
        $proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', sys_get_temp_dir() . '/sc-storage-child.log', 'a']], $pipes);
        if (!is_resource($proc)) {
            throw new \RuntimeException('proc_open failed');
        }
        $pid = proc_get_status($proc)['pid'];
        $this->children[] = [$proc, $pid];
        return ['proc' => $proc, 'pid' => $pid, 'stdin' => $pipes[0], 'stdout' => $pipes[1]];
    }

    /** Reads the child's next line, failing the test after $timeoutS. */
    protected function readLine(array $child, float $timeoutS = 10.0): string
    {
        $deadline = microtime(true) + $timeoutS;
        $line = '';
        while (!str_ends_with($line, "\n")) {
            $left = $deadline - microtime(true);
            if ($left <= 0) {
                $this->fail("child {$child['pid']} said nothing within {$timeoutS}s (so far: '$line'); see " . sys_get_temp_dir() . '/sc-storage-child.log');
            }
            $r = [$child['stdout']];
            $w = $e = null;
            if (stream_select($r, $w, $e, 0, (int) min(200_000, $left * 1e6)) > 0) {
                $chunk = fgets($child['stdout']);
                if ($chunk === false) {
                    $this->fail("child {$child['pid']} exited (so far: '$line'); see " . sys_get_temp_dir() . '/sc-storage-child.log');
                }
                $line .= $chunk;
            }
        }
        return rtrim($line, "\n");
    }

    /** Waits for the child to exit; returns its exit code. */
    protected function waitChild(array $child, float $timeoutS = 10.0): int
    {
        $deadline = microtime(true) + $timeoutS;
        while (true) {
            $st = proc_get_status($child['proc']);
            if (!$st['running']) {
                return $st['exitcode'];
            }
            if (microtime(true) > $deadline) {
                $this->fail("child {$child['pid']} still running after {$timeoutS}s");
            }
            usleep(10_000);
        }
    }

    /** MySQL: waits until some transaction waits for a lock (the child reached its blocking statement). */
    protected function waitForLockWait(Connection $observer, float $timeoutS = 10.0): void
    {
        $deadline = microtime(true) + $timeoutS;
        while (microtime(true) < $deadline) {
            $n = (int) $observer->fetchValue("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'");
            if ($n > 0) {
                return;
            }
            // INNODB_TRX is a cache refreshed only when unread for 100 ms: poll slower than that.
            usleep(150_000);
        }
        $this->fail('no transaction started waiting for a lock');
    }
}

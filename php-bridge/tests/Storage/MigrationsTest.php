<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Migrations;
use ShopCredit\Storage\Schema;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

final class MigrationsTest extends StorageTestCase
{
    private const ALL_TABLES = [
        'accounts', 'transfers', 'receivables', 'payments_received', 'financing_subscriptions', 'financing_inbox',
        'credit_increase_requests', 'withdrawal_requests', 'settings', 'audit_log', 'idempotency', 'refunds',
        'webhook_rejections', 'financing_requests', 'purchase_orders', 'account_deltas', 'order_locks',
        'orders', 'order_events', 'order_actions', 'mass_batches', 'mass_batch_items',
    ];

    /** @dataProvider dialects */
    public function testInstallIsIdempotent(string $dialect): void
    {
        $c = $this->connect($dialect);
        $m = new Migrations($c);
        $this->assertSame(0, $m->currentVersion());
        $this->assertSame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], $m->install());
        $this->assertSame(10, $m->currentVersion());
        $this->assertSame(10, $m->latestVersion());
        $this->assertSame([], $m->install(), 'second install applies nothing');
        $this->assertSame([], $m->pendingVersions());
        $this->assertSame(self::ALL_TABLES, $m->tableNames());
        foreach (self::ALL_TABLES as $t) {
            $this->assertTrue($m->schema()->tableExists($t), "$t exists");
            if ($c->isMysql()) {
                $this->assertSame('InnoDB', $m->schema()->engine($t));
            }
        }
    }

    /** @dataProvider dialects */
    public function testUpgradeStepByStepAndAfterAHalfAppliedVersion(string $dialect): void
    {
        $c = $this->connect($dialect);
        $m = new Migrations($c);
        $this->assertSame([1], $m->upgrade(1));
        $this->assertTrue($m->schema()->tableExists('transfers'));
        $this->assertFalse($m->schema()->tableExists('receivables'));
        $this->assertSame([2, 3, 4, 5, 6, 7, 8, 9, 10], $m->pendingVersions());
        // A crash after some DDL of version 2 but before its version row (MySQL commits DDL at once).
        foreach ((new Schema($c))->createTable('receivables', Migrations::versions()[2]['steps'][0][2]) as $sql) {
            $c->execute($sql);
        }
        $this->assertSame([2, 3, 4, 5, 6, 7, 8, 9, 10], $m->upgrade());
        $this->assertSame(10, $m->currentVersion());
        $this->assertSame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], $m->appliedVersions());
    }

    /** @dataProvider dialects */
    public function testAddColumnAndIndexStepsAreIdempotent(string $dialect): void
    {
        $c = $this->connect($dialect);
        $versions = [
            1 => ['name' => 'demo', 'steps' => [['create', 'demo', ['columns' => ['id' => 'id', 'n' => 'bigint=0'], 'primary' => ['id']]]]],
            2 => ['name' => 'demo more', 'steps' => [
                ['add_column', 'demo', 'label', 'text?'],
                ['add_column', 'demo', 'state', "code='new'"],
                ['add_index', 'demo', 'demo_state', ['state'], false],
                ['add_index', 'demo', 'demo_label', ['label'], true],
            ]],
        ];
        $m = new Migrations($c, $versions);
        $this->assertSame([1], $m->upgrade(1));
        $c->insert('demo', ['id' => 'a']);
        // Version 2 half done before (one column and one index exist): the rest is added.
        $c->execute((new Schema($c))->addColumnSql('demo', 'label', 'text?'));
        $c->execute((new Schema($c))->createIndexSql('demo', 'demo_state', ['label'], false));
        $this->assertSame([2], $m->upgrade());
        $this->assertSame(['id', 'n', 'label', 'state'], $m->schema()->columns('demo'));
        $this->assertTrue($m->schema()->indexExists('demo', 'demo_label'));
        $this->assertSame('new', $c->fetchValue('SELECT state FROM {demo} WHERE id = ?', ['a']));
        $this->assertSame([], $m->upgrade());
    }

    /** @dataProvider dialects */
    public function testUninstallKeepsTheBooksUnlessAsked(string $dialect): void
    {
        $c = $this->installed($dialect);
        $m = new Migrations($c);
        $c->transaction(fn () => (new AccountRepository($c))->lockAccounts(['wallet:1:42:EUR'], [AccountRepository::class, 'defaultsFromId']));
        $this->assertSame([], $m->uninstall(false));
        $this->assertSame([], $m->install());
        $this->assertNotNull((new AccountRepository($c))->find('wallet:1:42:EUR'), 'the books survive uninstall(false) + install');

        $dropped = $m->uninstall(true);
        $this->assertCount(count(self::ALL_TABLES) + 1, $dropped);
        $this->assertContains($this->prefix . 'sc_schema_version', $dropped);
        foreach ([...self::ALL_TABLES, 'schema_version'] as $t) {
            $this->assertFalse($m->schema()->tableExists($t), "$t dropped");
        }
        $this->assertSame(0, $m->currentVersion());
        $this->assertSame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], $m->install());
        $this->assertNull((new AccountRepository($c))->find('wallet:1:42:EUR'));
    }

    /** @dataProvider dialects */
    public function testTablePrefixIsHonouredAndPrefixesAreIndependent(string $dialect): void
    {
        $a = $this->installed($dialect);
        $otherPrefix = $this->prefix . 'ps_';
        $b = $this->connect($dialect, $otherPrefix);
        try {
            (new Migrations($b))->install();
            $this->assertSame($this->prefix . 'sc_accounts', $a->table('accounts'));
            $this->assertSame($otherPrefix . 'sc_accounts', $b->table('accounts'));
            $names = $this->tableNames($a);
            $this->assertContains($this->prefix . 'sc_accounts', $names);
            $this->assertContains($otherPrefix . 'sc_accounts', $names);
            foreach ($names as $n) {
                $this->assertStringStartsWith($this->prefix, $n, 'no table outside the prefixes');
            }
            $b->transaction(fn () => (new AccountRepository($b))->lockAccounts(['wallet:1:7:EUR'], [AccountRepository::class, 'defaultsFromId']));
            $this->assertNull((new AccountRepository($a))->find('wallet:1:7:EUR'));
            $this->assertNotNull((new AccountRepository($b))->find('wallet:1:7:EUR'));
            (new Migrations($b))->uninstall(true);
            $this->assertTrue((new Migrations($a))->schema()->tableExists('accounts'), 'dropping one prefix leaves the other');
        } finally {
            if ($b->isMysql()) {
                $this->dropMysqlTables($otherPrefix);
            }
        }
    }

    public function testPrefixAndIdentifiersAreValidated(): void
    {
        $pdo = new \PDO('sqlite::memory:');
        $this->expectException(\InvalidArgumentException::class);
        new Connection($pdo, 'ps_; DROP TABLE x');
    }

    /** @dataProvider dialects */
    public function testMysqlColumnsUseBinaryIdsAndUtf8mb4(string $dialect): void
    {
        $c = $this->installed($dialect);
        if (!$c->isMysql()) {
            $this->assertSame('wal', strtolower((string) $c->fetchValue('PRAGMA journal_mode')));
            $this->assertSame(5000, (int) $c->fetchValue('PRAGMA busy_timeout'));
            return;
        }
        $rows = $c->fetchAll(
            'SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
            [$c->table('accounts')],
        );
        $cols = array_column($rows, null, 'COLUMN_NAME');
        $this->assertSame('ascii_bin', $cols['id']['COLLATION_NAME']);
        $this->assertSame('utf8mb4', $cols['company_name']['CHARACTER_SET_NAME']);
        $this->assertSame('utf8mb4', $c->fetchValue('SELECT @@character_set_connection'));
    }

    private function tableNames(Connection $c): array
    {
        if ($c->isMysql()) {
            return array_column($c->fetchAll('SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ?', [str_replace('_', '\\_', $this->prefix) . '%']), 'n');
        }
        return array_column($c->fetchAll("SELECT name AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"), 'n');
    }
}

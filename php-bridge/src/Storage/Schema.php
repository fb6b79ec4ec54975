<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Renders one dialect-neutral table definition to MySQL/MariaDB (InnoDB, utf8mb4) or SQLite DDL,
 * and answers what exists. Definitions come from Migrations, never from input.
 *
 * A definition: ['columns' => [name => spec], 'primary' => [cols], 'unique' => [indexName => [cols]],
 * 'index' => [indexName => [cols]]]. A column spec is `type`, `type?` (nullable) or `type=default`
 * (an integer or a 'quoted' literal). Index names are global (SQLite's rule) and get the table
 * prefix, so they must be unique across all tables.
 *
 * Types: id (VARCHAR(128) ascii, binary collation: ids are case-sensitive like the core's),
 * key (VARCHAR(191) utf8mb4 binary: provider keys), name (VARCHAR(64) ascii binary), code
 * (VARCHAR(32) ascii binary), currency (CHAR(3)), date (CHAR(10) 'YYYY-MM-DD'), hash (CHAR(64)),
 * text (VARCHAR(255) utf8mb4), json (LONGTEXT utf8mb4 binary), bigint, int, bool (0/1), serial
 * (auto-increment BIGINT primary key).
 */
final class Schema
{
    private const MYSQL_TYPES = [
        'id' => 'VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin',
        'key' => 'VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
        'name' => 'VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin',
        'code' => 'VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin',
        'currency' => 'CHAR(3) CHARACTER SET ascii COLLATE ascii_bin',
        'date' => 'CHAR(10) CHARACTER SET ascii COLLATE ascii_bin',
        'hash' => 'CHAR(64) CHARACTER SET ascii COLLATE ascii_bin',
        'text' => 'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
        'json' => 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
        'bigint' => 'BIGINT',
        'int' => 'INT',
        'bool' => 'TINYINT(1)',
        'serial' => 'BIGINT NOT NULL AUTO_INCREMENT',
    ];
    private const SQLITE_TYPES = [
        'id' => 'TEXT', 'key' => 'TEXT', 'name' => 'TEXT', 'code' => 'TEXT', 'currency' => 'TEXT',
        'date' => 'TEXT', 'hash' => 'TEXT', 'text' => 'TEXT', 'json' => 'TEXT',
        'bigint' => 'INTEGER', 'int' => 'INTEGER', 'bool' => 'INTEGER',
        'serial' => 'INTEGER PRIMARY KEY AUTOINCREMENT',
    ];

    public function __construct(private Connection $c)
    {
    }

    /**
     * The statements that create a table and its indexes (each safe to run again).
     * @param array{columns: array<string, string>, primary?: list<string>, unique?: array<string, list<string>>, index?: array<string, list<string>>} $def
     * @return list<string>
     */
    public function createTable(string $table, array $def): array
    {
        $c = $this->c;
        $lines = [];
        $serial = null;
        foreach ($def['columns'] as $col => $spec) {
            $lines[] = $this->columnSql($col, $spec);
            if (self::parseSpec($spec)[0] === 'serial') {
                $serial = $col;
            }
        }
        $primary = $def['primary'] ?? ($serial !== null ? [$serial] : []);
        if ($primary === []) {
            throw new \LogicException("table $table has no primary key");
        }
        if (!($c->isSqlite() && $serial !== null)) {
            $lines[] = 'PRIMARY KEY (' . $this->cols($primary) . ')';
        }
        foreach ($def['unique'] ?? [] as $name => $cols) {
            $lines[] = 'CONSTRAINT ' . $c->quoteIdentifier($this->indexName($name)) . ' UNIQUE (' . $this->cols($cols) . ')';
        }
        $out = [];
        if ($c->isMysql()) {
            foreach ($def['index'] ?? [] as $name => $cols) {
                $lines[] = 'KEY ' . $c->quoteIdentifier($this->indexName($name)) . ' (' . $this->cols($cols) . ')';
            }
            $out[] = 'CREATE TABLE IF NOT EXISTS ' . $c->quotedTable($table) . " (\n  " . implode(",\n  ", $lines)
                . "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
        } else {
            $out[] = 'CREATE TABLE IF NOT EXISTS ' . $c->quotedTable($table) . " (\n  " . implode(",\n  ", $lines) . "\n)";
            foreach ($def['index'] ?? [] as $name => $cols) {
                $out[] = $this->createIndexSql($table, $name, $cols, false);
            }
        }
        return $out;
    }

    /** ALTER TABLE ... ADD COLUMN (callers check columnExists() first: MySQL has no IF NOT EXISTS). */
    public function addColumnSql(string $table, string $column, string $spec): string
    {
        return 'ALTER TABLE ' . $this->c->quotedTable($table) . ' ADD COLUMN ' . $this->columnSql($column, $spec);
    }

    /** @param list<string> $cols */
    public function createIndexSql(string $table, string $name, array $cols, bool $unique): string
    {
        $c = $this->c;
        return 'CREATE ' . ($unique ? 'UNIQUE ' : '') . 'INDEX ' . ($c->isSqlite() ? 'IF NOT EXISTS ' : '')
            . $c->quoteIdentifier($this->indexName($name)) . ' ON ' . $c->quotedTable($table) . ' (' . $this->cols($cols) . ')';
    }

    public function dropTableSql(string $table): string
    {
        return 'DROP TABLE IF EXISTS ' . $this->c->quotedTable($table);
    }

    public function indexName(string $name): string
    {
        return $this->c->prefix() . 'sc_' . $name;
    }

    public function tableExists(string $table): bool
    {
        $real = $this->c->table($table);
        if ($this->c->isMysql()) {
            return (int) $this->c->fetchValue(
                'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
                [$real],
            ) > 0;
        }
        return (int) $this->c->fetchValue("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [$real]) > 0;
    }

    public function columnExists(string $table, string $column): bool
    {
        return in_array($column, $this->columns($table), true);
    }

    /** @return list<string> column names in table order */
    public function columns(string $table): array
    {
        if ($this->c->isMysql()) {
            return array_map('strval', array_column($this->c->fetchAll(
                'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
                [$this->c->table($table)],
            ), 'name'));
        }
        return array_map('strval', array_column($this->c->fetchAll('PRAGMA table_info(' . $this->c->quotedTable($table) . ')'), 'name'));
    }

    public function indexExists(string $table, string $name): bool
    {
        $real = $this->indexName($name);
        if ($this->c->isMysql()) {
            return (int) $this->c->fetchValue(
                'SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?',
                [$this->c->table($table), $real],
            ) > 0;
        }
        return (int) $this->c->fetchValue("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?", [$real]) > 0;
    }

    /** MySQL: the storage engine of a table (InnoDB expected); SQLite: 'sqlite'. */
    public function engine(string $table): ?string
    {
        if ($this->c->isSqlite()) {
            return $this->tableExists($table) ? 'sqlite' : null;
        }
        $v = $this->c->fetchValue(
            'SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
            [$this->c->table($table)],
        );
        return $v === null ? null : (string) $v;
    }

    /** @return array{string, bool, ?string} type, nullable, default literal */
    public static function parseSpec(string $spec): array
    {
        if (!preg_match("/^([a-z]+)(\\?)?(?:=(-?\\d+|'[A-Za-z0-9_ .:-]*'))?$/", $spec, $m)) {
            throw new \LogicException("bad column spec '$spec'");
        }
        if (!isset(self::MYSQL_TYPES[$m[1]])) {
            throw new \LogicException("unknown column type '{$m[1]}'");
        }
        return [$m[1], ($m[2] ?? '') === '?', isset($m[3]) && $m[3] !== '' ? $m[3] : null];
    }

    private function columnSql(string $column, string $spec): string
    {
        [$type, $nullable, $default] = self::parseSpec($spec);
        $sql = $this->c->quoteIdentifier($column) . ' ' . ($this->c->isMysql() ? self::MYSQL_TYPES[$type] : self::SQLITE_TYPES[$type]);
        if ($type === 'serial') {
            return $sql;
        }
        $sql .= $nullable ? ' NULL' : ' NOT NULL';
        if ($default !== null) {
            $sql .= ' DEFAULT ' . $default;
        }
        return $sql;
    }

    /** @param list<string> $cols */
    private function cols(array $cols): string
    {
        return implode(', ', array_map(fn ($x) => $this->c->quoteIdentifier($x), $cols));
    }
}

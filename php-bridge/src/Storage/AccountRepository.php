<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Ledger accounts: balances kept on the row (minor units), locked in sorted id order before the
 * core decides, written back from the core's answer with an optimistic `version` check.
 */
final class AccountRepository
{
    public const KINDS = ['wallet', 'credit_line', 'shop'];
    public const SHOP_PURPOSES = ['sales', 'cash', 'bonus', 'withdrawals', 'topups'];

    private const INT_COLUMNS = [
        'debits_pending', 'debits_posted', 'credits_pending', 'credits_posted', 'credit_limit',
        'payment_terms_days', 'created_at', 'updated_at', 'version',
    ];
    private const BOOL_COLUMNS = ['closed', 'on_hold'];
    /** Columns a caller may give when an account is created (the counters always start at 0). */
    private const CREATE_COLUMNS = [
        'shop_id', 'customer_id', 'kind', 'currency', 'credit_limit', 'closed', 'on_hold', 'risk_level',
        'payment_terms_days', 'company_name',
    ];
    /** Counter column → wire field. */
    public const COUNTERS = [
        'debits_pending' => 'debitsPending', 'debits_posted' => 'debitsPosted',
        'credits_pending' => 'creditsPending', 'credits_posted' => 'creditsPosted',
    ];
    /** Attributes the host manages itself (the core never returns them). */
    private const ATTRIBUTE_COLUMNS = ['credit_limit', 'closed', 'on_hold', 'risk_level', 'payment_terms_days', 'company_name'];

    /** @var array<string, array<string, mixed>> rows locked in transaction $lockedSerial */
    private array $locked = [];
    private int $lockedSerial = -1;

    public function __construct(private Connection $c)
    {
    }

    /**
     * Locks the accounts with one `SELECT ... WHERE id IN (...) ORDER BY id FOR UPDATE` (InnoDB
     * locks them in primary-key order, so two transactions never wait on each other in a cycle;
     * SQLite's BEGIN IMMEDIATE already holds the write lock). A missing account is created from
     * its defaults in the same transaction, then locked; without defaults it is left out.
     *
     * House accounts (AccountRepository::isHouse) may be locked here too (the fold, admin tools),
     * but money movements never do: Books appends their changes as deltas instead.
     *
     * @param list<string> $ids
     * @param array<string, array<string, mixed>>|callable(string): (array<string, mixed>|null) $defaults
     *        per id: shop_id, kind, currency (required), customer_id, credit_limit, closed, on_hold,
     *        risk_level, payment_terms_days, company_name; a callable such as
     *        [AccountRepository::class, 'defaultsFromId'] is asked for each missing id
     * @return array<string, array<string, mixed>> id → row, in lock (sorted) order
     */
    public function lockAccounts(array $ids, array|callable $defaults = [], ?int $nowS = null): array
    {
        $this->c->assertInTransaction('lockAccounts');
        $ids = array_values(array_unique(array_map('strval', $ids)));
        sort($ids, SORT_STRING);
        if ($ids === []) {
            return [];
        }
        $found = $this->selectForUpdate($ids);
        $created = [];
        foreach (array_diff($ids, array_keys($found)) as $id) {
            // The first movement of this account. The locking read above took a gap lock on the
            // missing id, so two first movements of one customer at the same moment can deadlock
            // here: the loser retries and finds the row. The insert is part of this transaction,
            // so a refused request leaves no row.
            $d = is_callable($defaults) ? $defaults($id) : ($defaults[$id] ?? null);
            if ($d !== null) {
                $this->insertNew($id, $d, $nowS ?? time());
                $created[] = $id;
            }
        }
        if ($created !== []) {
            $found += $this->selectForUpdate($created);
        }
        $out = [];
        foreach ($ids as $id) {
            if (isset($found[$id])) {
                $out[$id] = $this->remember(self::normalize($found[$id]));
            } elseif (in_array($id, $created, true)) {
                throw new StorageException("account $id vanished right after its creation");
            }
        }
        return $out;
    }

    /** @param list<string> $ids @return array<string, array<string, mixed>> */
    private function selectForUpdate(array $ids): array
    {
        $sql = count($ids) === 1 ? 'SELECT * FROM {accounts} WHERE id = ?' : 'SELECT * FROM {accounts} WHERE id IN (' . Connection::placeholders(count($ids)) . ') ORDER BY id';
        $rows = $this->c->fetchAll($this->c->lockForUpdate($sql), $ids);
        return array_column($rows, null, 'id');
    }

    /**
     * Reads one account without locking it (display, reports). A house account's counters include
     * the deltas not folded yet: what it holds now.
     */
    public function find(string $id): ?array
    {
        $row = $this->c->fetchOne('SELECT * FROM {accounts} WHERE id = ?', [$id]);
        $row = $row === null ? null : self::normalize($row);
        return HouseAccounts::isHouse($id) ? $this->withDeltas($id, $row) : $row;
    }

    /** @param array<string, mixed>|null $row @return array<string, mixed>|null the row plus its deltas */
    private function withDeltas(string $id, ?array $row): ?array
    {
        $d = $this->c->fetchOne(
            'SELECT COUNT(*) AS n, COALESCE(SUM(debits_pending), 0) AS debits_pending, COALESCE(SUM(debits_posted), 0) AS debits_posted,
                    COALESCE(SUM(credits_pending), 0) AS credits_pending, COALESCE(SUM(credits_posted), 0) AS credits_posted
               FROM {account_deltas} WHERE account_id = ?',
            [$id],
        );
        if ($d === null || (int) $d['n'] === 0) {
            return $row;
        }
        $row ??= ['id' => $id, ...(self::defaultsFromId($id) ?? []), 'credit_limit' => 0, 'closed' => false, 'on_hold' => false,
            'risk_level' => null, 'payment_terms_days' => null, 'company_name' => null, 'created_at' => 0, 'updated_at' => 0, 'version' => 0,
            'debits_pending' => 0, 'debits_posted' => 0, 'credits_pending' => 0, 'credits_posted' => 0];
        foreach (self::COUNTERS as $col => $_) {
            $row[$col] = (int) $row[$col] + (int) $d[$col];
        }
        return $row;
    }

    /** @return list<array<string, mixed>> a customer's accounts, by id */
    public function forCustomer(string $shopId, string $customerId): array
    {
        return array_map([self::class, 'normalize'], $this->c->fetchAll(
            'SELECT * FROM {accounts} WHERE shop_id = ? AND customer_id = ? ORDER BY id',
            [$shopId, $customerId],
        ));
    }

    /**
     * Creates an account with zero balances.
     * @param array<string, mixed> $defaults see lockAccounts()
     * @throws DuplicateKeyException when it exists
     */
    public function create(string $id, array $defaults, ?int $nowS = null): array
    {
        $this->c->insert('accounts', $this->newRow($id, $defaults, $nowS ?? time()));
        return self::normalize((array) $this->c->fetchOne('SELECT * FROM {accounts} WHERE id = ?', [$id]));
    }

    /**
     * The core's wire account (docs/CONTRIBUTING-CORE.md, "Ledger on the wire"): exactly the
     * fields the core accepts (it rejects unknown ones), amounts as decimal strings.
     * @return array{id: string, kind: string, currency: string, debitsPending: string, debitsPosted: string, creditsPending: string, creditsPosted: string, limit: string, closed: bool}
     */
    public static function toWire(array $row): array
    {
        $cur = (string) $row['currency'];
        return [
            'id' => (string) $row['id'],
            'kind' => (string) $row['kind'],
            'currency' => $cur,
            'debitsPending' => MoneyFormat::format((int) $row['debits_pending'], $cur),
            'debitsPosted' => MoneyFormat::format((int) $row['debits_posted'], $cur),
            'creditsPending' => MoneyFormat::format((int) $row['credits_pending'], $cur),
            'creditsPosted' => MoneyFormat::format((int) $row['credits_posted'], $cur),
            'limit' => MoneyFormat::format((int) $row['credit_limit'], $cur),
            'closed' => (bool) $row['closed'],
        ];
    }

    /** @return array<string, int|bool> counters in minor units from a wire account */
    public static function countersFromWire(array $wire): array
    {
        $cur = (string) ($wire['currency'] ?? '');
        $get = static fn (string $k): int => MoneyFormat::toMinorNonNegative((string) ($wire[$k] ?? throw new \InvalidArgumentException("wire account without $k")), $cur);
        return [
            'debits_pending' => $get('debitsPending'),
            'debits_posted' => $get('debitsPosted'),
            'credits_pending' => $get('creditsPending'),
            'credits_posted' => $get('creditsPosted'),
            'credit_limit' => isset($wire['limit']) ? MoneyFormat::toMinorNonNegative((string) $wire['limit'], $cur) : 0,
            'closed' => (bool) ($wire['closed'] ?? false),
        ];
    }

    /**
     * Writes the accounts the core returned (`ledger.accounts`). Each must have been locked by
     * lockAccounts() in the current transaction; kind and currency must not change. The update
     * also checks the `version` read under the lock, so a write that did not hold the lock fails
     * (ConcurrencyException, which retries the transaction) instead of losing an update.
     *
     * @param list<array<string, mixed>> $wireAccounts
     * @return int accounts written
     */
    public function applyAccounts(array $wireAccounts, ?int $nowS = null): int
    {
        $batch = new WriteBatch();
        $n = $this->queueAccounts($batch, $wireAccounts, $nowS);
        $batch->run($this->c);
        return $n;
    }

    /**
     * applyAccounts() as a statement of a batch: the version check runs once the batch has run,
     * still inside the transaction. $stopOnStaleVersion: the statement itself fails on a stale
     * version (a batch that also commits must stop before its COMMIT): the row's new version is
     * then NULL, which the strict session (Connection::commitsWithBatch) refuses (1048), and the
     * refusal retries the transaction like the check does.
     * @param list<array<string, mixed>> $wireAccounts
     * @return int accounts it writes
     */
    public function queueAccounts(WriteBatch $batch, array $wireAccounts, ?int $nowS = null, bool $stopOnStaleVersion = false): int
    {
        $this->c->assertInTransaction('applyAccounts');
        if ($this->lockedSerial !== $this->c->transactionSerial()) {
            $this->locked = [];
        }
        $nowS ??= time();
        $changes = [];
        foreach ($wireAccounts as $wire) {
            $id = (string) ($wire['id'] ?? '');
            $held = $this->locked[$id] ?? throw new \LogicException("account '$id' was not locked with lockAccounts() in this transaction");
            if (($wire['kind'] ?? null) !== $held['kind'] || ($wire['currency'] ?? null) !== $held['currency']) {
                throw new StorageException("account '$id' is a {$held['kind']} in {$held['currency']}; the core answered "
                    . ($wire['kind'] ?? '?') . ' in ' . ($wire['currency'] ?? '?'));
            }
            $changes[$id] = [self::countersFromWire($wire), $held];
        }
        if ($changes === []) {
            return 0;
        }
        $stale = fn (\Throwable $previous): ConcurrencyException => new ConcurrencyException('accounts ' . implode(', ', array_keys($changes)) . ' changed since they were locked', 0, $previous);
        $onError = $stopOnStaleVersion ? function (\PDOException $e) use ($stale): void {
            if ((int) ($e->errorInfo[1] ?? 0) === 1048) {
                throw $stale($e);
            }
        } : null;
        $batch->add($this->updateStatement($changes, $nowS, $stopOnStaleVersion), function (int $changed) use ($changes, $nowS): void {
            if ($changed !== count($changes)) {
                throw new ConcurrencyException('accounts ' . implode(', ', array_keys($changes)) . ' changed since they were locked');
            }
            foreach ($changes as $id => [$counters, $held]) {
                $this->locked[$id] = [...$held, ...$counters, 'updated_at' => $nowS, 'version' => $held['version'] + 1];
            }
        }, $onError);
        return count($changes);
    }

    /**
     * One statement for every account of the movement: each column set per id (a plain value for
     * one account), each row guarded by the version read under the lock — in the WHERE (a stale
     * row is left alone, the check counts it) or, $stopOnStaleVersion, as a new version of NULL.
     * @param non-empty-array<string, array{array<string, int>, array<string, mixed>}> $changes id → [counters, locked row]
     */
    private function updateStatement(array $changes, int $nowS, bool $stopOnStaleVersion): Statement
    {
        $one = count($changes) === 1;
        $sets = [];
        $setParams = [];
        foreach (['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted', 'credit_limit', 'closed'] as $col) {
            $sets[] = $this->c->quoteIdentifier($col) . ($one ? ' = ?' : ' = CASE id' . str_repeat(' WHEN ? THEN ?', count($changes)) . ' END');
            foreach ($changes as $id => [$counters]) {
                array_push($setParams, ...($one ? [$counters[$col]] : [$id, $counters[$col]]));
            }
        }
        $guards = [];
        $guardParams = [];
        foreach ($changes as $id => [, $held]) {
            $guards[] = '(id = ? AND version = ?)';
            array_push($guardParams, $id, $held['version']);
        }
        if ($stopOnStaleVersion) {
            $sets[] = 'version = CASE WHEN ' . implode(' OR ', $guards) . ' THEN version + 1 ELSE NULL END';
            $ids = array_map('strval', array_keys($changes));
            return new Statement(
                'UPDATE {accounts} SET ' . implode(', ', $sets) . ', updated_at = ? WHERE id IN (' . Connection::placeholders(count($ids)) . ')',
                [...$setParams, ...$guardParams, $nowS, ...$ids],
            );
        }
        return new Statement(
            'UPDATE {accounts} SET ' . implode(', ', $sets) . ', updated_at = ?, version = version + 1 WHERE ' . implode(' OR ', $guards),
            [...$setParams, $nowS, ...$guardParams],
        );
    }

    /**
     * Changes host-managed attributes (limit, closed, on_hold, risk_level, payment_terms_days,
     * company_name) of a locked account; bumps the version.
     * @param array<string, mixed> $attributes
     */
    public function setAttributes(string $id, array $attributes, ?int $nowS = null): array
    {
        $this->c->assertInTransaction('setAttributes');
        $row = $this->lockAccounts([$id])[$id] ?? throw new StorageException("no account '$id'");
        $set = [];
        foreach ($attributes as $col => $value) {
            if (!in_array($col, self::ATTRIBUTE_COLUMNS, true)) {
                throw new \InvalidArgumentException("'$col' is not an account attribute");
            }
            $set[$col] = self::columnValue($col, $value);
        }
        if ($set === []) {
            return $row;
        }
        $set['updated_at'] = $nowS ?? time();
        $s = implode(', ', array_map(fn ($c) => $this->c->quoteIdentifier($c) . ' = ?', array_keys($set)));
        $changed = $this->c->execute("UPDATE {accounts} SET $s, version = version + 1 WHERE id = ? AND version = ?", [...array_values($set), $id, $row['version']]);
        if ($changed !== 1) {
            throw new ConcurrencyException("account '$id' changed since it was locked");
        }
        return $this->remember([...$row, ...$set, 'version' => $row['version'] + 1]);
    }

    /**
     * Defaults from the host id conventions: `wallet:{shop}:{customer}:{CUR}`,
     * `credit:{shop}:{customer}:{CUR}`, `shop:{shop}:{purpose}:{CUR}`; null for anything else.
     * @return array{shop_id: string, customer_id: ?string, kind: string, currency: string}|null
     */
    public static function defaultsFromId(string $id): ?array
    {
        if (!preg_match('/^(wallet|credit|shop):([A-Za-z0-9_.@\/-]+):([A-Za-z0-9_.@\/-]+):([A-Z]{3})$/', $id, $m) || !MoneyFormat::isCurrency($m[4])) {
            return null;
        }
        if ($m[1] === 'shop') {
            return in_array($m[3], self::SHOP_PURPOSES, true)
                ? ['shop_id' => $m[2], 'customer_id' => null, 'kind' => 'shop', 'currency' => $m[4]]
                : null;
        }
        return ['shop_id' => $m[2], 'customer_id' => $m[3], 'kind' => $m[1] === 'wallet' ? 'wallet' : 'credit_line', 'currency' => $m[4]];
    }

    /** Typed row: counters and timestamps as int, flags as bool. */
    public static function normalize(array $row): array
    {
        foreach (self::INT_COLUMNS as $col) {
            if (array_key_exists($col, $row) && $row[$col] !== null) {
                $row[$col] = (int) $row[$col];
            }
        }
        foreach (self::BOOL_COLUMNS as $col) {
            if (array_key_exists($col, $row)) {
                $row[$col] = (bool) $row[$col];
            }
        }
        return $row;
    }

    private function remember(array $row): array
    {
        $serial = $this->c->transactionSerial();
        if ($this->lockedSerial !== $serial) {
            $this->locked = [];
            $this->lockedSerial = $serial;
        }
        $this->locked[$row['id']] = $row;
        return $row;
    }

    private function insertNew(string $id, array $defaults, int $nowS): void
    {
        // Insert-if-absent: a concurrent creator makes this a no-op (then both lock the same row).
        $this->c->insertIfAbsent('accounts', $this->newRow($id, $defaults, $nowS));
    }

    private function newRow(string $id, array $d, int $nowS): array
    {
        foreach (['shop_id', 'kind', 'currency'] as $k) {
            if (!isset($d[$k]) || $d[$k] === '') {
                throw new \InvalidArgumentException("account '$id' needs '$k' to be created");
            }
        }
        if (!in_array($d['kind'], self::KINDS, true)) {
            throw new \InvalidArgumentException("unknown account kind '{$d['kind']}'");
        }
        MoneyFormat::exponent((string) $d['currency']);
        $row = ['id' => $id];
        foreach (self::CREATE_COLUMNS as $col) {
            if (array_key_exists($col, $d)) {
                $row[$col] = self::columnValue($col, $d[$col]);
            }
        }
        foreach (array_keys($d) as $k) {
            if (!in_array($k, self::CREATE_COLUMNS, true)) {
                throw new \InvalidArgumentException("'$k' is not an account column");
            }
        }
        return [...$row, 'debits_pending' => 0, 'debits_posted' => 0, 'credits_pending' => 0, 'credits_posted' => 0,
            'created_at' => $nowS, 'updated_at' => $nowS, 'version' => 0];
    }

    private static function columnValue(string $col, mixed $value): int|string|bool|null
    {
        return match ($col) {
            'credit_limit' => is_int($value) && $value >= 0 ? $value : throw new \InvalidArgumentException('credit_limit must be non-negative minor units (int)'),
            'closed', 'on_hold' => (bool) $value,
            'payment_terms_days' => $value === null ? null : (int) $value,
            'customer_id', 'risk_level', 'company_name' => $value === null ? null : (string) $value,
            default => (string) $value,
        };
    }
}

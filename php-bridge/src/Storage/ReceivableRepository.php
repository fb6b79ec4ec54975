<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * What customers owe on account, one row per order (unique per shop + order_ref), and the
 * payments received against them (payments_received: the id is the idempotency key).
 * Amounts in minor units; due_date is a calendar date 'YYYY-MM-DD' (the core's WireDate).
 */
final class ReceivableRepository
{
    private const INT_COLUMNS = ['id', 'amount', 'paid', 'last_reminder_level', 'last_reminder_at', 'created_at', 'updated_at'];
    private const PAYMENT_INT_COLUMNS = ['amount', 'received_at', 'created_at'];
    private const CREATE_COLUMNS = ['shop_id', 'order_ref', 'customer_id', 'account_id', 'currency', 'amount', 'paid', 'due_date', 'state', 'created_at'];
    private const UPDATE_COLUMNS = ['amount', 'paid', 'due_date', 'state', 'last_reminder_level', 'last_reminder_at'];
    private const PAYMENT_COLUMNS = ['id', 'shop_id', 'order_ref', 'account_id', 'amount', 'currency', 'method', 'reference', 'transfer_id', 'received_at', 'recorded_by'];

    public function __construct(private Connection $c)
    {
    }

    /**
     * @param array<string, mixed> $r shop_id, order_ref, customer_id, account_id, currency, amount
     *        (minor units), state; optional paid, due_date, created_at
     * @return int the receivable's id
     * @throws DuplicateKeyException when the order already has one
     */
    public function create(array $r, ?int $nowS = null): int
    {
        $row = self::only($r, self::CREATE_COLUMNS);
        foreach (['shop_id', 'order_ref', 'customer_id', 'account_id', 'currency', 'amount', 'state'] as $k) {
            if (!isset($row[$k])) {
                throw new \InvalidArgumentException("receivable without '$k'");
            }
        }
        MoneyFormat::exponent((string) $row['currency']);
        self::checkDate($row['due_date'] ?? null);
        $now = $nowS ?? time();
        $row += ['paid' => 0, 'created_at' => $now];
        $row['updated_at'] = $now;
        $this->c->insert('receivables', $row);
        return $this->c->lastInsertId();
    }

    /** @return array<string, mixed>|null */
    public function find(string $shopId, string $orderRef, bool $forUpdate = false): ?array
    {
        $sql = 'SELECT * FROM {receivables} WHERE shop_id = ? AND order_ref = ?';
        $row = $this->c->fetchOne($forUpdate ? $this->c->lockForUpdate($sql) : $sql, [$shopId, $orderRef]);
        return $row === null ? null : self::ints($row, self::INT_COLUMNS);
    }

    /**
     * @param array<string, mixed> $changes amount, paid, due_date, state, last_reminder_level, last_reminder_at
     * @return bool false when no such receivable
     */
    public function update(string $shopId, string $orderRef, array $changes, ?int $nowS = null): bool
    {
        $unknown = array_diff(array_keys($changes), self::UPDATE_COLUMNS);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('not updatable on a receivable: ' . implode(', ', $unknown));
        }
        if (array_key_exists('due_date', $changes)) {
            self::checkDate($changes['due_date']);
        }
        $changes['updated_at'] = $nowS ?? time();
        return $this->c->update('receivables', $changes, ['shop_id' => $shopId, 'order_ref' => $orderRef]) === 1
            || $this->find($shopId, $orderRef) !== null;
    }

    /**
     * An account's receivables, oldest first.
     * @param list<string>|null $states only these states
     * @return list<array<string, mixed>>
     */
    public function listForAccount(string $accountId, ?array $states = null, int $limit = 500): array
    {
        $sql = 'SELECT * FROM {receivables} WHERE account_id = ?';
        $params = [$accountId];
        if ($states !== null && $states !== []) {
            $sql .= ' AND state IN (' . Connection::placeholders(count($states)) . ')';
            array_push($params, ...array_values($states));
        }
        $params[] = max(1, $limit);
        return array_map(fn ($r) => self::ints($r, self::INT_COLUMNS), $this->c->fetchAll($sql . ' ORDER BY created_at, id LIMIT ?', $params));
    }

    /**
     * An account's open receivables, oldest due date first (those without one last): the ones a
     * credit context names one by one. $except (an order ref) is left out. Two reads in index
     * order (dated, then undated), so a million open receivables are not sorted to name 1,000.
     * @return list<array<string, mixed>>
     */
    public function openOldestDue(string $accountId, int $limit, ?string $except = null): array
    {
        if ($limit < 1) {
            return [];
        }
        [$where, $params] = self::openWhere($accountId, $except);
        $rows = $this->c->fetchAll("SELECT * FROM {receivables} WHERE $where AND due_date IS NOT NULL ORDER BY due_date, id LIMIT ?", [...$params, $limit]);
        if (count($rows) < $limit) {
            array_push($rows, ...$this->c->fetchAll("SELECT * FROM {receivables} WHERE $where AND due_date IS NULL ORDER BY id LIMIT ?", [...$params, $limit - count($rows)]));
        }
        return array_map(fn ($r) => self::ints($r, self::INT_COLUMNS), $rows);
    }

    /**
     * One page of an account's open receivables that have a due date, oldest due first; keyset
     * pagination on (due_date, id) after $after (null: the first page).
     * @param array{dueDate: string, id: int}|null $after
     * @return list<array<string, mixed>>
     */
    public function openDuePage(string $accountId, int $limit, ?array $after = null): array
    {
        $sql = "SELECT * FROM {receivables} WHERE account_id = ? AND state = 'open' AND due_date IS NOT NULL";
        $params = [$accountId];
        if ($after !== null) {
            self::checkDate($after['dueDate']);
            $sql .= ' AND (due_date > ? OR (due_date = ? AND id > ?))';
            array_push($params, $after['dueDate'], $after['dueDate'], $after['id']);
        }
        $rows = $this->c->fetchAll("$sql ORDER BY due_date, id LIMIT ?", [...$params, max(1, $limit)]);
        return array_map(fn ($r) => self::ints($r, self::INT_COLUMNS), $rows);
    }

    /**
     * The account's open receivables but $namedIds (those openOldestDue() named) and $except,
     * summed in the core's wire shape (`credit.*` `openSummary`); null when there are none.
     * Dates compare as 'YYYY-MM-DD' strings; $asOf is the shop-local today. One read of the
     * account's index range, no sort.
     * @param list<int> $namedIds at most a few thousand
     * @return array{count: int, outstanding: string, paid: string, oldestDueDate?: string, asOf: string, nextDueDate?: string, overdueCount: int, overdue: string}|null
     */
    public function openSummary(string $accountId, string $currency, string $asOf, array $namedIds = [], ?string $except = null): ?array
    {
        self::checkDate($asOf);
        [$where, $params] = self::openWhere($accountId, $except);
        if ($namedIds !== []) {
            $where .= ' AND id NOT IN (' . Connection::placeholders(count($namedIds)) . ')';
            array_push($params, ...array_map('intval', $namedIds));
        }
        $due = 'amount > paid';
        $r = $this->c->fetchOne(
            "SELECT COUNT(*) AS n_rows, COALESCE(SUM(CASE WHEN $due THEN 1 ELSE 0 END), 0) AS n,
                    COALESCE(SUM(CASE WHEN $due THEN amount - paid ELSE 0 END), 0) AS outstanding, COALESCE(SUM(paid), 0) AS paid,
                    MIN(CASE WHEN $due THEN due_date END) AS oldest, MIN(CASE WHEN $due AND due_date >= ? THEN due_date END) AS next,
                    COALESCE(SUM(CASE WHEN $due AND due_date < ? THEN 1 ELSE 0 END), 0) AS overdue_n,
                    COALESCE(SUM(CASE WHEN $due AND due_date < ? THEN amount - paid ELSE 0 END), 0) AS overdue
               FROM {receivables} WHERE $where",
            [$asOf, $asOf, $asOf, ...$params],
        );
        return $r === null ? null : self::summaryOf($r, $currency, $asOf);
    }

    /**
     * openSummary()'s sums (n_rows, n, outstanding, paid, oldest, next, overdue_n, overdue; the
     * money in minor units) in the core's shape; null when no receivable was summed.
     * @param array<string, mixed> $r
     * @return array{count: int, outstanding: string, paid: string, oldestDueDate?: string, asOf: string, nextDueDate?: string, overdueCount: int, overdue: string}|null
     */
    public static function summaryOf(array $r, string $currency, string $asOf): ?array
    {
        if ((int) $r['n_rows'] === 0) {
            return null;
        }
        $out = ['count' => (int) $r['n'], 'outstanding' => MoneyFormat::formatSum($r['outstanding'], $currency), 'paid' => MoneyFormat::formatSum($r['paid'], $currency)];
        if ($r['oldest'] !== null) {
            $out['oldestDueDate'] = (string) $r['oldest'];
        }
        $out['asOf'] = $asOf;
        if ($r['next'] !== null) {
            $out['nextDueDate'] = (string) $r['next'];
        }
        return $out + ['overdueCount' => (int) $r['overdue_n'], 'overdue' => MoneyFormat::formatSum($r['overdue'], $currency)];
    }

    /** @return array{string, list<string>} */
    private static function openWhere(string $accountId, ?string $except): array
    {
        return $except === null
            ? ["account_id = ? AND state = 'open'", [$accountId]]
            : ["account_id = ? AND state = 'open' AND order_ref <> ?", [$accountId, $except]];
    }

    /**
     * Receivables in $states due on or before $date ('YYYY-MM-DD'), for reminder and overdue
     * jobs; keyset pagination on id ($afterId = last id of the previous page).
     * @param list<string> $states
     * @return list<array<string, mixed>>
     */
    public function listDue(string $date, array $states, int $limit = 500, int $afterId = 0): array
    {
        self::checkDate($date);
        if ($states === []) {
            return [];
        }
        return array_map(fn ($r) => self::ints($r, self::INT_COLUMNS), $this->c->fetchAll(
            'SELECT * FROM {receivables} WHERE state IN (' . Connection::placeholders(count($states)) . ')
             AND due_date IS NOT NULL AND due_date <= ? AND id > ? ORDER BY id LIMIT ?',
            [...array_values($states), $date, $afterId, max(1, $limit)],
        ));
    }

    /**
     * Accounts with receivables in $states due on or before $date ('YYYY-MM-DD'), in account
     * order after $afterAccountId (keyset over the account index: the reminder job walks them all).
     * @param list<string> $states
     * @return list<string>
     */
    public function accountsWithDue(string $date, array $states, string $afterAccountId = '', int $limit = 500): array
    {
        self::checkDate($date);
        if ($states === []) {
            return [];
        }
        return array_map('strval', array_column($this->c->fetchAll(
            'SELECT account_id FROM {receivables} WHERE account_id > ? AND state IN (' . Connection::placeholders(count($states)) . ')
             AND due_date IS NOT NULL AND due_date <= ? GROUP BY account_id ORDER BY account_id LIMIT ?',
            [$afterAccountId, ...array_values($states), $date, max(1, $limit)],
        ), 'account_id'));
    }

    /**
     * Records a payment received once: its id is the idempotency key.
     * @param array<string, mixed> $p id, shop_id, amount (minor units), currency, received_at;
     *        optional order_ref, account_id, method, reference, transfer_id, recorded_by
     * @return bool true when recorded now, false when this id was already recorded identically
     * @throws IdempotencyConflictException when the id was recorded with other facts
     */
    public function recordPayment(array $p, ?int $nowS = null): bool
    {
        $row = self::only($p, self::PAYMENT_COLUMNS);
        foreach (['id', 'shop_id', 'amount', 'currency', 'received_at'] as $k) {
            if (!isset($row[$k])) {
                throw new \InvalidArgumentException("payment without '$k'");
            }
        }
        MoneyFormat::exponent((string) $row['currency']);
        $row['created_at'] = $nowS ?? time();
        if ($this->c->insertIfAbsent('payments_received', $row)) {
            return true;
        }
        $stored = $this->findPayment((string) $row['id']) ?? throw new StorageException("payment {$row['id']} vanished");
        foreach (['shop_id', 'order_ref', 'account_id', 'amount', 'currency'] as $k) {
            if (($stored[$k] ?? null) !== ($row[$k] ?? null)) {
                throw new IdempotencyConflictException("payment '{$row['id']}' was already recorded with another $k");
            }
        }
        return false;
    }

    public function findPayment(string $id): ?array
    {
        $row = $this->c->fetchOne('SELECT * FROM {payments_received} WHERE id = ?', [$id]);
        return $row === null ? null : self::ints($row, self::PAYMENT_INT_COLUMNS);
    }

    /** @return list<array<string, mixed>> oldest first */
    public function paymentsFor(string $shopId, string $orderRef): array
    {
        return array_map(fn ($r) => self::ints($r, self::PAYMENT_INT_COLUMNS), $this->c->fetchAll(
            'SELECT * FROM {payments_received} WHERE shop_id = ? AND order_ref = ? ORDER BY received_at, id',
            [$shopId, $orderRef],
        ));
    }

    private static function checkDate(mixed $date): void
    {
        if ($date === null) {
            return;
        }
        if (!is_string($date) || !preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $date, $m) || !checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            throw new \InvalidArgumentException('a date must be YYYY-MM-DD, got ' . var_export($date, true));
        }
    }

    private static function only(array $in, array $allowed): array
    {
        $unknown = array_diff(array_keys($in), $allowed);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('unknown column(s): ' . implode(', ', $unknown));
        }
        return $in;
    }

    private static function ints(array $row, array $cols): array
    {
        foreach ($cols as $col) {
            if (isset($row[$col])) {
                $row[$col] = (int) $row[$col];
            }
        }
        return $row;
    }
}

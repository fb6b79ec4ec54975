<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Customer requests decided by the merchant: credit-limit increases and wallet withdrawals.
 * State changes are compare-and-set on the current state, so two clicks cannot both decide.
 */
final class RequestRepository
{
    public const CREDIT_INCREASE = 'credit_increase';
    public const WITHDRAWAL = 'withdrawal';

    private const TABLES = [self::CREDIT_INCREASE => 'credit_increase_requests', self::WITHDRAWAL => 'withdrawal_requests'];
    private const CREATE = [
        self::CREDIT_INCREASE => ['id', 'shop_id', 'customer_id', 'account_id', 'currency', 'current_limit', 'requested_limit', 'state', 'message', 'open_key'],
        self::WITHDRAWAL => ['id', 'shop_id', 'customer_id', 'account_id', 'currency', 'amount', 'state', 'reserve_transfer_id', 'message'],
    ];
    private const REQUIRED = [
        self::CREDIT_INCREASE => ['id', 'shop_id', 'customer_id', 'account_id', 'currency', 'current_limit', 'requested_limit', 'state'],
        self::WITHDRAWAL => ['id', 'shop_id', 'customer_id', 'account_id', 'currency', 'amount', 'state'],
    ];
    private const CHANGE = [
        self::CREDIT_INCREASE => ['state', 'granted_limit', 'reason', 'decided_by', 'decided_at', 'open_key', 'current_limit', 'requested_limit', 'message'],
        self::WITHDRAWAL => ['state', 'reserve_transfer_id', 'resolve_transfer_id', 'reason', 'decided_by', 'decided_at'],
    ];
    private const INTS = ['current_limit', 'requested_limit', 'granted_limit', 'amount', 'decided_at', 'created_at', 'updated_at'];

    public function __construct(private Connection $c)
    {
    }

    /**
     * @param array<string, mixed> $r credit_increase: id, shop_id, customer_id, account_id, currency,
     *        current_limit, requested_limit (minor units), state, message?; withdrawal: id, shop_id,
     *        customer_id, account_id, currency, amount, state, reserve_transfer_id?, message?
     * @throws DuplicateKeyException when the id exists
     */
    public function create(string $kind, array $r, ?int $nowS = null): void
    {
        $table = self::table($kind);
        $unknown = array_diff(array_keys($r), self::CREATE[$kind]);
        if ($unknown !== []) {
            throw new \InvalidArgumentException("unknown $kind request column(s): " . implode(', ', $unknown));
        }
        foreach (self::REQUIRED[$kind] as $k) {
            if (!isset($r[$k])) {
                throw new \InvalidArgumentException("$kind request without '$k'");
            }
        }
        MoneyFormat::exponent((string) $r['currency']);
        $now = $nowS ?? time();
        $this->c->insert($table, [...$r, 'created_at' => $now, 'updated_at' => $now]);
    }

    public function find(string $kind, string $id, bool $forUpdate = false): ?array
    {
        $sql = 'SELECT * FROM {' . self::table($kind) . '} WHERE id = ?';
        $row = $this->c->fetchOne($forUpdate ? $this->c->lockForUpdate($sql) : $sql, [$id]);
        return $row === null ? null : self::ints($row);
    }

    /**
     * A shop's requests, newest first.
     * @param array{state?: string|list<string>, customer_id?: string} $filters
     * @return list<array<string, mixed>>
     */
    public function list(string $kind, string $shopId, array $filters = [], int $limit = 100, int $offset = 0): array
    {
        [$where, $params] = $this->where($shopId, $filters);
        $params[] = max(1, $limit);
        $params[] = max(0, $offset);
        return array_map([self::class, 'ints'], $this->c->fetchAll('SELECT * FROM {' . self::table($kind) . '}' . $where . ' ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?', $params));
    }

    /** How many requests list() pages through. @param array{state?: string|list<string>, customer_id?: string, currency?: string} $filters */
    public function count(string $kind, string $shopId, array $filters = []): int
    {
        [$where, $params] = $this->where($shopId, $filters);
        return (int) $this->c->fetchValue('SELECT COUNT(*) FROM {' . self::table($kind) . '}' . $where, $params);
    }

    /** The customer's open (undecided) credit-increase request in a currency, newest first. */
    public function openIncrease(string $shopId, string $customerId, string $currency, bool $forUpdate = false): ?array
    {
        $sql = 'SELECT * FROM {credit_increase_requests} WHERE shop_id = ? AND customer_id = ? AND currency = ? AND state = ? ORDER BY created_at DESC, id DESC LIMIT 1';
        $row = $this->c->fetchOne($forUpdate ? $this->c->lockForUpdate($sql) : $sql, [$shopId, $customerId, $currency, 'requested']);
        return $row === null ? null : self::ints($row);
    }

    /** @return array{0: string, 1: list<string>} */
    private function where(string $shopId, array $filters): array
    {
        $sql = ' WHERE shop_id = ?';
        $params = [$shopId];
        $unknown = array_diff(array_keys($filters), ['state', 'customer_id', 'currency']);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('unknown request filter: ' . implode(', ', $unknown));
        }
        if (isset($filters['state'])) {
            $states = array_values((array) $filters['state']);
            $sql .= ' AND state IN (' . Connection::placeholders(count($states)) . ')';
            array_push($params, ...$states);
        }
        if (isset($filters['customer_id'])) {
            $sql .= ' AND customer_id = ?';
            $params[] = (string) $filters['customer_id'];
        }
        if (isset($filters['currency'])) {
            $sql .= ' AND currency = ?';
            $params[] = (string) $filters['currency'];
        }
        return [$sql, $params];
    }

    /**
     * Changes a request only if it is still in $fromState (compare-and-set).
     * @param array<string, mixed> $changes credit_increase: state, granted_limit, reason, decided_by,
     *        decided_at; withdrawal: state, reserve_transfer_id, resolve_transfer_id, reason, decided_by, decided_at
     * @return bool false when the request is not (or no longer) in $fromState
     */
    public function transition(string $kind, string $id, string $fromState, array $changes, ?int $nowS = null): bool
    {
        $table = self::table($kind);
        $unknown = array_diff(array_keys($changes), self::CHANGE[$kind]);
        if ($unknown !== [] || $changes === []) {
            throw new \InvalidArgumentException("cannot change $kind request column(s): " . implode(', ', $unknown ?: ['(none given)']));
        }
        $changes['updated_at'] = $nowS ?? time();
        return $this->c->update($table, $changes, ['id' => $id, 'state' => $fromState]) === 1;
    }

    private static function table(string $kind): string
    {
        return self::TABLES[$kind] ?? throw new \InvalidArgumentException("unknown request kind '$kind'");
    }

    private static function ints(array $row): array
    {
        foreach (self::INTS as $k) {
            if (isset($row[$k])) {
                $row[$k] = (int) $row[$k];
            }
        }
        return $row;
    }
}

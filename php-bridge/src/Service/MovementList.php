<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\Connection;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\TransferRepository;

/**
 * The movements of customers' balances or credit lines as people read them: one line per
 * movement. A reservation and what became of it (posted, voided or expired) are one line with a
 * state, never two: its `effective` amount is what it counts now (the reservation while it is
 * held, what was posted, nothing once voided or expired), so the lines of an account add up to
 * its real figure — for a balance, Σ `signed` = the available balance (posted in − out − held);
 * for a credit line, −Σ `signed` = the exposure (owed + held). The posts and voids themselves are
 * not lines of their own.
 *
 * Server-side paging with totals (what WP_List_Table and HelperList want: a page, the number of
 * lines, the sums of the whole filtered set per currency), sortable by date, amount, kind or
 * customer, filterable by customer, currency, period, kind and state.
 *
 *     $page = $sc->movementList()->page('1', 'wallet', ['customer_id' => '42', 'currency' => 'EUR'],
 *                                       ['sort' => 'date', 'dir' => 'desc', 'limit' => 20, 'offset' => 0]);
 *     // $page['rows'][n]: id, customerId, currency, kind, direction (in|out), amount, effective,
 *     //                   signed, state (posted|pending|voided|expired), orderRef, atS, resolvedAtS
 *     // $page['total'], $page['sums'][CUR] = {count, in, out, net}
 */
final class MovementList
{
    public const KINDS = ['wallet' => 'wallet', 'credit_line' => 'credit'];
    public const SORTS = ['date', 'amount', 'kind', 'customer'];
    public const STATES = ['posted', 'pending', 'voided', 'expired'];
    public const MAX_LIMIT = 200;
    private const RESOLVING = TransferRepository::FLAGS['post_pending'] | TransferRepository::FLAGS['void_pending'];
    private const PENDING = TransferRepository::FLAGS['pending'];

    public function __construct(private readonly Connection $c)
    {
    }

    /**
     * @param 'wallet'|'credit_line' $kind
     * @param array{customer_id?: string, currency?: string, from_s?: int, to_s?: int, code?: string|list<string>, state?: string|list<string>, order_ref?: string} $filters
     *        from_s inclusive, to_s exclusive (unix seconds, when the movement started)
     * @param array{sort?: string, dir?: string, limit?: int, offset?: int} $page
     * @return array{rows: list<array<string, mixed>>, total: int, sums: array<string, array{count: int, in: string, out: string, net: string}>, limit: int, offset: int}
     */
    public function page(string $shopId, string $kind, array $filters = [], array $page = []): array
    {
        [$lines, $params] = $this->lines($shopId, $kind, $filters);
        $limit = \max(1, \min(self::MAX_LIMIT, (int) ($page['limit'] ?? 50)));
        $offset = \max(0, (int) ($page['offset'] ?? 0));
        $sort = (string) ($page['sort'] ?? 'date');
        if (!\in_array($sort, self::SORTS, true)) {
            throw new InvalidRequest('invalid_value', 'sort must be one of ' . \implode(', ', self::SORTS), 'sort');
        }
        $dir = \strtolower((string) ($page['dir'] ?? ($sort === 'date' ? 'desc' : 'asc')));
        if (!\in_array($dir, ['asc', 'desc'], true)) {
            throw new InvalidRequest('invalid_value', 'dir must be asc or desc', 'dir');
        }
        $order = match ($sort) {
            'date' => "at_s $dir, id $dir",
            // Amounts of different currencies are never compared.
            'amount' => "currency, effective $dir, at_s DESC, id DESC",
            'kind' => "code $dir, at_s DESC, id DESC",
            'customer' => "account_id $dir, at_s DESC, id DESC",
        };
        $rows = $this->c->fetchAll("SELECT * FROM ($lines) AS l ORDER BY $order LIMIT ? OFFSET ?", [...$params, $limit, $offset]);
        $sums = [];
        foreach ($this->c->fetchAll(
            "SELECT currency, COUNT(*) AS n, COALESCE(SUM(CASE WHEN inbound = 1 THEN effective ELSE 0 END), 0) AS money_in,
                    COALESCE(SUM(CASE WHEN inbound = 0 THEN effective ELSE 0 END), 0) AS money_out,
                    COALESCE(SUM(CASE WHEN inbound = 1 THEN effective ELSE -effective END), 0) AS net
               FROM ($lines) AS l GROUP BY currency ORDER BY currency",
            $params,
        ) as $s) {
            $cur = (string) $s['currency'];
            $sums[$cur] = [
                'count' => (int) $s['n'], 'in' => MoneyFormat::formatSum($s['money_in'], $cur), 'out' => MoneyFormat::formatSum($s['money_out'], $cur),
                'net' => MoneyFormat::formatSum($s['net'], $cur),
            ];
        }
        return [
            'rows' => \array_map([self::class, 'row'], $rows), 'total' => \array_sum(\array_column($sums, 'count')),
            'sums' => $sums, 'limit' => $limit, 'offset' => $offset,
        ];
    }

    /**
     * The SQL of the lines (one per movement, with the customer's account, its side, the state
     * and the effective amount) and its parameters: two index range scans (debit side, credit
     * side), merged, each reservation joined to the post or void that resolved it.
     * @return array{string, list<int|string>}
     */
    private function lines(string $shopId, string $kind, array $filters): array
    {
        $prefix = self::KINDS[$kind] ?? throw new InvalidRequest('invalid_value', 'kind must be wallet or credit_line', 'kind');
        $unknown = \array_diff(\array_keys($filters), ['customer_id', 'currency', 'from_s', 'to_s', 'code', 'state', 'order_ref']);
        if ($unknown !== []) {
            throw new InvalidRequest('invalid_value', 'unknown filter: ' . \implode(', ', $unknown), (string) \reset($unknown));
        }
        $like = $prefix . ':' . self::escape(Ids::part($shopId, 'shopId')) . ':'
            . (isset($filters['customer_id']) ? self::escape(Ids::part((string) $filters['customer_id'], 'customer_id')) . ':' : '') . '%';
        [$where, $params] = self::where($filters);
        $pending = self::PENDING;
        $resolving = self::RESOLVING;
        $side = static fn (string $own, string $other, int $inbound): string => "SELECT t.id, t.$own AS account_id, $inbound AS inbound, t.currency, t.code, t.amount,
                t.flags, t.pending_status, t.order_ref, t.timestamp_s AS at_s
           FROM {transfers} t WHERE t.$own LIKE ? ESCAPE '!'" . ($inbound === 1 ? " AND t.$other NOT LIKE ? ESCAPE '!'" : '') . " AND (t.flags & $resolving) = 0 $where";
        $sql = "SELECT m.*, r.amount AS resolved_amount, r.timestamp_s AS resolved_at_s,
                       CASE WHEN (m.flags & $pending) = 0 OR m.pending_status = 'pending' THEN m.amount
                            WHEN m.pending_status = 'posted' THEN COALESCE(r.amount, m.amount) ELSE 0 END AS effective
                  FROM ({$side('debit_account_id', 'credit_account_id', 0)} UNION ALL {$side('credit_account_id', 'debit_account_id', 1)}) AS m
                  LEFT JOIN {transfers} r ON r.pending_id = m.id AND (r.flags & $resolving) <> 0";
        if (isset($filters['state'])) {
            $states = \array_values((array) $filters['state']);
            foreach ($states as $s) {
                if (!\in_array($s, self::STATES, true)) {
                    throw new InvalidRequest('invalid_value', 'state must be one of ' . \implode(', ', self::STATES), 'state');
                }
            }
            // A movement that was never a reservation is posted.
            $sql = "SELECT * FROM ($sql) AS s WHERE (CASE WHEN pending_status = 'none' THEN 'posted' ELSE pending_status END) IN (" . Connection::placeholders(\count($states)) . ')';
            return [$sql, [$like, ...$params, $like, $like, ...$params, ...$states]];
        }
        return [$sql, [$like, ...$params, $like, $like, ...$params]];
    }

    /** @return array{string, list<int|string>} " AND ..." on t and its parameters */
    private static function where(array $filters): array
    {
        $where = '';
        $params = [];
        if (isset($filters['currency'])) {
            $where .= ' AND t.currency = ?';
            $params[] = Ids::currency((string) $filters['currency']);
        }
        foreach (['from_s' => '>=', 'to_s' => '<'] as $key => $op) {
            if (isset($filters[$key])) {
                if (!\is_int($filters[$key])) {
                    throw new InvalidRequest('invalid_type', "$key must be unix seconds", $key);
                }
                $where .= " AND t.timestamp_s $op ?";
                $params[] = $filters[$key];
            }
        }
        if (isset($filters['code'])) {
            $codes = \array_values(\array_map('strval', (array) $filters['code']));
            if ($codes !== []) {
                $where .= ' AND t.code IN (' . Connection::placeholders(\count($codes)) . ')';
                \array_push($params, ...$codes);
            }
        }
        if (isset($filters['order_ref'])) {
            $where .= ' AND t.order_ref = ?';
            $params[] = (string) $filters['order_ref'];
        }
        return [$where, $params];
    }

    /** @param array<string, mixed> $r @return array<string, mixed> */
    private static function row(array $r): array
    {
        $cur = (string) $r['currency'];
        $parts = \explode(':', (string) $r['account_id']);
        $in = (int) $r['inbound'] === 1;
        $effective = (int) $r['effective'];
        $reservation = ((int) $r['flags'] & self::PENDING) !== 0;
        return [
            'id' => (string) $r['id'], 'customerId' => $parts[2] ?? '', 'accountId' => (string) $r['account_id'], 'currency' => $cur,
            'kind' => (string) $r['code'], 'direction' => $in ? 'in' : 'out',
            'amount' => MoneyFormat::format((int) $r['amount'], $cur), 'effective' => MoneyFormat::format($effective, $cur),
            'signed' => MoneyFormat::format($in ? $effective : -$effective, $cur),
            'state' => $reservation ? (string) $r['pending_status'] : 'posted', 'reservation' => $reservation,
            'orderRef' => $r['order_ref'] === null ? null : (string) $r['order_ref'],
            'atS' => (int) $r['at_s'], 'resolvedAtS' => $r['resolved_at_s'] === null ? null : (int) $r['resolved_at_s'],
        ];
    }

    private static function escape(string $s): string
    {
        return \strtr($s, ['!' => '!!', '%' => '!%', '_' => '!_']);
    }
}

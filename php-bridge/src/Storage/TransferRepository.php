<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Ledger transfers: immutable rows (the id is the idempotency key, unique forever), except the
 * `pending_status` of a pending transfer, which moves once from `pending` to posted/voided/expired.
 */
final class TransferRepository
{
    /** Wire flag → bit in the `flags` column (order = the core's output order). */
    public const FLAGS = ['linked' => 1, 'pending' => 2, 'post_pending' => 4, 'void_pending' => 8];
    public const PENDING_STATUSES = ['none', 'pending', 'posted', 'voided', 'expired'];
    private const IN_CHUNK = 500;

    public function __construct(private Connection $c)
    {
    }

    /**
     * @param list<string> $ids
     * @return array<string, array<string, mixed>> id → wire transfer, for the ids that exist
     */
    public function findByIds(array $ids): array
    {
        $ids = array_values(array_unique(array_map('strval', $ids)));
        $out = [];
        foreach (array_chunk($ids, self::IN_CHUNK) as $chunk) {
            $rows = $this->c->fetchAll('SELECT * FROM {transfers} WHERE id IN (' . Connection::placeholders(count($chunk)) . ')', $chunk);
            foreach ($rows as $row) {
                $out[(string) $row['id']] = self::toWire($row);
            }
        }
        $ordered = [];
        foreach ($ids as $id) {
            if (isset($out[$id])) {
                $ordered[$id] = $out[$id];
            }
        }
        return $ordered;
    }

    /**
     * The transfers of an order (statements, refunds, resolving its reservations), oldest first.
     * @return list<array<string, mixed>>
     */
    public function findByOrderRef(string $orderRef, ?string $pendingStatus = null): array
    {
        $sql = 'SELECT * FROM {transfers} WHERE order_ref = ?';
        $params = [$orderRef];
        if ($pendingStatus !== null) {
            $sql .= ' AND pending_status = ?';
            $params[] = $pendingStatus;
        }
        return array_map([self::class, 'toWire'], $this->c->fetchAll($sql . ' ORDER BY timestamp_s, id', $params));
    }

    /**
     * Stores the new transfers the core returned (`ledger.transfers`): one INSERT per 500.
     * @param list<array<string, mixed>> $wireTransfers
     * @throws DuplicateKeyException when an id is already stored (the core answers replays with
     *         `exists` and never returns them as new: another writer booked it meanwhile, or the
     *         caller did not show the core the stored transfers); nothing of that INSERT is kept
     */
    public function insertMany(array $wireTransfers): int
    {
        $batch = new WriteBatch();
        $this->queueInsert($batch, $wireTransfers);
        $batch->run($this->c);
        return count($wireTransfers);
    }

    /**
     * insertMany() as statements of a batch (the movement's other writes go with them).
     * @param list<array<string, mixed>> $wireTransfers
     */
    public function queueInsert(WriteBatch $batch, array $wireTransfers): void
    {
        foreach (array_chunk($wireTransfers, 500) as $chunk) {
            $batch->add($this->c->insertRowsStatement('transfers', array_map([self::class, 'fromWire'], $chunk)));
        }
    }

    /**
     * Applies `ledger.pendingUpdates` ([{id, status}]): a pending transfer becomes posted, voided
     * or expired, once. Repeating the same update is a no-op; a different one is refused.
     * @param list<array{id: string, status: string}> $updates
     * @return int rows changed
     */
    public function applyPendingUpdates(array $updates): int
    {
        $batch = new WriteBatch();
        $n = 0;
        $this->queuePendingUpdates($batch, $updates, $n);
        $batch->run($this->c);
        return $n;
    }

    /**
     * applyPendingUpdates() as statements of a batch; $changed counts the rows they changed.
     * @param list<array{id: string, status: string}> $updates
     */
    public function queuePendingUpdates(WriteBatch $batch, array $updates, int &$changed = 0): void
    {
        foreach ($updates as $u) {
            $id = (string) ($u['id'] ?? '');
            $status = (string) ($u['status'] ?? '');
            if (!in_array($status, ['posted', 'voided', 'expired'], true)) {
                throw new \InvalidArgumentException("pending update of '$id' to '$status': expected posted, voided or expired");
            }
            $sql = "UPDATE {transfers} SET pending_status = ? WHERE id = ? AND pending_status = 'pending'";
            $batch->add(new Statement($sql, [$status, $id]), function (int $rows) use ($id, $status, &$changed): void {
                if ($rows === 1) {
                    $changed++;
                    return;
                }
                // Not pending (any more): the same update again is a no-op, another one is refused.
                $now = $this->c->fetchValue('SELECT pending_status FROM {transfers} WHERE id = ?', [$id]);
                if ($now === null) {
                    throw new StorageException("pending update of unknown transfer '$id'");
                }
                if ($now !== $status) {
                    throw new StorageException("transfer '$id' is '$now', it cannot become '$status'");
                }
            });
        }
    }

    /**
     * One page of an account's movements (debit or credit side), newest first unless
     * filters['order'] = 'asc'. Keyset pagination on (timestamp_s, id): pages stay stable while
     * new transfers arrive.
     *
     * @param array{code?: string|list<string>, from_s?: int, to_s?: int, order_ref?: string, pending_status?: string|list<string>, order?: string} $filters
     *        from_s inclusive, to_s exclusive (unix seconds)
     * @return array{items: list<array<string, mixed>>, nextCursor: ?string}
     */
    public function listForAccount(string $accountId, array $filters = [], int $limit = 50, ?string $cursor = null): array
    {
        $limit = max(1, min(1000, $limit));
        $desc = ($filters['order'] ?? 'desc') !== 'asc';
        [$where, $params] = $this->filterSql($filters);
        if ($cursor !== null) {
            [$ts, $id] = self::decodeCursor($cursor);
            $op = $desc ? '<' : '>';
            $where .= " AND (timestamp_s $op ? OR (timestamp_s = ? AND id $op ?))";
            array_push($params, $ts, $ts, $id);
        }
        $dir = $desc ? 'DESC' : 'ASC';
        $order = "ORDER BY timestamp_s $dir, id $dir";
        // Two index range scans (debit side, credit side), merged: an OR would scan everything.
        [$byDebit, $byCredit] = [$this->sideIndex('debit'), $this->sideIndex('credit')];
        $sql = "SELECT * FROM (SELECT * FROM {transfers}$byDebit WHERE debit_account_id = ? $where $order LIMIT ?) AS d
                UNION ALL
                SELECT * FROM (SELECT * FROM {transfers}$byCredit WHERE credit_account_id = ? AND debit_account_id <> ? $where $order LIMIT ?) AS c
                $order LIMIT ?";
        $rows = $this->c->fetchAll($sql, [
            $accountId, ...$params, $limit + 1,
            $accountId, $accountId, ...$params, $limit + 1,
            $limit + 1,
        ]);
        $next = null;
        if (count($rows) > $limit) {
            $rows = array_slice($rows, 0, $limit);
            $last = $rows[$limit - 1];
            $next = self::encodeCursor((int) $last['timestamp_s'], (string) $last['id']);
        }
        return ['items' => array_map([self::class, 'toWire'], $rows), 'nextCursor' => $next];
    }

    /**
     * Every transfer touching any of the accounts, oldest first, fetched in keyset batches so
     * memory stays flat (CSV export). For a consistent picture on MySQL run it inside one
     * transaction (one snapshot).
     *
     * Up to 50 accounts, each batch reads each account's debit side and credit side as one range
     * of its (account, timestamp, id) index and merges them, so a batch costs the same at the
     * first transfer and at the millionth (an OR over both sides made the database gather and
     * sort every remaining transfer for each batch).
     *
     * @param list<string> $accountIds at most 1000
     * @param array{code?: string|list<string>, from_s?: int, to_s?: int, order_ref?: string, pending_status?: string|list<string>} $filters
     * @return \Generator<int, array<string, mixed>>
     */
    public function streamForAccounts(array $accountIds, array $filters = [], int $batchSize = 500): \Generator
    {
        $accountIds = array_values(array_unique(array_map('strval', $accountIds)));
        if ($accountIds === []) {
            return;
        }
        if (count($accountIds) > 1000) {
            throw new \InvalidArgumentException('streamForAccounts takes at most 1000 accounts per call');
        }
        $batchSize = max(1, min(10_000, $batchSize));
        $after = null;
        do {
            [$sql, $params] = count($accountIds) <= 50
                ? $this->mergedSidesBatch($accountIds, $filters, $after, $batchSize)
                : $this->anySideBatch($accountIds, $filters, $after, $batchSize);
            $rows = $this->c->fetchAll($sql, $params);
            foreach ($rows as $row) {
                yield self::toWire($row);
            }
            if ($rows !== []) {
                $last = $rows[count($rows) - 1];
                $after = [(int) $last['timestamp_s'], (string) $last['id']];
            }
        } while (count($rows) === $batchSize);
    }

    /**
     * @param list<string> $accountIds
     * @param array{int, string}|null $after
     * @return array{string, list<int|string>}
     */
    private function mergedSidesBatch(array $accountIds, array $filters, ?array $after, int $batchSize): array
    {
        [$where, $fp] = $this->filterSql($filters);
        [$keyset, $kp] = $after === null ? ['', []] : [' AND timestamp_s >= ? AND (timestamp_s > ? OR id > ?)', [$after[0], $after[0], $after[1]]];
        $in = Connection::placeholders(count($accountIds));
        $order = 'ORDER BY timestamp_s, id';
        [$byDebit, $byCredit] = [$this->sideIndex('debit'), $this->sideIndex('credit')];
        $parts = [];
        $params = [];
        foreach ($accountIds as $k => $id) {
            $parts[] = "SELECT * FROM (SELECT * FROM {transfers}$byDebit WHERE debit_account_id = ?$where$keyset $order LIMIT ?) AS d$k";
            array_push($params, $id, ...$fp, ...$kp, ...[$batchSize]);
            // A transfer between two of the accounts comes once, from its debit side.
            $parts[] = "SELECT * FROM (SELECT * FROM {transfers}$byCredit WHERE credit_account_id = ? AND debit_account_id NOT IN ($in)$where$keyset $order LIMIT ?) AS c$k";
            array_push($params, $id, ...$accountIds, ...$fp, ...$kp, ...[$batchSize]);
        }
        return [implode(' UNION ALL ', $parts) . " $order LIMIT ?", [...$params, $batchSize]];
    }

    /**
     * MariaDB, given `account = ? AND timestamp_s >= ? ... ORDER BY timestamp_s, id LIMIT n`, picks
     * a ref scan on the account alone (ordered, so it looks cheap with a LIMIT) and reads every
     * earlier transfer of the account before the keyset's first: a million-row export took 426 ms
     * per page of 500 instead of 0.7 ms. Forcing the side's (account, timestamp, id) index makes
     * it a range scan from the keyset on. SQLite picks the range itself.
     */
    private function sideIndex(string $side): string
    {
        return $this->c->isMysql() ? ' FORCE INDEX (' . $this->c->quoteIdentifier($this->c->prefix() . "sc_tr_{$side}_ts") . ')' : '';
    }

    /**
     * @param list<string> $accountIds
     * @param array{int, string}|null $after
     * @return array{string, list<int|string>}
     */
    private function anySideBatch(array $accountIds, array $filters, ?array $after, int $batchSize): array
    {
        [$where, $params] = $this->filterSql($filters);
        $in = Connection::placeholders(count($accountIds));
        $sql = "SELECT * FROM {transfers} WHERE (debit_account_id IN ($in) OR credit_account_id IN ($in)) $where";
        $p = [...$accountIds, ...$accountIds, ...$params];
        if ($after !== null) {
            $sql .= ' AND (timestamp_s > ? OR (timestamp_s = ? AND id > ?))';
            array_push($p, $after[0], $after[0], $after[1]);
        }
        return [$sql . ' ORDER BY timestamp_s, id LIMIT ?', [...$p, $batchSize]];
    }

    /**
     * `COUNT(*)` and `SUM(amount)` of one account's transfers per side, currency, flags and pending
     * status, in the core's wire shape (`ledger.reconcileSums`): two index range scans, a few
     * rows out, however many transfers the account has. Sums are exact (MySQL sums BIGINT into
     * DECIMAL; SQLite fails with "integer overflow" rather than round).
     * @return list<array{side: string, currency: string, flags: list<string>, pendingStatus: string, count: int, amount: string}>
     */
    public function sumsForAccount(string $accountId): array
    {
        $group = 'SELECT currency, flags, pending_status, COUNT(*) AS n, SUM(amount) AS total FROM {transfers}';
        $rows = $this->c->fetchAll(
            "SELECT 'debit' AS side, d.* FROM ($group WHERE debit_account_id = ? GROUP BY currency, flags, pending_status) AS d
             UNION ALL
             SELECT 'credit' AS side, c.* FROM ($group WHERE credit_account_id = ? GROUP BY currency, flags, pending_status) AS c",
            [$accountId, $accountId],
        );
        return array_map(static fn (array $r): array => [
            'side' => (string) $r['side'],
            'currency' => (string) $r['currency'],
            'flags' => self::flagNames((int) $r['flags']),
            'pendingStatus' => (string) $r['pending_status'],
            'count' => (int) $r['n'],
            'amount' => MoneyFormat::formatSum($r['total'], (string) $r['currency']),
        ], $rows);
    }

    /**
     * What moved in and out of a shop's balances in [fromS, toS), summed by the database per
     * period and movement type (`wallet.statsSums`): posted transfers and posts only (a live or
     * ended reservation and a void moved nothing themselves), `credits` into a `wallet:{shop}:`
     * account, `debits` out of one. Rows come ordered by period; `day` is a shop-local day of the
     * period (days since 1970-01-01) and `periodKey` orders and pages them.
     *
     * @param 'day'|'week'|'month' $period
     * @param int|null $fromKey only periods with this key or later (the next page)
     * @param 'wallet'|'credit' $kind the customers' balances (default) or their credit lines
     * @return list<array{periodKey: int, day: int, code: string, count: int, credits: string, debits: string}>
     */
    public function walletMovementSums(string $shopId, string $currency, int $fromS, int $toS, string $period, int $utcOffsetS, ?int $fromKey, int $limit, string $kind = 'wallet'): array
    {
        $days = $this->c->isMysql() ? '((timestamp_s + ?) DIV 86400)' : '((timestamp_s + ?) / 86400)';
        $key = match ($period) {
            'day' => $days,
            // 1970-01-01 was a Thursday: weeks counted from Monday 1969-12-29.
            'week' => $this->c->isMysql() ? "(($days + 3) DIV 7)" : "(($days + 3) / 7)",
            // YYYYMM of the shop-local date, computed without any session time zone.
            'month' => $this->c->isMysql()
                ? "EXTRACT(YEAR_MONTH FROM DATE_ADD('1970-01-01', INTERVAL $days DAY))"
                : "CAST(strftime('%Y%m', timestamp_s + ?, 'unixepoch') AS INTEGER)",
            default => throw new \InvalidArgumentException("unknown period '$period'"),
        };
        $keyParams = [$utcOffsetS]; // every key expression binds the offset once
        [$where, $params] = $this->walletMovementsWhere($shopId, $currency, $fromS, $toS, $kind);
        if ($fromKey !== null) {
            $where .= " AND $key >= ?";
            array_push($params, ...$keyParams, ...[$fromKey]);
        }
        $rows = $this->c->fetchAll(
            "SELECT $key AS period_key, MIN($days) AS day, code, COUNT(*) AS n, {$this->walletSideSums()}
               FROM {transfers} WHERE $where GROUP BY period_key, code ORDER BY period_key, code LIMIT ?",
            [...$keyParams, $utcOffsetS, ...$this->walletSideParams($shopId, $kind), ...$params, max(1, $limit)],
        );
        return array_map(static fn (array $r): array => [
            'periodKey' => (int) $r['period_key'], 'day' => (int) $r['day'], 'code' => (string) $r['code'], 'count' => (int) $r['n'],
            'credits' => MoneyFormat::formatSum($r['credits'], $currency), 'debits' => MoneyFormat::formatSum($r['debits'], $currency),
        ], $rows);
    }

    /**
     * walletMovementSums() per movement type over the whole window.
     * @return list<array{code: string, count: int, credits: string, debits: string}>
     */
    public function walletMovementTotals(string $shopId, string $currency, int $fromS, int $toS, string $kind = 'wallet'): array
    {
        [$where, $params] = $this->walletMovementsWhere($shopId, $currency, $fromS, $toS, $kind);
        $rows = $this->c->fetchAll(
            "SELECT code, COUNT(*) AS n, {$this->walletSideSums()} FROM {transfers} WHERE $where GROUP BY code ORDER BY code",
            [...$this->walletSideParams($shopId, $kind), ...$params],
        );
        return array_map(static fn (array $r): array => [
            'code' => (string) $r['code'], 'count' => (int) $r['n'],
            'credits' => MoneyFormat::formatSum($r['credits'], $currency), 'debits' => MoneyFormat::formatSum($r['debits'], $currency),
        ], $rows);
    }

    private function walletSideSums(): string
    {
        return "COALESCE(SUM(CASE WHEN credit_account_id LIKE ? ESCAPE '!' THEN amount ELSE 0 END), 0) AS credits,
                COALESCE(SUM(CASE WHEN debit_account_id LIKE ? ESCAPE '!' THEN amount ELSE 0 END), 0) AS debits";
    }

    /** @return list<string> */
    private function walletSideParams(string $shopId, string $kind = 'wallet'): array
    {
        $mine = self::walletPrefix($shopId, $kind);
        return [$mine, $mine];
    }

    /** @return array{string, list<int|string>} */
    private function walletMovementsWhere(string $shopId, string $currency, int $fromS, int $toS, string $kind = 'wallet'): array
    {
        $mine = self::walletPrefix($shopId, $kind);
        $notMoved = self::FLAGS['pending'] | self::FLAGS['void_pending'];
        return [
            "currency = ? AND timestamp_s >= ? AND timestamp_s < ? AND (flags & $notMoved) = 0
             AND (debit_account_id LIKE ? ESCAPE '!' OR credit_account_id LIKE ? ESCAPE '!')",
            [$currency, $fromS, $toS, $mine, $mine],
        ];
    }

    /** `wallet:{shop}:%` (or `credit:{shop}:%` for the credit lines) for LIKE ... ESCAPE '!'. */
    private static function walletPrefix(string $shopId, string $kind = 'wallet'): string
    {
        if (!in_array($kind, ['wallet', 'credit'], true)) {
            throw new \InvalidArgumentException("unknown account kind '$kind'");
        }
        return $kind . ':' . strtr($shopId, ['!' => '!!', '%' => '!%', '_' => '!_']) . ':%';
    }

    /**
     * Pending transfers whose timeout has passed at $nowS (expires_at_s <= now, the core's rule),
     * oldest expiry first: the expiry job hands them to the core.
     * @return list<array<string, mixed>>
     */
    public function pendingExpired(int $nowS, int $limit = 1000): array
    {
        return array_map([self::class, 'toWire'], $this->c->fetchAll(
            "SELECT * FROM {transfers} WHERE pending_status = 'pending' AND expires_at_s IS NOT NULL AND expires_at_s <= ?
             ORDER BY expires_at_s, id LIMIT ?",
            [$nowS, max(1, $limit)],
        ));
    }

    /** A stored row → the core's wire transfer. */
    public static function toWire(array $row): array
    {
        $cur = (string) $row['currency'];
        return [
            'id' => (string) $row['id'],
            'debitAccountId' => (string) $row['debit_account_id'],
            'creditAccountId' => (string) $row['credit_account_id'],
            'amount' => MoneyFormat::format((int) $row['amount'], $cur),
            'currency' => $cur,
            'pendingId' => $row['pending_id'] === null ? null : (string) $row['pending_id'],
            'timeoutS' => (int) $row['timeout_s'],
            'flags' => self::flagNames((int) $row['flags']),
            'code' => (string) $row['code'],
            'orderRef' => $row['order_ref'] === null ? null : (string) $row['order_ref'],
            'timestampS' => (int) $row['timestamp_s'],
            'pendingStatus' => (string) $row['pending_status'],
        ];
    }

    /** @return list<string> the wire flags set in a `flags` column */
    public static function flagNames(int $bits): array
    {
        $flags = [];
        foreach (self::FLAGS as $name => $bit) {
            if ($bits & $bit) {
                $flags[] = $name;
            }
        }
        return $flags;
    }

    /** A wire transfer → a row (amount in minor units, flags as bits, expiry precomputed). */
    public static function fromWire(array $t): array
    {
        foreach (['id', 'debitAccountId', 'creditAccountId', 'amount', 'currency', 'code', 'timestampS', 'pendingStatus'] as $k) {
            if (!isset($t[$k])) {
                throw new \InvalidArgumentException("wire transfer without '$k'");
            }
        }
        $bits = 0;
        foreach ($t['flags'] ?? [] as $flag) {
            $bits |= self::FLAGS[$flag] ?? throw new \InvalidArgumentException("unknown transfer flag '$flag'");
        }
        if (!in_array($t['pendingStatus'], self::PENDING_STATUSES, true)) {
            throw new \InvalidArgumentException("unknown pending status '{$t['pendingStatus']}'");
        }
        $timeout = (int) ($t['timeoutS'] ?? 0);
        $ts = (int) $t['timestampS'];
        return [
            'id' => (string) $t['id'],
            'debit_account_id' => (string) $t['debitAccountId'],
            'credit_account_id' => (string) $t['creditAccountId'],
            'amount' => MoneyFormat::toMinorNonNegative((string) $t['amount'], (string) $t['currency']),
            'currency' => (string) $t['currency'],
            'pending_id' => isset($t['pendingId']) ? (string) $t['pendingId'] : null,
            'timeout_s' => $timeout,
            'flags' => $bits,
            'code' => (string) $t['code'],
            'order_ref' => isset($t['orderRef']) ? (string) $t['orderRef'] : null,
            'timestamp_s' => $ts,
            'pending_status' => (string) $t['pendingStatus'],
            'expires_at_s' => ($bits & self::FLAGS['pending']) && $timeout > 0 ? $ts + $timeout : null,
        ];
    }

    public static function encodeCursor(int $timestampS, string $id): string
    {
        return rtrim(strtr(base64_encode($timestampS . ':' . $id), '+/', '-_'), '=');
    }

    /** @return array{int, string} */
    public static function decodeCursor(string $cursor): array
    {
        $raw = base64_decode(strtr($cursor, '-_', '+/'), true);
        if ($raw === false || !preg_match('/^(\d{1,19}):(.{1,128})$/s', $raw, $m)) {
            throw new \InvalidArgumentException('invalid cursor');
        }
        return [(int) $m[1], $m[2]];
    }

    /** @return array{string, list<int|string>} " AND ..." conditions and their parameters */
    private function filterSql(array $filters): array
    {
        $unknown = array_diff(array_keys($filters), ['code', 'pending_status', 'order_ref', 'from_s', 'to_s', 'order']);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('unknown transfer filter: ' . implode(', ', $unknown));
        }
        $where = '';
        $params = [];
        foreach (['code' => 'code', 'pending_status' => 'pending_status'] as $key => $col) {
            if (isset($filters[$key])) {
                $values = array_values((array) $filters[$key]);
                if ($values === []) {
                    continue;
                }
                $where .= " AND $col IN (" . Connection::placeholders(count($values)) . ')';
                array_push($params, ...array_map('strval', $values));
            }
        }
        if (isset($filters['order_ref'])) {
            $where .= ' AND order_ref = ?';
            $params[] = (string) $filters['order_ref'];
        }
        if (isset($filters['from_s'])) {
            $where .= ' AND timestamp_s >= ?';
            $params[] = (int) $filters['from_s'];
        }
        if (isset($filters['to_s'])) {
            $where .= ' AND timestamp_s < ?';
            $params[] = (int) $filters['to_s'];
        }
        return [$where, $params];
    }
}

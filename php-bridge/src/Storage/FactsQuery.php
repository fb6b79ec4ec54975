<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * What a checkout decision (and the customer's badge) reads from the books, in one statement: the
 * shop's settings with the global ones, the customer's accounts, and the credit line's open
 * receivables summed. A page that judges a cart makes one round trip for its facts, not four.
 *
 * The sums' overdue figures and next due date depend on the shop's today, which depends on the
 * shop's time zone, a setting this very statement reads: they are summed for the three dates the
 * shop's today can be (UTC's yesterday, today and tomorrow: no zone is more than 14 hours from
 * UTC) and FactsRows::openSummary() takes the shop's.
 *
 * A server without JSON_OBJECT (MySQL before 5.7.8, MariaDB before 10.2.3, SQLite without its
 * JSON functions) refuses the statement: the parts are then read one by one, by the repositories'
 * own queries, for the rest of the request.
 */
final class FactsQuery
{
    /** The columns of {accounts} (Migrations), as AccountRepository::find() returns them. */
    private const ACCOUNT_COLUMNS = [
        'id', 'shop_id', 'customer_id', 'kind', 'currency', 'debits_pending', 'debits_posted', 'credits_pending',
        'credits_posted', 'credit_limit', 'closed', 'on_hold', 'risk_level', 'payment_terms_days', 'company_name',
        'created_at', 'updated_at', 'version',
    ];

    private bool $refused = false;

    public function __construct(
        private readonly Connection $c,
        private readonly SettingsRepository $settings,
        private readonly AccountRepository $accounts,
        private readonly ReceivableRepository $receivables,
    ) {
    }

    /**
     * @param list<string> $accountIds customer accounts (never house accounts: their deltas are not read here)
     * @param ?string $creditId the credit line whose open receivables are summed (null: none)
     * @param int $nowS the clock's now (the three candidate dates are around its UTC date)
     */
    public function read(string $shopId, array $accountIds, ?string $creditId, int $nowS): FactsRows
    {
        $dates = [\gmdate('Y-m-d', $nowS - 86400), \gmdate('Y-m-d', $nowS), \gmdate('Y-m-d', $nowS + 86400)];
        if (!$this->refused) {
            try {
                $rows = $this->c->fetchAll(...$this->statement($shopId, $accountIds, $creditId, $dates));
                return $this->collect($shopId, $rows, $accountIds, $creditId, $dates);
            } catch (\PDOException $e) {
                if (!self::isRefusal($e)) {
                    throw $e;
                }
                $this->refused = true;
            }
        }
        $found = [];
        foreach ($accountIds as $id) {
            $found[$id] = $this->accounts->find($id);
        }
        return new FactsRows($found, $creditId, null, $dates, $this->receivables);
    }

    /**
     * @param list<string> $accountIds
     * @param list<string> $dates
     * @return array{string, list<string>}
     */
    private function statement(string $shopId, array $accountIds, ?string $creditId, array $dates): array
    {
        $sql = "SELECT 'setting' AS part, shop_id AS k, name AS n, value AS v FROM {settings} WHERE shop_id IN (?, ?)";
        $params = [$shopId, SettingsRepository::GLOBAL_SHOP];
        if ($accountIds !== []) {
            $fields = \implode(', ', \array_map(static fn (string $col): string => "'$col', $col", self::ACCOUNT_COLUMNS));
            $sql .= "\nUNION ALL SELECT 'account', id, NULL, JSON_OBJECT($fields) FROM {accounts} WHERE id IN (" . Connection::placeholders(\count($accountIds)) . ')';
            \array_push($params, ...$accountIds);
        }
        if ($creditId !== null) {
            // Sums as text (CAST AS CHAR is text in both dialects): JSON numbers could overflow.
            $due = 'amount > paid';
            $fields = "'n_rows', COUNT(*), 'n', COALESCE(SUM(CASE WHEN $due THEN 1 ELSE 0 END), 0),
                'outstanding', CAST(COALESCE(SUM(CASE WHEN $due THEN amount - paid ELSE 0 END), 0) AS CHAR),
                'paid', CAST(COALESCE(SUM(paid), 0) AS CHAR), 'oldest', MIN(CASE WHEN $due THEN due_date END)";
            foreach ($dates as $i => $date) {
                $fields .= ",\n'next_$i', MIN(CASE WHEN $due AND due_date >= ? THEN due_date END),
                    'overdue_n_$i', COALESCE(SUM(CASE WHEN $due AND due_date < ? THEN 1 ELSE 0 END), 0),
                    'overdue_$i', CAST(COALESCE(SUM(CASE WHEN $due AND due_date < ? THEN amount - paid ELSE 0 END), 0) AS CHAR)";
                \array_push($params, $date, $date, $date);
            }
            $sql .= "\nUNION ALL SELECT 'open', NULL, NULL, JSON_OBJECT($fields) FROM {receivables} WHERE account_id = ? AND state = 'open'";
            $params[] = $creditId;
        }
        return [$sql, $params];
    }

    /**
     * @param list<array<string, mixed>> $rows
     * @param list<string> $accountIds
     * @param list<string> $dates
     */
    private function collect(string $shopId, array $rows, array $accountIds, ?string $creditId, array $dates): FactsRows
    {
        $settings = [];
        $found = \array_fill_keys($accountIds, null);
        $open = null;
        foreach ($rows as $r) {
            if ($r['part'] === 'setting') {
                $settings[] = ['shop_id' => (string) $r['k'], 'name' => (string) $r['n'], 'value' => (string) $r['v']];
            } elseif ($r['part'] === 'account') {
                $row = \array_intersect_key(Json::decode((string) $r['v']), \array_flip(self::ACCOUNT_COLUMNS));
                $found[(string) $row['id']] = AccountRepository::normalize($row);
            } else {
                $open = Json::decode((string) $r['v']);
            }
        }
        $this->settings->prime($shopId, $settings);
        return new FactsRows($found, $creditId, $open, $dates, $this->receivables);
    }

    /** The server does not know the statement (JSON_OBJECT): a syntax error or an unknown function. */
    private static function isRefusal(\PDOException $e): bool
    {
        $driverCode = (int) ($e->errorInfo[1] ?? 0);
        return \in_array($driverCode, [1064, 1305], true) // MySQL/MariaDB: ER_PARSE_ERROR, ER_SP_DOES_NOT_EXIST
            || \str_contains($e->getMessage(), 'no such function'); // SQLite
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\TransferRepository;

/**
 * Checks every account's stored counters against its transfers and reports drift. Reads only.
 *
 * Per account, on one snapshot: the stored row, and the database's `COUNT`/`SUM` of its
 * transfers per side, flags and pending status (TransferRepository::sumsForAccount). The core
 * (`ledger.reconcileSums`) decides which of those sums count as pending or posted — the rule of
 * `ledger.reconcile` — and compares exactly (i128). Request size and PHP memory stay flat
 * whether an account has ten transfers or millions; accounts are read in keyset pages.
 */
final class Reconciliation
{
    private const PAGE = 500;

    public function __construct(
        private readonly Books $books,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
    ) {
    }

    /**
     * @param list<string>|null $accountIds null: every account
     * @return array{consistent: bool, accounts: int, transfers: int, drift: list<array<string, mixed>>}
     */
    public function run(?array $accountIds = null): array
    {
        $report = ['consistent' => true, 'accounts' => 0, 'transfers' => 0, 'drift' => []];
        foreach ($accountIds === null ? $this->everyAccountId() : $accountIds as $id) {
            $r = $this->account((string) $id);
            if ($r === null) {
                continue;
            }
            $report['accounts']++;
            $report['transfers'] += (int) $r['transfers'];
            if (($r['consistent'] ?? false) !== true) {
                $report['consistent'] = false;
                \array_push($report['drift'], ...($r['drift'] ?? [['accountId' => $id]]));
            }
        }
        return $report;
    }

    /**
     * One account: the core's `ledger.reconcileSums` answer (consistent, account {stored,
     * computed}, drift, transfers), or null when there is no such account.
     * @return array<string, mixed>|null
     */
    public function account(string $id): ?array
    {
        $facts = $this->books->connection()->snapshot(function () use ($id): ?array {
            $row = $this->accounts->find($id);
            return $row === null ? null : ['account' => AccountRepository::toWire($row), 'sums' => $this->transfers->sumsForAccount($id)];
        });
        return $facts === null ? null : $this->books->ask('ledger.reconcileSums', $facts);
    }

    /**
     * Every account id, in keyset pages: the rows, and the house accounts that so far exist only
     * as deltas (HouseAccounts).
     * @return \Generator<int, string>
     */
    private function everyAccountId(): \Generator
    {
        $after = '';
        do {
            $ids = \array_map('strval', \array_column($this->books->connection()->fetchAll(
                'SELECT id FROM (SELECT id FROM {accounts} WHERE id > ? UNION SELECT DISTINCT account_id AS id FROM {account_deltas} WHERE account_id > ?) AS a
                 ORDER BY id LIMIT ?',
                [$after, $after, self::PAGE],
            ), 'id'));
            yield from $ids;
            $after = $ids === [] ? $after : $ids[\count($ids) - 1];
        } while (\count($ids) === self::PAGE);
    }
}

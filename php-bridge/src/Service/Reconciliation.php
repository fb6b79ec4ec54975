<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\TransferRepository;

/**
 * Recomputes every account's counters from its transfers (`ledger.reconcile`) and reports
 * drift between the stored balances and the transfers. Reads only.
 */
final class Reconciliation
{
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
        $ids = $accountIds ?? \array_map('strval', \array_column($this->books->connection()->fetchAll('SELECT id FROM {accounts} ORDER BY id'), 'id'));
        $report = ['consistent' => true, 'accounts' => 0, 'transfers' => 0, 'drift' => []];
        foreach ($ids as $id) {
            $r = $this->books->connection()->transaction(function () use ($id): ?array {
                $row = $this->accounts->find($id);
                if ($row === null) {
                    return null;
                }
                $transfers = \iterator_to_array($this->transfers->streamForAccounts([$id]), false);
                return ['n' => \count($transfers), 'result' => $this->books->ask('ledger.reconcile', [
                    'accounts' => [AccountRepository::toWire($row)], 'transfers' => $transfers,
                ])];
            });
            if ($r === null) {
                continue;
            }
            $report['accounts']++;
            $report['transfers'] += $r['n'];
            if (($r['result']['consistent'] ?? false) !== true) {
                $report['consistent'] = false;
                \array_push($report['drift'], ...($r['result']['drift'] ?? [['id' => $id]]));
            }
        }
        return $report;
    }
}

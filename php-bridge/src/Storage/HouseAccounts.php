<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * The accounts every customer of a shop shares — `shop:{shop}:{purpose}:{CUR}`: sales, top-ups,
 * cash, bonus, withdrawals — without a row every checkout of the shop must lock.
 *
 * They carry no balance rule (the core only books against them), so a money movement gives them
 * to the core as zero snapshots (wire()) and appends what the core answered — exactly the change —
 * as a delta row (append()). An account's counters are its row plus its deltas (what
 * AccountRepository::find() returns); fold() moves deltas into the row under the row's lock,
 * deleting exactly the rows it added, so nothing is counted twice or lost. Reconciliation checks
 * row + deltas against the transfers like any account.
 */
final class HouseAccounts
{
    public function __construct(private Connection $c, private AccountRepository $accounts)
    {
    }

    /**
     * Accounts every customer of a shop shares (`shop:{shop}:{purpose}:{CUR}`: sales, top-ups,
     * cash, bonus, withdrawals). They carry no balance rule, so a money movement never needs
     * their counters: it never locks them and appends what it did to them as a delta row.
     */
    public static function isHouse(string $id): bool
    {
        return (AccountRepository::defaultsFromId($id)['kind'] ?? null) === 'shop';
    }

    /**
     * A house account as a money movement gives it to the core: its kind and currency with zero
     * counters, so what the core answers for it is exactly the change to append. (Shop accounts
     * carry no invariant; the core reads nothing else of them.)
     * @return array<string, mixed>
     */
    public static function wire(string $id): array
    {
        $d = AccountRepository::defaultsFromId($id);
        if ($d === null || $d['kind'] !== 'shop') {
            throw new \InvalidArgumentException("'$id' is not a house account");
        }
        return AccountRepository::toWire(['id' => $id, 'kind' => 'shop', 'currency' => $d['currency'], 'debits_pending' => 0, 'debits_posted' => 0,
            'credits_pending' => 0, 'credits_posted' => 0, 'credit_limit' => 0, 'closed' => false]);
    }

    /**
     * Appends what the core answered for house accounts given as wire() (their counters are
     * the changes, signed) in one INSERT. Needs no lock: appends never conflict.
     * @param list<array<string, mixed>> $wireAccounts
     * @return int accounts changed
     */
    public function append(array $wireAccounts, int $nowS): int
    {
        $batch = new WriteBatch();
        $n = $this->queueAppend($batch, $wireAccounts, $nowS);
        $batch->run($this->c);
        return $n;
    }

    /**
     * append() as a statement of a batch.
     * @param list<array<string, mixed>> $wireAccounts
     * @return int accounts it changes
     */
    public function queueAppend(WriteBatch $batch, array $wireAccounts, int $nowS): int
    {
        $rows = [];
        foreach ($wireAccounts as $w) {
            $id = (string) ($w['id'] ?? '');
            if (!self::isHouse($id)) {
                throw new \LogicException("'$id' is not a house account");
            }
            $cur = (string) $w['currency'];
            $delta = [];
            foreach (AccountRepository::COUNTERS as $col => $key) {
                $delta[$col] = MoneyFormat::toMinor((string) $w[$key], $cur);
            }
            if (array_filter($delta) !== []) {
                $rows[] = ['account_id' => $id, ...$delta, 'created_at' => $nowS];
            }
        }
        if ($rows !== []) {
            $batch->add($this->c->insertRowsStatement('account_deltas', $rows));
        }
        return count($rows);
    }

    /**
     * Folds up to $limit of a house account's deltas into its row, in one transaction: the row is
     * locked (created when missing), exactly the delta rows read are added and deleted. Deltas
     * appended meanwhile stay for the next fold, so nothing is counted twice or lost.
     * @return int deltas folded
     */
    public function fold(string $id, int $nowS, int $limit = 1000): int
    {
        return $this->c->transaction(function () use ($id, $nowS, $limit): int {
            $row = $this->accounts->lockAccounts([$id], [AccountRepository::class, 'defaultsFromId'], $nowS)[$id] ?? throw new \InvalidArgumentException("'$id' is not an account");
            $deltas = $this->c->fetchAll($this->c->lockForUpdate(
                'SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM {account_deltas} WHERE account_id = ? ORDER BY id LIMIT ?',
            ), [$id, max(1, $limit)]);
            if ($deltas === []) {
                return 0;
            }
            $set = [];
            foreach (AccountRepository::COUNTERS as $col => $_) {
                $set[$col] = $row[$col] + array_sum(array_map('intval', array_column($deltas, $col)));
                if (!is_int($set[$col])) {
                    throw new StorageException("folding $id overflows $col");
                }
            }
            $s = implode(', ', array_map(fn (string $c) => $this->c->quoteIdentifier($c) . ' = ?', array_keys($set)));
            $changed = $this->c->execute("UPDATE {accounts} SET $s, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                [...array_values($set), $nowS, $id, $row['version']]);
            if ($changed !== 1) {
                throw new ConcurrencyException("account '$id' changed since it was locked");
            }
            $ids = array_map('intval', array_column($deltas, 'id'));
            $this->c->execute('DELETE FROM {account_deltas} WHERE id IN (' . Connection::placeholders(count($ids)) . ')', $ids);
            return count($ids);
        }, 10);
    }

    /**
     * House accounts with deltas waiting to be folded (the fold job's work list).
     * @return list<string>
     */
    public function withPendingDeltas(int $limit = 100): array
    {
        return array_map('strval', array_column($this->c->fetchAll(
            'SELECT DISTINCT account_id FROM {account_deltas} ORDER BY account_id LIMIT ?',
            [max(1, $limit)],
        ), 'account_id'));
    }
}

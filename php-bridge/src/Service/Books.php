<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Core;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\ConcurrencyException;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\DuplicateKeyException;
use ShopCredit\Storage\HouseAccounts;
use ShopCredit\Storage\TransferRepository;
use ShopCredit\Storage\WriteBatch;

/**
 * The one way money moves: in ONE transaction, lock the customer's accounts (sorted ids, created
 * from the id conventions when missing), load the stored transfers whose ids the operation
 * derives, let the caller build the core input from those facts, ask the core, write what it
 * answered (`ledger`: new transfers, pending updates, touched accounts) and commit. A deadlock,
 * lock timeout or cluster write conflict re-runs all of it (Connection::transaction); replays are
 * answered `exists` by the core and write nothing new.
 *
 * House accounts (sales, top-ups, cash, bonus, withdrawals: HouseAccounts) are shared by every
 * customer of a shop, so they are never locked here: the core gets them as zero snapshots and
 * what it answers for them is appended as a delta row. Two customers of one shop never wait for
 * each other; a customer's own rows still serialize their movements.
 */
final class Books
{
    /**
     * Conflicts are retried this many times in all. On a cluster, writers on different nodes meet
     * at commit (certification): with every node writing one row, each attempt loses to another
     * node's commit about 2 times in 3, whatever the wait before it, so the tail needs many short
     * attempts rather than long sleeps (Connection caps the backoff at 200 ms). 16 clients on one
     * balance over 3 nodes, without pause: up to 26 attempts (12 gave up on ~0.3 % of checkouts).
     */
    public const MAX_ATTEMPTS = 30;

    public function __construct(
        private readonly Connection $connection,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
        private readonly Clock $clock,
        private readonly HouseAccounts $house,
    ) {
    }

    public function connection(): Connection
    {
        return $this->connection;
    }

    public function now(): int
    {
        return $this->clock->now();
    }

    /**
     * Asks the core without touching the books (gates, status, schedules).
     * @param array<string, mixed> $input
     * @return array<string, mixed>
     */
    public function ask(string $op, array $input): array
    {
        return Core::call($op, $input, $this->clock->now());
    }

    /**
     * @param list<string> $accountIds every account the operation may touch
     * @param list<string> $derivedTransferIds stored transfers the core must see (derived ids,
     *        reservations it will post or void)
     * @param callable(array<string, array<string, mixed>>, list<array<string, mixed>>, array<string, array<string, mixed>>, Connection): array<string, mixed> $buildInput
     *        (wire accounts by id, stored wire transfers, locked rows by id, connection) → core input;
     *        it runs inside the transaction, after the locks, and may read (and lock) more facts
     * @param (callable(array<string, mixed>, Connection): void)|null $afterWrite runs in the same
     *        transaction after the ledger was written (receivables, requests, audit)
     * @param bool $onlyNewIds the derived ids name only transfers this operation creates, and a
     *        stored one can only make the core answer a replay: they are not read first. When the
     *        core books nothing, or an insert finds one stored, they are read and the core asked
     *        again in the same transaction — the same answer, one statement fewer per booking.
     * @return array<string, mixed> the core's result, plus `written` (and `_written`, the same, for
     *         older callers) = number of new transfers and `replay` (docs/answers.md)
     */
    public function move(string $op, array $accountIds, array $derivedTransferIds, callable $buildInput, ?callable $afterWrite = null, bool $onlyNewIds = false): array
    {
        // Retrying the whole transaction is safe: every transfer id derives from the caller's key.
        return $this->connection->transaction(function (Connection $c) use ($op, $accountIds, $derivedTransferIds, $buildInput, $afterWrite, $onlyNewIds): array {
            $now = $this->clock->now();
            $house = \array_values(\array_filter($accountIds, [HouseAccounts::class, 'isHouse']));
            $rows = $this->accounts->lockAccounts(\array_diff($accountIds, $house), [AccountRepository::class, 'defaultsFromId'], $now);
            $wire = [];
            foreach ($rows as $id => $row) {
                $wire[$id] = AccountRepository::toWire($row);
            }
            foreach ($house as $id) {
                $wire[$id] = HouseAccounts::wire($id);
            }
            $ask = function (array $stored) use ($op, $buildInput, $wire, $rows, $c, $now): array {
                $result = Core::call($op, $buildInput($wire, $stored, $rows, $c), $now);
                // Business ops answer {..., ledger}; the ledger.* ops answer the ledger output itself.
                $ledger = \array_key_exists('ledger', $result) ? $result['ledger'] : (\str_starts_with($op, 'ledger.') ? $result : null);
                return [$result, \is_array($ledger) ? $ledger : null];
            };
            // Nothing runs after the ledger's writes: their batch may carry the COMMIT.
            $last = $afterWrite === null;
            if ($onlyNewIds) {
                [$result, $written] = $this->bookOptimistically($ask, $derivedTransferIds, $now, $last);
            } else {
                [$result, $ledger] = $ask($derivedTransferIds === [] ? [] : \array_values($this->transfers->findByIds($derivedTransferIds)));
                $written = $this->writeRead($ledger, $now, $last);
            }
            $result['_written'] = $written;
            self::contract($result, $op, $written);
            if ($afterWrite !== null) {
                $afterWrite($result, $c);
            }
            return $result;
        }, self::MAX_ATTEMPTS);
    }

    /**
     * The core decides as if none of the derived transfers were stored. If it books nothing, or
     * its insert meets a stored one (a replay), the stored ones are read and the core asked again
     * in the same transaction, under the same locks: the answer a read-first move would give.
     * @param callable(list<array<string, mixed>>): array{array<string, mixed>, ?array<string, mixed>} $ask
     * @param list<string> $derivedTransferIds
     * @return array{array<string, mixed>, int} the core's result, new transfers written
     */
    private function bookOptimistically(callable $ask, array $derivedTransferIds, int $now, bool $last): array
    {
        [$result, $ledger] = $ask([]);
        if ($ledger !== null && (($ledger['transfers'] ?? []) !== [] || ($ledger['pendingUpdates'] ?? []) !== [])) {
            try {
                return [$result, $this->write($ledger, $now, $last)];
            } catch (DuplicateKeyException) {
                // A replay: the failed INSERT was undone by itself, nothing else was written yet.
            }
        }
        $stored = $derivedTransferIds === [] ? [] : \array_values($this->transfers->findByIds($derivedTransferIds));
        if ($stored === [] && $ledger !== null && ($ledger['transfers'] ?? []) === [] && ($ledger['pendingUpdates'] ?? []) === []) {
            return [$result, 0]; // refused, and not a replay: the first answer stands
        }
        [$result, $ledger] = $ask($stored);
        return [$result, $this->writeRead($ledger, $now, $last)];
    }

    /** write(), where a stored transfer was read as absent: another writer booked it meanwhile. */
    private function writeRead(?array $ledger, int $now, bool $last): int
    {
        try {
            return $this->write($ledger, $now, $last);
        } catch (DuplicateKeyException $e) {
            // Run it all again: the retry reads it and the core answers `exists`.
            throw new ConcurrencyException('a transfer of this movement was booked meanwhile: ' . $e->getMessage(), 0, $e);
        }
    }

    /**
     * Writes a core `ledger` answer — new transfers, pending updates, the customer's accounts, the
     * house accounts' deltas: one statement each, sent as one batch (one round trip on MySQL; the
     * transfers first, so a duplicate id stops the batch before anything else is written) — and
     * returns the number of new transfers. $last (nothing runs after it in the transaction) lets the
     * batch carry the COMMIT where the connection can (Connection::commitsWithBatch), unless it
     * settles pending transfers: their check may refuse after the batch ran.
     */
    private function write(?array $ledger, int $now, bool $last = false): int
    {
        if ($ledger === null) {
            return 0;
        }
        $new = $ledger['transfers'] ?? [];
        $updates = $ledger['pendingUpdates'] ?? [];
        if ($new === [] && $updates === []) {
            return 0; // a replay or a rejection: nothing changes
        }
        $batch = new WriteBatch();
        $this->transfers->queueInsert($batch, $new);
        $this->transfers->queuePendingUpdates($batch, $updates);
        $own = [];
        $house = [];
        foreach ($ledger['accounts'] ?? [] as $a) {
            if (HouseAccounts::isHouse((string) $a['id'])) {
                $house[] = $a;
            } else {
                $own[] = $a;
            }
        }
        $commit = $last && $updates === [] && $this->connection->commitsWithBatch();
        $this->accounts->queueAccounts($batch, $own, $now, $commit);
        $this->house->queueAppend($batch, $house, $now);
        $batch->run($this->connection, $commit);
        return \count($new);
    }

    /**
     * The answer contract (docs/answers.md) on every booking answer: `written` (transfers this
     * call stored) and `replay` (true only when everything asked was already booked under its
     * key: nothing new), unless the core's answer says it itself.
     * @param array<string, mixed> $result
     */
    private static function contract(array &$result, string $op, int $written): void
    {
        $result['written'] = $written;
        if (\array_key_exists('replay', $result)) {
            return;
        }
        $results = \str_starts_with($op, 'ledger.') ? ($result['results'] ?? []) : ($result['ledger']['results'] ?? []);
        $result['replay'] = $written === 0 && $results !== [] && \array_filter($results, static fn (array $r): bool => ($r['result'] ?? null) !== 'exists') === [];
    }

    /**
     * True when every ledger result of a core answer is `ok` or `exists` (applied now or before).
     * @param array<string, mixed> $result
     */
    public static function applied(array $result): bool
    {
        $results = $result['ledger']['results'] ?? [];
        if ($results === []) {
            return false;
        }
        foreach ($results as $r) {
            if (!\in_array($r['result'] ?? null, ['ok', 'exists'], true)) {
                return false;
            }
        }
        return true;
    }
}

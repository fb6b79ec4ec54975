<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Core;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\TransferRepository;

/**
 * The one way money moves: in ONE transaction, lock the accounts (sorted ids, created from the
 * id conventions when missing), load the stored transfers whose ids the operation derives, let
 * the caller build the core input from those facts, ask the core, write what it answered
 * (`ledger`: new transfers, pending updates, touched accounts) and commit. A deadlock or lock
 * timeout re-runs all of it (Connection::transaction); replays are answered `exists` by the core
 * and write nothing new.
 */
final class Books
{
    /** Deadlocks and lock-wait timeouts under contention are retried this many times in all. */
    public const MAX_ATTEMPTS = 10;

    public function __construct(
        private readonly Connection $connection,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
        private readonly Clock $clock,
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
     * @return array<string, mixed> the core's result, plus `_written` = number of new transfers
     */
    public function move(string $op, array $accountIds, array $derivedTransferIds, callable $buildInput, ?callable $afterWrite = null): array
    {
        // Retrying the whole transaction is safe: every transfer id derives from the caller's key.
        return $this->connection->transaction(function (Connection $c) use ($op, $accountIds, $derivedTransferIds, $buildInput, $afterWrite): array {
            $now = $this->clock->now();
            $rows = $this->accounts->lockAccounts($accountIds, [AccountRepository::class, 'defaultsFromId'], $now);
            $wire = [];
            foreach ($rows as $id => $row) {
                $wire[$id] = AccountRepository::toWire($row);
            }
            $stored = $derivedTransferIds === [] ? [] : \array_values($this->transfers->findByIds($derivedTransferIds));
            $input = $buildInput($wire, $stored, $rows, $c);
            $result = Core::call($op, $input, $now);
            // Business ops answer {..., ledger}; the ledger.* ops answer the ledger output itself.
            $ledger = \array_key_exists('ledger', $result) ? $result['ledger'] : (\str_starts_with($op, 'ledger.') ? $result : null);
            $result['_written'] = $this->write($ledger, $now);
            if ($afterWrite !== null) {
                $afterWrite($result, $c);
            }
            return $result;
        }, self::MAX_ATTEMPTS);
    }

    /** Writes a core `ledger` answer; returns the number of new transfers. */
    private function write(mixed $ledger, int $now): int
    {
        if (!\is_array($ledger)) {
            return 0;
        }
        $new = $ledger['transfers'] ?? [];
        $updates = $ledger['pendingUpdates'] ?? [];
        if ($new === [] && $updates === []) {
            return 0; // a replay or a rejection: nothing changes
        }
        $this->transfers->insertMany($new);
        $this->transfers->applyPendingUpdates($updates);
        $this->accounts->applyAccounts($ledger['accounts'] ?? [], $now);
        return \count($new);
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

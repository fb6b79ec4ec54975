<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\HouseAccounts;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\TransferRepository;

/**
 * Scheduled work (cron / Action Scheduler). Each job is bounded per run and safe when two runs
 * overlap: the rows are re-read under their locks and the core answers what was already done.
 */
final class Jobs
{
    public function __construct(
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
        private readonly ReceivableRepository $receivables,
        private readonly FinancingService $financing,
        private readonly ?AfterSale $afterSale = null,
        private readonly ?HouseAccounts $house = null,
        private readonly ?Orders $orders = null,
    ) {
    }

    /**
     * Folds the house accounts' deltas (sales, top-ups...: what checkouts appended instead of
     * locking the shared row) into their rows: at most $accounts accounts and $perAccount deltas
     * each per run. Balances read the same before and after; this keeps the delta table short.
     * @return array{accounts: int, deltas: int}
     */
    public function foldBalances(int $accounts = 100, int $perAccount = 1000): array
    {
        $out = ['accounts' => 0, 'deltas' => 0];
        if ($this->house === null) {
            return $out;
        }
        foreach ($this->house->withPendingDeltas($accounts) as $id) {
            $out['deltas'] += $this->house->fold($id, $this->books->now(), $perAccount);
            $out['accounts']++;
        }
        return $out;
    }

    /**
     * Releases reservations whose timeout passed (`ledger.expirePending`), grouped by the
     * accounts they touch, one transaction per group of at most $groupSize transfers.
     * @return array{expired: int}
     */
    public function expireReservations(int $limit = 500, int $groupSize = 50): array
    {
        $due = $this->transfers->pendingExpired($this->books->now(), $limit);
        $expired = 0;
        foreach (\array_chunk($due, \max(1, $groupSize)) as $group) {
            $accountIds = [];
            foreach ($group as $t) {
                $accountIds[] = $t['debitAccountId'];
                $accountIds[] = $t['creditAccountId'];
            }
            $ids = \array_column($group, 'id');
            $r = $this->books->move('ledger.expirePending', \array_values(\array_unique($accountIds)), $ids,
                fn (array $wire, array $stored): array => ['accounts' => \array_values($wire), 'transfers' => $stored]);
            $expired += \count($r['pendingUpdates'] ?? []);
        }
        return ['expired' => $expired];
    }

    /**
     * Payment reminders due today: asks `credit.reminders` per account with receivables due on
     * or before today + $lookaheadDays, records each reminder's level on its receivable (under
     * the receivable's lock, so an overlapping run does not send it twice) and returns them for
     * the host to e-mail. Walks every such account, $pageSize at a time in account order (a
     * first page of orders already reminded at every step must not hide the accounts after it),
     * and every due order of an account, $receivablePage at a time in due-date order (the core
     * judges the orders it is shown: a customer with more open orders than one page holds gets
     * reminders for all of them).
     * @return list<array<string, mixed>> the core's reminders, each with shopId and customerId
     */
    public function reminders(int $lookaheadDays = 3, int $pageSize = 500, int $receivablePage = Facts::LISTED): array
    {
        // A first filter over every shop: the latest "today" anywhere (each shop's own date is the core's, from ShopTime).
        $today = \gmdate('Y-m-d', $this->books->now() + $lookaheadDays * 86400 + ShopTime::MAX_OFFSET_S);
        $pageSize = \max(1, $pageSize);
        $out = [];
        $after = '';
        do {
            $accountIds = $this->receivables->accountsWithDue($today, ['open'], $after, $pageSize);
            foreach ($accountIds as $accountId) {
                \array_push($out, ...$this->remindAccount($accountId, \max(1, $receivablePage)));
            }
            $after = (string) \end($accountIds);
        } while (\count($accountIds) === $pageSize);
        return $out;
    }

    /**
     * The reminders recorded for one account now: the core judges its open orders with a due date
     * a page at a time (keyset on due date and id), each page in its own transaction under the
     * account's lock.
     * @return list<array<string, mixed>>
     */
    private function remindAccount(string $accountId, int $pageSize): array
    {
        $sent = [];
        $after = null;
        do {
            [$page, $after] = $this->remindPage($accountId, $pageSize, $after);
            \array_push($sent, ...$page);
        } while ($after !== null);
        return $sent;
    }

    /**
     * One page of remindAccount(): the reminders it recorded and where the next page starts (null:
     * this was the last).
     * @param array{dueDate: string, id: int}|null $after
     * @return array{list<array<string, mixed>>, array{dueDate: string, id: int}|null}
     */
    private function remindPage(string $accountId, int $pageSize, ?array $after): array
    {
        return $this->books->connection()->transaction(function () use ($accountId, $pageSize, $after): array {
            $row = $this->accounts->lockAccounts([$accountId])[$accountId] ?? null;
            if ($row === null) {
                return [[], null];
            }
            [$shopId, $customerId] = [(string) $row['shop_id'], (string) $row['customer_id']];
            $due = $this->receivables->openDuePage($accountId, $pageSize, $after);
            $next = \count($due) === $pageSize ? ['dueDate' => (string) \end($due)['due_date'], 'id' => (int) \end($due)['id']] : null;
            $credit = $this->facts->creditContext($shopId, $row, receivables: ['receivables' => \array_map([Facts::class, 'receivableWire'], $due)]);
            $result = $this->books->ask('credit.reminders', ['credit' => $credit]);
            $sent = [];
            foreach ($result['reminders'] ?? [] as $rem) {
                $rcv = $this->receivables->find($shopId, (string) $rem['orderRef'], true);
                if ($rcv === null || (int) $rcv['last_reminder_level'] >= (int) $rem['level']) {
                    continue;
                }
                $this->receivables->update($shopId, (string) $rem['orderRef'], ['last_reminder_level' => (int) $rem['level'], 'last_reminder_at' => $this->books->now()], $this->books->now());
                $sent[] = ['shopId' => $shopId, 'customerId' => $customerId] + $rem;
            }
            return [$sent, $next];
        });
    }

    /**
     * Polls at most $limit subscriptions not updated for $olderThanS seconds. Each is applied
     * under its row lock, so an overlapping run applies a status at most once.
     * @return array{polled: int, applied: int, errors: int}
     */
    public function pollFinancing(int $limit = 20, int $olderThanS = 900): array
    {
        $out = ['polled' => 0, 'applied' => 0, 'errors' => 0];
        if (!$this->financing->hasClient()) {
            return $out;
        }
        foreach ($this->financing->dueForPolling($limit, $olderThanS) as $id) {
            $out['polled']++;
            try {
                $r = $this->financing->poll($id);
                if (($r['applied'] ?? false) === true) {
                    $out['applied']++;
                }
            } catch (\ShopCredit\Financing\ProviderException) {
                $out['errors']++;
            }
        }
        return $out;
    }

    /**
     * Every job once, for a host's cron entry point (PrestaShop front controller / console
     * command, WooCommerce Action Scheduler): expiry, the financing inbox, polling, reminders,
     * delivery confirmations and cancellations the provider could not take yet (and their
     * answers given to the orders as `provider_answered`: notes performed through $host, or by
     * Orders::redrive later), the house accounts' deltas folded.
     * A job that cannot run (core unavailable, provider down) is reported and the others still
     * run; running this twice at once is safe (each job is).
     * @return array{expired: ?int, inbox: ?array<string, int>, financing: ?array<string, int>, reminders: list<array<string, mixed>>, providerRequests: ?array<string, int>, balances: ?array<string, int>, errors: array<string, string>}
     */
    public function runAll(string $shopId, ?\ShopCredit\Service\Order\HostActions $host = null): array
    {
        $out = ['expired' => null, 'inbox' => null, 'financing' => null, 'reminders' => [], 'providerRequests' => null, 'balances' => null, 'errors' => []];
        $jobs = [
            'expired' => fn () => $this->expireReservations()['expired'],
            'inbox' => fn () => $this->financing->applyPending($shopId),
            'financing' => fn () => $this->pollFinancing(),
            'reminders' => fn () => $this->reminders(),
            'providerRequests' => fn () => $this->afterSale === null ? null
                : $this->afterSale->retryDue() + ['reported' => $this->orders?->reportProviderAnswers($host) ?? 0],
            'balances' => fn () => $this->foldBalances(),
        ];
        foreach ($jobs as $name => $job) {
            try {
                $out[$name] = $job();
            } catch (\ShopCredit\Runtime\RuntimeUnavailable | \ShopCredit\Runtime\RuntimeFailure | \ShopCredit\Storage\StorageException | \ShopCredit\Financing\ProviderException $e) {
                $out['errors'][$name] = $e->getMessage();
            }
        }
        return $out;
    }
}

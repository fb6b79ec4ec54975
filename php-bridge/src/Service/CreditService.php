<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\AuditLog;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\RequestRepository;

/**
 * B2B credit line: the pending credit check of an order on account, due dates, payments
 * received, status, reminders, limit increases and limit changes. Receivables are written from
 * the core's answer in the same transaction as the ledger movement.
 */
final class CreditService
{
    public function __construct(
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly AccountRepository $accounts,
        private readonly ReceivableRepository $receivables,
        private readonly RequestRepository $requests,
        private readonly AuditLog $audit,
    ) {
    }

    /**
     * `credit.check` stage `placed`: the order waits for its credit check (next status,
     * notifications). Writes nothing.
     * @return array<string, mixed>
     */
    public function checkPlaced(string $key, string $orderRef, string $currency, string $amount, string $naturalStatus): array
    {
        return $this->books->ask('credit.check', [
            'key' => Ids::check($key, 'key'), 'stage' => 'placed', 'naturalStatus' => $naturalStatus,
            'order' => ['orderRef' => $orderRef, 'currency' => $currency, 'amount' => $amount],
        ]);
    }

    /**
     * `credit.check` stage `run`: decides the order, books `{key}:credit` (posting or voiding the
     * checkout reservation $reservationId when given) and opens the receivable when it passes.
     * @param 'approve'|'decline'|null $adminDecision after a manual review
     * @return array<string, mixed> outcome, nextStatus, reasons, notifications, receivable, ledger, replay
     */
    public function checkRun(string $shopId, string $customerId, string $key, string $orderRef, string $currency, string $amount, string $naturalStatus, ?string $reservationId = null, ?string $adminDecision = null): array
    {
        Ids::check($key, 'key');
        Ids::check($orderRef, 'orderRef', 128);
        $creditId = Ids::credit($shopId, $customerId, $currency);
        $sales = Ids::shop($shopId, 'sales', $currency);
        $derived = ["$key:credit"];
        if ($reservationId !== null) {
            $derived[] = Ids::check($reservationId, 'reservationId', 128);
        }
        return $this->books->move('credit.check', [$creditId, $sales], $derived,
            function (array $wire, array $stored, array $rows) use ($shopId, $key, $orderRef, $currency, $amount, $naturalStatus, $reservationId, $adminDecision, $creditId, $sales): array {
                $input = [
                    'key' => $key, 'stage' => 'run', 'naturalStatus' => $naturalStatus,
                    'order' => ['orderRef' => $orderRef, 'currency' => $currency, 'amount' => $amount],
                    'credit' => $this->facts->creditContext($shopId, $rows[$creditId] ?? null, 0, $orderRef),
                    'salesAccount' => $wire[$sales], 'transfers' => $stored,
                ];
                if ($reservationId !== null) {
                    $input['reservationId'] = $reservationId;
                }
                if ($adminDecision !== null) {
                    $input['adminDecision'] = $adminDecision;
                }
                return $input;
            },
            function (array $result) use ($shopId, $customerId, $creditId, $orderRef): void {
                $r = $result['receivable'] ?? null;
                if (!\is_array($r) || $this->receivables->find($shopId, $orderRef, true) !== null) {
                    return; // no receivable, or opened by an earlier run (replay)
                }
                $this->receivables->create([
                    'shop_id' => $shopId, 'order_ref' => $orderRef, 'customer_id' => $customerId,
                    'account_id' => $creditId, 'currency' => (string) $r['currency'],
                    ...Facts::receivableColumns($r),
                ], $this->books->now());
            });
    }

    /**
     * `credit.dueDate`: fixes (or recomputes) the due date when the order reaches the status
     * chosen by the admin; $statusDate 'YYYY-MM-DD'.
     * @return array<string, mixed> receivable, changed, paymentTermsDays
     */
    public function dueDate(string $shopId, string $orderRef, ?string $statusDate = null, bool $recompute = false): array
    {
        return $this->books->connection()->transaction(function () use ($shopId, $orderRef, $statusDate, $recompute): array {
            $rcv = $this->receivables->find($shopId, $orderRef, true) ?? throw new InvalidRequest('not_found', "no receivable for order $orderRef", 'orderRef');
            $input = [
                'receivable' => Facts::receivableWire($rcv),
                'credit' => $this->facts->creditContext($shopId, $this->accounts->find((string) $rcv['account_id']), 0),
                'recompute' => $recompute,
            ];
            if ($statusDate !== null) {
                $input['statusDate'] = $statusDate;
            }
            $result = $this->books->ask('credit.dueDate', $input);
            if (($result['changed'] ?? false) === true) {
                $this->receivables->update($shopId, $orderRef, ['due_date' => $result['receivable']['dueDate']], $this->books->now());
            }
            return $result;
        });
    }

    /**
     * `credit.recordPayment`: a payment received against an order on account (`{key}:payment`,
     * cash → credit line); the receivable and payments_received are updated once.
     * @return array<string, mixed> accepted, reasons, amount, maximum, receivable, ledger, replay
     */
    public function recordPayment(string $shopId, string $orderRef, string $key, string $amount, ?string $method = null, ?string $reference = null, ?string $recordedBy = null): array
    {
        return $this->payment('credit.recordPayment', $shopId, $orderRef, $key, $amount, $method, $reference, $recordedBy);
    }

    /** `credit.markPaid`: settles the whole remainder of the receivable. @return array<string, mixed> */
    public function markPaid(string $shopId, string $orderRef, string $key, ?string $method = null, ?string $reference = null, ?string $recordedBy = null): array
    {
        return $this->payment('credit.markPaid', $shopId, $orderRef, $key, null, $method, $reference, $recordedBy);
    }

    private function payment(string $op, string $shopId, string $orderRef, string $key, ?string $amount, ?string $method, ?string $reference, ?string $recordedBy): array
    {
        Ids::check($key, 'key');
        $rcv = $this->receivables->find($shopId, $orderRef) ?? throw new InvalidRequest('not_found', "no receivable for order $orderRef", 'orderRef');
        $creditId = (string) $rcv['account_id'];
        $cash = Ids::shop($shopId, 'cash', (string) $rcv['currency']);
        return $this->books->move($op, [$creditId, $cash], ["$key:payment"],
            function (array $wire, array $stored) use ($shopId, $orderRef, $key, $amount, $creditId, $cash): array {
                $locked = $this->receivables->find($shopId, $orderRef, true);
                $input = [
                    'key' => $key, 'orderRef' => $orderRef, 'receivable' => Facts::receivableWire($locked),
                    'account' => $wire[$creditId], 'cashAccount' => $wire[$cash], 'transfers' => $stored,
                ];
                if ($amount !== null) {
                    $input['amount'] = $amount;
                }
                return $input;
            },
            function (array $result) use ($shopId, $orderRef, $key, $method, $reference, $recordedBy, $creditId): void {
                if ($result['_written'] === 0) {
                    return; // rejected, or a replay already counted
                }
                $now = $this->books->now();
                $r = $result['receivable'];
                $this->receivables->update($shopId, $orderRef, ['paid' => Facts::receivableColumns($r)['paid'], 'state' => (string) $r['state']], $now);
                $this->receivables->recordPayment([
                    'id' => $key, 'shop_id' => $shopId, 'order_ref' => $orderRef, 'account_id' => $creditId,
                    'amount' => MoneyFormat::toMinorNonNegative((string) $result['amount'], (string) $result['currency']),
                    'currency' => (string) $result['currency'], 'method' => $method, 'reference' => $reference,
                    'transfer_id' => "$key:payment", 'received_at' => $now, 'recorded_by' => $recordedBy,
                ], $now);
            });
    }

    /**
     * `credit.cancelOrder`: an order on account is cancelled after its credit check passed. What
     * was still outstanding goes back to the credit line (`{key}:cancel`), the receivable is
     * cancelled; `paidToReturn` is what the customer already paid (the merchant returns it another
     * way). A repeated call answers the same and moves nothing. Audited.
     * @return array<string, mixed> accepted, reasons, restored, paidToReturn, receivable, ledger, replay
     */
    public function cancelOrder(string $shopId, string $orderRef, string $key, string $by): array
    {
        Ids::check($key, 'key');
        Ids::check($by, 'by');
        $rcv = $this->receivables->find($shopId, $orderRef) ?? throw new InvalidRequest('not_found', "no receivable for order $orderRef", 'orderRef');
        $creditId = (string) $rcv['account_id'];
        $sales = Ids::shop($shopId, 'sales', (string) $rcv['currency']);
        return $this->books->move('credit.cancelOrder', [$creditId, $sales], ["$key:cancel"],
            function (array $wire, array $stored) use ($shopId, $orderRef, $key, $creditId, $sales): array {
                return [
                    'key' => $key, 'orderRef' => $orderRef,
                    'receivable' => Facts::receivableWire($this->receivables->find($shopId, $orderRef, true)),
                    'account' => $wire[$creditId], 'salesAccount' => $wire[$sales], 'transfers' => $stored,
                ];
            },
            function (array $result) use ($shopId, $orderRef, $by, $rcv): void {
                if (($result['accepted'] ?? false) !== true || ($result['replay'] ?? false) === true) {
                    return;
                }
                $now = $this->books->now();
                $this->receivables->update($shopId, $orderRef, Facts::receivableColumns($result['receivable']), $now);
                $this->audit->record($by, 'order_on_account_cancelled', "receivable:$shopId:$orderRef", Facts::receivableWire($rcv), $result['receivable'], $now, $shopId);
            });
    }

    /**
     * `credit.creditNote`: what a refund gave back to the credit line is no longer owed on the
     * order; the receivable is updated (locked). False when the order has no receivable yet.
     */
    public function creditNote(string $shopId, string $orderRef, string $amount): bool
    {
        return $this->books->connection()->transaction(function () use ($shopId, $orderRef, $amount): bool {
            $rcv = $this->receivables->find($shopId, $orderRef, true);
            if ($rcv === null) {
                return false;
            }
            $r = $this->books->ask('credit.creditNote', ['receivable' => Facts::receivableWire($rcv), 'amount' => $amount]);
            if (($r['accepted'] ?? false) === true) {
                $this->receivables->update($shopId, $orderRef, Facts::receivableColumns($r['receivable']), $this->books->now());
            }
            return ($r['accepted'] ?? false) === true;
        });
    }

    /** `credit.status`: limit, exposure, remaining, overdue, blocking reasons. @return array<string, mixed> */
    public function status(string $shopId, string $customerId, string $currency): array
    {
        $account = $this->accounts->find(Ids::credit($shopId, $customerId, $currency));
        return $this->books->ask('credit.status', ['credit' => $this->facts->creditContext($shopId, $account)]);
    }

    /** `credit.reminders` for one customer (the job sends and records them). @return array<string, mixed> */
    public function reminders(string $shopId, string $customerId, string $currency): array
    {
        $account = $this->accounts->find(Ids::credit($shopId, $customerId, $currency));
        return $this->books->ask('credit.reminders', ['credit' => $this->facts->creditContext($shopId, $account)]);
    }

    /**
     * `credit.increaseRequest`: a customer asks for a higher limit. One open request per customer
     * and currency: while one waits for the merchant, a new request updates it (amount, message)
     * instead of adding another. The same $requestId again answers from the books (replay).
     * @return array<string, mixed> accepted, reasons, request, replay, updated
     */
    public function requestIncrease(string $shopId, string $customerId, string $currency, string $requestId, string $requestedLimit, string $message = ''): array
    {
        Ids::check($requestId, 'requestId');
        try {
            return $this->requestIncreaseOnce($shopId, $customerId, $currency, $requestId, $requestedLimit, $message);
        } catch (\ShopCredit\Storage\DuplicateKeyException) {
            // Two first requests at once: the other one is open now, so this one updates it.
            return $this->requestIncreaseOnce($shopId, $customerId, $currency, $requestId, $requestedLimit, $message);
        }
    }

    /** @return array<string, mixed> */
    private function requestIncreaseOnce(string $shopId, string $customerId, string $currency, string $requestId, string $requestedLimit, string $message): array
    {
        $creditId = Ids::credit($shopId, $customerId, $currency);
        return $this->books->connection()->transaction(function () use ($shopId, $customerId, $currency, $requestId, $requestedLimit, $message, $creditId): array {
            $existing = $this->requests->find(RequestRepository::CREDIT_INCREASE, $requestId, true);
            if ($existing !== null) {
                return ['accepted' => true, 'reasons' => [], 'request' => self::requestWire($existing), 'replay' => true, 'updated' => false];
            }
            $open = $this->requests->openIncrease($shopId, $customerId, $currency, true);
            $account = $this->accounts->find($creditId);
            $current = MoneyFormat::format((int) ($account['credit_limit'] ?? 0), $currency);
            $result = $this->books->ask('credit.increaseRequest', [
                'requestId' => $open === null ? $requestId : (string) $open['id'], 'currency' => $currency, 'currentLimit' => $current,
                'requestedLimit' => $requestedLimit, 'message' => $message,
            ]);
            if (($result['accepted'] ?? false) !== true) {
                return $result + ['replay' => false, 'updated' => false];
            }
            $req = $result['request'];
            $now = $this->books->now();
            $row = [
                'current_limit' => MoneyFormat::toMinorNonNegative($req['currentLimit'], $currency),
                'requested_limit' => MoneyFormat::toMinorNonNegative($req['requestedLimit'], $currency),
                'message' => $message === '' ? null : $message,
            ];
            if ($open !== null) {
                if (!$this->requests->transition(RequestRepository::CREDIT_INCREASE, (string) $open['id'], 'requested', $row, $now)) {
                    throw new \ShopCredit\Storage\ConcurrencyException("credit increase request {$open['id']} was decided while it was updated");
                }
                $this->audit->record("customer:$customerId", 'credit_increase_updated', (string) $open['id'], self::requestWire($open), $req, $now, $shopId);
                $stored = $this->requests->find(RequestRepository::CREDIT_INCREASE, (string) $open['id']);
                return ['request' => self::requestWire((array) $stored)] + $result + ['replay' => false, 'updated' => true];
            }
            $this->requests->create(RequestRepository::CREDIT_INCREASE, $row + [
                'id' => $requestId, 'shop_id' => $shopId, 'customer_id' => $customerId, 'account_id' => $creditId,
                'currency' => $currency, 'state' => (string) $req['state'], 'open_key' => "$shopId:$customerId:$currency",
            ], $now);
            $this->audit->record("customer:$customerId", 'credit_increase_requested', $requestId, null, $req, $now, $shopId);
            return $result + ['replay' => false, 'updated' => false];
        });
    }

    /**
     * `credit.increaseDecision`: the merchant approves (optionally with another $newLimit) or
     * declines; an approval sets the account's limit; both are audited. Deciding twice answers
     * `request_already_decided` from the core.
     * @param 'approve'|'decline' $decision
     * @return array<string, mixed> accepted, reasons, request, audit, newLimit
     */
    public function decideIncrease(string $requestId, string $decision, string $decidedBy, ?string $newLimit = null, ?string $reason = null): array
    {
        Ids::check($decidedBy, 'decidedBy');
        return $this->books->connection()->transaction(function () use ($requestId, $decision, $decidedBy, $newLimit, $reason): array {
            $req = $this->requests->find(RequestRepository::CREDIT_INCREASE, $requestId)
                ?? throw new InvalidRequest('not_found', "no credit increase request $requestId", 'requestId');
            $this->accounts->lockAccounts([(string) $req['account_id']], [AccountRepository::class, 'defaultsFromId'], $this->books->now());
            $req = $this->requests->find(RequestRepository::CREDIT_INCREASE, $requestId, true);
            $input = ['request' => self::requestWire($req), 'decision' => $decision, 'decidedBy' => $decidedBy];
            if ($newLimit !== null) {
                $input['newLimit'] = $newLimit;
            }
            if ($reason !== null) {
                $input['reason'] = $reason;
            }
            $result = $this->books->ask('credit.increaseDecision', $input);
            if (($result['accepted'] ?? false) !== true) {
                return $result;
            }
            $out = $result['request'];
            $cur = (string) $req['currency'];
            $now = $this->books->now();
            $granted = $result['newLimit'] ?? null;
            $changes = ['state' => (string) $out['state'], 'decided_by' => $decidedBy, 'decided_at' => (int) ($out['decidedAt'] ?? $now), 'open_key' => null];
            if ($granted !== null) {
                $changes['granted_limit'] = MoneyFormat::toMinorNonNegative($granted, $cur);
            }
            if ($reason !== null) {
                $changes['reason'] = $reason;
            }
            if (!$this->requests->transition(RequestRepository::CREDIT_INCREASE, $requestId, (string) $req['state'], $changes, $now)) {
                throw new \ShopCredit\Storage\ConcurrencyException("credit increase request $requestId changed while it was decided");
            }
            if ($granted !== null) {
                $this->accounts->setAttributes((string) $req['account_id'], ['credit_limit' => MoneyFormat::toMinorNonNegative($granted, $cur)], $now);
            }
            $this->audit->record($decidedBy, 'credit_increase_' . $out['state'], $requestId, $result['audit']['before'] ?? null, $result['audit'] ?? $out, $now, (string) $req['shop_id']);
            return $result;
        });
    }

    /**
     * `credit.setLimit`: the merchant sets the limit; audited.
     * @return array<string, mixed> account, remaining, audit, blockingReasons
     */
    public function setLimit(string $shopId, string $customerId, string $currency, string $newLimit, string $by): array
    {
        $creditId = Ids::credit($shopId, $customerId, $currency);
        Ids::check($by, 'by');
        return $this->books->connection()->transaction(function (Connection $c) use ($shopId, $creditId, $newLimit, $by): array {
            $now = $this->books->now();
            $row = $this->accounts->lockAccounts([$creditId], [AccountRepository::class, 'defaultsFromId'], $now)[$creditId];
            $result = $this->books->ask('credit.setLimit', ['credit' => $this->facts->creditContext($shopId, $row, 0), 'newLimit' => $newLimit, 'by' => $by]);
            $limit = MoneyFormat::toMinorNonNegative((string) $result['account']['limit'], (string) $row['currency']);
            $this->accounts->setAttributes($creditId, ['credit_limit' => $limit], $now);
            $this->audit->record($by, 'credit_limit_changed', $creditId, $result['audit']['before'] ?? null, $result['audit']['after'] ?? null, $now, $shopId);
            return $result;
        });
    }

    /** Host-managed profile attributes (on_hold, risk_level, payment_terms_days, company_name), audited. */
    public function setProfile(string $shopId, string $customerId, string $currency, array $attributes, string $by): void
    {
        $creditId = Ids::credit($shopId, $customerId, $currency);
        $allowed = ['on_hold', 'risk_level', 'payment_terms_days', 'company_name'];
        foreach (\array_keys($attributes) as $k) {
            if (!\in_array($k, $allowed, true)) {
                throw new InvalidRequest('unknown_field', "'$k' is not a profile attribute", $k);
            }
        }
        if (isset($attributes['risk_level']) && !\in_array($attributes['risk_level'], ['low', 'medium', 'high'], true)) {
            throw new InvalidRequest('invalid_value', 'risk_level must be low, medium or high', 'risk_level');
        }
        $this->books->connection()->transaction(function () use ($shopId, $creditId, $attributes, $by): void {
            $now = $this->books->now();
            $before = $this->accounts->lockAccounts([$creditId], [AccountRepository::class, 'defaultsFromId'], $now)[$creditId];
            $this->accounts->setAttributes($creditId, $attributes, $now);
            $this->audit->record($by, 'credit_profile_changed', $creditId, \array_intersect_key($before, $attributes), $attributes, $now, $shopId);
        });
    }

    /** @param array<string, mixed> $r @return array<string, mixed> */
    private static function requestWire(array $r): array
    {
        $cur = (string) $r['currency'];
        $w = [
            'requestId' => (string) $r['id'], 'currency' => $cur,
            'currentLimit' => MoneyFormat::format((int) $r['current_limit'], $cur),
            'requestedLimit' => MoneyFormat::format((int) $r['requested_limit'], $cur),
            'message' => (string) ($r['message'] ?? ''), 'state' => (string) $r['state'],
            'requestedAt' => (int) $r['created_at'],
        ];
        if ($r['decided_at'] !== null) {
            $w['decidedAt'] = (int) $r['decided_at'];
            $w['decidedBy'] = $r['decided_by'];
        }
        if ($r['reason'] !== null) {
            $w['reason'] = (string) $r['reason'];
        }
        if ($r['granted_limit'] !== null) {
            $w['newLimit'] = MoneyFormat::format((int) $r['granted_limit'], $cur);
        }
        return $w;
    }
}

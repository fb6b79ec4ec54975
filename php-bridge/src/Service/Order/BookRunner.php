<?php

declare(strict_types=1);

namespace ShopCredit\Service\Order;

use ShopCredit\Service\AfterSale;
use ShopCredit\Service\Books;
use ShopCredit\Service\CheckoutService;
use ShopCredit\Service\CreditService;
use ShopCredit\Service\Ids;
use ShopCredit\Service\ShopTime;
use ShopCredit\Storage\StorageException;

/**
 * Runs the book operations `order.decide` asks for, with the existing operations, inside the
 * order's transaction (each joins it). Operations that report (reservation, credit check, due
 * date) give back the `booked` event the next decision reads; any other operation that the
 * ledger refuses means the books and the order's state disagree: the whole event is rolled back.
 * Requests to the financing provider are queued with the event (AfterSale::queue, the outbox);
 * Orders sends them after the commit.
 */
final class BookRunner
{
    public function __construct(
        private readonly Books $books,
        private readonly CheckoutService $checkout,
        private readonly CreditService $credit,
        private readonly ShopTime $time,
        private readonly ?AfterSale $afterSale = null,
    ) {
    }

    /**
     * @param array<string, mixed> $op a book operation of the core's answer
     * @param array<string, mixed> $order the locked order row (shop_id, order_ref, customer_id, currency, state, facts)
     * @return array{booked: array<string, mixed>|null, written: int}
     */
    public function run(array $op, array $order): array
    {
        $shopId = (string) $order['shop_id'];
        $orderRef = (string) $order['order_ref'];
        return match ((string) $op['op']) {
            'reserve' => $this->reserve($op, $order),
            'settle' => $this->settle($op, $orderRef),
            'credit_check' => $this->creditCheck($op, $order),
            'transfer' => $this->transfer($op, $order),
            'credit_note' => $this->creditNote($shopId, $orderRef, (string) $op['amount']),
            'cancel_on_account' => $this->written($this->credit->cancelOrder($shopId, $orderRef, (string) $op['key'], 'orders'), 'cancel_on_account'),
            'record_payment' => $this->written($this->credit->recordPayment($shopId, $orderRef, (string) $op['key'], (string) $op['amount'], (string) $op['method'], $op['reference'] ?? null, 'orders'), 'record_payment'),
            'due_date' => $this->dueDate($shopId, $orderRef),
            'provider_confirm_delivery' => $this->provider($op, $order, AfterSale::CONFIRM_DELIVERY),
            'provider_cancel' => $this->provider($op, $order, AfterSale::CANCEL),
            default => throw new \UnexpectedValueException('unknown book operation ' . $op['op']),
        };
    }

    /** @return array{booked: array<string, mixed>, written: int} */
    private function reserve(array $op, array $order): array
    {
        $legs = \array_filter(['wallet' => $op['wallet'] ?? null, 'creditLine' => $op['creditLine'] ?? null], static fn ($v): bool => $v !== null);
        $state = $order['state'];
        $facts = $order['facts'];
        $r = $this->checkout->reserve(
            (string) $order['shop_id'], (string) $op['key'], (string) $order['order_ref'], $facts['customer'],
            ['currency' => (string) $order['currency'], 'total' => (string) $state['total'], 'containsTopUp' => false],
            $legs, (int) ($facts['reservationTimeoutS'] ?? 3600),
        );
        $accepted = ($r['accepted'] ?? false) === true;
        return ['booked' => ['type' => 'booked', 'op' => 'reserve', 'accepted' => $accepted, 'reasons' => $accepted ? [] : \array_values((array) ($r['reasons'] ?? []))], 'written' => (int) ($r['_written'] ?? 0)];
    }

    /** @return array{booked: null, written: int} */
    private function settle(array $op, string $orderRef): array
    {
        $r = $this->checkout->settle($orderRef, (string) $op['outcome']);
        // Releasing a reservation the expiry job already ended is nothing to do; posting one must work.
        if (($r['settled'] ?? false) !== true && $op['outcome'] === 'paid') {
            throw new StorageException("order $orderRef: its reservation could not be posted: " . \implode(',', (array) ($r['reasons'] ?? [])));
        }
        return ['booked' => null, 'written' => (int) ($r['_written'] ?? 0)];
    }

    /** @return array{booked: array<string, mixed>, written: int} */
    private function creditCheck(array $op, array $order): array
    {
        $r = $this->credit->checkRun(
            (string) $order['shop_id'], (string) $order['customer_id'], (string) $op['key'], (string) $order['order_ref'],
            (string) $order['currency'], (string) $order['state']['creditLine']['planned'], 'processing',
            $op['reservationId'] ?? null, $op['adminDecision'] ?? null,
        );
        return ['booked' => ['type' => 'booked', 'op' => 'credit_check', 'outcome' => (string) $r['outcome'], 'reasons' => \array_values((array) ($r['reasons'] ?? []))], 'written' => (int) ($r['_written'] ?? 0)];
    }

    /** Linked ledger transfers `{key}:1`, `{key}:2`, ...: all applied (now or before) or the event rolls back. */
    private function transfer(array $op, array $order): array
    {
        $shopId = (string) $order['shop_id'];
        $cur = (string) $order['currency'];
        $batch = [];
        $accounts = [];
        foreach (\array_values($op['legs']) as $n => $leg) {
            $from = $this->account((string) $leg['from'], $shopId, $order);
            $to = $this->account((string) $leg['to'], $shopId, $order);
            $accounts[] = $from;
            $accounts[] = $to;
            $batch[] = [
                'id' => $op['key'] . ':' . ($n + 1), 'debitAccountId' => $from, 'creditAccountId' => $to, 'amount' => (string) $leg['amount'],
                'code' => (string) $leg['code'], 'orderRef' => (string) $order['order_ref'], 'flags' => $n + 1 < \count($op['legs']) ? ['linked'] : [],
            ];
        }
        $r = $this->books->move('ledger.createTransfers', \array_values(\array_unique($accounts)), \array_column($batch, 'id'),
            static fn (array $wire, array $stored): array => ['accounts' => \array_values($wire), 'transfers' => $stored, 'batch' => $batch]);
        foreach ($r['results'] ?? [] as $res) {
            if (!\in_array($res['result'] ?? null, ['ok', 'exists'], true)) {
                throw new StorageException("order {$order['order_ref']}: the ledger refused {$res['id']}: {$res['result']} ($cur)");
            }
        }
        return ['booked' => null, 'written' => (int) ($r['_written'] ?? 0)];
    }

    private function account(string $party, string $shopId, array $order): string
    {
        $cur = (string) $order['currency'];
        return match ($party) {
            'wallet' => Ids::wallet($shopId, (string) $order['customer_id'], $cur),
            'credit_line' => Ids::credit($shopId, (string) $order['customer_id'], $cur),
            'sales' => Ids::shop($shopId, 'sales', $cur),
            'top_ups' => Ids::shop($shopId, 'topups', $cur),
            default => throw new \UnexpectedValueException("unknown party $party"),
        };
    }

    /** @return array{booked: null, written: int} */
    private function creditNote(string $shopId, string $orderRef, string $amount): array
    {
        $this->credit->creditNote($shopId, $orderRef, $amount);
        return ['booked' => null, 'written' => 0];
    }

    /** @return array{booked: array<string, mixed>, written: int} */
    private function dueDate(string $shopId, string $orderRef): array
    {
        $r = $this->credit->dueDate($shopId, $orderRef, $this->time->today($shopId));
        return ['booked' => ['type' => 'booked', 'op' => 'due_date', 'dueDate' => $r['receivable']['dueDate'] ?? null], 'written' => 0];
    }

    /** @return array{booked: null, written: int} */
    private function provider(array $op, array $order, string $kind): array
    {
        $afterSale = $this->afterSale ?? throw new \LogicException('order.decide asked the financing provider, and this bridge has no AfterSale');
        $afterSale->queue((string) $order['shop_id'], (string) $order['order_ref'], (string) $op['key'], $kind,
            isset($op['amount']) ? (string) $op['amount'] : null, (string) $order['currency']);
        return ['booked' => null, 'written' => 0];
    }

    /** @return array{booked: null, written: int} */
    private function written(array $r, string $what): array
    {
        if (($r['accepted'] ?? false) !== true) {
            throw new StorageException("order book operation $what refused: " . \implode(',', (array) ($r['reasons'] ?? [])));
        }
        return ['booked' => null, 'written' => (int) ($r['_written'] ?? 0)];
    }
}

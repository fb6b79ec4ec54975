<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\AuditLog;
use ShopCredit\Storage\ConcurrencyException;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Json;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\OrderLocks;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\RequestRepository;
use ShopCredit\Storage\TransferRepository;

/**
 * Store balance: top-ups, payments, refunds split by funding source, cancellations, withdrawals
 * decided by the merchant, bonuses and mass adjustments. Every movement derives its transfer id
 * from the caller's key, so a repeated call answers `exists` and moves nothing.
 */
final class WalletService
{
    public function __construct(
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
        private readonly RequestRepository $requests,
        private readonly AuditLog $audit,
        private readonly ReceivableRepository $receivables,
    ) {
    }

    /** The customer's balance account as the core sees it (null: none yet). @return array<string, mixed>|null */
    public function account(string $shopId, string $customerId, string $currency): ?array
    {
        $row = $this->accounts->find(Ids::wallet($shopId, $customerId, $currency));
        return $row === null ? null : AccountRepository::toWire($row);
    }

    /**
     * `wallet.topUpCheck`: may the customer buy a top-up of $amount? Asked before the top-up goes
     * into the cart, with the rules `wallet.topUp` applies when the paid order is credited, so
     * nobody pays for a top-up that would not be credited.
     * @return array<string, mixed> accepted, reasons, credit, vat
     */
    public function checkTopUp(string $shopId, string $currency, string $amount): array
    {
        return $this->books->ask('wallet.topUpCheck', ['currency' => Ids::currency($currency), 'amount' => $amount, 'settings' => $this->facts->walletSettings($shopId)]);
    }

    /** `wallet.topUp`: credits what a paid top-up order collected (`{key}:topup`). @return array<string, mixed> */
    public function topUp(string $shopId, string $customerId, string $currency, string $key, string $orderRef, string $paid): array
    {
        $w = Ids::wallet($shopId, $customerId, $currency);
        $t = Ids::shop($shopId, 'topups', $currency);
        Ids::check($key, 'key');
        return $this->books->move('wallet.topUp', [$w, $t], ["$key:topup"], fn (array $wire, array $stored): array => [
            'key' => $key, 'orderRef' => $orderRef, 'paid' => $paid, 'settings' => $this->facts->walletSettings($shopId),
            'wallet' => $wire[$w], 'topUpsAccount' => $wire[$t], 'transfers' => $stored,
        ]);
    }

    /**
     * `wallet.pay`: pays an order from the balance (`{key}:wallet`), posted at once or reserved
     * ($reserveTimeoutS !== null) for settlement later.
     * @param 'full'|'partial' $mode
     * @param array<string, mixed> $customer
     * @param array<string, mixed> $cart
     * @return array<string, mixed>
     */
    public function pay(string $shopId, string $key, string $orderRef, array $customer, array $cart, string $mode, string $amount, ?int $reserveTimeoutS = null): array
    {
        $currency = Ids::currency((string) ($cart['currency'] ?? ''));
        $w = Ids::wallet($shopId, (string) ($customer['customerId'] ?? ''), $currency);
        $s = Ids::shop($shopId, 'sales', $currency);
        Ids::check($key, 'key');
        $settings = $this->facts->walletSettings($shopId); // read before the lock
        // `{key}:wallet` is the one transfer it books; a stored one only makes it a replay.
        return $this->books->move('wallet.pay', [$w, $s], ["$key:wallet"], function (array $wire, array $stored) use ($key, $orderRef, $customer, $cart, $mode, $amount, $reserveTimeoutS, $w, $s, $settings): array {
            $input = [
                'key' => $key, 'orderRef' => $orderRef, 'mode' => $mode, 'amount' => $amount, 'cart' => $cart,
                'wallet' => $wire[$w], 'salesAccount' => $wire[$s], 'settings' => $settings,
                'customer' => $customer, 'transfers' => $stored,
            ];
            if ($reserveTimeoutS !== null) {
                $input['reserve'] = true;
                $input['timeoutS'] = $reserveTimeoutS;
            }
            return $input;
        }, onlyNewIds: true);
    }

    /**
     * `wallet.refund`: refunds an order split by funding source (`{key}:wallet`,
     * `{key}:credit`; the external part is returned for the host's payment module to refund).
     *
     * What was already refunded per source is read from this order's earlier refunds under the
     * lock (the larger of that and the caller's `refunded`), so two refunds racing on one order
     * can never give back more than was paid. A repeated $key answers the stored refund and moves
     * nothing (also for a refund that was entirely external).
     * @param list<array{source: string, paid: string, refunded?: string}> $sources
     * @param 'proportional'|'to_balance'|null $mode null: the core's default
     * @return array<string, mixed> accepted, reasons, mode, legs, external, ledger (+ replay)
     */
    public function refund(string $shopId, string $customerId, string $currency, string $key, string $orderRef, string $refundAmount, array $sources, ?string $mode = null): array
    {
        $w = Ids::wallet($shopId, $customerId, $currency);
        $cl = Ids::credit($shopId, $customerId, $currency);
        $s = Ids::shop($shopId, 'sales', $currency);
        Ids::check($key, 'key');
        Ids::check($orderRef, 'orderRef');
        $ids = [$s];
        $kinds = \array_column($sources, 'source');
        if (\in_array('wallet', $kinds, true)) {
            $ids[] = $w;
        }
        if (\in_array('credit_line', $kinds, true)) {
            $ids[] = $cl;
        }
        $minor = MoneyFormat::toMinorNonNegative($refundAmount, $currency, 'refundAmount');
        $answered = $this->books->connection()->fetchOne('SELECT response, amount FROM {refunds} WHERE id = ?', [$key]);
        if ($answered !== null) {
            return self::answeredRefund($answered, $minor, $currency);
        }
        $replay = null;
        $result = $this->books->move('wallet.refund', $ids, ["$key:wallet", "$key:credit"], function (array $wire, array $stored, array $rows, Connection $c) use ($shopId, $key, $orderRef, $currency, $refundAmount, $sources, $mode, $w, $cl, $s, &$replay): array {
            // Every refund of the order takes the order's lock row first, so these reads see every
            // earlier refund of it (the sales account is shared by the whole shop and locked by none).
            (new OrderLocks($c))->lock($shopId, $orderRef);
            $earlier = $c->fetchAll($c->lockForUpdate('SELECT * FROM {refunds} WHERE shop_id = ? AND order_ref = ?'), [$shopId, $orderRef]);
            $done = ['wallet' => 0, 'credit_line' => 0, 'external' => 0];
            foreach ($earlier as $r) {
                if ((string) $r['id'] === $key) {
                    $replay = $r;
                }
                $done['wallet'] += (int) $r['wallet_part'];
                $done['credit_line'] += (int) $r['credit_part'];
                $done['external'] += (int) $r['external_part'];
            }
            if ($replay === null) {
                foreach ($sources as $n => $src) {
                    $kind = (string) ($src['source'] ?? '');
                    if (!isset($done[$kind]) || $done[$kind] === 0) {
                        continue;
                    }
                    $claimed = isset($src['refunded']) ? MoneyFormat::toMinorNonNegative((string) $src['refunded'], $currency) : 0;
                    $sources[$n]['refunded'] = MoneyFormat::format(\max($claimed, $done[$kind]), $currency);
                }
            }
            $input = [
                'key' => $key, 'orderRef' => $orderRef, 'currency' => $currency,
                // A replay that raced us here: ask for nothing (the stored answer is returned).
                'refundAmount' => $replay === null ? $refundAmount : MoneyFormat::format(0, $currency),
                'sources' => $sources, 'salesAccount' => $wire[$s], 'transfers' => $stored,
            ];
            if (isset($wire[$w])) {
                $input['wallet'] = $wire[$w];
            }
            if (isset($wire[$cl])) {
                $input['creditLine'] = $wire[$cl];
            }
            if ($mode !== null) {
                $input['mode'] = $mode;
            }
            return $input;
        }, function (array $result, Connection $c) use ($shopId, $key, $orderRef, $currency, $refundAmount, &$replay): void {
            if ($replay !== null || ($result['accepted'] ?? false) !== true) {
                return;
            }
            $parts = ['wallet' => 0, 'credit_line' => 0, 'external' => 0];
            foreach ($result['legs'] ?? [] as $leg) {
                $parts[(string) $leg['source']] += MoneyFormat::toMinorNonNegative((string) $leg['amount'], $currency);
            }
            if ($parts['credit_line'] > 0) {
                $this->creditNote($shopId, $orderRef, $currency, $parts['credit_line']);
            }
            $answer = $result;
            unset($answer['_written'], $answer['written']);
            $c->insertIfAbsent('refunds', [
                'id' => $key, 'shop_id' => $shopId, 'order_ref' => $orderRef, 'currency' => $currency,
                'amount' => MoneyFormat::toMinorNonNegative($refundAmount, $currency),
                'wallet_part' => $parts['wallet'], 'credit_part' => $parts['credit_line'], 'external_part' => $parts['external'],
                'response' => Json::encode($answer), 'created_at' => $this->books->now(),
            ]);
        });
        if ($replay !== null) {
            return self::answeredRefund($replay, $minor, $currency);
        }
        return $result + ['replay' => false];
    }

    /**
     * A refund key seen before: the same amount answers the stored refund (`replay`, nothing
     * booked); another amount is a conflict (`exists_with_different_amount`, nothing booked):
     * a host that followed it would refund the difference to the card.
     * @param array<string, mixed> $stored the refunds row (response, amount)
     * @return array<string, mixed>
     */
    private static function answeredRefund(array $stored, int $minor, string $currency): array
    {
        $answer = Json::decode((string) $stored['response']);
        if ((int) $stored['amount'] !== $minor) {
            return ['accepted' => false, 'reasons' => ['exists_with_different_amount'], 'replay' => false, 'written' => 0, '_written' => 0,
                'mode' => $answer['mode'] ?? 'proportional', 'legs' => [], 'external' => MoneyFormat::format(0, $currency), 'ledger' => null];
        }
        return ['replay' => true, 'written' => 0, '_written' => 0] + $answer;
    }

    /** What went back to the credit line is no longer owed on the order (`credit.creditNote`). */
    private function creditNote(string $shopId, string $orderRef, string $currency, int $minor): void
    {
        $rcv = $this->receivables->find($shopId, $orderRef, true);
        if ($rcv === null) {
            return; // the order was refunded before its receivable existed (still reserved)
        }
        $r = $this->books->ask('credit.creditNote', ['receivable' => Facts::receivableWire($rcv), 'amount' => MoneyFormat::format($minor, $currency)]);
        if (($r['accepted'] ?? false) === true) {
            $this->receivables->update($shopId, $orderRef, Facts::receivableColumns($r['receivable']), $this->books->now());
        }
    }

    /**
     * `wallet.cancel`: the order was cancelled: voids its balance reservation (`{key}:void`) or
     * restores a posted balance payment (`{key}:restore`). $transferId names the stored
     * reservation or payment.
     * @return array<string, mixed>
     */
    public function cancel(string $shopId, string $customerId, string $currency, string $key, string $orderRef, string $transferId, ?string $refunded = null): array
    {
        $w = Ids::wallet($shopId, $customerId, $currency);
        $s = Ids::shop($shopId, 'sales', $currency);
        Ids::check($key, 'key');
        Ids::check($transferId, 'transferId', 128);
        return $this->books->move('wallet.cancel', [$w, $s], ["$key:void", "$key:restore", $transferId, "$transferId:post"], function (array $wire, array $stored) use ($key, $orderRef, $transferId, $refunded, $w, $s): array {
            $byId = \array_column($stored, null, 'id');
            $given = $byId[$transferId] ?? throw new InvalidRequest('not_found', "no stored transfer $transferId", 'transferId');
            $input = [
                'key' => $key, 'orderRef' => $orderRef, 'wallet' => $wire[$w], 'salesAccount' => $wire[$s], 'transfers' => $stored,
            ];
            if (\in_array('pending', $given['flags'], true)) {
                $input['reservation'] = $given;
            } else {
                $input['payment'] = $given;
            }
            if ($refunded !== null) {
                $input['refunded'] = $refunded;
            }
            return $input;
        });
    }

    /**
     * `wallet.withdrawalRequest`: reserves the amount (`{key}:withdrawal`, pending) and files
     * the request for the merchant. A repeated call answers the stored request.
     * @return array<string, mixed>
     */
    public function requestWithdrawal(string $shopId, string $customerId, string $currency, string $key, string $amount, ?string $message = null): array
    {
        $w = Ids::wallet($shopId, $customerId, $currency);
        $wd = Ids::shop($shopId, 'withdrawals', $currency);
        Ids::check($key, 'key');
        return $this->books->move('wallet.withdrawalRequest', [$w, $wd], ["$key:withdrawal"], fn (array $wire, array $stored): array => [
            'key' => $key, 'amount' => $amount, 'settings' => $this->facts->walletSettings($shopId),
            'wallet' => $wire[$w], 'withdrawalsAccount' => $wire[$wd], 'transfers' => $stored,
        ], function (array $result) use ($shopId, $customerId, $currency, $key, $amount, $message, $w): void {
            if ($result['_written'] === 0) {
                return;
            }
            $this->requests->create(RequestRepository::WITHDRAWAL, [
                'id' => $key, 'shop_id' => $shopId, 'customer_id' => $customerId, 'account_id' => $w, 'currency' => $currency,
                'amount' => MoneyFormat::toMinorNonNegative((string) $result['amount'], $currency), 'state' => 'requested',
                'reserve_transfer_id' => "$key:withdrawal", 'message' => $message,
            ], $this->books->now());
            $this->audit->record("customer:$customerId", 'withdrawal_requested', $key, null, ['amount' => $result['amount'], 'currency' => $currency], $this->books->now(), $shopId);
        });
    }

    /**
     * `wallet.withdrawalDecision`: approve posts the reservation (`{key}:approve`, the merchant
     * then pays out), reject voids it (`{key}:reject`); audited.
     * @param 'approve'|'reject' $decision
     * @return array<string, mixed>
     */
    public function decideWithdrawal(string $requestId, string $decision, string $decidedBy, ?string $reason = null): array
    {
        $req = $this->requests->find(RequestRepository::WITHDRAWAL, $requestId) ?? throw new InvalidRequest('not_found', "no withdrawal request $requestId", 'requestId');
        if (!\in_array($decision, ['approve', 'reject'], true)) {
            throw new InvalidRequest('invalid_value', 'decision must be approve or reject', 'decision');
        }
        Ids::check($decidedBy, 'decidedBy');
        $w = (string) $req['account_id'];
        $wd = Ids::shop((string) $req['shop_id'], 'withdrawals', (string) $req['currency']);
        $reserve = (string) $req['reserve_transfer_id'];
        return $this->books->move('wallet.withdrawalDecision', [$w, $wd], [$reserve, "$requestId:approve", "$requestId:reject"], function (array $wire, array $stored) use ($requestId, $decision, $decidedBy, $reason, $reserve, $w, $wd): array {
            $byId = \array_column($stored, null, 'id');
            $input = [
                'key' => $requestId, 'decision' => $decision, 'requestTransfer' => $byId[$reserve] ?? throw new InvalidRequest('not_found', "reservation $reserve is not stored"),
                'wallet' => $wire[$w], 'withdrawalsAccount' => $wire[$wd], 'decidedBy' => $decidedBy,
                'transfers' => \array_values(\array_filter($stored, static fn (array $t): bool => $t['id'] !== $reserve)),
            ];
            if ($reason !== null) {
                $input['reason'] = $reason;
            }
            return $input;
        }, function (array $result) use ($req, $requestId, $decision, $decidedBy, $reason): void {
            if ($result['_written'] === 0) {
                return;
            }
            $now = $this->books->now();
            $state = $decision === 'approve' ? 'approved' : 'rejected';
            $ok = $this->requests->transition(RequestRepository::WITHDRAWAL, $requestId, 'requested', [
                'state' => $state, 'resolve_transfer_id' => "$requestId:$decision", 'reason' => $reason,
                'decided_by' => $decidedBy, 'decided_at' => $now,
            ], $now);
            if (!$ok) {
                throw new ConcurrencyException("withdrawal request $requestId was decided concurrently");
            }
            $this->audit->record($decidedBy, (string) ($result['audit']['action'] ?? "withdrawal_$state"), $requestId, null, $result['audit'] ?? null, $now, (string) $req['shop_id']);
        });
    }

    /**
     * `wallet.bonus`: a bonus, cashback or manual adjustment (`{key}:bonus`), audited.
     * @param 'bonus'|'cashback'|'adjustment_credit'|'adjustment_debit' $kind
     * @return array<string, mixed>
     */
    public function bonus(string $shopId, string $customerId, string $currency, string $key, string $kind, string $amount, string $reason, string $by, ?string $orderRef = null): array
    {
        $w = Ids::wallet($shopId, $customerId, $currency);
        $b = Ids::shop($shopId, 'bonus', $currency);
        Ids::check($key, 'key');
        return $this->books->move('wallet.bonus', [$w, $b], ["$key:bonus"], function (array $wire, array $stored) use ($key, $kind, $amount, $reason, $orderRef, $w, $b): array {
            $input = ['key' => $key, 'kind' => $kind, 'amount' => $amount, 'reason' => $reason, 'wallet' => $wire[$w], 'bonusAccount' => $wire[$b], 'transfers' => $stored];
            if ($orderRef !== null) {
                $input['orderRef'] = $orderRef;
            }
            return $input;
        }, function (array $result) use ($shopId, $key, $kind, $amount, $reason, $by, $currency): void {
            if ($result['_written'] > 0) {
                $this->audit->record($by, 'wallet_' . $kind, $key, null, ['amount' => $amount, 'currency' => $currency, 'reason' => $reason], $this->books->now(), $shopId);
            }
        });
    }

    /**
     * `wallet.massAdjust` over many customers, in chunks of $chunkSize (one transaction each,
     * transfer ids `{batchKey}:{customerId}`): an interrupted run is resumed by running it again,
     * done items answer `exists`.
     * @param 'credit'|'debit' $direction
     * @param list<string> $customerIds
     * @return array{applied: int, alreadyDone: int, skipped: int, chunks: int, items: list<array{customerId: string, result: string}>}
     *         items: each customer's result (`ok` applied now, `exists` done before, else the reason it was skipped)
     */
    public function massAdjust(string $shopId, string $batchKey, string $direction, string $currency, string $amount, string $reason, array $customerIds, string $by, int $chunkSize = 200): array
    {
        Ids::check($batchKey, 'batchKey');
        $b = Ids::shop($shopId, 'bonus', $currency);
        $total = ['applied' => 0, 'alreadyDone' => 0, 'skipped' => 0, 'chunks' => 0, 'items' => []];
        foreach (\array_chunk(\array_values(\array_unique($customerIds)), \max(1, \min(1000, $chunkSize))) as $chunk) {
            $wallets = [];
            foreach ($chunk as $cid) {
                $wallets[(string) $cid] = Ids::wallet($shopId, (string) $cid, $currency);
            }
            $r = $this->books->move('wallet.massAdjust', [$b, ...\array_values($wallets)], \array_map(static fn ($cid) => "$batchKey:$cid", \array_keys($wallets)),
                function (array $wire, array $stored) use ($batchKey, $direction, $currency, $amount, $reason, $wallets, $b): array {
                    $items = [];
                    foreach ($wallets as $cid => $id) {
                        $items[] = ['customerId' => (string) $cid, 'wallet' => $wire[$id]];
                    }
                    return ['batchKey' => $batchKey, 'direction' => $direction, 'currency' => $currency, 'amount' => $amount,
                        'reason' => $reason, 'items' => $items, 'shopAccount' => $wire[$b], 'transfers' => $stored];
                },
                function (array $result) use ($shopId, $batchKey, $by, $direction, $amount, $currency, $chunk): void {
                    if ($result['_written'] > 0) {
                        $this->audit->record($by, 'wallet_mass_adjust', $batchKey, null, ['direction' => $direction, 'amount' => $amount, 'currency' => $currency, 'customers' => $chunk, 'applied' => $result['applied']], $this->books->now(), $shopId);
                    }
                });
            $total['applied'] += (int) $r['applied'];
            $total['alreadyDone'] += (int) $r['alreadyDone'];
            $total['skipped'] += (int) $r['skipped'];
            $total['chunks']++;
            foreach ($r['items'] ?? [] as $item) {
                $total['items'][] = ['customerId' => (string) $item['customerId'], 'result' => (string) $item['result']];
            }
        }
        return $total;
    }
}

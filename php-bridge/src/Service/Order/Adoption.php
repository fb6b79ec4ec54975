<?php

declare(strict_types=1);

namespace ShopCredit\Service\Order;

use ShopCredit\Service\Ids;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\FinancingRepository;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\TransferRepository;

/**
 * The state of an order booked before Orders existed (checkout()->reserve/settle,
 * credit()->checkRun/cancelOrder/recordPayment, wallet()->refund/cancel/topUp under the host's
 * own keys), read from the books: every transfer of the order ref on the customer's balance and
 * credit line, the order's refunds (per source) and its receivable. Orders::adopt() stores it
 * so the order's later events (status changes, refunds, payments) work from what was really
 * booked. Nothing is booked here.
 *
 * What the books cannot know comes from the host: the method, the total, the balance part of a
 * split payment, the status class now, and whether the other gateway collected its part
 * (`externalPaid`). Mails the old code paths sent (order placed, processing, credit check
 * pending, balance credited) are counted as sent, so none goes twice.
 */
final class Adoption
{
    /** Movements that take money for the order from the balance or the credit line. */
    private const TAKES = ['order_payment', 'order_on_account'];

    public function __construct(
        private readonly Connection $c,
        private readonly ReceivableRepository $receivables,
        private readonly ?FinancingRepository $financing = null,
    ) {
    }

    /**
     * @param array{customerId: string, kind: string, method: string, currency: string, total: int, walletPart: int, paymentMethod: ?string, stockHeld: bool, class: string, hostStatus: ?string, externalPaid: bool, topUpCredit: int, topUpVat: int} $o
     *        amounts in minor units; topUpCredit/topUpVat: the core's split of a top-up's price
     * @return array{state: array<string, mixed>, beyondPaid: array<string, string>}|null the core's
     *         order state (amounts as decimal strings) and what the old paths gave back beyond
     *         what a source paid (per source, only where they did); null for a goods order the
     *         books hold no movement of (not booked by the old code paths)
     */
    public function state(string $shopId, string $orderRef, array $o): ?array
    {
        $cur = $o['currency'];
        [$legs, $topUp, $reservationKey, $found] = $this->booked($shopId, $orderRef, $o);
        $financing = $o['method'] === 'financing' ? $this->financingState($shopId, $orderRef) : 'none';
        if ($financing === null || ($found === 0 && $o['kind'] === 'goods' && $o['method'] !== 'financing')) {
            return null;
        }
        $receivable = $this->receivables->find($shopId, $orderRef);
        $legs['external']['refunded'] = (int) $this->c->fetchValue('SELECT COALESCE(SUM(external_part), 0) FROM {refunds} WHERE shop_id = ? AND order_ref = ?', [$shopId, $orderRef]);
        $legs = self::planned($legs, $o, $topUp['credited'] > 0 || $financing === 'accepted');
        if ($receivable !== null && ($receivable['state'] === 'cancelled' || $legs['creditLine']['restored'] > 0)) {
            // A cancelled order on account gave back all it held: the unpaid rest to the line,
            // the customer's own payments named for the merchant to return.
            $legs['creditLine']['restored'] = \max(0, $legs['creditLine']['paid'] - $legs['creditLine']['refunded']);
        }
        [$legs, $beyond] = self::capped($legs);
        $phase = self::phase($legs, $o, $financing);
        $state = [
            'awaiting' => null,
            'creditCheck' => self::creditCheck($o, $receivable),
            'currency' => $cur,
            'dueDateStarted' => $receivable !== null && $receivable['due_date'] !== null,
            'financing' => $financing,
            'hostStatus' => $o['hostStatus'],
            'kind' => $o['kind'],
            'mails' => self::mailsSent($o, $phase, $topUp['credited'] > 0),
            'method' => $o['method'],
            'paymentMethod' => $o['paymentMethod'],
            'phase' => $phase,
            'reservationKey' => $reservationKey,
            'seq' => 0,
            'status' => $o['class'],
            'stockHeld' => $o['stockHeld'],
            'topUp' => null,
            'total' => MoneyFormat::format($o['total'], $cur),
        ];
        foreach ($legs as $name => $leg) {
            $state[$name] = \array_map(static fn (int $minor): string => MoneyFormat::format($minor, $cur), $leg);
        }
        if ($o['kind'] === 'top_up') {
            // Credited: what the old path credited; not yet: the core's split of the price.
            [$topUp['credit'], $topUp['vat']] = $topUp['credited'] > 0 ? [$topUp['credited'], $o['total'] - $topUp['credited']] : [$o['topUpCredit'], $o['topUpVat']];
            $state['topUp'] = \array_map(static fn (int $minor): string => MoneyFormat::format($minor, $cur), $topUp);
        }
        return ['state' => $state, 'beyondPaid' => \array_map(static fn (int $minor): string => MoneyFormat::format($minor, $cur), $beyond)];
    }

    /**
     * The order's transfers on the customer's balance and credit line, per funding source.
     * @return array{0: array<string, array<string, int>>, 1: array<string, int>, 2: ?string, 3: int}
     */
    private function booked(string $shopId, string $orderRef, array $o): array
    {
        $wallet = Ids::wallet($shopId, $o['customerId'], $o['currency']);
        $credit = Ids::credit($shopId, $o['customerId'], $o['currency']);
        $zero = ['paid' => 0, 'planned' => 0, 'refunded' => 0, 'reserved' => 0, 'restored' => 0, 'settled' => 0];
        $legs = ['creditLine' => $zero, 'external' => $zero, 'wallet' => $zero];
        $topUp = ['credit' => 0, 'credited' => 0, 'price' => $o['total'], 'refunded' => 0, 'reversed' => 0, 'unrecovered' => 0, 'vat' => 0];
        $reservationKey = null;
        $rows = $this->c->fetchAll('SELECT id, debit_account_id, credit_account_id, amount, code, flags, pending_status FROM {transfers} WHERE order_ref = ? AND (debit_account_id IN (?, ?) OR credit_account_id IN (?, ?)) ORDER BY timestamp_s, id', [$orderRef, $wallet, $credit, $wallet, $credit]);
        foreach ($rows as $t) {
            $flags = TransferRepository::flagNames((int) $t['flags']);
            $amount = (int) $t['amount'];
            $from = [$wallet => 'wallet', $credit => 'creditLine'][(string) $t['debit_account_id']] ?? null;
            $to = [$wallet => 'wallet', $credit => 'creditLine'][(string) $t['credit_account_id']] ?? null;
            if ($from !== null && \in_array($t['code'], self::TAKES, true)) {
                if (\in_array('pending', $flags, true)) {
                    // The checkout reservation `{key}:wallet` / `{key}:credit`: its key is the order's.
                    $reservationKey = \preg_replace('/:(wallet|credit)$/', '', (string) $t['id']);
                    $legs[$from]['reserved'] += $t['pending_status'] === 'pending' ? $amount : 0;
                } elseif (!\in_array('void_pending', $flags, true)) {
                    $legs[$from]['paid'] += $amount; // posted at once, or a reservation's posting
                }
            } elseif ($from === 'wallet' && $t['code'] === 'adjustment_debit') {
                $topUp['reversed'] += $amount;
            } elseif ($to !== null) {
                match ((string) $t['code']) {
                    'refund' => $legs[$to]['refunded'] += $amount,
                    'cancellation_restore' => $legs[$to]['restored'] += $amount,
                    'payment_received' => $legs[$to]['settled'] += $amount,
                    'top_up' => $topUp['credited'] += $amount,
                    default => null,
                };
            }
        }
        return [$legs, $topUp, $reservationKey, \count($rows)];
    }

    /** What each source was to pay, from the method the host names; the external part's payment is the host's fact. */
    private static function planned(array $legs, array $o, bool $credited): array
    {
        $total = $o['total'];
        [$wallet, $credit] = match ($o['method']) {
            'wallet_full' => [$total, 0],
            'wallet_partial' => [$o['walletPart'], 0],
            'credit_line' => [0, $total],
            default => [0, 0], // financing and top-ups: all of it through the external leg
        };
        $legs['wallet']['planned'] = $wallet;
        $legs['creditLine']['planned'] = $credit;
        $legs['external']['planned'] = $total - $wallet - $credit;
        $legs['external']['paid'] = $o['externalPaid'] || $credited ? $legs['external']['planned'] : 0;
        return $legs;
    }

    /**
     * The old paths could give back more than a source paid (a refund, then a cancellation that
     * gave the whole payment back again): the order keeps nothing of that source (never given
     * back again) and the excess is reported for the merchant, not hidden.
     * @return array{0: array<string, array<string, int>>, 1: array<string, int>}
     */
    private static function capped(array $legs): array
    {
        $beyond = [];
        foreach ($legs as $name => $leg) {
            $excess = $leg['refunded'] + $leg['restored'] - $leg['paid'];
            if ($excess > 0) {
                $beyond[$name] = $excess;
                $legs[$name]['refunded'] = \min($leg['refunded'], $leg['paid']);
                $legs[$name]['restored'] = $leg['paid'] - $legs[$name]['refunded'];
            }
        }
        return [$legs, $beyond];
    }

    private static function held(array $leg): int
    {
        return \max(0, $leg['paid'] - $leg['refunded'] - $leg['restored']);
    }

    /** Paid once something was collected; cancelled when that was all given back by a cancellation. */
    private static function phase(array $legs, array $o, string $financing): string
    {
        if ($financing === 'refused' || $financing === 'cancelled') {
            return $financing === 'refused' ? 'failed' : 'cancelled';
        }
        $paid = $legs['wallet']['paid'] + $legs['creditLine']['paid'] + $legs['external']['paid'];
        $held = self::held($legs['wallet']) + self::held($legs['creditLine']) + self::held($legs['external']);
        $reserved = $legs['wallet']['reserved'] + $legs['creditLine']['reserved'];
        $restored = $legs['wallet']['restored'] + $legs['creditLine']['restored'];
        $ended = \in_array($o['class'], ['cancelled', 'failed', 'credit_check_failed', 'refunded'], true);
        return match (true) {
            $paid > 0 && $held === 0 && ($restored > 0 || $ended) => 'cancelled',
            $paid > 0 => 'paid',
            $reserved > 0 && $o['class'] === 'pending_credit_check' => 'pending_check',
            $reserved > 0 || !$ended => 'awaiting_payment',
            $o['class'] === 'failed' => 'failed',
            default => 'cancelled',
        };
    }

    /**
     * A financed order follows its subscription (the provider's status as the books stored it):
     * accepted, refused, cancelled, else still awaited. Null: no subscription for the order.
     */
    private function financingState(string $shopId, string $orderRef): ?string
    {
        $subs = $this->financing?->findByOrder($shopId, $orderRef) ?? [];
        if ($subs === []) {
            return null;
        }
        return match ((string) $subs[\count($subs) - 1]['status']) {
            'ACCEPTED' => 'accepted',
            'REJECTED' => 'refused',
            'ABORTED', 'CANCELLED' => 'cancelled',
            default => 'awaiting',
        };
    }

    /** A receivable exists once a credit check passed; before, the host's status tells. */
    private static function creditCheck(array $o, ?array $receivable): string
    {
        if ($o['method'] !== 'credit_line') {
            return 'none';
        }
        return match (true) {
            $receivable !== null => 'passed',
            $o['class'] === 'pending_credit_check' => 'manual_review',
            $o['class'] === 'credit_check_failed' => 'failed',
            default => 'none',
        };
    }

    /** @return list<string> the mails the old code paths already sent for this order (sorted, as the core keeps them) */
    private static function mailsSent(array $o, string $phase, bool $credited): array
    {
        $sent = ['new_order'];
        if ($phase !== 'awaiting_payment' || $o['method'] === 'credit_line') {
            $sent[] = 'order_processing';
        }
        if ($o['method'] === 'credit_line') {
            $sent[] = 'credit_check_pending';
        }
        if ($credited) {
            $sent[] = 'balance_credited';
        }
        $order = ['new_order', 'order_processing', 'credit_check_pending', 'credit_check_failed_customer', 'credit_check_failed_admin', 'credit_check_manual_review_admin', 'balance_credited', 'top_up_reversal_short_admin'];
        return \array_values(\array_intersect($order, $sent));
    }
}

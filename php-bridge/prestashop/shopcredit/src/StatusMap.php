<?php
/**
 * Translation between PrestaShop order states and the core's words. No rule here: the core says
 * what an order becomes (credit.check nextStatus, the financing mapping's orderStatus); this
 * table only spells it as a PrestaShop order state (a Configuration key holding the state id).
 */

namespace ShopCreditPs;

final class StatusMap
{
    /** Configuration keys of our own states (created at install, reused on reinstall). */
    public const AWAITING_FINANCING = 'SHOPCREDIT_OS_AWAITING_FINANCING';
    public const PENDING_CREDIT_CHECK = 'SHOPCREDIT_OS_PENDING_CHECK';
    public const FAILED_CREDIT_CHECK = 'SHOPCREDIT_OS_FAILED_CHECK';
    /** Accepted on account, invoiced, not paid yet (PrestaShop's paid states record a payment). */
    public const ON_ACCOUNT = 'SHOPCREDIT_OS_ON_ACCOUNT';
    public const OWN = [self::AWAITING_FINANCING, self::PENDING_CREDIT_CHECK, self::FAILED_CREDIT_CHECK, self::ON_ACCOUNT];

    /**
     * The core's order-status word → the Configuration key of the PrestaShop state.
     * `paid` and `processing` become $naturalKey: the state the admin chose for an order on
     * account that passed its check, or for a paid financed order.
     */
    public static function toConfigKey(string $coreStatus, string $naturalKey = 'PS_OS_PAYMENT'): ?string
    {
        return match ($coreStatus) {
            'pending_credit_check' => self::PENDING_CREDIT_CHECK,
            'failed_credit_check' => self::FAILED_CREDIT_CHECK,
            'awaiting_financing' => self::AWAITING_FINANCING,
            'paid', 'processing' => $naturalKey,
            'completed' => 'PS_OS_DELIVERED',
            'on_hold', 'on-hold' => self::PENDING_CREDIT_CHECK,
            'cancelled' => 'PS_OS_CANCELED',
            'payment_error', 'failed' => 'PS_OS_ERROR',
            'refunded' => 'PS_OS_REFUND',
            default => null,
        };
    }

    /**
     * What reaching a state means for an order's reservations: 'paid' (post them), 'cancelled'
     * (void them) or null (nothing yet). $paidFlag is the state's own "paid" flag; $releasing
     * the ids of the states in which an order will not be paid any more.
     * @param list<int> $releasing
     */
    public static function settlementOutcome(int $stateId, bool $paidFlag, array $releasing): ?string
    {
        if (in_array($stateId, array_map('intval', $releasing), true)) {
            return 'cancelled';
        }
        return $paidFlag ? 'paid' : null;
    }

    /** The natural status the core is told about (its words: processing | completed | on_hold). */
    public static function naturalForCore(bool $allVirtual): string
    {
        return $allVirtual ? 'completed' : 'processing';
    }
}

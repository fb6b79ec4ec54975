<?php
/**
 * PrestaShop order states ↔ the order lifecycle's status classes (OrderVocabulary::STATUS_*),
 * both ways. No rule here: Orders decides what a class means for the order; this table only
 * spells a class as a PrestaShop state and reads a state as a class. State ids come from
 * Configuration keys through $stateId (so this is tested without PrestaShop).
 */

namespace ShopCreditPs;

use ShopCredit\Generated\OrderVocabulary as V;

final class StatusMap
{
    /** Configuration keys of our own states (created at install, reused on reinstall). */
    public const AWAITING_FINANCING = 'SHOPCREDIT_OS_AWAITING_FINANCING';
    public const PENDING_CREDIT_CHECK = 'SHOPCREDIT_OS_PENDING_CHECK';
    public const FAILED_CREDIT_CHECK = 'SHOPCREDIT_OS_FAILED_CHECK';
    /** Accepted on account, invoiced, not paid yet (PrestaShop's paid states record a payment). */
    public const ON_ACCOUNT = 'SHOPCREDIT_OS_ON_ACCOUNT';
    public const OWN = [self::AWAITING_FINANCING, self::PENDING_CREDIT_CHECK, self::FAILED_CREDIT_CHECK, self::ON_ACCOUNT];

    /** status class → the Configuration key of the state PrestaShop is set to for it. */
    public const SET = [
        V::STATUS_PENDING_PAYMENT => 'PS_OS_BANKWIRE',
        V::STATUS_PAID => 'SHOPCREDIT_OS_PAID',
        V::STATUS_FULFILLED => 'PS_OS_SHIPPING',
        V::STATUS_CANCELLED => 'PS_OS_CANCELED',
        V::STATUS_REFUNDED => 'PS_OS_REFUND',
        V::STATUS_FAILED => 'PS_OS_ERROR',
        V::STATUS_PENDING_CREDIT_CHECK => self::PENDING_CREDIT_CHECK,
        V::STATUS_CREDIT_CHECK_FAILED => self::FAILED_CREDIT_CHECK,
        V::STATUS_ON_ACCOUNT => 'SHOPCREDIT_OS_ACCOUNT_OK',
        V::STATUS_AWAITING_FINANCING => self::AWAITING_FINANCING,
    ];

    /** Configuration key → class, for the states whose meaning is fixed (checked in this order). */
    private const READ = [
        self::AWAITING_FINANCING => V::STATUS_AWAITING_FINANCING,
        self::PENDING_CREDIT_CHECK => V::STATUS_PENDING_CREDIT_CHECK,
        self::FAILED_CREDIT_CHECK => V::STATUS_CREDIT_CHECK_FAILED,
        'SHOPCREDIT_OS_ACCOUNT_OK' => V::STATUS_ON_ACCOUNT,
        self::ON_ACCOUNT => V::STATUS_ON_ACCOUNT,
        'PS_OS_CANCELED' => V::STATUS_CANCELLED,
        'PS_OS_ERROR' => V::STATUS_FAILED,
        'PS_OS_REFUND' => V::STATUS_REFUNDED,
        'PS_OS_SHIPPING' => V::STATUS_FULFILLED,
        'PS_OS_DELIVERED' => V::STATUS_FULFILLED,
    ];

    /** @param \Closure(string): int $stateId Configuration key → state id (0: none) */
    public function __construct(private readonly \Closure $stateId)
    {
    }

    /** The state id PrestaShop is set to for a class (0 when the shop has none). */
    public function stateFor(string $class): int
    {
        $key = self::SET[$class] ?? null;
        return $key === null ? 0 : ($this->stateId)($key);
    }

    /**
     * The class of a state: ours and PrestaShop's fixed ones by id, any other (a merchant's own
     * state) by its flags: shipped → fulfilled, paid or validated (logable) → paid, else awaiting payment.
     * @param array{paid?: bool, logable?: bool, shipped?: bool} $flags
     */
    public function classOf(int $stateId, array $flags): string
    {
        foreach (self::READ as $key => $class) {
            if ($stateId > 0 && ($this->stateId)($key) === $stateId) {
                return $class;
            }
        }
        if (!empty($flags['shipped'])) {
            return V::STATUS_FULFILLED;
        }
        return !empty($flags['paid']) || !empty($flags['logable']) ? V::STATUS_PAID : V::STATUS_PENDING_PAYMENT;
    }

    /** The map of the running shop (Configuration: global first, then the shop's value). */
    public static function ofShop(): self
    {
        return new self(static fn (string $key): int => (int) \Configuration::getGlobalValue($key) ?: (int) \Configuration::get($key));
    }
}

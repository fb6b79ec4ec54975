<?php

declare(strict_types=1);

namespace ShopCreditDemo;

/**
 * What people read instead of codes: the demo shop's English words for the core's stable codes
 * (a host translates them its own way; the codes stay in data-* attributes for support and tests).
 */
final class Words
{
    /** Business answers (why something is refused or not offered). */
    private const REASONS = [
        'runtime_unavailable' => 'This is temporarily unavailable.',
        'method_disabled' => 'This payment method is not offered.',
        'customer_not_logged_in' => 'Please sign in first.',
        'customer_group_not_allowed' => 'This payment method is not offered to your customer group.',
        'currency_not_supported' => 'This payment method is not offered in this currency.',
        'currency_mismatch' => 'This payment method is not offered in this currency.',
        'country_not_supported' => 'This payment method is not offered for your billing country.',
        'cart_contains_top_up' => 'A balance top-up cannot be paid with this method.',
        'nothing_to_pay' => 'There is nothing to pay.',
        'no_credit_line' => 'You have no credit line with us.',
        'no_credit_limit' => 'Your account has no credit limit yet.',
        'account_on_hold' => 'Your account is on hold.',
        'risk_level_blocked' => 'Your account cannot order on credit at the moment.',
        'order_overdue' => 'A payment on your account is overdue.',
        'order_unpaid' => 'An earlier order on your account is still unpaid.',
        'exceeds_credit_limit' => 'This order exceeds your remaining credit.',
        'manual_approval_required' => 'This order needs our approval first.',
        'no_wallet' => 'You have no store balance yet.',
        'wallet_empty' => 'Your store balance is empty.',
        'wallet_insufficient_funds' => 'Your store balance does not cover this.',
        'partial_payment_not_allowed' => 'Paying part of an order with the balance is not offered.',
        'wallet_covers_full_amount' => 'Your balance covers the whole order: choose "Store balance".',
        'withdrawal_not_allowed' => 'Withdrawals are not offered.',
        'top_up_not_allowed' => 'Top-ups are not offered.',
        'refund_exceeds_paid' => 'This is more than what the order can still get back.',
        'amount_must_not_be_zero' => 'Enter an amount above zero.',
        'amount_below_minimum' => 'The amount is too small.',
        'amount_above_maximum' => 'The amount is above the maximum.',
        'financing_not_eligible' => 'This order is not eligible for financing.',
        'solution_not_available' => 'This financing solution is not available for this order.',
        'method_not_offered' => 'This payment method is not offered.',
        'provider_unavailable' => 'The lender cannot be reached at the moment; please try again later.',
    ];

    /** Malformed input (the core's error codes and the bridge's amount reading), said about a field. */
    private const INPUT = [
        'missing_field' => 'Enter an amount.',
        'invalid_amount' => 'Enter an amount in euros, like 12,50 or 1 000,00.',
        'too_many_decimals' => 'Euros have two decimals: enter cents at most, like 10,05.',
        'negative_amount' => 'Enter an amount above zero.',
        'amount_too_large' => 'This amount is too large.',
        'invalid_value' => 'This value cannot be used.',
        'not_found' => 'This order no longer exists.',
    ];

    private const STATUSES = [
        'processing' => 'Processing', 'paid' => 'Paid', 'awaiting_payment' => 'Awaiting payment',
        'awaiting_financing' => "Awaiting the lender's decision", 'payment_error' => 'Payment failed',
        'cancelled' => 'Cancelled', 'refunded' => 'Refunded', 'partially_refunded' => 'Partly refunded',
        'pending_credit_check' => 'Pending credit check', 'credit_check_failed' => 'Credit check failed',
        'refund_due' => 'Refund due', 'open' => 'Open', 'overdue' => 'Overdue', 'pending' => 'Pending',
        'approved' => 'Approved', 'rejected' => 'Rejected', 'none' => '—', 'posted' => 'Posted',
        'voided' => 'Voided', 'expired' => 'Expired', 'debit' => 'Out', 'credit' => 'In',
        'passed' => 'passed', 'failed' => 'failed', 'manual_review' => 'waiting for a manual review',
        'low' => 'Low', 'medium' => 'Medium', 'high' => 'High', 'blocked' => 'Blocked',
    ];

    private const FINANCING = [
        'INITIALIZED' => 'Request created', 'REQUESTED' => 'Requested', 'PRE_ACCEPTED' => 'Pre-accepted',
        'ACCEPTED' => 'Accepted', 'REJECTED' => 'Rejected', 'CANCELLED' => 'Cancelled', 'ABORTED' => 'Abandoned',
    ];

    private const METHODS = [
        'credit_line' => 'On account', 'wallet_full' => 'Store balance', 'wallet_partial' => 'Store balance + card',
        'card' => 'Card', 'financing' => 'Financing',
    ];

    /** Where refunded money goes, by funding source. */
    private const DESTINATIONS = ['wallet' => 'the store balance', 'external' => 'the card', 'credit_line' => 'the credit line'];

    /** @param list<string> $codes one sentence per distinct reason */
    public static function reasons(array $codes): string
    {
        $out = [];
        foreach ($codes as $code) {
            $out[] = self::REASONS[$code] ?? self::INPUT[$code] ?? 'This was refused.';
        }
        return \implode(' ', \array_unique($out)) ?: 'This was refused.';
    }

    public static function input(string $code): string
    {
        return self::INPUT[$code] ?? self::REASONS[$code] ?? 'This value cannot be used.';
    }

    /** Order, receivable, request and ledger states; an unknown one is still shown as words. */
    public static function status(string $code): string
    {
        return self::STATUSES[$code] ?? \ucfirst(\str_replace('_', ' ', \strtolower($code)));
    }

    public static function financing(string $status): string
    {
        return self::FINANCING[$status] ?? \ucfirst(\str_replace('_', ' ', \strtolower($status)));
    }

    public static function destination(string $source): string
    {
        return self::DESTINATIONS[$source] ?? 'the ' . \str_replace('_', ' ', $source);
    }

    /** "credit_line", "financing:SCFRSP-3XTS" (with the solution's label when known). */
    public static function method(string $method, ?string $label = null): string
    {
        if (\str_starts_with($method, 'financing:')) {
            return $label ?? 'Financing';
        }
        return self::METHODS[$method] ?? \ucfirst(\str_replace('_', ' ', $method));
    }
}

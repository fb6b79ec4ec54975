<?php
/** Stable reason codes → one sentence for the customer (the codes are kept for support). */

namespace ShopCreditPs;

final class Texts
{
    /** @return array<string, string> English sentences; the module translates them with l(). */
    public static function reasons(): array
    {
        return [
            'runtime_unavailable' => 'This payment method is temporarily unavailable.',
            'customer_not_logged_in' => 'Please log in to use this payment method.',
            'no_credit_line' => 'You have no credit line with us.',
            'no_credit_limit' => 'Your account has no credit limit yet.',
            'exceeds_credit_limit' => 'This order exceeds your remaining credit.',
            'account_on_hold' => 'Your account is on hold.',
            'order_overdue' => 'A payment on your account is overdue.',
            'order_unpaid' => 'An earlier order on your account is still unpaid.',
            'risk_level_blocked' => 'Your account cannot order on credit at the moment.',
            'manual_approval_required' => 'This order needs our approval first.',
            'no_wallet' => 'You have no store balance yet.',
            'wallet_empty' => 'Your store balance is empty.',
            'wallet_insufficient_funds' => 'Your store balance does not cover this order.',
            'wallet_covers_full_amount' => 'Your balance covers the whole order: choose "Pay with store balance".',
            'partial_payment_not_allowed' => 'Paying part of an order with the balance is not offered.',
            'customer_group_not_allowed' => 'This payment method is not offered to your customer group.',
            'cart_contains_top_up' => 'A balance top-up cannot be paid with this method.',
            'method_disabled' => 'This payment method is not offered.',
            'currency_not_supported' => 'This payment method is not offered in this currency.',
            'currency_mismatch' => 'This payment method is not offered in this currency.',
            'country_not_supported' => 'This payment method is not offered for your billing country.',
            'amount_below_minimum' => 'The order is below the minimum amount for this method.',
            'amount_above_maximum' => 'The order is above the maximum amount for this method.',
            'financing_not_eligible' => 'This order is not eligible for financing.',
            'solution_not_available' => 'This financing solution is not available for this order.',
            'nothing_to_pay' => 'There is nothing to pay.',
            'top_up_not_allowed' => 'Top-ups are not offered.',
            'amount_must_not_be_zero' => 'Please enter an amount above zero.',
            'stale_choice' => 'Your cart changed; please choose your payment method again.',
            'method_not_offered' => 'This payment method is not offered.',
            'form_expired' => 'The form expired; please try again.',
            'invalid_amount' => 'Please enter an amount like 12.50.',
            'too_many_decimals' => 'This amount has more decimals than the currency allows.',
            'amount_too_large' => 'This amount is too large.',
        ];
    }

    /** @param list<string> $codes @param callable(string): string $translate */
    public static function sentence(array $codes, callable $translate): string
    {
        $map = self::reasons();
        $out = [];
        foreach ($codes as $c) {
            $out[] = isset($map[$c]) ? $translate($map[$c]) : $c;
        }
        return implode(' ', array_unique($out));
    }
}

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
            'top_up_alone' => 'A balance top-up is ordered on its own: remove the other products, or order them first.',
            'top_up_method_not_allowed' => 'No payment method of this shop may pay a balance top-up.',
            'order_already_placed' => 'This order was already placed.',
            'po_number_required' => 'Please enter your purchase-order number.',
            'po_number_invalid' => 'A purchase-order number has at most 35 letters, digits or signs.',
            'refund_exceeds_paid' => 'This refund is more than the order still holds.',
            'order_not_payable' => 'This order takes no payment on account.',
            'order_on_account' => 'an order on account is not reopened: place a new order',
            'order_unknown' => 'ShopCredit does not know this order.',
            'already_applied' => 'This was already recorded.',
            'exists_with_different_amount' => 'This was already recorded with another amount.',
            'exists_with_different_event' => 'This was already recorded differently.',
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

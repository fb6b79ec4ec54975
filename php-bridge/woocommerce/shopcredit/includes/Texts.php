<?php
/**
 * Words for the core's stable reason codes (docs/codes.md), translatable. The code itself is
 * always kept beside them in order notes, for support.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Texts {

	/** @return array<string, string> */
	public static function reasons(): array {
		return array(
			'invalid_amount' => __( 'Please enter an amount like 12.50.', 'shopcredit' ),
			'too_many_decimals' => __( 'This amount has more decimals than the currency allows.', 'shopcredit' ),
			'amount_too_large' => __( 'This amount is too large.', 'shopcredit' ),
			'runtime_unavailable' => __( 'The host could not run the core; nothing was granted (set by the bridge, never the core).', 'shopcredit' ),
			'method_disabled' => __( 'The shop turned this method off.', 'shopcredit' ),
			'customer_not_logged_in' => __( 'The customer is not logged in (guests have no account).', 'shopcredit' ),
			'customer_group_not_allowed' => __( 'The customer\'s group may not use this method.', 'shopcredit' ),
			'currency_not_supported' => __( 'This method does not accept the cart\'s currency.', 'shopcredit' ),
			'country_not_supported' => __( 'This method is not offered in the billing country.', 'shopcredit' ),
			'cart_contains_top_up' => __( 'A top-up cannot be paid with the balance or on account.', 'shopcredit' ),
			'nothing_to_pay' => __( 'The cart total is zero; nothing to pay.', 'shopcredit' ),
			'no_credit_line' => __( 'The customer has no credit line.', 'shopcredit' ),
			'no_credit_limit' => __( 'The authorized limit is zero.', 'shopcredit' ),
			'account_on_hold' => __( 'The account is on hold.', 'shopcredit' ),
			'risk_level_blocked' => __( 'The customer\'s risk level blocks orders on account.', 'shopcredit' ),
			'order_overdue' => __( 'At least one order on account is past its due date (blocking rule on).', 'shopcredit' ),
			'order_unpaid' => __( 'At least one order on account is unpaid (blocking rule on).', 'shopcredit' ),
			'exceeds_credit_limit' => __( 'The order would take exposure above the authorized limit.', 'shopcredit' ),
			'manual_approval_required' => __( 'The risk level requires an admin to approve this order by hand.', 'shopcredit' ),
			'no_wallet' => __( 'The customer has no store balance account.', 'shopcredit' ),
			'wallet_empty' => __( 'The balance is zero.', 'shopcredit' ),
			'wallet_insufficient_funds' => __( 'The balance does not cover the amount.', 'shopcredit' ),
			'partial_payment_not_allowed' => __( 'The shop does not allow paying part of an order with the balance.', 'shopcredit' ),
			'wallet_covers_full_amount' => __( 'The balance covers the whole cart: the full-balance method applies instead of a split.', 'shopcredit' ),
			'withdrawal_not_allowed' => __( 'The shop does not allow withdrawals.', 'shopcredit' ),
			'top_up_not_allowed' => __( 'The shop does not allow top-ups.', 'shopcredit' ),
			'refund_exceeds_paid' => __( 'A refund would return more than was taken from this funding source.', 'shopcredit' ),
			'amount_below_minimum' => __( 'The amount is below the minimum for this operation.', 'shopcredit' ),
			'amount_above_maximum' => __( 'The amount is above the maximum for this operation.', 'shopcredit' ),
			'request_already_decided' => __( 'The request was already approved or declined.', 'shopcredit' ),
			'new_limit_not_higher' => __( 'An approval must give a new limit above the current one.', 'shopcredit' ),
			'financing_not_eligible' => __( 'The financing solution does not cover this cart.', 'shopcredit' ),
			'duplicate_event' => __( 'This provider event was already applied.', 'shopcredit' ),
			'stale_update' => __( 'The update is older than the last one applied.', 'shopcredit' ),
			'backward_transition' => __( 'The update would move the subscription back in its life cycle.', 'shopcredit' ),
			'subscription_final' => __( 'The subscription is in a final status; nothing moves it anymore.', 'shopcredit' ),
			'transition_not_allowed' => __( 'The life cycle has no such transition.', 'shopcredit' ),
			'partial_cancellation_already_applied' => __( 'A partial cancellation was already applied (allowed once).', 'shopcredit' ),
			'unknown_status' => __( 'The provider sent a status we do not know; ignored, admin alerted.', 'shopcredit' ),
			'non_final_status_mapped_to_paid' => __( 'A mapping sends a non-final financing status to a paid order status.', 'shopcredit' ),
			'status_mapping_missing' => __( 'A financing status has no order-status mapping.', 'shopcredit' ),
			'invalid_setting' => __( 'A setting value is out of range or inconsistent with another.', 'shopcredit' ),
			'method_not_offered' => __( 'This payment method is not offered for this cart.', 'shopcredit' ),
			'top_up_method_not_allowed' => __( 'A store balance top-up cannot be paid with this payment method.', 'shopcredit' ),
			'amount_must_not_be_zero' => __( 'Please enter an amount above zero.', 'shopcredit' ),
			'order_already_placed' => __( 'This order is already being paid; reload the page to see where it stands.', 'shopcredit' ),
			'order_not_payable' => __( 'This order cannot take this payment in its present state.', 'shopcredit' ),
			'order_unknown' => __( 'ShopCredit does not know this order.', 'shopcredit' ),
			'already_applied' => __( 'This was already taken into account.', 'shopcredit' ),
			'exists_with_different_amount' => __( 'This operation was already made with another amount.', 'shopcredit' ),
			'exists_with_different_event' => __( 'This operation was already made differently.', 'shopcredit' ),
		);
	}
}

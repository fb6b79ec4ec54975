<?php
/**
 * Translation between WooCommerce order statuses and the core's words. No rule here: the core
 * says what an order becomes (nextStatus, orderStatus); this table only spells it in WooCommerce.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class StatusMap {

	/**
	 * Our statuses (slugs without the `wc-` prefix). WordPress stores an order status in
	 * wp_posts.post_status and HPOS in wc_orders.status, both VARCHAR(20) including `wc-`: the
	 * slugs the issue suggests (wc-awaiting-financing, wc-pending-credit-check,
	 * wc-failed-credit-check) would be cut to 20 characters, so the slugs are short and the
	 * labels say it in full ("Awaiting financing", "Pending credit check", "Failed credit check").
	 */
	public const AWAITING_FINANCING   = 'sc-awaiting-fin';
	public const PENDING_CREDIT_CHECK = 'sc-credit-check';
	public const FAILED_CREDIT_CHECK  = 'sc-credit-fail';

	public const CUSTOM = array( self::AWAITING_FINANCING, self::PENDING_CREDIT_CHECK, self::FAILED_CREDIT_CHECK );

	/** WooCommerce statuses in which an order counts as paid for settlement. */
	private const PAID = array( 'processing', 'completed' );

	/** Statuses in which an order will not be paid any more: its reservations are released. */
	private const RELEASED = array( 'cancelled', 'failed', self::FAILED_CREDIT_CHECK );

	/**
	 * What a status change means for the reservations of an order: 'paid' (post them),
	 * 'cancelled' (void them) or null (nothing to do yet).
	 */
	public static function settlementOutcome( string $newStatus ): ?string {
		$s = self::strip( $newStatus );
		if ( in_array( $s, self::PAID, true ) ) {
			return 'paid';
		}
		if ( in_array( $s, self::RELEASED, true ) ) {
			return 'cancelled';
		}
		return null;
	}

	/**
	 * The core's order status word (credit.check nextStatus, financing mapping orderStatus) →
	 * a WooCommerce status. `paid` and the natural status become $natural (what the gateway
	 * would normally set: processing, or completed for virtual downloadable orders).
	 */
	public static function toWc( string $coreStatus, string $natural = 'processing' ): ?string {
		switch ( $coreStatus ) {
			case 'pending_credit_check':
				return self::PENDING_CREDIT_CHECK;
			case 'failed_credit_check':
				return self::FAILED_CREDIT_CHECK;
			case 'awaiting_financing':
				return self::AWAITING_FINANCING;
			case 'paid':
			case 'processing':
				return self::strip( $natural );
			case 'completed':
				return 'completed';
			case 'on_hold':
			case 'on-hold':
				return 'on-hold';
			case 'cancelled':
				return 'cancelled';
			case 'payment_error':
			case 'failed':
				return 'failed';
			case 'pending':
				return 'pending';
			case 'refunded':
				return 'refunded';
		}
		return null;
	}

	/** The natural status the core is told about (its words: processing | completed | on_hold). */
	public static function naturalForCore( string $wcStatus ): string {
		$s = self::strip( $wcStatus );
		return 'on-hold' === $s ? 'on_hold' : $s;
	}

	public static function strip( string $status ): string {
		return str_starts_with( $status, 'wc-' ) ? substr( $status, 3 ) : $status;
	}
}

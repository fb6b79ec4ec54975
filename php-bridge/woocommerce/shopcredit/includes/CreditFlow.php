<?php
/**
 * The credit-check flow of an order on account: placed → "Pending credit check" → the core's
 * check → the natural status (passed), "Failed credit check" (with reasons, customer offered to
 * pay another way), or left pending for the merchant's manual approval.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class CreditFlow {

	public static function placed( \WC_Order $order ): void {
		$id  = (int) $order->get_id();
		$cur = $order->get_currency();
		$r   = Bridge::sc()->credit()->checkPlaced( Requests::key( 'chk', $id ), Requests::orderRef( $id ), $cur, Money::fromWc( $order->get_total( 'edit' ), $cur ), Checkout::naturalStatus( $order ) );
		OrderMeta::set( $order, OrderMeta::CREDIT_CHECK, 'pending' );
		$to = StatusMap::toWc( (string) $r['nextStatus'], Checkout::naturalStatus( $order ) );
		$order->update_status( $to ?? StatusMap::PENDING_CREDIT_CHECK, __( 'Order on account placed; credit check pending.', 'shopcredit' ) );
		Emails::fromNotifications( $order, (array) ( $r['notifications'] ?? array() ), array() );
	}

	/**
	 * Runs the check (again: the same key answers the booked result). $adminDecision after a
	 * manual review: approve | decline.
	 */
	public static function run( \WC_Order $order, ?string $adminDecision = null ): array {
		$id  = (int) $order->get_id();
		$cur = $order->get_currency();
		$r   = Bridge::sc()->credit()->checkRun(
			Bridge::shopId(), (string) $order->get_customer_id(), Requests::key( 'chk', $id ), Requests::orderRef( $id ), $cur,
			Money::fromWc( $order->get_total( 'edit' ), $cur ), Checkout::naturalStatus( $order ), OrderMeta::get( $order, OrderMeta::RESERVATION ) ?: null, $adminDecision
		);
		$outcome = (string) ( $r['outcome'] ?? 'pending' );
		$reasons = (array) ( $r['reasons'] ?? array() );
		OrderMeta::set( $order, OrderMeta::CREDIT_CHECK, $outcome );
		$order->save();
		$to = StatusMap::toWc( (string) ( $r['nextStatus'] ?? '' ), Checkout::naturalStatus( $order ) );
		if ( null !== $to && $to !== $order->get_status() ) {
			$note = 'passed' === $outcome
				? __( 'Credit check passed; receivable opened.', 'shopcredit' )
				: sprintf( /* translators: %s: reasons */ __( 'Credit check: %1$s (%2$s).', 'shopcredit' ), $outcome, implode( ', ', $reasons ) );
			$order->update_status( $to, $note );
		} elseif ( ! empty( $r['needsManualApproval'] ) ) {
			$order->add_order_note( __( 'Credit check needs the merchant\'s approval.', 'shopcredit' ) );
		}
		Emails::fromNotifications( $order, (array) ( $r['notifications'] ?? array() ), $reasons );
		return $r;
	}
}

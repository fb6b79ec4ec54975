<?php
/**
 * After the order: status changes settle the reservations (posted when paid, voided when
 * cancelled or failed), credit top-ups once their order is paid, fix due dates of orders on
 * account at the status the admin chose, give back a posted balance payment when a paid order
 * is cancelled, and give an order on account's unpaid rest back to the credit line when it is.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Settlement {

	public static function register(): void {
		add_action( 'woocommerce_order_status_changed', array( self::class, 'statusChanged' ), 20, 4 );
	}

	public static function statusChanged( $orderId, $from, $to, $order ): void {
		if ( ! $order instanceof \WC_Order ) {
			$order = wc_get_order( $orderId );
		}
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		try {
			self::settle( $order, (string) $from, (string) $to );
			TopUp::creditIfPaid( $order, (string) $to );
			self::dueDate( $order, (string) $to );
		} catch ( \Throwable $e ) {
			// A status change must never be undone by the books; the job retries, the note tells.
			$order->add_order_note( 'ShopCredit: ' . $e->getMessage() );
			wc_get_logger()->error( 'settlement failed for order ' . $order->get_id() . ': ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
		}
	}

	private static function settle( \WC_Order $order, string $from, string $to ): void {
		$outcome = StatusMap::settlementOutcome( $to );
		if ( null === $outcome || '' === OrderMeta::get( $order, OrderMeta::RESERVATION ) ) {
			return;
		}
		$ref = Requests::orderRef( (int) $order->get_id() );
		$r   = Bridge::sc()->checkout()->settle( $ref, $outcome );
		if ( true === ( $r['settled'] ?? false ) && ( $r['_written'] ?? 1 ) > 0 ) {
			$order->add_order_note( 'paid' === $outcome ? __( 'ShopCredit: reservations posted.', 'shopcredit' ) : __( 'ShopCredit: reservations released.', 'shopcredit' ) );
			return;
		}
		// Nothing pending any more: a paid order cancelled later gives back its posted balance payment.
		if ( 'cancelled' === $outcome && null !== StatusMap::settlementOutcome( $from ) && 'paid' === StatusMap::settlementOutcome( $from ) ) {
			self::restoreBalance( $order );
		}
		if ( 'cancelled' === $outcome ) {
			self::cancelOnAccount( $order );
		}
	}

	/** An order on account cancelled after its credit check: the unpaid rest goes back to the line. */
	private static function cancelOnAccount( \WC_Order $order ): void {
		if ( 'credit_line' !== OrderMeta::get( $order, OrderMeta::FUNDING ) || 'passed' !== OrderMeta::get( $order, OrderMeta::CREDIT_CHECK ) ) {
			return;
		}
		$id = (int) $order->get_id();
		$r  = Bridge::sc()->credit()->cancelOrder( Bridge::shopId(), Requests::orderRef( $id ), Requests::key( 'cxc', $id ), 'woocommerce' );
		if ( true === ( $r['accepted'] ?? false ) && false === ( $r['replay'] ?? true ) ) {
			$order->add_order_note( sprintf(
				/* translators: 1: amount given back to the credit line, 2: amount the customer already paid */
				__( 'ShopCredit: %1$s given back to the credit line; %2$s already paid by the customer is to be returned.', 'shopcredit' ),
				$r['restored'],
				$r['paidToReturn']
			) );
		}
	}

	private static function restoreBalance( \WC_Order $order ): void {
		$funding = OrderMeta::get( $order, OrderMeta::FUNDING );
		$res     = OrderMeta::get( $order, OrderMeta::RESERVATION );
		if ( ! in_array( $funding, array( 'wallet', 'partial' ), true ) || ! str_ends_with( $res, ':wallet' ) ) {
			return;
		}
		$id  = (int) $order->get_id();
		$cur = $order->get_currency();
		// What already went back to the balance is not given back twice: WooCommerce refunds of a
		// balance order, or the balance-part refunds of a partial order (kept in our meta).
		$refunded = 'wallet' === $funding
			? Money::fromWc( $order->get_total_refunded(), $cur )
			: Money::fromWc( OrderMeta::get( $order, OrderMeta::BALANCE_REFUNDED ) ?: '0', $cur );
		$r = Bridge::sc()->wallet()->cancel( Bridge::shopId(), (string) $order->get_customer_id(), $cur, Requests::key( 'cx', $id ), Requests::orderRef( $id ), $res, $refunded );
		if ( ( $r['_written'] ?? 0 ) > 0 ) {
			$order->add_order_note( __( 'ShopCredit: the store balance payment was given back.', 'shopcredit' ) );
		}
	}

	private static function dueDate( \WC_Order $order, string $to ): void {
		if ( 'credit_line' !== OrderMeta::get( $order, OrderMeta::FUNDING ) || 'passed' !== OrderMeta::get( $order, OrderMeta::CREDIT_CHECK ) ) {
			return;
		}
		if ( StatusMap::strip( Options::get( 'due_date_status' ) ) !== StatusMap::strip( $to ) ) {
			return;
		}
		$r = Bridge::sc()->credit()->dueDate( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), wp_date( 'Y-m-d' ) );
		if ( ! empty( $r['changed'] ) ) {
			$order->add_order_note( sprintf( /* translators: %s: date */ __( 'Payment due on %s.', 'shopcredit' ), $r['receivable']['dueDate'] ) );
		}
	}
}

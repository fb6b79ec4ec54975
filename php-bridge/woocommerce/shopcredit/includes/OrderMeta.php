<?php
/** Our order meta, always through the order CRUD (HPOS and posts storage alike). */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class OrderMeta {

	public const FUNDING      = '_shopcredit_funding';       // credit_line | wallet | partial | financing
	public const RESERVATION  = '_shopcredit_reservation';   // the transfer id reserved at checkout
	public const BALANCE_PART = '_shopcredit_balance_part';  // decimal: what the balance paid of a partial order
	public const SUBSCRIPTION = '_shopcredit_subscription';  // financing subscription id
	public const CREDIT_CHECK = '_shopcredit_credit_check';  // pending | passed | failed | review
	public const TOPUP_DONE   = '_shopcredit_topup_credited';
	public const BALANCE_REFUNDED = '_shopcredit_balance_refunded'; // decimal: balance-part refunds of a partial order

	public static function get( \WC_Order $order, string $key ): string {
		return (string) $order->get_meta( $key, true, 'edit' );
	}

	public static function set( \WC_Order $order, string $key, string $value ): void {
		$order->update_meta_data( $key, $value );
	}

	/** A note listing a movement's legs per funding source ("wallet 20.00, external 6.00"). */
	public static function noteLegs( \WC_Order $order, string $title, array $legs, string $reason = '' ): void {
		$parts = array();
		foreach ( $legs as $leg ) {
			$parts[] = ( $leg['source'] ?? '?' ) . ' ' . ( $leg['amount'] ?? '?' );
		}
		$order->add_order_note( $title . ': ' . implode( ', ', $parts ) . ( '' === $reason ? '' : ' — ' . $reason ) );
	}
}

<?php
/** The order edit screen's "Credit & balance" and "Financing subscriptions" boxes (HPOS and posts screens). */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\OrderMeta;
use ShopCreditWC\PartialBalance;
use ShopCreditWC\Requests;

defined( 'ABSPATH' ) || exit;

final class OrderBoxes {

	public static function register(): void {
		add_action( 'add_meta_boxes', array( self::class, 'add' ) );
	}

	public static function add(): void {
		$screen = function_exists( 'wc_get_page_screen_id' ) ? wc_get_page_screen_id( 'shop-order' ) : 'shop_order';
		add_meta_box( 'shopcredit-credit-balance', __( 'Credit & balance', 'shopcredit' ), array( self::class, 'creditBox' ), $screen, 'side' );
		add_meta_box( 'shopcredit-financing', __( 'Financing subscriptions', 'shopcredit' ), array( self::class, 'financingBox' ), $screen, 'side' );
	}

	private static function order( $postOrOrder ): ?\WC_Order {
		$o = $postOrOrder instanceof \WC_Order ? $postOrOrder : wc_get_order( $postOrOrder->ID ?? 0 );
		return $o instanceof \WC_Order ? $o : null;
	}

	public static function creditBox( $postOrOrder ): void {
		$order = self::order( $postOrOrder );
		if ( null === $order ) {
			return;
		}
		$funding = OrderMeta::get( $order, OrderMeta::FUNDING );
		echo '<p>' . esc_html__( 'Funding:', 'shopcredit' ) . ' <strong>' . esc_html( '' === $funding ? '—' : $funding ) . '</strong></p>';
		$part = PartialBalance::orderPart( $order );
		if ( null !== $part ) {
			echo '<p>' . esc_html__( 'Paid from store balance:', 'shopcredit' ) . ' ' . wp_kses_post( wc_price( $part, array( 'currency' => $order->get_currency() ) ) ) . '</p>';
			echo '<p><input id="shopcredit-refund-part" size="7" value="' . esc_attr( $part ) . '" /> ';
			echo Actions::link( 'refund_balance_part', array( 'order_id' => $order->get_id() ), __( 'Refund to balance', 'shopcredit' ), 'onclick="this.href+=\'&amount=\'+encodeURIComponent(document.getElementById(\'shopcredit-refund-part\').value)"' ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput
		}
		$check = OrderMeta::get( $order, OrderMeta::CREDIT_CHECK );
		if ( '' !== $check ) {
			echo '<p>' . esc_html__( 'Credit check:', 'shopcredit' ) . ' <strong>' . esc_html( $check ) . '</strong></p>';
			if ( ! in_array( $check, array( 'passed', 'failed' ), true ) ) { // waiting for the merchant
				echo '<p>' . Actions::link( 'credit_decision', array( 'order_id' => $order->get_id(), 'decision' => 'approve' ), __( 'Approve', 'shopcredit' ) ) . ' ' . Actions::link( 'credit_decision', array( 'order_id' => $order->get_id(), 'decision' => 'decline' ), __( 'Decline', 'shopcredit' ) ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput
			}
		}
		try {
			$rcv = Bridge::sc()->receivables->find( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ) );
		} catch ( \Throwable ) {
			$rcv = null;
		}
		if ( null !== $rcv ) {
			$r = \ShopCredit\Service\Overview::receivableRow( $rcv );
			printf( '<p>%s %s / %s %s, %s %s (%s)</p>', esc_html__( 'Receivable paid', 'shopcredit' ), esc_html( $r['paid'] ), esc_html( $r['amount'] ), esc_html( $r['currency'] ), esc_html__( 'due', 'shopcredit' ), esc_html( (string) ( $r['dueDate'] ?? '—' ) ), esc_html( $r['state'] ) );
		}
	}

	public static function financingBox( $postOrOrder ): void {
		$order = self::order( $postOrOrder );
		if ( null === $order ) {
			return;
		}
		try {
			$subs = Bridge::sc()->overview()->financingForOrder( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ) );
		} catch ( \Throwable $e ) {
			echo '<p>' . esc_html( $e->getMessage() ) . '</p>';
			return;
		}
		if ( array() === $subs ) {
			echo '<p>—</p>';
			return;
		}
		foreach ( $subs as $s ) {
			printf( '<p><code>%s</code><br />%s: <strong>%s</strong> (%s %s)</p><ul>', esc_html( (string) $s['subscription_id'] ), esc_html( (string) $s['solution_code'] ), esc_html( (string) $s['status'] ), esc_html( (string) $s['amount'] ), esc_html( (string) $s['currency'] ) );
			foreach ( (array) $s['history'] as $h ) {
				printf( '<li>%s %s</li>', esc_html( (string) ( $h['status'] ?? '' ) ), esc_html( (string) ( $h['source'] ?? '' ) ) );
			}
			echo '</ul>';
		}
	}
}

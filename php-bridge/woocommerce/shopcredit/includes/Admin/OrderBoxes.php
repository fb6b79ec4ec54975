<?php
/** The order edit screen's "Credit & balance" and "Financing subscriptions" boxes (HPOS and posts screens). */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
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

	/**
	 * What the books hold for the order (never WooCommerce's figures): per funding source paid,
	 * refunded, given back by a cancellation and still held; the credit check (with the merchant's
	 * decision while it waits); the receivable; a top-up's credit. Refunds are made in
	 * WooCommerce's own refund screen (split by source automatically); "Refund to store balance"
	 * makes one whose whole amount goes to the balance.
	 */
	public static function creditBox( $postOrOrder ): void {
		$order = self::order( $postOrOrder );
		if ( null === $order ) {
			return;
		}
		$ref = Requests::orderRef( (int) $order->get_id() );
		try {
			$s   = Bridge::sc()->orders()->summary( Bridge::shopId(), $ref );
			$rcv = Bridge::sc()->receivables->find( Bridge::shopId(), $ref );
		} catch ( \Throwable $e ) {
			echo '<p>' . esc_html( $e->getMessage() ) . '</p>';
			return;
		}
		if ( null === $s ) {
			echo '<p>—</p>';
			return;
		}
		$cur   = (string) $s['currency'];
		$money = static fn ( $v ): string => wp_kses_post( wc_price( (string) $v, \ShopCreditWC\Money::priceArgs( $cur ) ) );
		echo '<p>' . esc_html( self::methodLabel( (string) $s['method'], (string) $s['kind'] ) ) . ' — ' . esc_html( self::phaseLabel( (string) $s['phase'] ) ) . '</p>';
		$other = 'financing' === $s['method'] ? __( 'Financing', 'shopcredit' ) : ( '' !== $order->get_payment_method_title() && ! str_starts_with( (string) $order->get_payment_method(), 'shopcredit_' ) ? $order->get_payment_method_title() : __( 'Other method', 'shopcredit' ) );
		foreach ( array( 'wallet' => __( 'Store balance', 'shopcredit' ), 'creditLine' => __( 'Credit line', 'shopcredit' ), 'external' => $other ) as $k => $label ) {
			$leg = (array) ( $s[ $k ] ?? array() );
			if ( '' === trim( (string) ( $leg['planned'] ?? '' ), '0.' ) ) {
				continue; // this source has no part in the order
			}
			printf(
				'<p><strong>%s</strong><br />%s %s · %s %s · %s %s · %s %s</p>',
				esc_html( $label ),
				esc_html__( 'paid', 'shopcredit' ), $money( $leg['paid'] ?? '0' ), esc_html__( 'refunded', 'shopcredit' ), $money( $leg['refunded'] ?? '0' ), // phpcs:ignore WordPress.Security.EscapeOutput
				esc_html__( 'given back', 'shopcredit' ), $money( $leg['restored'] ?? '0' ), esc_html__( 'still held', 'shopcredit' ), $money( $leg['held'] ?? '0' ) // phpcs:ignore WordPress.Security.EscapeOutput
			);
		}
		if ( is_array( $s['topUp'] ?? null ) ) {
			printf( '<p>%s %s (%s %s)</p>', esc_html__( 'Top-up credited:', 'shopcredit' ), $money( $s['topUp']['credited'] ?? '0' ), esc_html__( 'taken back', 'shopcredit' ), $money( $s['topUp']['reversed'] ?? '0' ) ); // phpcs:ignore WordPress.Security.EscapeOutput
		}
		if ( 'manual_review' === ( $s['creditCheck'] ?? '' ) ) {
			echo '<p>' . esc_html__( 'The credit check waits for your decision.', 'shopcredit' ) . '</p><p>' . Actions::link( 'credit_decision', array( 'order_id' => $order->get_id(), 'decision' => 'approve' ), __( 'Approve', 'shopcredit' ) ) . ' ' . Actions::link( 'credit_decision', array( 'order_id' => $order->get_id(), 'decision' => 'decline' ), __( 'Decline', 'shopcredit' ) ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput
		}
		if ( null !== $rcv ) {
			$r = \ShopCredit\Service\Overview::receivableRow( $rcv );
			printf( '<p>%s %s / %s, %s %s</p>', esc_html__( 'Receivable paid', 'shopcredit' ), $money( $r['paid'] ), $money( $r['amount'] ), esc_html__( 'due', 'shopcredit' ), esc_html( null === $r['dueDate'] ? __( 'when the payment terms start', 'shopcredit' ) : \ShopCreditWC\Words::get()->date( (string) $r['dueDate'] ) ) ); // phpcs:ignore WordPress.Security.EscapeOutput
		}
		if ( $order->get_customer_id() > 0 && 'top_up' !== $s['kind'] && $order->get_remaining_refund_amount() > 0 ) {
			echo '<p><label for="shopcredit-to-balance">' . esc_html__( 'Refund to store balance (a WooCommerce refund whose whole amount goes to the customer\'s balance):', 'shopcredit' ) . '</label><br /><input id="shopcredit-to-balance" size="8" /> ';
			echo Actions::link( 'refund_to_balance', array( 'order_id' => $order->get_id() ), __( 'Refund to store balance', 'shopcredit' ), 'onclick="this.href+=\'&amount=\'+encodeURIComponent(document.getElementById(\'shopcredit-to-balance\').value)"' ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput
		}
	}

	private static function methodLabel( string $method, string $kind ): string {
		if ( 'top_up' === $kind ) {
			return __( 'Store balance top-up', 'shopcredit' );
		}
		return array(
			'credit_line'    => __( 'Paid on account', 'shopcredit' ),
			'wallet_full'    => __( 'Paid from the store balance', 'shopcredit' ),
			'wallet_partial' => __( 'Store balance + another method', 'shopcredit' ),
			'financing'      => __( 'Financed', 'shopcredit' ),
		)[ $method ] ?? $method;
	}

	private static function phaseLabel( string $phase ): string {
		return array(
			'awaiting_payment' => __( 'awaiting payment', 'shopcredit' ),
			'pending_check'    => __( 'credit check waiting', 'shopcredit' ),
			'paid'             => __( 'paid', 'shopcredit' ),
			'cancelled'        => __( 'cancelled', 'shopcredit' ),
			'failed'           => __( 'failed', 'shopcredit' ),
		)[ $phase ] ?? $phase;
	}

	public static function financingBox( $postOrOrder ): void {
		$order = self::order( $postOrOrder );
		if ( null === $order ) {
			return;
		}
		$ref = Requests::orderRef( (int) $order->get_id() );
		try {
			$subs     = Bridge::sc()->overview()->financingForOrder( Bridge::shopId(), $ref );
			$timeline = Bridge::sc()->overview()->financingTimeline( Bridge::shopId(), $ref ); // same subscriptions, same order, with the solutions' names
		} catch ( \Throwable $e ) {
			echo '<p>' . esc_html( $e->getMessage() ) . '</p>';
			return;
		}
		if ( array() === $subs ) {
			echo '<p>—</p>';
			return;
		}
		$w       = \ShopCreditWC\Words::get();
		$sources = array( 'return' => __( 'the customer came back', 'shopcredit' ), 'webhook' => __( 'notice from the provider', 'shopcredit' ), 'poll' => __( 'checked with the provider', 'shopcredit' ) );
		foreach ( $subs as $i => $s ) {
			$t = $timeline[ $i ] ?? array();
			printf(
				'<p><strong>%s</strong> — %s<br />%s<br /><span class="description">%s <code>%s</code></span></p><ul>',
				esc_html( (string) ( $t['label'] ?? $s['solution_code'] ) ),
				wp_kses_post( wc_price( (string) $s['amount'], \ShopCreditWC\Money::priceArgs( (string) $s['currency'] ) ) ),
				esc_html( $w->text( 'financing_status', (string) $s['status'] ) ),
				esc_html__( 'Provider reference:', 'shopcredit' ),
				esc_html( (string) $s['subscription_id'] )
			);
			foreach ( (array) ( $t['history'] ?? array() ) as $h ) {
				$at = isset( $h['atMs'] ) ? wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), intdiv( (int) $h['atMs'], 1000 ) ) . ' — ' : '';
				printf( '<li>%s%s%s</li>', esc_html( $at ), esc_html( $w->text( 'financing_status', (string) ( $h['status'] ?? '' ) ) ), isset( $sources[ $h['source'] ?? '' ] ) ? ' <span class="description">(' . esc_html( $sources[ $h['source'] ] ) . ')</span>' : '' );
			}
			echo '</ul>';
		}
		self::afterSale( Requests::orderRef( (int) $order->get_id() ) );
	}

	/** What was asked of the lender after the sale (delivery confirmation, cancellations) and where it stands. */
	private static function afterSale( string $orderRef ): void {
		try {
			$requests = Bridge::sc()->afterSale()->forOrder( Bridge::shopId(), $orderRef );
		} catch ( \Throwable $e ) {
			echo '<p>' . esc_html( $e->getMessage() ) . '</p>';
			return;
		}
		if ( array() === $requests ) {
			return;
		}
		printf( '<p><strong>%s</strong></p><ul class="shopcredit-after-sale">', esc_html__( 'After the sale', 'shopcredit' ) );
		foreach ( $requests as $r ) {
			printf( '<li>%s</li>', esc_html( \ShopCreditWC\Words::get()->afterSaleRequest( $r ) ) );
		}
		echo '</ul>';
	}
}

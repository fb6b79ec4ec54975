<?php
/** The WooCommerce calls behind ShopOrders (orders through the CRUD: HPOS and posts storage alike). */

namespace ShopCreditWC\Orders;

defined( 'ABSPATH' ) || exit;

final class WcShopOrders implements ShopOrders {

	private function order( int $id ): \WC_Order {
		$order = wc_get_order( $id );
		if ( ! $order instanceof \WC_Order ) {
			throw new \RuntimeException( "no WooCommerce order $id" );
		}
		return $order;
	}

	/** The status stored now, past this request's caches (another request may have changed it). */
	public static function freshStatus( int $orderId ): ?string {
		if ( \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ) {
			wc_get_container()->get( \Automattic\WooCommerce\Caches\OrderCache::class )->remove( $orderId );
		}
		clean_post_cache( $orderId );
		$order = wc_get_order( $orderId );
		return $order instanceof \WC_Order ? $order->get_status() : null;
	}

	public function status( int $orderId ): ?string {
		$order = wc_get_order( $orderId );
		return $order instanceof \WC_Order ? $order->get_status() : null;
	}

	public function naturalStatus( int $orderId ): string {
		return $this->order( $orderId )->needs_processing() ? 'processing' : 'completed';
	}

	public function setStatus( int $orderId, string $wcStatus, bool $paid ): void {
		$order = $this->order( $orderId );
		$payable = apply_filters( 'woocommerce_valid_order_statuses_for_payment_complete', array( 'on-hold', 'pending', 'failed', 'cancelled' ), $order );
		if ( $paid && ! $order->is_paid() && $order->has_status( $payable ) ) {
			// WooCommerce's own completion: date paid, stock, `woocommerce_payment_complete` for other plugins.
			$order->payment_complete();
			$order = $this->order( $orderId );
		}
		if ( $order->get_status() !== $wcStatus ) {
			$order->update_status( $wcStatus );
		}
	}

	public function addNote( int $orderId, string $text ): void {
		$this->order( $orderId )->add_order_note( $text );
	}

	public function sendWcMail( int $orderId, string $emailClass ): void {
		OrderMails::sendWc( $this->order( $orderId ), $emailClass );
	}

	public function sendOurMail( int $orderId, string $template ): void {
		\ShopCreditWC\Emails::ensure();
		do_action( 'shopcredit_email_' . $template, $this->order( $orderId ), array() );
	}

	public function restoreStock( int $orderId ): void {
		wc_maybe_increase_stock_levels( $orderId ); // only what this order reduced, once (WooCommerce's flag)
	}

	public function paymentTitle( int $orderId ): string {
		$order = $this->order( $orderId );
		return '' !== $order->get_payment_method_title() ? $order->get_payment_method_title() : $order->get_payment_method();
	}
}

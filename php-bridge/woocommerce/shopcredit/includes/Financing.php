<?php
/**
 * Financing follow-up: the buyer's return from the provider, the signed webhook (REST route),
 * and the order status the admin's mapping gives to each provider status.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Financing {

	public const RETURN_API = 'shopcredit_financing_return';

	public static function register(): void {
		add_action( 'woocommerce_api_' . self::RETURN_API, array( self::class, 'handleReturn' ) );
		add_action( 'woocommerce_thankyou', array( self::class, 'thankYou' ), 5 );
		add_action( 'woocommerce_view_order', array( self::class, 'thankYou' ), 5 );
	}

	public static function returnUrl( \WC_Order $order ): string {
		return add_query_arg( array( 'wc-api' => self::RETURN_API, 'order_id' => $order->get_id(), 'key' => $order->get_order_key() ), home_url( '/' ) );
	}

	/** The buyer came back: read the subscription at the provider, apply it, show the thank-you page. */
	public static function handleReturn(): void {
		$order = wc_get_order( absint( $_GET['order_id'] ?? 0 ) ); // phpcs:ignore WordPress.Security.NonceVerification
		$key   = sanitize_text_field( wp_unslash( $_GET['key'] ?? '' ) ); // phpcs:ignore WordPress.Security.NonceVerification
		if ( ! $order instanceof \WC_Order || ! hash_equals( $order->get_order_key(), $key ) ) {
			wp_die( esc_html__( 'Unknown order.', 'shopcredit' ), '', array( 'response' => 404 ) );
		}
		$sub = OrderMeta::get( $order, OrderMeta::SUBSCRIPTION );
		if ( '' !== $sub ) {
			try {
				$r = Bridge::sc()->financing()->customerReturn( $sub );
				self::applyToOrder( $order, (string) ( $r['orderStatus'] ?? '' ), (bool) ( $r['orderIsPaid'] ?? false ), (string) ( $r['subscription']['status'] ?? '' ) );
			} catch ( \Throwable $e ) {
				// The webhook or the polling job will bring the status; the buyer is not blocked.
				wc_get_logger()->warning( 'financing return: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			}
		}
		wp_safe_redirect( $order->get_checkout_order_received_url() );
		exit;
	}

	/** The signed webhook (REST POST /shopcredit/v1/financing/webhook). */
	public static function webhook( \WP_REST_Request $request ): \WP_REST_Response {
		$body    = (string) $request->get_body();
		$headers = array();
		foreach ( $request->get_headers() as $name => $values ) {
			$headers[ str_replace( '_', '-', strtolower( $name ) ) ] = is_array( $values ) ? implode( ',', $values ) : (string) $values;
		}
		try {
			$r = Bridge::sc()->financing()->receiveWebhook( Bridge::shopId(), $body, $headers );
		} catch ( \ShopCredit\Financing\WebhookRejected $e ) {
			return new \WP_REST_Response( array( 'code' => $e->reason ), 401 );
		} catch ( \LogicException $e ) {
			return new \WP_REST_Response( array( 'code' => 'webhooks_not_configured' ), 503 );
		}
		$data = json_decode( $body, true );
		$ref  = is_array( $data ) ? (string) ( $data['data']['merchantGlobalOrderId'] ?? '' ) : '';
		$id   = Requests::orderIdFromRef( $ref );
		if ( null !== $id && ( $r['applied'] ?? false ) ) {
			$order = wc_get_order( $id );
			if ( $order instanceof \WC_Order ) {
				self::syncOrder( $order );
			}
		}
		return new \WP_REST_Response( array( 'stored' => $r['stored'], 'applied' => $r['applied'], 'code' => $r['code'] ), 200 );
	}

	/** Brings a financed order to the status the mapping gives its subscription's stored status. */
	public static function syncOrder( \WC_Order $order ): void {
		$sub = OrderMeta::get( $order, OrderMeta::SUBSCRIPTION );
		if ( '' === $sub ) {
			return;
		}
		$s = Bridge::sc()->financing()->subscription( $sub );
		if ( null === $s || 'NONE' === $s['status'] ) {
			return;
		}
		$mapping = Bridge::sc()->settings()->get( Bridge::shopId(), 'financing.mapping' );
		if ( ! is_array( $mapping ) ) {
			$mapping = Bridge::sc()->books->ask( 'financing.defaultMapping', array() )['mapping'];
		}
		$entry = $mapping[ $s['status'] ] ?? null;
		if ( is_array( $entry ) ) {
			self::applyToOrder( $order, (string) $entry['orderStatus'], (bool) $entry['isPaid'], (string) $s['status'] );
		}
	}

	public static function applyToOrder( \WC_Order $order, string $coreStatus, bool $isPaid, string $providerStatus ): void {
		$to = StatusMap::toWc( $coreStatus, Checkout::naturalStatus( $order ) );
		if ( null === $to ) {
			return;
		}
		/* translators: 1: provider status, 2: order status */
		$note = sprintf( __( 'Financing status %1$s → %2$s.', 'shopcredit' ), $providerStatus, $to );
		if ( $isPaid ) {
			if ( ! $order->is_paid() ) {
				$order->add_order_note( $note );
				$order->payment_complete( OrderMeta::get( $order, OrderMeta::SUBSCRIPTION ) );
			}
			return;
		}
		if ( $order->get_status() !== $to && ! $order->is_paid() ) {
			$order->update_status( $to, $note );
		}
	}

	/** The latest financing status on the thank-you page and in My account > Orders. */
	public static function thankYou( $orderId ): void {
		$order = wc_get_order( $orderId );
		if ( ! $order instanceof \WC_Order || '' === OrderMeta::get( $order, OrderMeta::SUBSCRIPTION ) ) {
			return;
		}
		try {
			$s = Bridge::sc()->financing()->subscription( OrderMeta::get( $order, OrderMeta::SUBSCRIPTION ) );
		} catch ( \Throwable ) {
			return;
		}
		if ( null !== $s ) {
			printf( '<p class="shopcredit-financing-status">%s <strong>%s</strong></p>', esc_html__( 'Financing status:', 'shopcredit' ), esc_html( (string) $s['status'] ) );
			Widget::timelineSlot( $order );
		}
	}
}

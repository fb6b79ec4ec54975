<?php
/**
 * Financing follow-up: the buyer's return from the provider and the signed webhook (REST route).
 * The bridge applies each provider update once under the subscription's lock and the order
 * lifecycle answers what the order does (status, payment, mails): performed here, once, even
 * when two deliveries or a delivery and a return arrive together.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Financing {

	public const RETURN_API   = Plugin::FINANCING_RETURN;
	public const SUBSCRIPTION = '_shopcredit_subscription'; // the provider's subscription id of the order

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
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
		$sub = (string) $order->get_meta( self::SUBSCRIPTION, true, 'edit' );
		if ( '' !== $sub ) {
			try {
				self::perform( Bridge::sc()->financing()->customerReturn( $sub ) );
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
		self::perform( $r );
		return new \WP_REST_Response( array( 'stored' => $r['stored'], 'applied' => $r['applied'], 'code' => $r['code'] ), 200 );
	}

	/** @param array<string, mixed> $r the bridge's answer to a provider update (`order`: what the order does) */
	private static function perform( array $r ): void {
		$actions = (array) ( $r['order']['actions'] ?? array() );
		if ( array() !== $actions ) {
			Bridge::sc()->orders()->perform( $actions, Orders\OrderEvents::host() );
		}
	}

	/** The latest financing status on the thank-you page and in My account > Orders. */
	public static function thankYou( $orderId ): void {
		$order = wc_get_order( $orderId );
		$sub = $order instanceof \WC_Order ? (string) $order->get_meta( self::SUBSCRIPTION, true, 'edit' ) : '';
		if ( '' === $sub ) {
			return;
		}
		try {
			$s = Bridge::sc()->financing()->subscription( $sub );
		} catch ( \Throwable ) {
			return;
		}
		if ( null !== $s ) {
			printf( '<p class="shopcredit-financing-status">%s <strong>%s</strong></p>', esc_html__( 'Financing status:', 'shopcredit' ), esc_html( (string) $s['status'] ) );
			Widget::timelineSlot( $order );
		}
	}
}

<?php
/**
 * REST routes: the logged-in customer's own summary (the header badge), and the financing
 * webhook (public; the bridge verifies the provider's signature and stores before applying).
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Rest {

	public const NS = 'shopcredit/v1';

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
	}

	public static function routes(): void {
		register_rest_route(
			self::NS,
			'/me',
			array(
				'methods'             => 'GET',
				'permission_callback' => static fn (): bool => RestGuard::summaryAllowed( get_current_user_id() ),
				'callback'            => array( self::class, 'me' ),
			)
		);
		register_rest_route(
			self::NS,
			'/financing/webhook',
			array(
				'methods'             => 'POST',
				'permission_callback' => '__return_true', // authenticity is the signature, checked by the bridge
				'callback'            => array( Financing::class, 'webhook' ),
			)
		);
	}

	public static function me( \WP_REST_Request $request ): \WP_REST_Response {
		$who  = RestGuard::summarySubject( get_current_user_id(), $request->get_params() );
		$rows = null;
		try {
			// The customer's accounts, receivables and the settings, read once for both answers.
			$rows = Bridge::sc()->overview()->customerRows( Bridge::shopId(), (string) $who, Bridge::currency() );
			$o    = Bridge::sc()->overview()->customer( Bridge::shopId(), (string) $who, Bridge::currency(), $rows );
		} catch ( \Throwable ) {
			$o = array( 'available' => false, 'reason' => 'runtime_unavailable' );
		}
		$payload = RestGuard::summaryPayload( $o );
		if ( true === $payload['available'] ) {
			$payload['now']    = time();
			$payload['locale'] = str_replace( '_', '-', determine_locale() );
			// What the checkout judges, minus the cart: the widget previews with the same core.
			try {
				$display             = (string) ( Bridge::sc()->facts->setting( Bridge::shopId(), 'checkout.display' ) ?? 'show_disabled' );
				$payload['checkout'] = \ShopCredit\Service\Facts::forWidget( Bridge::sc()->checkout()->facts( Bridge::shopId(), Checkout::customer( (int) $who ), Bridge::currency(), $display, $rows ) );
			} catch ( \Throwable ) {
				// The badge still shows the summary; the preview stays off.
			}
			$orderId           = Requests::orderIdFromRef( (string) $request->get_param( 'order' ) );
			$order             = null === $orderId ? null : wc_get_order( $orderId );
			if ( $order instanceof \WC_Order ) {
				$payload['financing'] = RestGuard::financingPayload(
					get_current_user_id(), (int) $order->get_customer_id(),
					static fn (): array => Bridge::sc()->overview()->financingTimeline( Bridge::shopId(), Requests::orderRef( $orderId ) )
				);
			}
		}
		$res = new \WP_REST_Response( $payload, 200 );
		$res->header( 'Cache-Control', 'private, no-store' );
		return $res;
	}
}

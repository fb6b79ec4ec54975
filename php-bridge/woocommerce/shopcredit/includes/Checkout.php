<?php
/**
 * Gathers the facts of the current cart (or of the order being paid) and asks the core which of
 * our methods it may use. One answer per request and cart state.
 */

namespace ShopCreditWC;

use ShopCredit\Service\CheckoutService;

defined( 'ABSPATH' ) || exit;

final class Checkout {

	/** @var array<string, Availability> */
	private static array $cache = array();

	/** @var array<int, array<string, mixed>> customers as the core sees them, per user, for this request */
	private static array $customers = array();
	/** The pay-for-order page's order id (null: not that page), once WordPress has parsed the request */
	private static int|null|false $orderPayId = false;
	/** Whether the block checkout is asking, once WordPress has run the main query */
	private static ?bool $blockPage = null;
	/** @var array{0: list<mixed>, 1: Availability}|null forCart()'s last facts and answer */
	private static ?array $lastCart = null;

	/**
	 * The current customer as the core sees them. A page asks for every gateway and figure (about
	 * twenty times on a checkout page), so the user's roles are read once per request, and again
	 * after a role of theirs changed.
	 */
	public static function customer( ?int $userId = null ): array {
		$userId = $userId ?? get_current_user_id();
		if ( ! isset( self::$customers[ $userId ] ) ) {
			if ( array() === self::$customers ) {
				foreach ( array( 'set_user_role', 'add_user_role', 'remove_user_role' ) as $hook ) {
					add_action( $hook, array( self::class, 'flush' ) );
				}
			}
			$user                       = $userId > 0 ? get_userdata( $userId ) : false;
			self::$customers[ $userId ] = Requests::customer( $userId, $user ? (array) $user->roles : array() );
		}
		return self::$customers[ $userId ];
	}

	/** The order id of the pay-for-order page, null on any other page (its query vars are final once parsed). */
	private static function orderPayId(): ?int {
		if ( false !== self::$orderPayId ) {
			return self::$orderPayId;
		}
		$id = function_exists( 'is_wc_endpoint_url' ) && is_wc_endpoint_url( 'order-pay' ) ? absint( get_query_var( 'order-pay' ) ) : null;
		if ( did_action( 'parse_request' ) ) {
			self::$orderPayId = $id;
		}
		return $id;
	}

	/**
	 * Availability for the cart, or for the order on the pay-for-order page. The core judges the
	 * whole amount: $fullTotal, else the cart's total before a store-balance part.
	 */
	public static function forCart( ?string $fullTotal = null ): Availability {
		$orderPay = self::orderPayId();
		if ( null !== $orderPay ) {
			$order = wc_get_order( $orderPay );
			if ( $order instanceof \WC_Order ) {
				return self::forOrder( $order );
			}
		}
		$cart = WC()->cart;
		if ( null === $cart ) {
			return new Availability( CheckoutService::unavailable( Bridge::currency(), '0' ) );
		}
		$currency = Bridge::currency();
		$full     = $fullTotal ?? PartialBalance::cartFullTotal();
		$country  = WC()->customer ? (string) WC()->customer->get_billing_country() : '';
		// A checkout page asks about twenty times (each gateway, figure and description) for one
		// cart: the facts read raw, before they are formatted for the core, find the last answer.
		$facts = array( self::customer(), $currency, $full ?? $cart->get_total( 'edit' ), $country, TopUp::cartHasTopUp( $cart ) );
		if ( null === self::$lastCart || self::$lastCart[0] !== $facts ) {
			$total          = $full ?? Money::fromWc( $cart->get_total( 'edit' ), $currency );
			self::$lastCart = array( $facts, self::ask( $facts[0], Requests::cart( $currency, $total, $country, $facts[4] ) ) );
		}
		return self::$lastCart[1];
	}

	public static function forOrder( \WC_Order $order ): Availability {
		return self::forOrderTotal( $order, PartialBalance::orderFullTotal( $order ) );
	}

	public static function forOrderTotal( \WC_Order $order, string $fullTotal ): Availability {
		return self::ask(
			self::customer( (int) $order->get_customer_id() ),
			Requests::cart( $order->get_currency(), $fullTotal, (string) $order->get_billing_country(), TopUp::orderHasTopUp( $order ) )
		);
	}

	/** Fail closed: anything but a proper answer means nothing is offered. */
	public static function ask( array $customer, array $cart ): Availability {
		$k = md5( (string) wp_json_encode( array( $customer, $cart ) ) );
		if ( ! isset( self::$cache[ $k ] ) ) {
			try {
				self::$cache[ $k ] = new Availability( Bridge::sc()->checkout()->eligibility( Bridge::shopId(), $customer, $cart ) );
			} catch ( \Throwable $e ) {
				wc_get_logger()->warning( 'eligibility failed: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
				self::$cache[ $k ] = new Availability( CheckoutService::unavailable( $cart['currency'], $cart['total'] ) );
			}
		}
		return self::$cache[ $k ];
	}

	public static function flush(): void {
		self::$cache     = array();
		self::$customers = array();
		self::$lastCart  = null;
	}

	/** The block checkout is asking (its Store API, or its page being rendered), not the classic one or pay-for-order. */
	public static function blockCheckout(): bool {
		if ( self::storeApiRequest() ) {
			return true;
		}
		if ( null !== self::$blockPage ) {
			return self::$blockPage;
		}
		$block = function_exists( 'has_block' ) && is_checkout() && null === self::orderPayId() && has_block( 'woocommerce/checkout', (int) get_queried_object_id() );
		if ( did_action( 'wp' ) ) {
			self::$blockPage = $block; // the page is known once the main query ran: asked once per gateway, judged once
		}
		return $block;
	}

	/** Whether this is a Store API request, once WordPress has parsed it (asked once per gateway and figure) */
	private static ?bool $storeApi = null;

	/** A Store API request, with pretty permalinks (/wp-json/wc/store/…) or plain ones (?rest_route=/wc/store/…). */
	public static function storeApiRequest(): bool {
		if ( null !== self::$storeApi ) {
			return self::$storeApi;
		}
		$route = isset( $GLOBALS['wp'] ) && is_object( $GLOBALS['wp'] ) ? (string) ( $GLOBALS['wp']->query_vars['rest_route'] ?? '' ) : '';
		if ( '' === $route && isset( $_GET['rest_route'] ) && is_string( $_GET['rest_route'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification -- the route, as WordPress reads it
			$route = $_GET['rest_route']; // phpcs:ignore WordPress.Security.NonceVerification,WordPress.Security.ValidatedSanitizedInput
		}
		$store = str_starts_with( ltrim( $route, '/' ), 'wc/store/' ) || ( function_exists( 'WC' ) && WC()->is_store_api_request() );
		if ( did_action( 'parse_request' ) ) {
			self::$storeApi = $store; // the route is final once parsed
		}
		return $store;
	}

	/** @var array<string, string> reason codes → words, for this request (Words answers in one language per request) */
	private static array $reasonWords = array();

	/** Reason codes → words for the customer (the first is the main one); a block checkout asks for each method's twice. */
	public static function reasonsText( array $reasons ): string {
		$codes = array_values( array_map( 'strval', $reasons ) );
		return self::$reasonWords[ implode( ',', $codes ) ] ??= Words::get()->reasons( $codes );
	}
}

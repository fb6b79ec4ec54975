<?php
/**
 * Store balance top-ups: a hidden virtual product whose price is the amount the customer asks
 * for (My account > Balance), bought on its own with one of the payment methods the merchant
 * allows for top-ups. The order lifecycle judges the top-up before the customer pays (limits,
 * method, VAT), credits it net of VAT when the payment is captured (the gateway's payment
 * completion, or the merchant marking it paid by hand once the money arrived; never the status
 * a cash-on-delivery or cheque order gets at checkout) and takes it back when the order is
 * cancelled or refunded.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class TopUp {

	public const META   = '_shopcredit_topup';
	public const ITEM   = 'shopcredit_topup_amount';

	public static function register(): void {
		add_action( 'woocommerce_before_calculate_totals', array( self::class, 'prices' ), 5 );
		add_filter( 'woocommerce_get_item_data', array( self::class, 'itemData' ), 10, 2 );
		add_action( 'woocommerce_checkout_create_order_line_item', array( self::class, 'lineItem' ), 10, 3 );
		add_action( 'template_redirect', array( self::class, 'handleForm' ) );
		add_filter( 'woocommerce_add_to_cart_validation', array( self::class, 'alone' ), 10, 2 );
		add_filter( 'woocommerce_available_payment_gateways', array( self::class, 'gateways' ) );
		add_action( 'woocommerce_checkout_order_processed', array( self::class, 'classicPlace' ), 10, 3 );
		add_action( 'woocommerce_store_api_checkout_order_processed', array( self::class, 'blocksPlace' ) );
	}

	public static function productId(): int {
		return (int) Options::get( 'topup_product_id' );
	}

	/** Creates the hidden product once (kept across reinstalls). */
	public static function ensureProduct(): void {
		$id = self::productId();
		if ( $id > 0 && wc_get_product( $id ) ) {
			return;
		}
		$p = new \WC_Product_Simple();
		$p->set_name( __( 'Store balance top-up', 'shopcredit' ) );
		$p->set_status( 'publish' );
		$p->set_catalog_visibility( 'hidden' );
		$p->set_virtual( true );
		$p->set_regular_price( '0' );
		$p->set_tax_status( 'none' );
		$p->set_sold_individually( true );
		$p->update_meta_data( self::META, 'yes' );
		Options::update( array( 'topup_product_id' => (string) $p->save() ) );
	}

	public static function isTopUpProduct( int $productId ): bool {
		return $productId > 0 && $productId === self::productId();
	}

	public static function cartHasTopUp( $cart ): bool {
		if ( ! $cart ) {
			return false;
		}
		foreach ( $cart->get_cart() as $item ) {
			if ( isset( $item[ self::ITEM ] ) ) {
				return true;
			}
		}
		return false;
	}

	public static function orderHasTopUp( \WC_Order $order ): bool {
		foreach ( $order->get_items() as $item ) {
			if ( '' !== (string) $item->get_meta( self::META ) ) {
				return true;
			}
		}
		return false;
	}

	public static function prices( $cart ): void {
		foreach ( $cart->get_cart() as $item ) {
			if ( isset( $item[ self::ITEM ] ) ) {
				$item['data']->set_price( $item[ self::ITEM ] );
			}
		}
	}

	public static function itemData( array $data, array $item ): array {
		if ( isset( $item[ self::ITEM ] ) ) {
			$data[] = array( 'name' => __( 'Top-up', 'shopcredit' ), 'value' => wc_price( $item[ self::ITEM ] ) );
		}
		return $data;
	}

	public static function lineItem( $lineItem, $cartKey, $values ): void {
		if ( isset( $values[ self::ITEM ] ) ) {
			$lineItem->add_meta_data( self::META, (string) $values[ self::ITEM ], true );
		}
	}

	/** My account > Balance: "Top up" form → cart → checkout. */
	public static function handleForm(): void {
		if ( ! isset( $_POST['shopcredit_topup_amount'], $_POST['_wpnonce'] ) || ! is_user_logged_in() ) {
			return;
		}
		if ( ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['_wpnonce'] ) ), 'shopcredit_topup' ) ) {
			wc_add_notice( __( 'The form expired; please try again.', 'shopcredit' ), 'error' );
			return;
		}
		try {
			$amount = Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['shopcredit_topup_amount'] ) ), Bridge::currency() );
		} catch ( \Throwable $e ) {
			wc_add_notice( Money::typedError( $e ), 'error' );
			return;
		}
		// The core judges the top-up before the customer pays for it (limits, top-ups allowed).
		try {
			$check = Bridge::sc()->wallet()->checkTopUp( Bridge::shopId(), Bridge::currency(), $amount );
		} catch ( \Throwable ) {
			$check = array( 'accepted' => false, 'reasons' => array( 'runtime_unavailable' ) );
		}
		if ( true !== ( $check['accepted'] ?? false ) ) {
			wc_add_notice( Checkout::reasonsText( (array) ( $check['reasons'] ?? array() ) ), 'error' );
			return;
		}
		self::ensureProduct();
		if ( ! WC()->cart->is_empty() && ! self::cartHasTopUp( WC()->cart ) ) {
			wc_add_notice( __( 'A store balance top-up is paid on its own: please pay for or empty your cart first.', 'shopcredit' ), 'error' );
			return;
		}
		WC()->cart->empty_cart(); // one top-up at a time: the new amount replaces an earlier one
		WC()->cart->add_to_cart( self::productId(), 1, 0, array(), array( self::ITEM => $amount ) );
		wp_safe_redirect( wc_get_checkout_url() );
		exit;
	}

	/** A top-up is bought on its own: nothing else in its cart, no top-up in a cart of goods. */
	public static function alone( $valid, $productId ) {
		$cart = WC()->cart;
		if ( ! $valid || null === $cart || $cart->is_empty() ) {
			return $valid;
		}
		if ( self::isTopUpProduct( (int) $productId ) !== self::cartHasTopUp( $cart ) ) {
			wc_add_notice( __( 'A store balance top-up is paid on its own: please pay for or empty your cart first.', 'shopcredit' ), 'error' );
			return false;
		}
		return $valid;
	}

	/** Only the methods the merchant allows for top-ups are offered for one (the lifecycle refuses the others). */
	public static function gateways( $gateways ) {
		$cart = function_exists( 'WC' ) ? WC()->cart : null;
		$pay  = function_exists( 'is_wc_endpoint_url' ) && is_wc_endpoint_url( 'order-pay' ) ? wc_get_order( absint( get_query_var( 'order-pay' ) ) ) : null;
		$topUp = $pay instanceof \WC_Order ? self::orderHasTopUp( $pay ) : self::cartHasTopUp( $cart );
		if ( ! $topUp || ! is_array( $gateways ) ) {
			return $gateways;
		}
		return array_intersect_key( $gateways, array_flip( TopUpMethods::current() ) );
	}

	public static function classicPlace( $orderId, $posted, $order ): void {
		self::place( $order, static function ( string $words ): void {
			throw new \Exception( esc_html( $words ) );
		} );
	}

	public static function blocksPlace( \WC_Order $order ): void {
		self::place( $order, static function ( string $words ): void {
			throw new \Automattic\WooCommerce\StoreApi\Exceptions\RouteException( 'shopcredit_top_up_refused', esc_html( $words ), 400 );
		} );
	}

	/**
	 * Before the gateway charges: the top-up is placed (judged by the balance rules, its method
	 * and VAT); a refused one is never paid. What it costs is its line's total, after coupons.
	 */
	private static function place( \WC_Order $order, callable $refuse ): void {
		$line = self::line( $order );
		if ( null === $line ) {
			return;
		}
		try {
			TopUpMethods::sync();
		} catch ( \Throwable $e ) {
			wc_get_logger()->warning( 'top-up methods: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
		}
		$a = Orders\OrderEvents::place( $order, array(
			'kind'          => 'top_up',
			'method'        => \ShopCredit\Generated\OrderVocabulary::METHOD_EXTERNAL,
			'total'         => Money::fromWc( $line->get_total( 'edit' ), $order->get_currency() ),
			'paymentMethod' => $order->get_payment_method(),
		) );
		if ( true !== ( $a['accepted'] ?? false ) ) {
			$refuse( Checkout::reasonsText( (array) ( $a['reasons'] ?? array( 'runtime_unavailable' ) ) ) );
		}
	}

	/** The order's top-up line (a top-up is bought alone, once). */
	private static function line( \WC_Order $order ): ?\WC_Order_Item_Product {
		foreach ( $order->get_items() as $item ) {
			if ( $item instanceof \WC_Order_Item_Product && '' !== (string) $item->get_meta( self::META ) ) {
				return $item;
			}
		}
		return null;
	}
}

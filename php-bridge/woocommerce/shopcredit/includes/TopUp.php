<?php
/**
 * Store balance top-ups: a hidden virtual product whose price is the amount the customer asks
 * for (My account > Balance). The balance is credited, by the core and once, with what the
 * top-up lines really collected (after coupons) when the order reaches a paid status.
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
		if ( Money::minor( $amount, Bridge::currency() ) <= 0 ) {
			wc_add_notice( __( 'Please enter an amount.', 'shopcredit' ), 'error' );
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
		WC()->cart->add_to_cart( self::productId(), 1, 0, array(), array( self::ITEM => $amount ) );
		wp_safe_redirect( wc_get_checkout_url() );
		exit;
	}

	/** Credits the balance once the top-up order is paid (the key makes a second call a no-op). */
	public static function creditIfPaid( \WC_Order $order, string $to ): void {
		if ( 'paid' !== StatusMap::settlementOutcome( $to ) || ! self::orderHasTopUp( $order ) || '' !== OrderMeta::get( $order, OrderMeta::TOPUP_DONE ) ) {
			return;
		}
		$cur  = $order->get_currency();
		$paid = 0;
		foreach ( $order->get_items() as $item ) {
			if ( '' !== (string) $item->get_meta( self::META ) ) {
				$paid += Money::minor( Money::fromWc( $item->get_total( 'edit' ), $cur ), $cur ); // after coupons
			}
		}
		$id = (int) $order->get_id();
		$r  = Bridge::sc()->wallet()->topUp( Bridge::shopId(), (string) $order->get_customer_id(), $cur, Requests::key( 'tu', $id ), Requests::orderRef( $id ), Money::format( $paid, $cur ) );
		if ( true === ( $r['accepted'] ?? true ) && isset( $r['balance'] ) ) {
			OrderMeta::set( $order, OrderMeta::TOPUP_DONE, (string) ( $r['credited'] ?? Money::format( $paid, $cur ) ) );
			$order->add_order_note( sprintf( /* translators: 1: amount, 2: balance */ __( 'Store balance credited: %1$s (balance %2$s).', 'shopcredit' ), $r['credited'] ?? Money::format( $paid, $cur ), $r['balance'] ) );
			$order->save();
			do_action( 'shopcredit_email_balance_credited', $order, $r );
		} else {
			$order->add_order_note( 'ShopCredit: top-up refused: ' . implode( ', ', (array) ( $r['reasons'] ?? array() ) ) );
		}
	}
}

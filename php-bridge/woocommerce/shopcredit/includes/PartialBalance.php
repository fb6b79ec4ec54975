<?php
/**
 * Store balance + another payment method.
 *
 * Representation: the balance part is a PAYMENT, not a discount. It is taken off the total after
 * taxes (line items, taxes and shipping stay computed on the full amount, as with WooCommerce Gift
 * Cards), so the other gateway charges exactly the remainder; the part is recorded on the order
 * (meta `_shopcredit_balance_part` through the CRUD, an order note, a "Paid from store balance"
 * row in the totals of the order, e-mails and invoices) and reserved in the books under the
 * balance's lock when the order is placed. The core decides how much the balance covers
 * (`wallet_partial.covers`).
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class PartialBalance {

	public const SESSION = 'shopcredit_use_balance';

	private static ?string $part = null;

	public static function register(): void {
		add_filter( 'woocommerce_calculated_total', array( self::class, 'cartTotal' ), 1000, 2 );
		add_action( 'woocommerce_review_order_before_payment', array( self::class, 'classicChoice' ) );
		add_action( 'woocommerce_checkout_update_order_review', array( self::class, 'classicUpdate' ) );
		add_action( 'woocommerce_review_order_before_order_total', array( self::class, 'totalsRow' ) );
		add_action( 'woocommerce_cart_totals_before_order_total', array( self::class, 'totalsRow' ) );
		add_action( 'woocommerce_checkout_create_order', array( self::class, 'classicOrder' ), 10, 2 );
		add_action( 'woocommerce_store_api_checkout_update_order_from_request', array( self::class, 'blocksOrder' ), 10, 2 );
		add_action( 'woocommerce_order_after_calculate_totals', array( self::class, 'orderTotals' ), 10, 2 );
		add_action( 'woocommerce_checkout_order_processed', array( self::class, 'classicReserve' ), 10, 3 );
		add_action( 'woocommerce_store_api_checkout_order_processed', array( self::class, 'blocksReserve' ) );
		add_filter( 'woocommerce_get_order_item_totals', array( self::class, 'orderItemTotals' ), 10, 2 );
		add_action( 'woocommerce_init', array( self::class, 'registerStoreApi' ) );
	}

	public static function wanted(): bool {
		return is_user_logged_in() && WC()->session && true === WC()->session->get( self::SESSION );
	}

	/** The part taken off the cart in this request (decimal string), or null. */
	public static function sessionPartDecimal(): ?string {
		return self::$part;
	}

	/** The core says how much the balance covers of the full total; the rest stays to pay. */
	public static function cartTotal( $total, $cart ) {
		self::$part = null;
		if ( ! self::wanted() || TopUp::cartHasTopUp( $cart ) ) {
			return $total;
		}
		$cur   = Bridge::currency();
		$full  = Money::fromWc( $total, $cur );
		$avail = Checkout::forCart( $full );
		$cover = $avail->partialCovers();
		if ( null === $cover || Money::isZero( $cover, $cur ) ) {
			return $total;
		}
		self::$part = $cover;
		// WooCommerce keeps cart totals as floats; the difference is computed in minor units.
		return (float) Money::sub( $full, $cover, $cur );
	}

	public static function classicChoice(): void {
		if ( ! is_user_logged_in() ) {
			return;
		}
		$avail = Checkout::forCart();
		$m     = $avail->method( 'wallet_partial' );
		if ( null === $m || ( true !== ( $m['available'] ?? false ) && null === self::$part ) ) {
			return;
		}
		wc_get_template( 'checkout/partial-balance.php', array( 'checked' => self::wanted(), 'balance' => (string) ( $m['balance'] ?? '0' ), 'covers' => (string) ( $m['covers'] ?? '0' ) ), '', SHOPCREDIT_WC_DIR . '/templates/' );
	}

	/** @param string $postData the serialized checkout form */
	public static function classicUpdate( $postData ): void {
		parse_str( (string) $postData, $fields );
		self::choose( ! empty( $fields['shopcredit_use_balance'] ) );
	}

	public static function choose( bool $use ): void {
		if ( WC()->session ) {
			WC()->session->set( self::SESSION, $use && is_user_logged_in() );
		}
	}

	public static function totalsRow(): void {
		if ( null === self::$part ) {
			return;
		}
		printf( '<tr class="shopcredit-balance-part"><th>%1$s</th><td data-title="%1$s">-%2$s</td></tr>', esc_html__( 'Paid from store balance', 'shopcredit' ), wp_kses_post( wc_price( self::$part ) ) );
	}

	public static function classicOrder( \WC_Order $order, $data ): void {
		if ( null !== self::$part ) {
			OrderMeta::set( $order, OrderMeta::BALANCE_PART, self::$part );
		}
	}

	public static function blocksOrder( \WC_Order $order, $request ): void {
		if ( null !== self::$part ) {
			OrderMeta::set( $order, OrderMeta::BALANCE_PART, self::$part );
		} else {
			$order->delete_meta_data( OrderMeta::BALANCE_PART );
		}
		$order->calculate_totals( false ); // orderTotals() takes the part off again
	}

	/** The order total stays "full total minus the balance part", also after "Recalculate". */
	public static function orderTotals( $andTaxes, $order ): void {
		if ( ! $order instanceof \WC_Order || $order instanceof \WC_Order_Refund ) {
			return; // refunds are WC_Abstract_Order too, and have no balance part
		}
		$part = self::orderPart( $order );
		if ( null === $part ) {
			return;
		}
		$cur = $order->get_currency();
		$order->set_total( Money::sub( Money::fromWc( $order->get_total( 'edit' ), $cur ), $part, $cur ) );
	}

	public static function orderPart( \WC_Order $order ): ?string {
		$p = (string) $order->get_meta( OrderMeta::BALANCE_PART, true, 'edit' );
		return '' === $p ? null : Money::fromWc( $p, $order->get_currency() );
	}

	public static function classicReserve( $orderId, $posted, $order ): void {
		self::reserve( $order, static function ( array $reasons ): void {
			throw new \Exception( esc_html( Checkout::reasonsText( $reasons ) ) );
		} );
	}

	public static function blocksReserve( \WC_Order $order ): void {
		self::reserve( $order, static function ( array $reasons ): void {
			throw new \Automattic\WooCommerce\StoreApi\Exceptions\RouteException( 'shopcredit_balance_refused', esc_html( Checkout::reasonsText( $reasons ) ), 400 );
		} );
	}

	/** Reserves the balance part under the balance's lock (the core re-checks it) before the other gateway charges. */
	private static function reserve( \WC_Order $order, callable $refuse ): void {
		$part = self::orderPart( $order );
		if ( null === $part ) {
			return;
		}
		$id   = (int) $order->get_id();
		$cur  = $order->get_currency();
		$full = Money::add( Money::fromWc( $order->get_total( 'edit' ), $cur ), $part, $cur );
		// A checkout retried after the cart changed reuses the order: the key names the amounts, and
		// the earlier reservation is released first, so the balance is never held twice.
		$key      = Requests::key( 'pb', $id, Money::minor( $part, $cur ) . '-' . Money::minor( $full, $cur ) );
		$previous = OrderMeta::get( $order, OrderMeta::RESERVATION );
		if ( '' !== $previous && $key . ':wallet' !== $previous ) {
			Bridge::sc()->checkout()->settle( Requests::orderRef( $id ), 'cancelled' );
		}
		try {
			$r = Bridge::sc()->checkout()->reserve( Bridge::shopId(), $key, Requests::orderRef( $id ), Checkout::customer( (int) $order->get_customer_id() ), Requests::reserveCart( Requests::cart( $cur, $full, (string) $order->get_billing_country(), false ) ), array( 'wallet' => $part ) );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'balance part reserve failed: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			$r = array( 'accepted' => false, 'reasons' => array( 'runtime_unavailable' ) );
		}
		if ( true !== ( $r['accepted'] ?? false ) ) {
			$reasons = (array) ( $r['reasons'] ?? array( 'runtime_unavailable' ) );
			$order->add_order_note( 'ShopCredit: balance part refused: ' . implode( ', ', $reasons ) );
			$refuse( $reasons );
			return;
		}
		if ( '' === OrderMeta::get( $order, OrderMeta::FUNDING ) ) {
			OrderMeta::set( $order, OrderMeta::FUNDING, 'partial' );
		}
		OrderMeta::set( $order, OrderMeta::RESERVATION, $key . ':wallet' );
		$order->add_order_note( sprintf( /* translators: 1: amount, 2: gateway, 3: remainder */ __( 'Store balance part reserved: %1$s; remainder to pay with %2$s: %3$s.', 'shopcredit' ), $part, $order->get_payment_method_title(), Money::fromWc( $order->get_total( 'edit' ), $cur ) ) );
		$order->save();
		if ( WC()->session ) {
			WC()->session->set( self::SESSION, false );
		}
	}

	/** The "Paid from store balance" row before the order total (thank-you page, e-mails, invoices). */
	public static function orderItemTotals( array $rows, $order ): array {
		$part = $order instanceof \WC_Order && ! $order instanceof \WC_Order_Refund ? self::orderPart( $order ) : null;
		if ( null === $part ) {
			return $rows;
		}
		$out = array();
		foreach ( $rows as $k => $row ) {
			if ( 'order_total' === $k ) {
				$out['shopcredit_balance'] = array( 'label' => __( 'Paid from store balance:', 'shopcredit' ), 'value' => '-' . wc_price( $part, array( 'currency' => $order->get_currency() ) ) );
			}
			$out[ $k ] = $row;
		}
		return $out;
	}

	/** The block checkout: the choice through extensionCartUpdate, the figures in the cart's extension data. */
	public static function registerStoreApi(): void {
		if ( ! function_exists( 'woocommerce_store_api_register_update_callback' ) ) {
			return;
		}
		woocommerce_store_api_register_update_callback(
			array(
				'namespace' => 'shopcredit',
				'callback'  => static function ( $data ): void {
					self::choose( ! empty( $data['useBalance'] ) );
				},
			)
		);
		woocommerce_store_api_register_endpoint_data(
			array(
				'endpoint'        => \Automattic\WooCommerce\StoreApi\Schemas\V1\CartSchema::IDENTIFIER,
				'namespace'       => 'shopcredit',
				'data_callback'   => static function (): array {
					if ( ! is_user_logged_in() ) {
						return array( 'offered' => false, 'useBalance' => false, 'part' => null, 'balance' => null );
					}
					$m = Checkout::forCart()->method( 'wallet_partial' );
					return array(
						'offered'    => null !== $m && ( true === ( $m['available'] ?? false ) || null !== self::$part ),
						'useBalance' => self::wanted(),
						'part'       => self::$part,
						'balance'    => null === $m ? null : ( $m['balance'] ?? null ),
					);
				},
				'schema_callback' => static fn (): array => array(
					'offered'    => array( 'type' => 'boolean', 'readonly' => true ),
					'useBalance' => array( 'type' => 'boolean', 'readonly' => true ),
					'part'       => array( 'type' => array( 'string', 'null' ), 'readonly' => true ),
					'balance'    => array( 'type' => array( 'string', 'null' ), 'readonly' => true ),
				),
				'schema_type'     => ARRAY_A,
			)
		);
	}
}

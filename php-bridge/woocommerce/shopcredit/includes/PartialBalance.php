<?php
/**
 * Store balance + another payment method.
 *
 * Representation: the balance part is a PAYMENT, not a discount. It is taken off the total after
 * taxes (line items, taxes and shipping stay computed on the full amount, as with WooCommerce Gift
 * Cards), so the other gateway charges exactly the rest; the part is shown as a "Paid from store
 * balance" row in the totals of the order, e-mails and invoices. The core decides how much the
 * balance covers and what is left to pay (`wallet_partial`: covers, remaining); the order is
 * placed in the order lifecycle (the balance part reserved under the balance's lock) before the
 * other gateway charges, and the lifecycle takes the part when the order is paid, gives it back
 * when it is cancelled, and splits refunds of WooCommerce's refund screen by what each paid.
 */

namespace ShopCreditWC;

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditWC\Orders\OrderEvents;

defined( 'ABSPATH' ) || exit;

final class PartialBalance {

	public const SESSION = 'shopcredit_use_balance';
	public const FULL_SESSION = 'shopcredit_full_total';
	// Order meta (decimal strings of the core's answer at checkout): the part, the rest to pay, the full total.
	public const PART = '_shopcredit_balance_part';
	public const REST = '_shopcredit_balance_rest';
	public const FULL = '_shopcredit_full_total';

	/** @var array{part: string, rest: string, full: string}|null this request's split of the cart */
	private static ?array $split = null;

	public static function register(): void {
		add_filter( 'woocommerce_calculated_total', array( self::class, 'cartTotal' ), 1000, 2 );
		add_action( 'woocommerce_review_order_before_payment', array( self::class, 'classicChoice' ) );
		add_action( 'woocommerce_checkout_update_order_review', array( self::class, 'classicUpdate' ) );
		add_action( 'woocommerce_review_order_before_order_total', array( self::class, 'totalsRow' ) );
		add_action( 'woocommerce_cart_totals_before_order_total', array( self::class, 'totalsRow' ) );
		add_action( 'woocommerce_checkout_create_order', array( self::class, 'classicOrder' ), 10, 2 );
		add_action( 'woocommerce_store_api_checkout_update_order_from_request', array( self::class, 'blocksOrder' ), 10, 2 );
		add_action( 'woocommerce_order_after_calculate_totals', array( self::class, 'orderTotals' ), 10, 2 );
		add_action( 'woocommerce_checkout_order_processed', array( self::class, 'classicPlace' ), 10, 3 );
		add_action( 'woocommerce_store_api_checkout_order_processed', array( self::class, 'blocksPlace' ) );
		add_filter( 'woocommerce_get_order_item_totals', array( self::class, 'orderItemTotals' ), 10, 2 );
		add_filter( 'wc_order_is_editable', array( self::class, 'editable' ), 10, 2 );
		add_action( 'woocommerce_init', array( self::class, 'registerStoreApi' ) );
	}

	public static function wanted(): bool {
		return is_user_logged_in() && WC()->session && true === WC()->session->get( self::SESSION );
	}

	/** The cart's full total (before the balance part) when the customer pays part from the balance, else null. */
	public static function cartFullTotal(): ?string {
		if ( null !== self::$split ) {
			return self::$split['full'];
		}
		$full = self::wanted() ? WC()->session->get( self::FULL_SESSION ) : null;
		return is_string( $full ) && '' !== $full ? $full : null;
	}

	/** The core says how much the balance covers of the full total and what is left to pay. */
	public static function cartTotal( $total, $cart ) {
		self::$split = null;
		if ( ! self::wanted() || TopUp::cartHasTopUp( $cart ) ) {
			return $total;
		}
		$full  = Money::fromWc( $total, Bridge::currency() );
		$split = self::split( Checkout::forCart( $full ), $full );
		if ( null === $split ) {
			return $total;
		}
		self::$split = $split;
		WC()->session->set( self::FULL_SESSION, $full );
		return (float) $split['rest']; // WooCommerce keeps cart totals as floats; the core's decimal is exact
	}

	/** @return array{part: string, rest: string, full: string}|null */
	private static function split( Availability $avail, string $full ): ?array {
		$m = $avail->method( 'wallet_partial' );
		if ( null === $m || true !== ( $m['available'] ?? false ) || ! isset( $m['covers'] ) ) {
			return null;
		}
		$rest = $m['remainingToPay'] ?? $m['remaining'] ?? null;
		return null === $rest ? null : array( 'part' => (string) $m['covers'], 'rest' => (string) $rest, 'full' => $full );
	}

	public static function classicChoice(): void {
		if ( ! is_user_logged_in() ) {
			return;
		}
		$m = Checkout::forCart()->method( 'wallet_partial' );
		if ( null === $m || ( true !== ( $m['available'] ?? false ) && null === self::$split ) ) {
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
		if ( null === self::$split ) {
			return;
		}
		// wc_price(): WooCommerce's own escaped markup, as its totals rows print it.
		printf( '<tr class="shopcredit-balance-part"><th>%1$s</th><td data-title="%1$s">-%2$s</td></tr>', esc_html__( 'Paid from store balance', 'shopcredit' ), wc_price( self::$split['part'] ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
	}

	public static function classicOrder( \WC_Order $order, $data ): void {
		self::keep( $order, self::$split );
	}

	public static function blocksOrder( \WC_Order $order, $request ): void {
		self::keep( $order, self::$split );
		$order->calculate_totals( false ); // orderTotals() takes the part off again
	}

	/** @param array{part: string, rest: string, full: string}|null $split */
	private static function keep( \WC_Order $order, ?array $split ): void {
		foreach ( array( self::PART => 'part', self::REST => 'rest', self::FULL => 'full' ) as $meta => $k ) {
			if ( null === $split ) {
				$order->delete_meta_data( $meta );
			} else {
				$order->update_meta_data( $meta, $split[ $k ] );
			}
		}
	}

	/**
	 * The order total stays what is left to pay after the balance part, also after WooCommerce
	 * recalculates it: the core's rest for the full total it was split for. An order not placed
	 * yet whose full total changed is split again; a placed one cannot be edited (editable()).
	 */
	public static function orderTotals( $andTaxes, $order ): void {
		if ( ! $order instanceof \WC_Order || $order instanceof \WC_Order_Refund || null === self::orderPart( $order ) ) {
			return; // refunds are WC_Abstract_Order too, and have no balance part
		}
		$full = Money::fromWc( $order->get_total( 'edit' ), $order->get_currency() );
		if ( $full !== (string) $order->get_meta( self::FULL, true, 'edit' ) && ! OrderEvents::managed( $order ) ) {
			self::keep( $order, self::split( Checkout::forOrderTotal( $order, $full ), $full ) );
		}
		$rest = (string) $order->get_meta( self::REST, true, 'edit' );
		if ( '' !== $rest ) {
			$order->set_total( $rest );
		}
	}

	/** A placed order whose balance part is booked keeps its lines (the split is in the books). */
	public static function editable( $editable, $order ) {
		return $editable && ! ( $order instanceof \WC_Order && null !== self::orderPart( $order ) && OrderEvents::managed( $order ) );
	}

	public static function orderPart( \WC_Order $order ): ?string {
		$p = (string) $order->get_meta( self::PART, true, 'edit' );
		return '' === $p ? null : $p;
	}

	/** The order's full total (before the balance part), or its total when nothing is paid from the balance. */
	public static function orderFullTotal( \WC_Order $order ): string {
		$full = (string) $order->get_meta( self::FULL, true, 'edit' );
		return '' !== $full ? $full : Money::fromWc( $order->get_total( 'edit' ), $order->get_currency() );
	}

	public static function classicPlace( $orderId, $posted, $order ): void {
		self::place( $order, static function ( string $words ): void {
			throw new \Exception( esc_html( $words ) );
		} );
	}

	public static function blocksPlace( \WC_Order $order ): void {
		self::place( $order, static function ( string $words ): void {
			throw new \Automattic\WooCommerce\StoreApi\Exceptions\RouteException( 'shopcredit_balance_refused', esc_html( $words ), 400 );
		} );
	}

	/**
	 * Before the other gateway charges: the order is placed with its balance part (reserved under
	 * the balance's lock, the core re-checks it). A checkout retried without the part releases
	 * what an earlier attempt reserved.
	 */
	private static function place( \WC_Order $order, callable $refuse ): void {
		if ( str_starts_with( $order->get_payment_method(), GatewayIds::PREFIX ) || TopUp::orderHasTopUp( $order ) ) {
			return; // our gateways place the order themselves; a top-up is placed by TopUp
		}
		$part = self::orderPart( $order );
		if ( null === $part ) {
			self::releaseEarlierAttempt( $order );
			return;
		}
		$a = OrderEvents::place( $order, array( 'method' => V::METHOD_WALLET_PARTIAL, 'total' => self::orderFullTotal( $order ), 'walletPart' => $part, 'paymentMethod' => $order->get_payment_method() ) );
		if ( true !== ( $a['accepted'] ?? false ) ) {
			$refuse( Checkout::reasonsText( (array) ( $a['reasons'] ?? array( 'runtime_unavailable' ) ) ) );
		}
		if ( WC()->session ) {
			WC()->session->set( self::SESSION, false );
		}
	}

	private static function releaseEarlierAttempt( \WC_Order $order ): void {
		if ( '' === (string) $order->get_meta( OrderEvents::PLACED_WITH, true, 'edit' ) ) {
			return;
		}
		$attempt = (string) $order->get_meta( OrderEvents::ATTEMPT, true, 'edit' );
		Bridge::sc()->orders()->statusChanged( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), V::STATUS_FAILED, null, 'retried:' . $attempt, OrderEvents::host() );
		$order->delete_meta_data( OrderEvents::PLACED_WITH );
		$order->save();
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
				'data_callback'   => array( self::class, 'cartData' ),
				'schema_callback' => static fn (): array => array(
					'offered'    => array( 'type' => 'boolean', 'readonly' => true ),
					'useBalance' => array( 'type' => 'boolean', 'readonly' => true ),
					'part'       => array( 'type' => array( 'string', 'null' ), 'readonly' => true ),
					'balance'    => array( 'type' => array( 'string', 'null' ), 'readonly' => true ),
					'methods'    => array( 'type' => 'object', 'readonly' => true ),
				),
				'schema_type'     => ARRAY_A,
			)
		);
	}

	/** The cart's extension data: the partial choice, and each of our methods for this cart (the block checkout reads it live). */
	public static function cartData(): array {
		$avail = Checkout::forCart();
		$m     = is_user_logged_in() ? $avail->method( 'wallet_partial' ) : null;
		return array(
			'offered'    => null !== $m && ( true === ( $m['available'] ?? false ) || null !== self::$split ),
			'useBalance' => null !== $m && self::wanted(),
			'part'       => null === self::$split ? null : self::$split['part'],
			'balance'    => null === $m ? null : ( $m['balance'] ?? null ),
			'methods'    => Blocks\AbstractBlock::liveMethods( $avail ),
		);
	}
}

<?php
/**
 * Orders on account, as customers and merchants see them: the purchase-order number at checkout
 * (classic and block checkout, when the merchant asks for it), and on the order page, the order
 * e-mails and the admin order screen the due date, what was paid, what is still due, the PO
 * number and the merchant's payment instructions. The bridge stores and checks; this file
 * translates WooCommerce's hooks.
 */

namespace ShopCreditWC;

use ShopCredit\Service\Overview;

defined( 'ABSPATH' ) || exit;

final class OnAccountOrder {

	public const META      = '_shopcredit_po_number';
	public const FIELD     = 'shopcredit_po_number';
	public const BLOCK_ID  = 'shopcredit/po-number';
	private const SETTINGS = 'woocommerce_' . GatewayIds::CREDIT_LINE . '_settings';

	public static function register(): void {
		add_filter( 'woocommerce_settings_api_form_fields_' . GatewayIds::CREDIT_LINE, array( self::class, 'gatewayFields' ) );
		add_action( 'woocommerce_update_options_payment_gateways_' . GatewayIds::CREDIT_LINE, array( self::class, 'syncMode' ), 20 );
		add_action( 'woocommerce_after_order_notes', array( self::class, 'classicField' ) );
		add_action( 'woocommerce_after_checkout_validation', array( self::class, 'classicValidate' ), 10, 2 );
		add_action( 'woocommerce_checkout_create_order', array( self::class, 'classicSave' ) );
		add_action( 'woocommerce_init', array( self::class, 'blockField' ) );
		add_action( 'woocommerce_store_api_checkout_update_order_from_request', array( self::class, 'blockValidate' ), 10, 2 );
		add_action( 'woocommerce_checkout_order_processed', static fn ( $id ) => self::store( wc_get_order( $id ) ) );
		add_action( 'woocommerce_store_api_checkout_order_processed', array( self::class, 'store' ) );
		add_action( 'woocommerce_order_details_after_order_table', array( self::class, 'orderPage' ) );
		add_action( 'woocommerce_email_after_order_table', array( self::class, 'email' ), 10, 3 );
		add_action( 'woocommerce_admin_order_data_after_billing_address', array( self::class, 'adminOrder' ) );
	}

	/** Two settings on "Pay on account": the PO number at checkout, the payment instructions. */
	public static function gatewayFields( array $fields ): array {
		return $fields + array(
			'po_number'            => array(
				'title'   => __( 'Purchase-order number at checkout', 'shopcredit' ),
				'type'    => 'select',
				'default' => 'off',
				'options' => array( 'off' => __( 'Not asked', 'shopcredit' ), 'optional' => __( 'Optional', 'shopcredit' ), 'required' => __( 'Required', 'shopcredit' ) ),
			),
			'payment_instructions' => array(
				'title'       => __( 'Payment instructions', 'shopcredit' ),
				'type'        => 'textarea',
				'description' => __( 'How to pay an order on account (cheque to the order of…, bank transfer to IBAN…): shown with the due date on the order page, the e-mails and the statement of account.', 'shopcredit' ),
				'default'     => '',
			),
		);
	}

	public static function syncMode(): void {
		try {
			Bridge::sc()->settings->set( Bridge::shopId(), 'orders.po_number', self::setting( 'po_number', 'off' ) );
		} catch ( \Throwable ) {
			return; // the checkout keeps the bridge's last stored choice
		}
	}

	private static function setting( string $key, string $default ): string {
		$s = get_option( self::SETTINGS, array() );
		return is_array( $s ) && isset( $s[ $key ] ) ? (string) $s[ $key ] : $default;
	}

	public static function instructions(): string {
		return self::setting( 'payment_instructions', '' );
	}

	public static function classicField( $checkout ): void {
		// Shown from the page copy of the books' setting, as on the block checkout (the books cost a
		// query on every checkout page); classicValidate() checks with the books themselves.
		$mode = PageSettings::get()['po_number'];
		if ( 'off' === $mode ) {
			return;
		}
		woocommerce_form_field( self::FIELD, array(
			'type'        => 'text',
			'label'       => __( 'Purchase-order number (orders on account)', 'shopcredit' ),
			'required'    => false,
			'maxlength'   => 35,
			'description' => 'required' === $mode ? __( 'Required when you pay on account.', 'shopcredit' ) : '',
		), $checkout->get_value( self::FIELD ) );
	}

	private static function typed(): string {
		return sanitize_text_field( wp_unslash( $_POST[ self::FIELD ] ?? '' ) ); // phpcs:ignore WordPress.Security.NonceVerification -- WooCommerce checked the checkout nonce
	}

	public static function classicValidate( array $data, \WP_Error $errors ): void {
		$code = self::problem( (string) ( $data['payment_method'] ?? '' ), self::typed() );
		if ( null !== $code ) {
			$errors->add( $code, self::words( $code ) );
		}
	}

	public static function classicSave( \WC_Order $order ): void {
		if ( '' !== self::typed() ) {
			$order->update_meta_data( self::META, self::typed() );
		}
	}

	public static function blockField(): void {
		// Every request registers it (WooCommerce wants it at woocommerce_init): the choice comes from
		// the page copy of the books' setting, and blockValidate() checks with the books themselves.
		if ( ! function_exists( 'woocommerce_register_additional_checkout_field' ) || 'off' === PageSettings::get()['po_number'] ) {
			return;
		}
		woocommerce_register_additional_checkout_field( array(
			'id'         => self::BLOCK_ID,
			'label'      => __( 'Purchase-order number (orders on account)', 'shopcredit' ),
			'location'   => 'order',
			'type'       => 'text',
			'required'   => false,
			'attributes' => array( 'maxLength' => 35 ),
		) );
	}

	/** The block checkout: the same check, before the order is paid. */
	public static function blockValidate( \WC_Order $order, $request ): void {
		$po   = (string) ( $request['additional_fields'][ self::BLOCK_ID ] ?? '' );
		$code = self::problem( (string) ( $request['payment_method'] ?? '' ), $po );
		if ( null !== $code ) {
			throw new \Automattic\WooCommerce\StoreApi\Exceptions\RouteException( 'shopcredit_' . $code, esc_html( self::words( $code ) ), 400 );
		}
		if ( '' !== trim( $po ) ) {
			$order->update_meta_data( self::META, sanitize_text_field( $po ) );
		}
	}

	/** The bridge's verdict on a typed number for this payment method (null: go on). */
	private static function problem( string $paymentMethod, string $typed ): ?string {
		if ( GatewayIds::CREDIT_LINE !== $paymentMethod ) {
			return null;
		}
		try {
			return Bridge::sc()->purchaseOrders()->check( Bridge::shopId(), $typed );
		} catch ( \Throwable ) {
			return null; // the number is not money: the order is not blocked by a missing runtime
		}
	}

	private static function words( string $code ): string {
		return 'po_number_required' === $code
			? __( 'Please enter your purchase-order number to pay on account.', 'shopcredit' )
			: __( 'A purchase-order number has at most 35 characters, without line breaks.', 'shopcredit' );
	}

	/** Keeps the order's number in the bridge (statements, reminders). */
	public static function store( $order ): void {
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		$po = (string) ( $order->get_meta( self::META ) ?: $order->get_meta( '_wc_other/' . self::BLOCK_ID ) );
		if ( '' === $po ) {
			return;
		}
		try {
			Bridge::sc()->purchaseOrders()->set( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), (string) $order->get_customer_id(), $po );
		} catch ( \Throwable $e ) {
			wc_get_logger()->warning( 'purchase-order number not stored: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
		}
	}

	/** @return array<string, mixed>|null the order's receivable (due date, paid, still due) and PO number */
	private static function details( \WC_Order $order ): ?array {
		try {
			$ref = Requests::orderRef( (int) $order->get_id() );
			$rcv = Bridge::sc()->receivables->find( Bridge::shopId(), $ref );
			$po  = Bridge::sc()->purchaseOrders()->get( Bridge::shopId(), $ref );
		} catch ( \Throwable ) {
			return null;
		}
		if ( null === $rcv && null === $po ) {
			return null;
		}
		return array( 'receivable' => null === $rcv ? null : Overview::receivableRow( $rcv ), 'po' => $po );
	}

	/** @return list<array{0: string, 1: string}> label → value rows (none when anything fails: a page or an e-mail is never broken by this block) */
	private static function rows( \WC_Order $order ): array {
		try {
			return self::rowsOf( $order );
		} catch ( \Throwable ) {
			return array();
		}
	}

	/** @return list<array{0: string, 1: string}> */
	private static function rowsOf( \WC_Order $order ): array {
		$d = self::details( $order );
		if ( null === $d ) {
			return array();
		}
		$rows = array();
		if ( null !== $d['po'] ) {
			$rows[] = array( __( 'Purchase-order number', 'shopcredit' ), $d['po'] );
		}
		$r = $d['receivable'];
		if ( null !== $r && 'cancelled' !== $r['state'] ) {
			$cur    = (string) $r['currency'];
			$rows[] = array( __( 'Due date', 'shopcredit' ), null === $r['dueDate'] ? __( 'set when your order is shipped', 'shopcredit' ) : date_i18n( (string) get_option( 'date_format' ), (int) strtotime( $r['dueDate'] . ' 12:00:00' ) ) );
			$rows[] = array( __( 'Paid', 'shopcredit' ), AccountStatement::money( $r['paid'], $cur ) );
			$rows[] = array( __( 'Still due', 'shopcredit' ), AccountStatement::money( $r['remaining'], $cur ) );
			if ( 'open' === $r['state'] && '' !== self::instructions() ) {
				$rows[] = array( __( 'How to pay', 'shopcredit' ), self::instructions() );
			}
		}
		return $rows;
	}

	public static function orderPage( \WC_Order $order ): void {
		$rows = self::rows( $order );
		if ( array() === $rows ) {
			return;
		}
		echo '<h2 class="woocommerce-column__title">' . esc_html__( 'Payment on account', 'shopcredit' ) . '</h2><table class="woocommerce-table shop_table shopcredit-on-account">';
		foreach ( $rows as [ $label, $value ] ) {
			echo '<tr><th>' . esc_html( $label ) . '</th><td>' . nl2br( esc_html( $value ) ) . '</td></tr>';
		}
		echo '</table>';
	}

	public static function email( $order, $sentToAdmin, $plainText ): void {
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		$rows = self::rows( $order );
		if ( array() === $rows ) {
			return;
		}
		if ( $plainText ) {
			echo "\n" . esc_html( strtoupper( __( 'Payment on account', 'shopcredit' ) ) ) . "\n";
			foreach ( $rows as [ $label, $value ] ) {
				echo esc_html( $label . ': ' . $value ) . "\n";
			}
			return;
		}
		self::orderPage( $order );
	}

	public static function adminOrder( \WC_Order $order ): void {
		foreach ( self::rows( $order ) as [ $label, $value ] ) {
			echo '<p><strong>' . esc_html( $label ) . ':</strong> ' . nl2br( esc_html( $value ) ) . '</p>';
		}
	}
}

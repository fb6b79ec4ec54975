<?php
/**
 * Statement of account for B2B customers: a "Statement of account" page in My account (the
 * logged-in customer's own credit line only) with CSV and PDF downloads, and the same downloads
 * for the merchant per customer (on the user's profile, `manage_woocommerce` only). The bridge
 * works the figures out; this file only reads the request, picks the words and formats.
 */

namespace ShopCreditWC;

use ShopCredit\Document\StatementCsv;
use ShopCredit\Document\StatementLabels;
use ShopCredit\Document\StatementPdf;
use ShopCredit\Money\LocalizedAmount;
use ShopCredit\Money\NumberSymbols;

defined( 'ABSPATH' ) || exit;

final class AccountStatement {

	public const ENDPOINT = 'shopcredit-statement';
	private const DAYS    = 90;

	public static function register(): void {
		add_action( 'init', static fn () => add_rewrite_endpoint( self::ENDPOINT, EP_ROOT | EP_PAGES ) );
		add_filter( 'woocommerce_get_query_vars', static fn ( array $v ): array => $v + array( self::ENDPOINT => self::ENDPOINT ) );
		add_filter( 'woocommerce_account_menu_items', array( self::class, 'menu' ), 20 );
		add_action( 'woocommerce_account_' . self::ENDPOINT . '_endpoint', array( self::class, 'page' ) );
		add_action( 'template_redirect', array( self::class, 'customerDownload' ) );
		add_action( 'admin_post_shopcredit_statement', array( self::class, 'merchantDownload' ) );
		add_action( 'edit_user_profile', array( self::class, 'profileLinks' ) );
	}

	public static function menu( array $items ): array {
		$out = array();
		foreach ( $items as $k => $v ) {
			if ( 'customer-logout' === $k ) {
				$out[ self::ENDPOINT ] = __( 'Statement of account', 'shopcredit' );
			}
			$out[ $k ] = $v;
		}
		return $out;
	}

	/** @return array{0: int, 1: int} [from, to) from the request (YYYY-MM-DD), else the last 90 days */
	private static function period(): array {
		$to   = self::day( sanitize_text_field( wp_unslash( $_GET['to'] ?? '' ) ), 1 ) ?? ( time() + 1 );
		$from = self::day( sanitize_text_field( wp_unslash( $_GET['from'] ?? '' ) ), 0 ) ?? ( $to - self::DAYS * DAY_IN_SECONDS );
		return array( min( $from, $to ), $to );
	}

	/** The start of a shop-local day (plus $days days), or null when not a date. */
	private static function day( string $ymd, int $days ): ?int {
		if ( 1 !== preg_match( '/^\d{4}-\d{2}-\d{2}$/', $ymd ) ) {
			return null;
		}
		$d = date_create_immutable( $ymd . ' 00:00:00', wp_timezone() );
		return false === $d ? null : $d->modify( "+$days day" )->getTimestamp();
	}

	private static function statement( string $customerId ): ?array {
		[ $from, $to ] = self::period();
		try {
			return Bridge::sc()->statements()->statement( Bridge::shopId(), $customerId, Bridge::currency(), $from, $to );
		} catch ( \Throwable ) {
			return null;
		}
	}

	public static function page(): void {
		$s = self::statement( (string) get_current_user_id() );
		wc_get_template( 'myaccount/shopcredit-statement.php', array( 'statement' => $s, 'labels' => self::labels(), 'links' => self::customerLinks() ), '', SHOPCREDIT_WC_DIR . '/templates/' );
	}

	/** @return array<string, string> format → URL, for the current period */
	private static function customerLinks(): array {
		[ $from, $to ] = self::period();
		$out = array();
		foreach ( array( 'pdf', 'csv' ) as $format ) {
			$out[ $format ] = wp_nonce_url( add_query_arg( array( 'shopcredit_statement' => $format, 'from' => wp_date( 'Y-m-d', $from ), 'to' => wp_date( 'Y-m-d', $to - 1 ) ), wc_get_account_endpoint_url( self::ENDPOINT ) ), 'shopcredit_statement' );
		}
		return $out;
	}

	/** The customer downloads their own statement. */
	public static function customerDownload(): void {
		if ( empty( $_GET['shopcredit_statement'] ) || ! is_user_logged_in() ) {
			return;
		}
		check_admin_referer( 'shopcredit_statement' );
		self::send( (string) get_current_user_id(), sanitize_key( wp_unslash( $_GET['shopcredit_statement'] ) ) );
	}

	/** The merchant downloads a customer's statement. */
	public static function merchantDownload(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You may not see this statement.', 'shopcredit' ), 403 );
		}
		check_admin_referer( 'shopcredit_statement' );
		self::send( (string) absint( $_GET['customer'] ?? 0 ), sanitize_key( wp_unslash( $_GET['format'] ?? 'pdf' ) ) );
	}

	public static function profileLinks( \WP_User $user ): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		echo '<h2>' . esc_html__( 'Statement of account', 'shopcredit' ) . '</h2><p>';
		foreach ( array( 'pdf' => 'PDF', 'csv' => 'CSV' ) as $format => $label ) {
			$url = wp_nonce_url( admin_url( 'admin-post.php?action=shopcredit_statement&format=' . $format . '&customer=' . $user->ID ), 'shopcredit_statement' );
			echo '<a class="button" href="' . esc_url( $url ) . '">' . esc_html( $label ) . '</a> ';
		}
		echo '</p>';
	}

	private static function send( string $customerId, string $format ): void {
		$s = self::statement( $customerId );
		if ( null === $s ) {
			wp_die( esc_html__( 'There is no statement of account for this customer.', 'shopcredit' ), 404 );
		}
		$name = 'statement-' . $customerId . '-' . $s['toDate'];
		nocache_headers();
		if ( 'csv' === $format ) {
			header( 'Content-Type: text/csv; charset=utf-8' );
			header( 'Content-Disposition: attachment; filename="' . $name . '.csv"' );
			StatementCsv::write( $s, self::labels(), fopen( 'php://output', 'w' ) );
		} else {
			header( 'Content-Type: application/pdf' );
			header( 'Content-Disposition: attachment; filename="' . $name . '.pdf"' );
			echo StatementPdf::render( $s, self::labels(), time() ); // phpcs:ignore WordPress.Security.EscapeOutput -- a PDF document
		}
		exit;
	}

	/** The shop's money format (WooCommerce's separators and currency position). */
	public static function symbols(): NumberSymbols {
		$placement = array(
			'left'        => NumberSymbols::BEFORE,
			'left_space'  => NumberSymbols::BEFORE_SPACED,
		)[ (string) get_option( 'woocommerce_currency_pos', 'left' ) ] ?? NumberSymbols::AFTER;
		return NumberSymbols::custom( wc_get_price_decimal_separator(), wc_get_price_thousand_separator(), $placement );
	}

	public static function money( string $amount, string $currency ): string {
		return LocalizedAmount::format( $amount, $currency, self::symbols() );
	}

	public static function labels(): StatementLabels {
		$instructions = OnAccountOrder::instructions();
		return new StatementLabels(
			array(
				'title' => __( 'Statement of account', 'shopcredit' ), 'shop' => get_bloginfo( 'name' ), 'customer' => __( 'Customer', 'shopcredit' ),
				'period' => __( 'Period', 'shopcredit' ), 'date' => __( 'Date', 'shopcredit' ), 'description' => __( 'Description', 'shopcredit' ),
				'order' => __( 'Order', 'shopcredit' ), 'poNumber' => __( 'PO number', 'shopcredit' ), 'dueDate' => __( 'Due date', 'shopcredit' ),
				'debit' => __( 'Debit', 'shopcredit' ), 'credit' => __( 'Credit', 'shopcredit' ), 'balance' => __( 'Balance', 'shopcredit' ),
				'openingBalance' => __( 'Opening balance', 'shopcredit' ), 'closingBalance' => __( 'Closing balance', 'shopcredit' ),
				'openItems' => __( 'Open items', 'shopcredit' ), 'amount' => __( 'Amount', 'shopcredit' ), 'paid' => __( 'Paid', 'shopcredit' ),
				'remaining' => __( 'Still due', 'shopcredit' ), 'totalDue' => __( 'Total due', 'shopcredit' ), 'overdue' => __( 'Overdue', 'shopcredit' ),
				'daysOverdue' => __( 'Days late', 'shopcredit' ), 'none' => __( 'Nothing is due.', 'shopcredit' ), 'page' => __( 'Page', 'shopcredit' ),
				'instructions' => $instructions,
			),
			array(
				'invoice' => __( 'Order on account', 'shopcredit' ), 'payment' => __( 'Payment received', 'shopcredit' ),
				'credit_note' => __( 'Credit note', 'shopcredit' ), 'cancellation' => __( 'Order cancelled', 'shopcredit' ), 'adjustment' => __( 'Adjustment', 'shopcredit' ),
			),
			static fn ( string $amount, string $currency ): string => self::money( $amount, $currency ),
			static fn ( string $ymd ): string => date_i18n( (string) get_option( 'date_format', 'Y-m-d' ), (int) strtotime( $ymd . ' 12:00:00' ) ),
			static fn ( string $ref ): string => self::orderNumber( $ref ),
		);
	}

	/** "wc-123" → the order's number as WooCommerce shows it ("#123" or a sequential number plugin's). */
	public static function orderNumber( string $ref ): string {
		$id    = Requests::orderIdFromRef( $ref );
		$order = null === $id ? false : wc_get_order( $id );
		return $order ? '#' . $order->get_order_number() : $ref;
	}
}

<?php
/**
 * My account: "Credit" (limit, exposure, remaining, payments due, orders on account with
 * paid/remaining, the credit-increase form) and "Balance" (balance, movements, top-up and
 * withdrawal forms). Only the logged-in customer's own data; nonces on every form.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class MyAccount {

	public const CREDIT  = 'shopcredit-credit';
	public const BALANCE = 'shopcredit-balance';

	public static function register(): void {
		add_action( 'init', array( self::class, 'addEndpoints' ) );
		add_filter( 'woocommerce_get_query_vars', array( self::class, 'queryVars' ) );
		add_filter( 'woocommerce_account_menu_items', array( self::class, 'menu' ) );
		add_action( 'woocommerce_account_' . self::CREDIT . '_endpoint', array( self::class, 'credit' ) );
		add_action( 'woocommerce_account_' . self::BALANCE . '_endpoint', array( self::class, 'balance' ) );
		add_action( 'template_redirect', array( self::class, 'handleForms' ) );
	}

	public static function addEndpoints(): void {
		add_rewrite_endpoint( self::CREDIT, EP_ROOT | EP_PAGES );
		add_rewrite_endpoint( self::BALANCE, EP_ROOT | EP_PAGES );
	}

	public static function queryVars( array $vars ): array {
		$vars[ self::CREDIT ]  = self::CREDIT;
		$vars[ self::BALANCE ] = self::BALANCE;
		return $vars;
	}

	public static function menu( array $items ): array {
		$out = array();
		foreach ( $items as $k => $v ) {
			if ( 'customer-logout' === $k ) {
				$out[ self::CREDIT ]  = __( 'Credit', 'shopcredit' );
				$out[ self::BALANCE ] = __( 'Store balance', 'shopcredit' );
			}
			$out[ $k ] = $v;
		}
		return $out;
	}

	private static function summary(): array {
		try {
			return Bridge::sc()->overview()->customer( Bridge::shopId(), (string) get_current_user_id(), Bridge::currency() );
		} catch ( \Throwable ) {
			return array( 'available' => false, 'credit' => null, 'wallet' => null, 'receivables' => array() );
		}
	}

	public static function credit(): void {
		wc_get_template( 'myaccount/shopcredit-credit.php', array( 'summary' => self::summary(), 'others' => self::others( 'credit' ) ), '', SHOPCREDIT_WC_DIR . '/templates/' );
	}

	public static function balance(): void {
		$movements = array();
		try {
			// One line per movement (a reservation and its posting are one line with its state).
			$movements = Bridge::sc()->movementList()->page( Bridge::shopId(), 'wallet', array( 'customer_id' => (string) get_current_user_id() ), array( 'limit' => 30 ) )['rows'];
		} catch ( \Throwable ) {
			$movements = array();
		}
		wc_get_template( 'myaccount/shopcredit-balance.php', array( 'summary' => self::summary(), 'movements' => $movements, 'others' => self::others( 'wallet' ) ), '', SHOPCREDIT_WC_DIR . '/templates/' );
	}

	/**
	 * The customer's balances or credit lines in the shop's other enabled currencies (Currencies),
	 * where they have one: a balance credited in yen is shown in yen, never converted.
	 * @param 'wallet'|'credit' $kind
	 * @return array<string, array<string, mixed>> currency → wallet.balance or credit.status
	 */
	private static function others( string $kind ): array {
		$out = array();
		$uid = (string) get_current_user_id();
		try {
			$sc = Bridge::sc();
			foreach ( array_diff( Currencies::enabled(), array( Bridge::currency() ) ) as $cur ) {
				if ( null !== $sc->accounts->find( $kind . ':' . Bridge::shopId() . ':' . $uid . ':' . $cur ) ) {
					$out[ $cur ] = $sc->overview()->customer( Bridge::shopId(), $uid, $cur )[ 'credit' === $kind ? 'credit' : 'wallet' ] ?? null;
				}
			}
		} catch ( \Throwable ) {
			return array();
		}
		return array_filter( $out, 'is_array' );
	}

	/** The credit-increase and withdrawal forms (the top-up form is TopUp::handleForm). */
	public static function handleForms(): void {
		if ( ! is_user_logged_in() || empty( $_POST['shopcredit_form'] ) || empty( $_POST['_wpnonce'] ) ) {
			return;
		}
		$form = sanitize_key( wp_unslash( $_POST['shopcredit_form'] ) );
		if ( ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['_wpnonce'] ) ), 'shopcredit_' . $form ) ) {
			wc_add_notice( __( 'The form expired; please try again.', 'shopcredit' ), 'error' );
			return;
		}
		$uid = (string) get_current_user_id();
		$cur = Bridge::currency();
		try {
			$amount = Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['amount'] ?? '' ) ), $cur );
			if ( 'increase' === $form ) {
				$r = Bridge::sc()->credit()->requestIncrease( Bridge::shopId(), $uid, $cur, 'ci-' . wp_generate_uuid4(), $amount, sanitize_textarea_field( wp_unslash( $_POST['message'] ?? '' ) ) );
			} elseif ( 'withdrawal' === $form ) {
				$r = Bridge::sc()->wallet()->requestWithdrawal( Bridge::shopId(), $uid, $cur, 'wd-' . wp_generate_uuid4(), $amount, sanitize_textarea_field( wp_unslash( $_POST['message'] ?? '' ) ) );
			} else {
				return;
			}
		} catch ( \Throwable $e ) {
			wc_add_notice( Money::typedError( $e ), 'error' );
			return;
		}
		if ( false === ( $r['accepted'] ?? true ) ) {
			wc_add_notice( Checkout::reasonsText( (array) ( $r['reasons'] ?? array() ) ), 'error' );
		} else {
			wc_add_notice( ! empty( $r['updated'] ) ? __( 'Your open request was updated.', 'shopcredit' ) : __( 'Your request was sent.', 'shopcredit' ) );
		}
		wp_safe_redirect( wc_get_account_endpoint_url( 'increase' === $form ? self::CREDIT : self::BALANCE ) );
		exit;
	}
}

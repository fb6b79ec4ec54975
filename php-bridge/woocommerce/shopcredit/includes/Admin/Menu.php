<?php
/**
 * Admin pages under WooCommerce: ShopCredit (accounts, receivables, requests, settings with the
 * runtime doctor's report). Every action: capability + nonce, values sanitized, all writes
 * through the bridge.
 */

namespace ShopCreditWC\Admin;

use ShopCreditWC\RestGuard;

defined( 'ABSPATH' ) || exit;

final class Menu {

	public const SLUG = 'shopcredit';

	public static function register(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ), 60 );
		foreach ( Actions::ACTIONS as $action ) {
			add_action( 'admin_post_shopcredit_' . $action, array( Actions::class, 'handle' ) );
		}
		add_action( 'admin_post_shopcredit_export', array( Ledger::class, 'export' ) );
		UserProfile::register();
	}

	public static function menu(): void {
		add_submenu_page( 'woocommerce', __( 'ShopCredit', 'shopcredit' ), __( 'ShopCredit', 'shopcredit' ), RestGuard::ADMIN_CAPABILITY, self::SLUG, array( self::class, 'render' ) );
	}

	/** @return array<string, string> tab → title */
	public static function tabs(): array {
		return array(
			'accounts'    => __( 'Accounts', 'shopcredit' ),
			'receivables' => __( 'Receivables', 'shopcredit' ),
			'requests'    => __( 'Requests', 'shopcredit' ),
			'ledger'      => __( 'Ledger', 'shopcredit' ),
			'statistics'  => __( 'Statistics', 'shopcredit' ),
			'settings'    => __( 'Settings', 'shopcredit' ),
		);
	}

	public static function url( string $tab, array $args = array() ): string {
		return add_query_arg( array( 'page' => self::SLUG, 'tab' => $tab ) + $args, admin_url( 'admin.php' ) );
	}

	public static function render(): void {
		if ( ! current_user_can( RestGuard::ADMIN_CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to access this page.', 'shopcredit' ) );
		}
		$tab = sanitize_key( wp_unslash( $_GET['tab'] ?? 'accounts' ) ); // phpcs:ignore WordPress.Security.NonceVerification
		$tab = array_key_exists( $tab, self::tabs() ) ? $tab : 'accounts';
		echo '<div class="wrap"><h1>' . esc_html__( 'ShopCredit', 'shopcredit' ) . '</h1><nav class="nav-tab-wrapper">';
		foreach ( self::tabs() as $k => $title ) {
			printf( '<a class="nav-tab%s" href="%s">%s</a>', $k === $tab ? ' nav-tab-active' : '', esc_url( self::url( $k ) ), esc_html( $title ) );
		}
		echo '</nav>';
		Actions::notice();
		try {
			match ( $tab ) {
				'settings' => SettingsPage::render(),
				'receivables' => Lists::receivables(),
				'requests' => Lists::requests(),
				'ledger' => Ledger::render(),
				'statistics' => Ledger::statistics(),
				default => Lists::accounts(),
			};
		} catch ( \Throwable $e ) {
			echo '<div class="notice notice-error"><p>' . esc_html( $e->getMessage() ) . '</p></div>';
		}
		echo '</div>';
	}
}

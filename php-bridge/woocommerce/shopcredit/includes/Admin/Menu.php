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

	private static string $hook = '';

	public static function register(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ), 60 );
		foreach ( Actions::ACTIONS as $action ) {
			add_action( 'admin_post_shopcredit_' . $action, array( Actions::class, 'handle' ) );
		}
		add_action( 'admin_post_shopcredit_export', array( Ledger::class, 'export' ) );
		add_action( 'admin_enqueue_scripts', array( self::class, 'assets' ) );
		MassPage::register();
		Bulk::register();
		UserProfile::register();
		add_filter( 'plugin_action_links_' . plugin_basename( SHOPCREDIT_WC_FILE ), array( self::class, 'pluginLinks' ) );
		add_action( 'admin_notices', array( self::class, 'activatedNotice' ) );
		RuntimeUpdate::register();
	}

	public static function menu(): void {
		self::$hook = (string) add_submenu_page( 'woocommerce', __( 'ShopCredit', 'shopcredit' ), __( 'ShopCredit', 'shopcredit' ), RestGuard::ADMIN_CAPABILITY, self::SLUG, array( self::class, 'render' ) );
	}

	/** @return array<string, string> tab → title */
	public static function tabs(): array {
		return array(
			'accounts'    => __( 'Credit lines', 'shopcredit' ),
			'balances'    => __( 'Store balances', 'shopcredit' ),
			'receivables' => __( 'Orders on account', 'shopcredit' ),
			'requests'    => __( 'Requests', 'shopcredit' ),
			'ledger'      => __( 'Movements', 'shopcredit' ),
			'statistics'  => __( 'Statistics', 'shopcredit' ),
			'mass'        => __( 'Mass credit / debit', 'shopcredit' ),
			'settings'    => __( 'Settings', 'shopcredit' ),
		);
	}

	public static function url( string $tab, array $args = array() ): string {
		return add_query_arg( array( 'page' => self::SLUG, 'tab' => $tab ) + $args, admin_url( 'admin.php' ) );
	}

	/** A "Settings" link on the plugin's row in Plugins. @param array<string, string> $links */
	public static function pluginLinks( array $links ): array {
		return array( 'settings' => sprintf( '<a href="%s">%s</a>', esc_url( self::url( 'settings' ) ), esc_html__( 'Settings', 'shopcredit' ) ) ) + $links;
	}

	/** Once, after activation: where to set the plugin up. */
	public static function activatedNotice(): void {
		if ( ! get_option( \ShopCreditWC\Lifecycle::ACTIVATED_NOTICE ) || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		delete_option( \ShopCreditWC\Lifecycle::ACTIVATED_NOTICE );
		printf( '<div class="notice notice-success is-dismissible"><p>%s <a href="%s">%s</a></p></div>', esc_html__( 'ShopCredit is active: store balance and pay on account are on with safe defaults.', 'shopcredit' ), esc_url( self::url( 'settings' ) ), esc_html__( 'Review the settings', 'shopcredit' ) );
	}

	/** WooCommerce's customer search (select2) on our lists and forms, the chart component on Statistics. */
	public static function assets( string $hook ): void {
		if ( '' === self::$hook || $hook !== self::$hook ) {
			return;
		}
		wp_enqueue_script( 'wc-enhanced-select' );
		wp_enqueue_script( 'shopcredit-admin', plugins_url( 'assets/admin/admin.js', SHOPCREDIT_WC_FILE ), array( 'jquery', 'wc-enhanced-select' ), SHOPCREDIT_WC_VERSION, array( 'in_footer' => true ) );
		wp_enqueue_style( 'woocommerce_admin_styles' );
		$tab = sanitize_key( wp_unslash( $_GET['tab'] ?? '' ) ); // phpcs:ignore WordPress.Security.NonceVerification
		if ( 'statistics' === $tab && is_file( SHOPCREDIT_WC_DIR . '/assets/widget/shopcredit-chart.js' ) ) {
			wp_enqueue_script( 'shopcredit-chart', plugins_url( 'assets/widget/shopcredit-chart.js', SHOPCREDIT_WC_FILE ), array(), SHOPCREDIT_WC_VERSION, array( 'in_footer' => true, 'strategy' => 'defer' ) );
			wp_enqueue_style( 'shopcredit-chart', plugins_url( 'assets/widget/shopcredit-chart.css', SHOPCREDIT_WC_FILE ), array(), SHOPCREDIT_WC_VERSION );
		}
		if ( 'mass' === $tab ) {
			MassPage::assets();
		}
	}

	public static function render(): void {
		if ( ! current_user_can( RestGuard::ADMIN_CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to access this page.', 'shopcredit' ) );
		}
		$tab = sanitize_key( wp_unslash( $_GET['tab'] ?? 'accounts' ) ); // phpcs:ignore WordPress.Security.NonceVerification
		$tab = array_key_exists( $tab, self::tabs() ) ? $tab : 'accounts';
		echo '<style>.shopcredit-table .column-payment{width:19em}.shopcredit-table .column-customer{width:16em}.shopcredit-table .column-decision{width:18em}.shopcredit-table .column-payment form{display:block!important;margin-bottom:.4em}.shopcredit-table td .description{word-break:break-all}</style>';
		echo '<div class="wrap"><h1>' . esc_html__( 'ShopCredit', 'shopcredit' ) . '</h1><nav class="nav-tab-wrapper">';
		foreach ( self::tabs() as $k => $title ) {
			printf( '<a class="nav-tab%s" href="%s">%s</a>', $k === $tab ? ' nav-tab-active' : '', esc_url( self::url( $k ) ), esc_html( $title ) );
		}
		echo '</nav>';
		Actions::notice();
		try {
			match ( $tab ) {
				'settings' => SettingsPage::render(),
				'balances' => Lists::balances(),
				'receivables' => Lists::receivables(),
				'mass' => MassPage::render(),
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

<?php
/** Wires the plugin into WordPress and WooCommerce once WooCommerce is loaded. */

namespace ShopCreditWC;

use ShopCreditWC\Gateway\CreditLineGateway;
use ShopCreditWC\Gateway\FinancingGateway;
use ShopCreditWC\Gateway\WalletGateway;

defined( 'ABSPATH' ) || exit;

final class Plugin {

	public static function boot(): void {
		load_plugin_textdomain( 'shopcredit', false, dirname( plugin_basename( SHOPCREDIT_WC_FILE ) ) . '/languages' );
		if ( ! class_exists( \WooCommerce::class ) || ! class_exists( \ShopCredit\Service\ShopCredit::class ) ) {
			add_action( 'admin_notices', static function (): void {
				echo '<div class="notice notice-error"><p>' . esc_html__( 'ShopCredit needs WooCommerce (and its bundled bridge).', 'shopcredit' ) . '</p></div>';
			} );
			return;
		}
		add_action( 'admin_init', array( Lifecycle::class, 'maybeUpgrade' ) );
		add_action( 'update_option_timezone_string', array( Lifecycle::class, 'timezoneChanged' ) );
		add_action( 'update_option_gmt_offset', array( Lifecycle::class, 'timezoneChanged' ) );
		Statuses::register();
		Orders\OrderEvents::register();
		Orders\OrderMails::register();
		PartialBalance::register();
		DisabledMethods::register();
		TopUp::register();
		Financing::register();
		Rest::register();
		Jobs::register();
		Emails::register();
		MyAccount::register();
		AccountStatement::register();
		OnAccountOrder::register();
		Widget::register();
		add_filter( 'woocommerce_payment_gateways', array( self::class, 'gateways' ) );
		add_action( 'woocommerce_blocks_payment_method_type_registration', array( self::class, 'blocks' ) );
		if ( is_admin() ) {
			Admin\Menu::register();
			Admin\OrderBoxes::register();
		}
	}

	/** @var list<array<string, mixed>>|null */
	private static ?array $solutions = null;

	/** The financing solutions configured in the core's settings (one gateway each), from the page copy. */
	public static function solutions(): array {
		if ( null === self::$solutions ) {
			self::$solutions = PageSettings::get()['solutions'];
			$ids = array( GatewayIds::CREDIT_LINE, GatewayIds::WALLET );
			foreach ( self::$solutions as $solution ) {
				$ids[] = GatewayIds::financing( (string) $solution['solutionCode'] );
			}
			self::primeOptions( array_map( static fn ( string $id ): string => 'woocommerce_' . $id . '_settings', $ids ) );
		}
		return self::$solutions;
	}

	/**
	 * Reads WooCommerce settings options of ours (gateways, e-mails) in one query before WooCommerce
	 * reads them one by one: they are not autoloaded, and one that was never saved cost a query of
	 * its own on every page.
	 * @param list<string> $names
	 */
	public static function primeOptions( array $names ): void {
		if ( function_exists( 'wp_prime_option_caches' ) ) {
			wp_prime_option_caches( $names );
		}
	}

	/** @param list<mixed> $gateways */
	public static function gateways( array $gateways ): array {
		$gateways[] = CreditLineGateway::class;
		$gateways[] = WalletGateway::class;
		foreach ( self::solutions() as $solution ) {
			$gateways[] = new FinancingGateway( $solution );
		}
		return $gateways;
	}

	public static function blocks( $registry ): void {
		$registry->register( new Blocks\CreditLineBlock() );
		$registry->register( new Blocks\WalletBlock() );
		foreach ( self::solutions() as $solution ) {
			$registry->register( new Blocks\FinancingBlock( $solution ) );
		}
	}
}

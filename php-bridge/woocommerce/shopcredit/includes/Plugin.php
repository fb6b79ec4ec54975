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
		if ( ! class_exists( \WooCommerce::class ) || ! defined( 'SHOPCREDIT_WC_BRIDGE' ) ) {
			add_action( 'admin_notices', static function (): void {
				echo '<div class="notice notice-error"><p>' . esc_html__( 'ShopCredit needs WooCommerce (and its bundled bridge).', 'shopcredit' ) . '</p></div>';
			} );
			return;
		}
		add_action( 'admin_init', array( Lifecycle::class, 'maybeUpgrade' ) );
		add_action( 'update_option_timezone_string', array( Lifecycle::class, 'timezoneChanged' ) );
		add_action( 'update_option_gmt_offset', array( Lifecycle::class, 'timezoneChanged' ) );
		Statuses::register();
		self::addHooks( self::LAZY_HOOKS );
		PartialBalance::register();
		TopUp::register();
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

	public const JOBS_HOOK        = 'shopcredit_run_jobs';
	public const FINANCING_RETURN = 'shopcredit_financing_return';
	/** WooCommerce's e-mails held while an order waits for its credit check (OrderMails). */
	public const MAILS_HELD = array( 'new_order', 'customer_processing_order' );

	/**
	 * Hooks whose handlers load only when the hook fires (naming a class by ::class loads nothing):
	 * order events and mails, the classic checkout's disabled methods, the financing return, the
	 * REST routes, the jobs and our e-mail classes are not needed on most pages, where loading
	 * their files cost every request. Rows: hook, class, method, priority, accepted arguments.
	 */
	public const LAZY_HOOKS = array(
		array( 'woocommerce_order_status_changed', Orders\OrderEvents::class, 'statusChanged', 20, 4 ),
		array( 'woocommerce_order_partially_refunded', Orders\OrderEvents::class, 'refunded', 10, 2 ),
		array( 'woocommerce_order_fully_refunded', Orders\OrderEvents::class, 'refunded', 10, 2 ),
		array( 'woocommerce_order_refunded', Orders\OrderEvents::class, 'refunded', 10, 2 ),
		array( 'woocommerce_payment_complete', Orders\OrderEvents::class, 'captured', 10, 2 ),
		array( 'woocommerce_email_enabled_' . self::MAILS_HELD[0], Orders\OrderMails::class, 'enabled', 10, 2 ),
		array( 'woocommerce_email_enabled_' . self::MAILS_HELD[1], Orders\OrderMails::class, 'enabled', 10, 2 ),
		array( 'woocommerce_review_order_before_payment', DisabledMethods::class, 'render', 20, 1 ),
		array( 'woocommerce_api_' . self::FINANCING_RETURN, Financing::class, 'handleReturn', 10, 1 ),
		array( 'woocommerce_thankyou', Financing::class, 'thankYou', 5, 1 ),
		array( 'woocommerce_view_order', Financing::class, 'thankYou', 5, 1 ),
		array( 'rest_api_init', Rest::class, 'routes', 10, 1 ),
		array( self::JOBS_HOOK, Jobs::class, 'run', 10, 1 ),
		// Checked where scheduled work runs (the queue runner, from WP-Cron or its async request,
		// before it claims actions) and in the admin: not on every storefront page.
		array( 'action_scheduler_run_queue', Jobs::class, 'schedule', 5, 1 ),
		array( 'admin_init', Jobs::class, 'schedule', 10, 1 ),
		array( 'woocommerce_email_classes', Emails::class, 'classes', 10, 1 ),
	);

	/** @param list<array{0: string, 1: class-string, 2: string, 3: int, 4: int}> $hooks rows as LAZY_HOOKS */
	public static function addHooks( array $hooks ): void {
		foreach ( $hooks as [ $hook, $class, $method, $priority, $args ] ) {
			add_filter( $hook, array( $class, $method ), $priority, $args );
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

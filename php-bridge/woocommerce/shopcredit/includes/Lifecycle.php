<?php
/**
 * Activation, upgrade and deactivation. Uninstall is uninstall.php (keeps the books unless the
 * admin ticked "drop the books on uninstall").
 */

namespace ShopCreditWC;

use ShopCredit\Runtime\RuntimeUnavailable;

defined( 'ABSPATH' ) || exit;

final class Lifecycle {

	public const VERSION_OPTION  = 'shopcredit_version';
	public const DEFAULTS_OPTION = 'shopcredit_defaults_installed';

	public const ACTIVATED_NOTICE = 'shopcredit_activated_notice';

	public static function activate(): void {
		self::install();
		Admin\RuntimeUpdate::check(); // the new code: the faster runtime checked again with its core
		update_option( self::ACTIVATED_NOTICE, 1, false );
		MyAccount::addEndpoints();
		flush_rewrite_rules();
	}

	/** Tables (the bridge's migrations), the core's working defaults, the top-up product. */
	public static function install(): void {
		// The ffi.preload header php.ini names lives in wp-content/shopcredit/, outside the plugin
		// folder an update replaces; (re)written here so it matches this server's libwasmtime.
		try {
			\ShopCredit\Runtime\Doctor::report( Bridge::runtimeConfig() + array( 'write_preload_header' => true ) );
		} catch ( \Throwable $e ) {
			if ( function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->warning( 'preload header: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			}
		}
		Bridge::sc( true );
		self::installDefaults();
		TopUp::ensureProduct();
		update_option( self::VERSION_OPTION, self::installedVersion(), false );
	}

	/** The plugin's version and the books' schema version: a new migration runs even when the plugin version did not change. */
	public static function installedVersion(): string {
		return SHOPCREDIT_WC_VERSION . '+schema' . (string) array_key_last( \ShopCredit\Storage\Migrations::versions() );
	}

	/** Runs the migrations again after the plugin files were replaced by a newer version. */
	public static function maybeUpgrade(): void {
		if ( get_option( self::VERSION_OPTION ) !== self::installedVersion() ) {
			self::install();
		} elseif ( 'yes' !== get_option( self::DEFAULTS_OPTION ) ) {
			self::installDefaults();
		}
		try {
			Orders\Adoption::adoptOpen(); // open orders of the earlier versions, a batch per admin page
		} catch ( \Throwable $e ) {
			wc_get_logger()->warning( 'adopting old orders: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
		}
	}

	/**
	 * The core's defaults for settings the shop does not have yet. When the core cannot run here
	 * (no FFI yet), this is retried on a later admin page: nothing is offered meanwhile.
	 */
	public static function installDefaults(): bool {
		try {
			Bridge::sc()->settings()->installDefaults( Bridge::shopId(), Bridge::currency(), 'install' );
			self::syncShop();
			update_option( self::DEFAULTS_OPTION, 'yes', false );
			return true;
		} catch ( RuntimeUnavailable ) {
			update_option( self::DEFAULTS_OPTION, 'no', false );
			return false;
		}
	}

	/**
	 * What the bridge reads from the shop: its time zone (the one clock: due dates, reminders,
	 * "today"), the status that starts the payment terms, the status at which a financed order's
	 * delivery is confirmed to the provider, the methods that may pay a top-up.
	 */
	public static function syncShop(): void {
		$sc = Bridge::sc();
		$sc->time->setTimezone( Bridge::shopId(), wp_timezone_string() );
		$sc->settings->set( Bridge::shopId(), 'orders.due_date_status', StatusMap::hostId( Options::get( 'due_date_status' ) ) );
		$shipped = Options::get( 'shipped_status' );
		if ( '' === $shipped ) {
			$sc->settings->delete( Bridge::shopId(), 'orders.shipped_status' ); // unset: any fulfilled status confirms the delivery
		} else {
			$sc->settings->set( Bridge::shopId(), 'orders.shipped_status', StatusMap::hostId( $shipped ) );
		}
		TopUpMethods::sync();
	}

	/** WordPress's time zone setting changed (Settings > General). */
	public static function timezoneChanged(): void {
		try {
			Bridge::sc()->time->setTimezone( Bridge::shopId(), wp_timezone_string() );
		} catch ( \Throwable $e ) {
			wc_get_logger()->warning( 'time zone: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
		}
	}

	public static function deactivate(): void {
		if ( function_exists( 'as_unschedule_all_actions' ) ) {
			as_unschedule_all_actions( Jobs::HOOK, array(), Jobs::GROUP );
		}
		flush_rewrite_rules();
	}
}

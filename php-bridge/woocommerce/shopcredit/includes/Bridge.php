<?php
/**
 * The bridge for this WordPress: the books in the shop's own database (tables
 * `{$wpdb->prefix}shopcredit_*`), the runtime picked by the bridge (wasmtime through FFI, or the
 * generated-PHP core when shipped), the financing provider from the plugin's options.
 */

namespace ShopCreditWC;

use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;

defined( 'ABSPATH' ) || exit;

final class Bridge {

	private static ?ShopCredit $sc = null;

	/** One composition root per request; migrations run only on activation and upgrade. */
	public static function sc( bool $install = false ): ShopCredit {
		if ( null !== self::$sc && ! $install ) {
			return self::$sc;
		}
		$config = array(
			'runtime' => self::runtimeConfig(),
			'install' => $install,
			'logger'  => static function ( string $level, string $message, array $context ): void {
				if ( function_exists( 'wc_get_logger' ) ) {
					wc_get_logger()->log( 'warning' === $level ? 'warning' : 'info', $message, array( 'source' => 'shopcredit' ) + $context );
				}
			},
		);
		// A site (or the admin-screen tests) may put the books elsewhere or set the clock: a `dsn` or
		// `connection` given here replaces WordPress's database.
		$config = (array) apply_filters( 'shopcredit_bridge_config', $config );
		if ( ! isset( $config['connection'] ) && ! isset( $config['dsn'] ) ) {
			global $wpdb;
			$config['connection'] = Connection::open( self::dsn( DB_HOST, DB_NAME ), DB_USER, DB_PASSWORD, self::tablePrefix( $wpdb->prefix ) );
		}
		// Read when a request talks to the provider (webhooks, returns, polling), not on every
		// checkout page: the options are not autoloaded (they hold the secrets).
		$config['webhook_keys'] = static function (): ?string {
			$key = Options::get( 'webhook_key' );
			return '' !== $key ? $key : null;
		};
		$config['scalexpert']   = static fn (): ?ScalexpertClient => self::providerClient( Options::all() );
		self::$sc = ShopCredit::boot( $config );
		PageSettings::watch();
		return self::$sc;
	}

	/** Drops the cached root (tests, after settings changed the provider). */
	public static function reset(): void {
		self::$sc = null;
	}

	/**
	 * WordPress's DB_HOST ("host", "host:port", "host:/path/socket", "[::1]:3307") → a PDO DSN.
	 */
	public static function dsn( string $dbHost, string $dbName ): string {
		$host = $dbHost;
		$port = null;
		$sock = null;
		if ( preg_match( '/^\[([^\]]+)\](?::(\d+))?$/', $dbHost, $m ) ) {
			$host = $m[1];
			$port = $m[2] ?? null;
		} elseif ( false !== ( $pos = strpos( $dbHost, ':' ) ) ) {
			$host = substr( $dbHost, 0, $pos );
			$rest = substr( $dbHost, $pos + 1 );
			if ( ctype_digit( $rest ) ) {
				$port = $rest;
			} elseif ( '' !== $rest ) {
				$sock = $rest;
			}
		}
		if ( null !== $sock ) {
			return 'mysql:unix_socket=' . $sock . ';dbname=' . $dbName . ';charset=utf8mb4';
		}
		if ( '' === $host || 'localhost' === $host && null === $port ) {
			// "localhost" in WordPress means the default socket; PDO does the same.
			$host = 'localhost';
		}
		return 'mysql:host=' . $host . ( null === $port ? '' : ';port=' . $port ) . ';dbname=' . $dbName . ';charset=utf8mb4';
	}

	/** `wp_` → `wp_shopcredit_` (the bridge allows 32 characters of [A-Za-z0-9_]). */
	public static function tablePrefix( string $wpPrefix ): string {
		return $wpPrefix . 'shopcredit_';
	}

	/** Runtime settings from wp-config constants, else the bridge's environment and defaults. */
	public static function runtimeConfig(): array {
		$c = array();
		foreach ( array( 'SHOPCREDIT_RUNTIME' => 'runtime', 'SHOPCREDIT_LIBWASMTIME' => 'library', 'SHOPCREDIT_CACHE_DIR' => 'cache_dir', 'SHOPCREDIT_PRELOAD_HEADER' => 'preload_header', 'SHOPCREDIT_WEB_USER' => 'web_user' ) as $const => $key ) {
			if ( defined( $const ) && '' !== (string) constant( $const ) ) {
				$c[ $key ] = (string) constant( $const );
			}
		}
		// php.ini names the preload header: it must survive plugin updates, which replace the
		// plugin's folder (a missing ffi.preload file stops PHP from starting at all).
		if ( ! isset( $c['cache_dir'] ) && false === getenv( 'SHOPCREDIT_CACHE_DIR' ) && defined( 'WP_CONTENT_DIR' ) ) {
			// Native code: never under the plugin folder (served); wp-content/shopcredit gets deny rules.
			$c['cache_dir'] = WP_CONTENT_DIR . '/shopcredit/wasmtime-cache';
		}
		if ( ! isset( $c['preload_header'] ) && defined( 'WP_CONTENT_DIR' ) ) {
			$c['preload_header'] = WP_CONTENT_DIR . '/shopcredit/preload/shopcredit_wasmtime.h';
		}
		return $c;
	}

	public static function shopId(): string {
		return (string) get_current_blog_id();
	}

	/** Filters through which a currency switcher (or a site) can change the currency within a request. */
	private const CURRENCY_FILTERS = array( 'woocommerce_currency', 'pre_option_woocommerce_currency', 'option_woocommerce_currency', 'pre_option' );

	/** @var array{0: int, 1: string}|null the blog and its currency, while nothing filters it */
	private static ?array $currency = null;

	/**
	 * The shop's currency. A checkout page asks about twenty-five times (each gateway, figure and
	 * description) and WooCommerce reads the option and runs its filter each time (~10k
	 * instructions): kept for the request per blog, until the option changes. Where something
	 * filters it (a currency switcher may answer per context), asked every time.
	 */
	public static function currency(): string {
		foreach ( self::CURRENCY_FILTERS as $hook ) {
			if ( has_filter( $hook ) ) {
				return strtoupper( get_woocommerce_currency() );
			}
		}
		$blog = get_current_blog_id();
		if ( null === self::$currency || self::$currency[0] !== $blog ) {
			foreach ( array( 'add_option_woocommerce_currency', 'update_option_woocommerce_currency', 'delete_option_woocommerce_currency' ) as $hook ) {
				has_action( $hook, array( self::class, 'currencyChanged' ) ) || add_action( $hook, array( self::class, 'currencyChanged' ) );
			}
			self::$currency = array( $blog, strtoupper( get_woocommerce_currency() ) );
		}
		return self::$currency[1];
	}

	/** The currency option was written: read it again. */
	public static function currencyChanged(): void {
		self::$currency = null;
	}

	/** @param array<string, string> $options */
	private static function providerClient( array $options ): ?ScalexpertClient {
		if ( '' === $options['provider_client_id'] || '' === $options['provider_client_secret'] ) {
			return null;
		}
		if ( null !== ScalexpertConfig::urlProblem( $options['provider_base_url'], 'yes' === $options['provider_custom_url'] ) ) {
			return null; // the credentials go to the provider's own host only (or a URL the merchant enabled)
		}
		try {
			return new ScalexpertClient( new ScalexpertConfig( $options['provider_client_id'], $options['provider_client_secret'], '' !== $options['provider_base_url'] ? $options['provider_base_url'] : ScalexpertConfig::BASE_URL_PROD ) );
		} catch ( \InvalidArgumentException ) {
			return null;
		}
	}
}

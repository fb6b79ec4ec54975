<?php
/**
 * The shop's enabled currencies: WooCommerce's own store currency first, then the currencies a
 * multi-currency plugin offers to customers, read through what each plugin documents (its
 * filter or its settings option), then our own filter `shopcredit_enabled_currencies` for any
 * other plugin. Every screen that takes or shows an amount per currency (settings, the user
 * profile, credit lines, mass credit/debit, lists, statistics, My account) offers these.
 *
 * A plugin's option is read only while that plugin runs (an option left behind by an
 * uninstalled plugin enables nothing); unknown codes are dropped (the books know ISO 4217).
 */

namespace ShopCreditWC;

use ShopCredit\Storage\MoneyFormat;

defined( 'ABSPATH' ) || exit;

final class Currencies {

	/** Our filter: `add_filter( 'shopcredit_enabled_currencies', fn ( array $codes ) => [ ...$codes, 'JPY' ] );` */
	public const FILTER = 'shopcredit_enabled_currencies';

	/** The sources, in the order they are read (names used by the tests and the README). */
	public const SOURCES = array( 'wcml', 'curcy', 'aelia', 'woocs' );

	private static ?self $wp = null;

	/** @var list<string>|null */
	private ?array $enabled = null;

	/**
	 * @param string                          $shop   WooCommerce's store currency (the option, never a switched one)
	 * @param \Closure(string, mixed): mixed  $option get_option()
	 * @param \Closure(string, mixed): mixed  $filter apply_filters() with one value
	 * @param \Closure(string): bool          $runs   whether the plugin named by a SOURCES entry runs
	 */
	public function __construct( private readonly string $shop, private readonly \Closure $option, private readonly \Closure $filter, private readonly \Closure $runs ) {
	}

	/** This WordPress's currencies (one reading per request). */
	public static function wp(): self {
		return self::$wp ??= new self(
			strtoupper( (string) get_option( 'woocommerce_currency', 'EUR' ) ),
			static fn ( string $name, mixed $default ): mixed => get_option( $name, $default ),
			static fn ( string $name, mixed $value ): mixed => apply_filters( $name, $value ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.DynamicHooknameFound -- the plugins' documented hooks and ours
			static fn ( string $source ): bool => self::running( $source ),
		);
	}

	/** @return list<string> the store currency first, then every other enabled one */
	public static function enabled(): array {
		return self::wp()->list();
	}

	/** WooCommerce's store currency, as set in WooCommerce > Settings > General (not the visitor's). */
	public static function shop(): string {
		return self::wp()->shop;
	}

	/** @return list<string> */
	public function list(): array {
		if ( null !== $this->enabled ) {
			return $this->enabled;
		}
		$codes = array( $this->shop );
		foreach ( self::SOURCES as $source ) {
			$codes = array_merge( $codes, $this->fromSource( $source ) );
		}
		$codes         = ( $this->filter )( self::FILTER, self::clean( $codes ) );
		$this->enabled = self::clean( array_merge( array( $this->shop ), is_array( $codes ) ? $codes : array() ) );
		return $this->enabled;
	}

	/** @return list<string> the codes one plugin enables (none when it does not run or is off) */
	public function fromSource( string $source ): array {
		return match ( $source ) {
			'wcml'  => $this->wcml(),
			'curcy' => $this->curcy(),
			'aelia' => self::codes( ( $this->filter )( 'wc_aelia_cs_enabled_currencies', array( $this->shop ) ) ),
			'woocs' => $this->woocs(),
			default => array(),
		};
	}

	/** WPML's WooCommerce Multilingual: `_wcml_settings`, multi-currency on, `currency_options` keyed by code. */
	private function wcml(): array {
		$s = ( $this->runs )( 'wcml' ) ? ( $this->option )( '_wcml_settings', array() ) : array();
		if ( ! is_array( $s ) || empty( $s['enable_multi_currency'] ) || ! is_array( $s['currency_options'] ?? null ) ) {
			return array();
		}
		return array_map( 'strval', array_keys( $s['currency_options'] ) );
	}

	/** CURCY (VillaTheme's Multi Currency for WooCommerce): `woo_multi_currency_params`, `enable` and the `currency` list. */
	private function curcy(): array {
		$s = ( $this->runs )( 'curcy' ) ? ( $this->option )( 'woo_multi_currency_params', array() ) : array();
		return is_array( $s ) && ! empty( $s['enable'] ) ? self::codes( $s['currency'] ?? array() ) : array();
	}

	/** WOOCS (FOX currency switcher): the `woocs` option keyed by code, as its `woocs_currency_data_manipulation` filter leaves it. */
	private function woocs(): array {
		if ( ! ( $this->runs )( 'woocs' ) ) {
			return array();
		}
		$all = ( $this->filter )( 'woocs_currency_data_manipulation', ( $this->option )( 'woocs', array() ) );
		return is_array( $all ) && count( $all ) > 1 ? array_map( 'strval', array_keys( $all ) ) : array(); // fewer than 2: WOOCS shows its own demo pair, not the merchant's
	}

	/** A list of codes, or a map code → name (Aelia's filter returns either), as codes. @return list<string> */
	private static function codes( mixed $value ): array {
		if ( ! is_array( $value ) ) {
			return array();
		}
		$out = array();
		foreach ( $value as $k => $v ) {
			$out[] = is_string( $k ) && preg_match( '/^[A-Za-z]{3}$/', $k ) ? $k : ( is_string( $v ) ? $v : '' );
		}
		return $out;
	}

	/** @param array<mixed> $codes @return list<string> upper-case known ISO codes, each once, in order */
	private static function clean( array $codes ): array {
		$out = array();
		foreach ( $codes as $c ) {
			$c = is_string( $c ) ? strtoupper( trim( $c ) ) : '';
			if ( MoneyFormat::isCurrency( $c ) && ! in_array( $c, $out, true ) ) {
				$out[] = $c;
			}
		}
		return $out;
	}

	/** Whether a multi-currency plugin runs (its main class or function, as each one defines it). */
	private static function running( string $source ): bool {
		return match ( $source ) {
			'wcml'  => class_exists( 'woocommerce_wpml', false ) || function_exists( 'wcml_get_woocommerce_currency_option' ),
			'curcy' => class_exists( 'WOOMULTI_CURRENCY_F_Data', false ) || class_exists( 'WOOMULTI_CURRENCY_Data', false ),
			'woocs' => class_exists( 'WOOCS', false ) || isset( $GLOBALS['WOOCS'] ),
			default => false,
		};
	}

	/** Tests: forget the request's reading. */
	public static function reset(): void {
		self::$wp = null;
	}
}

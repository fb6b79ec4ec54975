<?php
/**
 * The two settings of the books that WooCommerce asks for on every page (it registers gateways,
 * blocks and checkout fields before it knows what the page is): the financing solutions (one
 * gateway and one block each) and whether the checkout asks for a purchase-order number. They
 * are kept in an autoloaded option, so a page that judges nothing (home, catalogue) never opens
 * the books (a database connection and two queries). The copy is compared with the books at the
 * end of every request that opened them anyway (a checkout, an admin save), so a change shows
 * from the next such page on. It decides nothing: what is offered and what a purchase-order
 * number must be are judged by the core on the books' own settings at checkout and again when
 * the order is placed.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class PageSettings {

	public const OPTION = 'shopcredit_page_settings';

	private static bool $watching = false;

	/** @var array<int, array{solutions: list<array<string, mixed>>, po_number: string}> the copy per blog, as this request read or wrote it */
	private static array $copy = array();

	/**
	 * The copy, read once per request (a checkout page asks three times; WordPress unserialises
	 * the option on every get_option()).
	 * @return array{solutions: list<array<string, mixed>>, po_number: string}
	 */
	public static function get(): array {
		$blog = get_current_blog_id();
		if ( ! isset( self::$copy[ $blog ] ) ) {
			$v = get_option( self::OPTION );
			self::$copy[ $blog ] = is_array( $v ) && isset( $v['solutions'], $v['po_number'] ) && is_array( $v['solutions'] ) ? $v : self::refresh();
		}
		return self::$copy[ $blog ];
	}

	/**
	 * The books' values, stored when they differ from the copy. Books that cannot be read offer no
	 * solution and no field, and are not stored: the next page asks them again.
	 * @return array{solutions: list<array<string, mixed>>, po_number: string}
	 */
	public static function refresh(): array {
		try {
			$sc = Bridge::sc();
			$s  = $sc->facts->setting( Bridge::shopId(), 'financing.solutions' );
			$v  = array(
				'solutions' => is_array( $s ) ? array_values( array_filter( $s, static fn ( $x ): bool => is_array( $x ) && isset( $x['solutionCode'] ) ) ) : array(),
				'po_number' => $sc->purchaseOrders()->mode( Bridge::shopId() ),
			);
		} catch ( \Throwable ) {
			return array( 'solutions' => array(), 'po_number' => 'off' );
		}
		if ( get_option( self::OPTION ) !== $v ) {
			update_option( self::OPTION, $v, true );
		}
		return self::$copy[ get_current_blog_id() ] = $v;
	}

	/** The books were opened in this request: the copy is compared with them once it ends. */
	public static function watch(): void {
		if ( ! self::$watching && function_exists( 'add_action' ) ) {
			self::$watching = true;
			add_action( 'shutdown', array( self::class, 'refresh' ) );
		}
	}
}

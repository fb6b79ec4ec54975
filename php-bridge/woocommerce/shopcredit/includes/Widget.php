<?php
/**
 * The storefront widget (the header badge with remaining credit / balance), when the package
 * ships it (assets/widget), fed by GET /shopcredit/v1/me; and the blocks script's partial-balance
 * choice on the Cart/Checkout blocks.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Widget {

	public static function register(): void {
		add_action( 'wp_enqueue_scripts', array( self::class, 'enqueue' ) );
		// The badge's slot: in Storefront's header, else right after <body> (any theme).
		add_action( 'storefront_header', array( self::class, 'badgeSlot' ), 45 );
		add_action( 'wp_body_open', array( self::class, 'badgeSlot' ) );
	}

	public static function shipped(): bool {
		return is_file( SHOPCREDIT_WC_DIR . '/assets/widget/shopcredit-widget.js' );
	}

	private static bool $badge = false;

	public static function badgeSlot(): void {
		if ( self::$badge || ! is_user_logged_in() || ! self::shipped() || ( 'wp_body_open' === current_action() && 'storefront' === get_template() ) ) {
			return;
		}
		self::$badge = true;
		echo '<div class="shopcredit-badge-slot"><span data-shopcredit-badge></span></div>';
	}

	/** The financing timeline of an order (thank-you page, My account > view order). */
	public static function timelineSlot( \WC_Order $order ): void {
		if ( self::shipped() ) {
			printf( '<div data-shopcredit-timeline data-order="%s"></div>', esc_attr( Requests::orderRef( (int) $order->get_id() ) ) );
		}
	}

	public static function enqueue(): void {
		if ( ! is_user_logged_in() ) {
			return;
		}
		$dir = SHOPCREDIT_WC_DIR . '/assets/widget';
		$js  = null;
		foreach ( array( 'shopcredit-widget.js', 'widget.js', 'index.js' ) as $candidate ) {
			if ( is_file( "$dir/$candidate" ) ) {
				$js = $candidate;
				break;
			}
		}
		if ( null === $js ) {
			return;
		}
		wp_enqueue_script( 'shopcredit-widget', plugins_url( "assets/widget/$js", SHOPCREDIT_WC_FILE ), array(), SHOPCREDIT_WC_VERSION, array( 'in_footer' => true, 'strategy' => 'defer' ) );
		$locale = determine_locale();
		// What wp_localize_script would print, with the words spliced in already encoded (their
		// kept file holds the JSON: encoding them cost every page). The other values hold no
		// HTML entities, which wp_localize_script would have decoded.
		$data = (string) wp_json_encode(
			array(
				'endpoint' => esc_url_raw( rest_url( Rest::NS . '/me' ) ),
				'nonce'    => wp_create_nonce( 'wp_rest' ),
				'currency' => Bridge::currency(),
				'locale'   => str_replace( '_', '-', $locale ),
			)
		);
		// The widget's words in the site's language (the bridge's catalogue, the plugin's .mo
		// first), kept per language in a file (WidgetLabels).
		wp_add_inline_script( 'shopcredit-widget', 'var shopcreditWidget = ' . substr( $data, 0, -1 ) . ',"labels":' . WidgetLabels::json( $locale ) . '};', 'before' );
		foreach ( glob( "$dir/*.css" ) ?: array() as $css ) {
			wp_enqueue_style( 'shopcredit-widget-' . basename( $css, '.css' ), plugins_url( 'assets/widget/' . basename( $css ), SHOPCREDIT_WC_FILE ), array(), SHOPCREDIT_WC_VERSION );
		}
	}
}

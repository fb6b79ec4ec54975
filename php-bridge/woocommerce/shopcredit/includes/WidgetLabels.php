<?php
/**
 * The widget's words in the page's language (Words::widgetLabels(): about 125 texts, each a
 * translation lookup) kept as JSON in a PHP file per language, so a page for a logged-in customer
 * includes one file opcache keeps compiled instead of translating and encoding them all on every page.
 *
 * The file's name carries what its words come from: the language, this plugin's version and files
 * (an update or a reinstall rewrites them), the translation files WordPress reads for it (the
 * site's language pack and the plugin's own). Where a filter can change translations without a
 * file changing (gettext filters, another translation file chosen by a filter), the words are
 * translated on every page as before. Where wp-content/shopcredit cannot be written, too.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class WidgetLabels {

	/** Filters that can change what __() answers for our domain while no file changes. */
	private const LIVE_FILTERS = array( 'gettext', 'gettext_shopcredit', 'override_load_textdomain', 'pre_load_textdomain', 'load_textdomain_mofile', 'load_translation_file', 'lang_dir_for_domain', 'translation_file_format' );

	/** @return array<string, string|array<string, string>> */
	public static function get( ?string $locale = null ): array {
		return (array) json_decode( self::json( $locale ), true );
	}

	/**
	 * The words as JSON, as the page prints them: the kept file holds the encoded text, so a page
	 * neither translates nor encodes them (wp_localize_script encoded all 125 on every page).
	 */
	public static function json( ?string $locale = null ): string {
		$file = self::file( $locale ?? determine_locale() );
		if ( null !== $file && is_file( $file ) ) {
			$json = include $file;
			if ( is_string( $json ) && '' !== $json ) {
				return $json;
			}
		}
		$json = (string) wp_json_encode( Words::get()->widgetLabels() );
		if ( null !== $file ) {
			self::keep( $file, $json );
		}
		return $json;
	}

	/** Where this language's words are kept; null when they must be translated on every page. */
	public static function file( string $locale ): ?string {
		foreach ( self::LIVE_FILTERS as $hook ) {
			if ( has_filter( $hook ) ) {
				return null;
			}
		}
		$stamp = array( SHOPCREDIT_WC_VERSION, $locale, (int) @filemtime( __FILE__ ) ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a missing file is a 0
		foreach ( array( WP_LANG_DIR . '/plugins', SHOPCREDIT_WC_DIR . '/languages' ) as $dir ) {
			foreach ( array( 'mo', 'l10n.php' ) as $ext ) {
				$stamp[] = (int) @filemtime( "$dir/shopcredit-$locale.$ext" ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			}
		}
		return self::dir() . '/' . preg_replace( '/[^A-Za-z0-9_@-]/', '', $locale ) . '-' . md5( implode( '|', $stamp ) ) . '.php';
	}

	public static function dir(): string {
		return WP_CONTENT_DIR . '/shopcredit/widget-labels';
	}

	/**
	 * Writes the file whole (a page reading it at the same moment sees the old one or the new one)
	 * and removes the language's older ones. A failure only means translating again next time.
	 */
	private static function keep( string $file, string $json ): void {
		if ( ! wp_mkdir_p( dirname( $file ) ) ) {
			return;
		}
		$tmp = $file . '.' . wp_generate_password( 8, false ) . '.tmp';
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- our own cache file, written whole then renamed
		if ( false === @file_put_contents( $tmp, "<?php\n// ShopCredit: the storefront widget's words (JSON), rebuilt when they change.\nreturn " . var_export( $json, true ) . ";\n" ) || ! @rename( $tmp, $file ) ) { // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export,WordPress.PHP.NoSilencedErrors.Discouraged
			@unlink( $tmp ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			return;
		}
		$prefix = substr( basename( $file ), 0, -strlen( '-' . md5( '' ) . '.php' ) );
		foreach ( glob( dirname( $file ) . '/' . $prefix . '-*.php' ) ?: array() as $old ) {
			if ( $old !== $file ) {
				@unlink( $old ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			}
		}
	}
}

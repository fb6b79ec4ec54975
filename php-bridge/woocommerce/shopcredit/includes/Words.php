<?php
/**
 * The bridge's words (ShopCredit\I18n\Words: reasons, errors, order notes, statuses) in the
 * site's language, with amounts in WooCommerce's money format; a translation in the plugin's own
 * catalogue (the merchant's wording, another language) wins.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Words {

	private static ?\ShopCredit\I18n\Words $words = null;

	public static function get(): \ShopCredit\I18n\Words {
		return self::$words ??= \ShopCredit\I18n\Words::for(
			function_exists( 'determine_locale' ) ? determine_locale() : 'en_US',
			static fn ( string $english ): string => __( $english, 'shopcredit' ), // phpcs:ignore WordPress.WP.I18n.NonSingularStringLiteralText -- the bridge's catalogue, exported by tools/words.php
			static fn ( string $amount, string $currency ): string => html_entity_decode( wp_strip_all_tags( wc_price( $amount, \ShopCreditWC\Money::priceArgs( $currency ) ) ), ENT_QUOTES, 'UTF-8' ),
			static fn ( string $ymd ): string => date_i18n( get_option( 'date_format' ), strtotime( $ymd . ' 12:00:00' ) ),
		);
	}
}

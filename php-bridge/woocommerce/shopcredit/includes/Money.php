<?php
/**
 * WooCommerce amounts → the exact decimal strings the core takes.
 *
 * WooCommerce hands out floats (cart totals) and strings with any number of decimals (order
 * meta, settings); the bridge's MoneyFormat::fromHostNumber is the one place they become money,
 * rounded half away from zero at the currency's decimals. The adapter adds and subtracts no
 * money: every figure comes from the core or the books.
 */

namespace ShopCreditWC;

use ShopCredit\Storage\MoneyFormat;

defined( 'ABSPATH' ) || exit;

final class Money {

	/** A WooCommerce number (float, int or numeric string) → "12.30" for EUR, "5" for JPY. */
	public static function fromWc( int|float|string $value, string $currency ): string {
		return MoneyFormat::fromHostNumber( $value, strtoupper( $currency ) );
	}

	/**
	 * An amount a person typed (admin forms, top-ups, requests) → "12.50"; never rounded: more
	 * decimals than the currency has throws MoneyFormatException (errorCode too_many_decimals).
	 */
	public static function fromTyped( string $typed, string $currency ): string {
		return MoneyFormat::fromTyped( $typed, strtoupper( $currency ) );
	}

	/** Words for a refused typed amount (in $currency, the shop's by default). */
	public static function typedError( \Throwable $e, ?string $currency = null ): string {
		$code = $e instanceof \ShopCredit\Storage\MoneyFormatException ? $e->errorCode : 'invalid_amount';
		return Words::get()->error( $code, $currency ?? Bridge::currency() );
	}

	/** Minor units from the books (1230) → "12.30" EUR, for display. */
	public static function format( int $minor, string $currency ): string {
		return MoneyFormat::format( $minor, strtoupper( $currency ) );
	}

	/**
	 * wc_price()'s arguments for an amount in $currency: WooCommerce's own decimals for the shop's
	 * currency (the merchant's format), the currency's own for any other (¥500, not ¥500.00).
	 * @return array<string, mixed>
	 */
	public static function priceArgs( string $currency ): array {
		$currency = strtoupper( $currency );
		return array( 'currency' => $currency ) + ( $currency === Bridge::currency() ? array() : array( 'decimals' => self::decimals( $currency ) ) );
	}

	/** The decimals WooCommerce itself displays are not trusted: the currency's ISO exponent is. */
	public static function decimals( string $currency ): int {
		return MoneyFormat::exponent( strtoupper( $currency ) );
	}
}

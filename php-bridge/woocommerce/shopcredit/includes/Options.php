<?php
/**
 * The plugin's own options: provider credentials, webhook key, the order status that fixes due
 * dates, the status that means "shipped" for a financed order, and the payment methods that may
 * pay a top-up (copied into the bridge's settings), and whether uninstall drops the books.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Options {

	public const NAME = 'shopcredit_options';

	public const DEFAULTS = array(
		'provider_base_url'      => '',
		'provider_client_id'     => '',
		'provider_client_secret' => '',
		'webhook_key'            => '',
		'due_date_status'        => 'completed',
		'shipped_status'         => '', // '' = any status WooCommerce counts as done (Completed)
		'drop_data_on_uninstall' => 'no',
		'topup_product_id'       => '0',
		'provider_custom_url'    => 'no',
		'topup_methods'          => '', // JSON: payment method id → yes|no (TopUpMethods)
	);

	/** Never printed back into a page; an empty submit keeps the stored value. */
	public const SECRETS = array( 'provider_client_secret', 'webhook_key' );

	/**
	 * Posted options with every empty secret replaced by the stored one.
	 * @param array<string, string> $posted @param array<string, string> $stored
	 * @return array<string, string>
	 */
	public static function keepSecrets( array $posted, array $stored ): array {
		foreach ( self::SECRETS as $k ) {
			if ( '' === trim( (string) ( $posted[ $k ] ?? '' ) ) ) {
				$posted[ $k ] = (string) ( $stored[ $k ] ?? '' );
			}
		}
		return $posted;
	}

	/** @return array<string, string> */
	public static function all(): array {
		$stored = get_option( self::NAME, array() );
		$out    = self::DEFAULTS;
		foreach ( is_array( $stored ) ? $stored : array() as $k => $v ) {
			if ( array_key_exists( $k, self::DEFAULTS ) && is_scalar( $v ) ) {
				$out[ $k ] = (string) $v;
			}
		}
		return $out;
	}

	public static function get( string $name ): string {
		return self::all()[ $name ] ?? '';
	}

	/** @param array<string, string> $values known keys only; sanitized by the caller */
	public static function update( array $values ): void {
		$all = self::all();
		foreach ( $values as $k => $v ) {
			if ( array_key_exists( $k, self::DEFAULTS ) ) {
				$all[ $k ] = (string) $v;
			}
		}
		update_option( self::NAME, $all, false );
		Bridge::reset();
	}
}

<?php
/**
 * Our WC_Email classes (the order lifecycle's `email` actions and the jobs' notices), which the
 * merchant edits in WooCommerce > Settings > Emails.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Emails {

	public static function register(): void {
		add_filter( 'woocommerce_email_classes', array( self::class, 'classes' ) );
	}

	/** @param array<string, \WC_Email> $emails */
	public static function classes( array $emails ): array {
		Plugin::primeOptions( array_map( static fn ( string $class ): string => 'woocommerce_' . $class::ID . '_settings', Email\Catalog::all() ) );
		foreach ( Email\Catalog::all() as $class ) {
			$emails[ $class ] = new $class();
		}
		return $emails;
	}
}

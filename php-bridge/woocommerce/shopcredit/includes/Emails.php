<?php
/**
 * Our WC_Email classes (the order lifecycle's `email` actions and the jobs' notices), which the
 * merchant edits in WooCommerce > Settings > Emails.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Emails {

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
	}

	/** Our notices are about to be sent in this request (ensure()). */
	private static bool $sending = false;

	/**
	 * WooCommerce builds its mailer on every Store API request (cart, checkout) although it sends
	 * mail on few of them: there our nine e-mails (their settings, their words, eleven files) are
	 * built only when one of ours is sent, by ensure(). Everywhere else (the admin's settings, the
	 * REST settings, WooCommerce's own mail runs) they are listed as before.
	 * @param array<string, \WC_Email> $emails
	 */
	public static function classes( array $emails ): array {
		if ( ! self::$sending && Checkout::storeApiRequest() ) {
			return $emails;
		}
		Plugin::primeOptions( array_map( static fn ( string $class ): string => 'woocommerce_' . $class::ID . '_settings', Email\Catalog::all() ) );
		foreach ( Email\Catalog::all() as $class ) {
			$emails[ $class ] = new $class();
		}
		return $emails;
	}

	/** Before sending one of ours: the mailer with our e-mails, which listen to shopcredit_email_*. */
	public static function ensure(): void {
		self::$sending = true;
		$mailer        = WC()->mailer();
		if ( ! $mailer instanceof \WC_Emails ) {
			return; // not WooCommerce's mailer (a host double): it lists nothing to add to
		}
		foreach ( Email\Catalog::all() as $class ) {
			if ( ! isset( $mailer->emails[ $class ] ) ) {
				$mailer->emails[ $class ] = new $class(); // the mailer was built without them (a Store API request)
			}
		}
	}
}

<?php
/**
 * The core's notifications (`notifications: [{template, to}]`) → our WC_Email classes, which the
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
		foreach ( Email\Catalog::all() as $class ) {
			$emails[ $class ] = new $class();
		}
		return $emails;
	}

	/** @param list<array{template: string, to: string}> $notifications */
	public static function fromNotifications( \WC_Order $order, array $notifications, array $reasons ): void {
		if ( array() === $notifications ) {
			return;
		}
		WC()->mailer(); // loads the e-mail classes and their hooks
		foreach ( $notifications as $n ) {
			do_action( 'shopcredit_email_' . (string) ( $n['template'] ?? '' ), $order, $reasons, $n );
		}
	}
}

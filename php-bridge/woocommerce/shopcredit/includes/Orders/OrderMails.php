<?php
/**
 * WooCommerce's own "New order" (to the merchant) and "Processing order" (to the customer)
 * e-mails for orders paid with our methods are sent by the order lifecycle (an `email` action,
 * once, when the order reaches its paid status), not by WooCommerce's status transitions: our
 * orders reach that status from our own statuses (pending credit check, awaiting financing),
 * for which WooCommerce has no notification, or in the same request as the placement, which
 * would send them twice. The transition mails for these orders are held back here; the action
 * sends them through WooCommerce's mailer (the merchant's e-mail settings apply).
 */

namespace ShopCreditWC\Orders;

use ShopCreditWC\GatewayIds;

defined( 'ABSPATH' ) || exit;

final class OrderMails {

	/** WooCommerce e-mail ids the lifecycle sends for our orders. */
	public const HELD = \ShopCreditWC\Plugin::MAILS_HELD;

	private static bool $sending = false;

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
	}

	/** Held back: a status transition's notification of an order paid with one of our methods. */
	public static function enabled( $enabled, $order ) {
		if ( self::$sending || ! $order instanceof \WC_Order || ! str_starts_with( $order->get_payment_method(), GatewayIds::PREFIX ) ) {
			return $enabled;
		}
		return self::inTransitionNotification() ? false : $enabled;
	}

	/** WooCommerce sends transition mails from `woocommerce_order_status_{from}_to_{to}_notification`. */
	private static function inTransitionNotification(): bool {
		foreach ( (array) ( $GLOBALS['wp_current_filter'] ?? array() ) as $hook ) {
			if ( is_string( $hook ) && preg_match( '/^woocommerce_order_status_[a-z0-9_-]+_notification$/', $hook ) ) {
				return true;
			}
		}
		return false;
	}

	public static function sendWc( \WC_Order $order, string $emailClass ): void {
		$emails = WC()->mailer()->get_emails();
		if ( ! isset( $emails[ $emailClass ] ) ) {
			return;
		}
		self::$sending = true;
		try {
			$emails[ $emailClass ]->trigger( $order->get_id(), $order );
		} finally {
			self::$sending = false;
		}
	}
}

<?php
/**
 * Which of the shop's payment methods may pay a store-balance top-up (the merchant's choice on
 * the settings page; the bridge setting `orders.top_up_methods` the order lifecycle checks before
 * anyone pays). Methods that settle later (cash on delivery, bank transfer, cheque) are off until
 * the merchant turns them on: their orders look paid before the money is there. Ours never pay a
 * top-up.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class TopUpMethods {

	/** WooCommerce's own gateways whose orders are "paid" before the money arrives. */
	public const SETTLE_LATER = array( 'cod', 'bacs', 'cheque' );

	/**
	 * @param list<string> $gatewayIds the shop's payment methods
	 * @param array<string, string> $chosen the merchant's choices (id → yes|no); a method never chosen takes its default
	 * @return list<string> the methods that may pay a top-up
	 */
	public static function allowed( array $gatewayIds, array $chosen ): array {
		$out = array();
		foreach ( $gatewayIds as $id ) {
			if ( str_starts_with( $id, GatewayIds::PREFIX ) ) {
				continue;
			}
			$default = in_array( $id, self::SETTLE_LATER, true ) ? 'no' : 'yes';
			if ( 'yes' === ( $chosen[ $id ] ?? $default ) ) {
				$out[] = $id;
			}
		}
		return $out;
	}

	/** @return array<string, string> the merchant's choices */
	public static function chosen(): array {
		$c = json_decode( Options::get( 'topup_methods' ), true );
		return is_array( $c ) ? array_map( 'strval', $c ) : array();
	}

	/** @return array<string, string> the shop's payment methods but ours: id → title */
	public static function gateways(): array {
		$out = array();
		foreach ( WC()->payment_gateways() ? WC()->payment_gateways()->payment_gateways() : array() as $id => $g ) {
			if ( ! str_starts_with( (string) $id, GatewayIds::PREFIX ) ) {
				$out[ (string) $id ] = wp_strip_all_tags( (string) ( $g->get_method_title() ?: $g->get_title() ) );
			}
		}
		return $out;
	}

	/** @return list<string> */
	public static function current(): array {
		return self::allowed( array_keys( self::gateways() ), self::chosen() );
	}

	/** The bridge checks the same list (written when it differs: a method installed since, a choice saved). */
	public static function sync(): void {
		$now = self::current();
		if ( Bridge::sc()->settings->get( Bridge::shopId(), 'orders.top_up_methods' ) !== $now ) {
			Bridge::sc()->settings->set( Bridge::shopId(), 'orders.top_up_methods', $now );
		}
	}
}

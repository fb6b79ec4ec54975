<?php
/**
 * checkout.display = show_disabled: WooCommerce has no "disabled" payment method, so the methods
 * the core shows disabled are listed above the classic checkout's methods with their reasons
 * (the block checkout gets the same reasons in each method's data).
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class DisabledMethods {

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
	}

	/** @return list<array{title: string, reasons: list<string>}> */
	public static function list( Availability $a, array $titles ): array {
		$out = array();
		foreach ( $titles as $method => $title ) {
			$m = $a->method( $method );
			if ( null !== $m && true !== ( $m['available'] ?? false ) && 'disabled' === ( $m['display'] ?? '' ) ) {
				$out[] = array( 'title' => $title, 'reasons' => $a->reasons( $method ) );
			}
		}
		return $out;
	}

	public static function render(): void {
		$gateways = WC()->payment_gateways() ? WC()->payment_gateways()->payment_gateways() : array();
		$titles   = array();
		foreach ( array( 'credit_line' => GatewayIds::CREDIT_LINE, 'wallet_full' => GatewayIds::WALLET ) as $method => $id ) {
			if ( isset( $gateways[ $id ] ) && 'yes' === $gateways[ $id ]->enabled ) {
				$titles[ $method ] = $gateways[ $id ]->get_title();
			}
		}
		foreach ( self::list( Checkout::forCart(), $titles ) as $d ) {
			printf( '<p class="shopcredit-disabled-method"><strong>%s</strong>: %s</p>', esc_html( $d['title'] ), esc_html( Checkout::reasonsText( $d['reasons'] ) ) );
		}
	}
}

<?php
/**
 * Builds the bridge's request shapes from WooCommerce facts: the customer, the cart or order,
 * the order reference and idempotency keys, the financing buyer. Takes plain
 * values (read from WooCommerce by the callers) so it is testable without WordPress.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Requests {

	/**
	 * @param list<string> $roles the WordPress roles (the core's customer groups)
	 * @return array{customerId: ?string, groupIds: list<string>, loggedIn: bool}
	 */
	public static function customer( int $userId, array $roles ): array {
		return array(
			'customerId' => $userId > 0 ? (string) $userId : null,
			'groupIds'   => array_values( array_map( 'strval', $roles ) ),
			'loggedIn'   => $userId > 0,
		);
	}

	/**
	 * @param int|float|string $total WooCommerce's total (float from the cart, string from an order)
	 * @return array{currency: string, total: string, billingCountry: string, containsTopUp: bool}
	 */
	public static function cart( string $currency, int|float|string $total, string $billingCountry, bool $containsTopUp ): array {
		$currency = strtoupper( $currency );
		return array(
			'currency'       => $currency,
			'total'          => Money::fromWc( $total, $currency ),
			'billingCountry' => strtoupper( $billingCountry ),
			'containsTopUp'  => $containsTopUp,
		);
	}

	/** The order reference in the books: stable across HPOS on/off (the order id is kept). */
	public static function orderRef( int $orderId ): string {
		return 'wc-' . $orderId;
	}

	/** The order id of a reference, or null for a reference that is not ours. */
	public static function orderIdFromRef( string $ref ): ?int {
		return preg_match( '/^wc-([1-9][0-9]{0,18})$/', $ref, $m ) ? (int) $m[1] : null;
	}

	/**
	 * Buyer and billing for the provider (SubscriptionRequest's shapes).
	 * @param array<string, string> $b WooCommerce billing fields (first_name, last_name, email, phone, address_1, address_2, postcode, city, country, state)
	 * @return array{0: array<string, string>, 1: array<string, string>}
	 */
	public static function financingBuyer( array $b ): array {
		$buyer   = array(
			'firstName' => (string) ( $b['first_name'] ?? '' ),
			'lastName'  => (string) ( $b['last_name'] ?? '' ),
			'email'     => (string) ( $b['email'] ?? '' ),
			'phone'     => (string) ( $b['phone'] ?? '' ),
		);
		$street  = trim( (string) ( $b['address_1'] ?? '' ) . ' ' . (string) ( $b['address_2'] ?? '' ) );
		$billing = array(
			'street'  => $street,
			'zip'     => (string) ( $b['postcode'] ?? '' ),
			'city'    => (string) ( $b['city'] ?? '' ),
			'country' => strtoupper( (string) ( $b['country'] ?? '' ) ),
		);
		if ( '' !== (string) ( $b['state'] ?? '' ) ) {
			$billing['region'] = (string) $b['state'];
		}
		return array( $buyer, $billing );
	}
}

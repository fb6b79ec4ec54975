<?php
/**
 * Permission decisions of the REST routes, kept apart from WordPress so they are tested: the
 * widget's summary is only ever the logged-in customer's own (never an id from the request),
 * admin routes need the shop manager capability, the webhook is public because the bridge checks
 * its signature.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class RestGuard {

	public const ADMIN_CAPABILITY = 'manage_woocommerce';

	/** The summary route: a logged-in user (WordPress resolves cookie auth only with a valid X-WP-Nonce). */
	public static function summaryAllowed( int $currentUserId ): bool {
		return $currentUserId > 0;
	}

	/**
	 * Whose summary to read: always the current user. Any customer id in the request is ignored
	 * on purpose (a widget endpoint must not be an account lookup).
	 * @param array<string, mixed> $params the request's parameters (ignored)
	 */
	public static function summarySubject( int $currentUserId, array $params ): ?string {
		unset( $params );
		return $currentUserId > 0 ? (string) $currentUserId : null;
	}

	/** @param callable(string): bool $can current_user_can */
	public static function adminAllowed( callable $can ): bool {
		return (bool) $can( self::ADMIN_CAPABILITY );
	}

	/**
	 * The WordPress capabilities each admin action needs (all of them): the books' settings and
	 * customers' money need manage_woocommerce, an order's own actions edit_shop_orders too. A
	 * role that may only look (view_woocommerce_reports, read) is refused every action.
	 */
	public const ACTION_CAPABILITIES = array(
		'save_settings'       => array( 'manage_woocommerce' ),
		'faster_runtime'      => array( 'manage_woocommerce', 'manage_options' ), // a server setting: native code
		'set_account'         => array( 'manage_woocommerce' ),
		'record_payment'      => array( 'manage_woocommerce' ),
		'mark_paid'           => array( 'manage_woocommerce' ),
		'decide_increase'     => array( 'manage_woocommerce' ),
		'decide_withdrawal'   => array( 'manage_woocommerce' ),
		'mass_adjust'         => array( 'manage_woocommerce' ),
		'credit_decision'     => array( 'manage_woocommerce', 'edit_shop_orders' ),
		'refund_to_balance'   => array( 'manage_woocommerce', 'edit_shop_orders' ),
		'export'              => array( 'manage_woocommerce' ),
	);

	/** @param callable(string): bool $can current_user_can */
	public static function actionAllowed( string $action, callable $can ): bool {
		$caps = self::ACTION_CAPABILITIES[ $action ] ?? null;
		if ( null === $caps ) {
			return false;
		}
		foreach ( $caps as $cap ) {
			if ( ! $can( $cap ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The financing requests of one order for the widget's timeline, only when the order is the
	 * caller's own ($ownerId = the order's customer id); $timeline is asked only then.
	 * @param callable(): list<array<string, mixed>> $timeline Overview::financingTimeline() of the order
	 * @return list<array<string, mixed>>
	 */
	public static function financingPayload( int $currentUserId, int $ownerId, callable $timeline ): array {
		if ( $currentUserId <= 0 || $ownerId !== $currentUserId ) {
			return array();
		}
		return $timeline();
	}

	/** Nothing of the summary but the figures the widget shows (no ids, no audit data). */
	public static function summaryPayload( array $overview ): array {
		if ( true !== ( $overview['available'] ?? false ) ) {
			return array( 'available' => false, 'reason' => (string) ( $overview['reason'] ?? 'runtime_unavailable' ) );
		}
		$out    = array( 'available' => true, 'currency' => (string) $overview['currency'] );
		$credit = $overview['credit'] ?? null;
		if ( is_array( $credit ) ) {
			$out['credit'] = array_intersect_key( $credit, array_flip( array( 'limit', 'exposure', 'remaining', 'overdue', 'nextDueDate', 'blockingReasons', 'blocksNewOrders' ) ) );
		}
		$wallet = $overview['wallet'] ?? null;
		if ( is_array( $wallet ) ) {
			$out['wallet'] = array_intersect_key( $wallet, array_flip( array( 'balance', 'available', 'reserved', 'incoming' ) ) );
		}
		$out['receivables'] = array_values(
			array_map(
				static fn ( array $r ): array => array_intersect_key( $r, array_flip( array( 'orderRef', 'amount', 'paid', 'remaining', 'dueDate', 'state' ) ) ),
				array_filter( (array) ( $overview['receivables'] ?? array() ), 'is_array' )
			)
		);
		return $out;
	}
}

<?php
/**
 * The custom order statuses: awaiting financing, pending credit check, failed credit check;
 * registered for both order storages and listed in the admin, reports and bulk actions.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Statuses {

	public static function register(): void {
		add_action( 'init', array( self::class, 'registerPostStatuses' ) );
		add_filter( 'wc_order_statuses', array( self::class, 'orderStatuses' ) );
		add_filter( 'woocommerce_valid_order_statuses_for_payment', array( self::class, 'payableStatuses' ) );
		add_filter( 'woocommerce_valid_order_statuses_for_payment_complete', array( self::class, 'payableStatuses' ) );
		add_filter( 'woocommerce_reports_order_statuses', array( self::class, 'reportStatuses' ) );
		add_filter( 'woocommerce_order_is_pending_statuses', array( self::class, 'pendingStatuses' ) );
	}

	/** @return array<string, string> slug (with wc-) → label */
	public static function labels(): array {
		return array(
			'wc-' . StatusMap::AWAITING_FINANCING   => _x( 'Awaiting financing', 'Order status', 'shopcredit' ),
			'wc-' . StatusMap::PENDING_CREDIT_CHECK => _x( 'Pending credit check', 'Order status', 'shopcredit' ),
			'wc-' . StatusMap::FAILED_CREDIT_CHECK  => _x( 'Failed credit check', 'Order status', 'shopcredit' ),
		);
	}

	public static function registerPostStatuses(): void {
		foreach ( self::labels() as $slug => $label ) {
			register_post_status(
				$slug,
				array(
					'label'                     => $label,
					'public'                    => false,
					'exclude_from_search'       => false,
					'show_in_admin_all_list'    => true,
					'show_in_admin_status_list' => true,
					// Labels are translated above; the count pattern is WordPress's own shape of _n_noop().
					'label_count'               => array(
						0          => $label . ' <span class="count">(%s)</span>',
						1          => $label . ' <span class="count">(%s)</span>',
						'singular' => $label . ' <span class="count">(%s)</span>',
						'plural'   => $label . ' <span class="count">(%s)</span>',
						'context'  => null,
						'domain'   => null,
					),
				)
			);
		}
	}

	/** @param array<string, string> $statuses */
	public static function orderStatuses( array $statuses ): array {
		$out = array();
		foreach ( $statuses as $k => $v ) {
			$out[ $k ] = $v;
			if ( 'wc-pending' === $k ) {
				$out += self::labels();
			}
		}
		return $out + self::labels();
	}

	/** An order waiting for financing or failed on credit can still be paid another way. */
	public static function payableStatuses( array $statuses ): array {
		return array_values( array_unique( array_merge( $statuses, array( StatusMap::AWAITING_FINANCING, StatusMap::FAILED_CREDIT_CHECK ) ) ) );
	}

	/** Orders on account that passed are sales; those waiting count as placed in reports. */
	public static function reportStatuses( $statuses ) {
		if ( is_array( $statuses ) ) {
			$statuses[] = StatusMap::PENDING_CREDIT_CHECK;
			$statuses[] = StatusMap::AWAITING_FINANCING;
		}
		return $statuses;
	}

	public static function pendingStatuses( array $statuses ): array {
		$statuses[] = StatusMap::AWAITING_FINANCING;
		return $statuses;
	}
}

<?php
/**
 * Orders placed by the plugin's earlier versions (before Orders): they carry the old
 * `_shopcredit_funding` meta and no placement. The first event that comes for one (a status
 * change, a refund, a capture) hands it to Orders::adopt with what only WooCommerce knows — the
 * method, the total, the balance part, the status before this event, whether the other gateway
 * collected its part — and the books give the rest (what was reserved, paid, refunded, given
 * back). The event is then sent as usual; a financed order follows its subscription as stored.
 * The open ones (waiting for payment, a credit check or the lender, or paid and not done) are
 * handed over at the upgrade, a batch per admin page, so that a lender's webhook finds a
 * financed one in Orders; the others on their first event.
 */

namespace ShopCreditWC\Orders;

use ShopCreditWC\Bridge;
use ShopCreditWC\Checkout;
use ShopCreditWC\Money;
use ShopCreditWC\Requests;
use ShopCreditWC\StatusMap;

defined( 'ABSPATH' ) || exit;

final class Adoption {

	/** The old versions' order meta (read only). */
	public const FUNDING      = '_shopcredit_funding';       // credit_line | wallet | partial | financing
	public const BALANCE_PART = \ShopCreditWC\PartialBalance::PART; // what the balance paid of a partial order (same key then and now)
	public const TOPUP_DONE   = '_shopcredit_topup_credited';
	private const SKIPPED     = '_shopcredit_not_adopted';

	private const METHODS = array( 'credit_line' => 'credit_line', 'wallet' => 'wallet_full', 'partial' => 'wallet_partial', 'financing' => 'financing' );

	/** Set once every open old order was handed over (the upgrade's batches are done). */
	public const DONE_OPTION = 'shopcredit_old_orders_adopted';

	/**
	 * Orders::adopt's fields for an old order, or null when it is not one Orders takes.
	 * @param array{funding: string, topUp: bool, topUpCredited: bool, currency: string, total: string, balancePart: string, paymentMethod: string, status: string, paid: bool, customer: array<string, mixed>} $o
	 * @return array<string, mixed>|null
	 */
	public static function params( array $o ): ?array {
		$class = StatusMap::toClass( $o['status'] );
		if ( null === $class ) {
			return null;
		}
		$p = array(
			'customer'      => $o['customer'],
			'currency'      => $o['currency'],
			'total'         => $o['total'],
			'paymentMethod' => $o['paymentMethod'],
			'class'         => $class,
			'hostStatus'    => StatusMap::hostId( $o['status'] ),
		);
		if ( $o['topUp'] ) {
			return $p + array( 'kind' => 'top_up', 'method' => 'external', 'externalPaid' => $o['paid'] || $o['topUpCredited'] );
		}
		$method = self::METHODS[ $o['funding'] ] ?? null;
		if ( null === $method ) {
			return null; // nothing of ours
		}
		$p += array( 'kind' => 'goods', 'method' => $method );
		if ( 'wallet_partial' === $method ) {
			$p += array( 'walletPart' => $o['balancePart'], 'externalPaid' => $o['paid'] );
		}
		return $p;
	}

	/**
	 * Adopts an old order once (then it is placed with its payment method, as new ones are).
	 * @param string $status the WooCommerce status before the event being handled
	 */
	public static function adopt( \WC_Order $order, string $status ): bool {
		$funding = (string) $order->get_meta( self::FUNDING, true, 'edit' );
		// Old top-ups that were credited (a cancellation must take it back); one the old code never
		// credited stays out (a refused placement looks the same: it must never become creditable).
		$topUp = '' !== (string) $order->get_meta( self::TOPUP_DONE, true, 'edit' );
		if ( '' === $funding && ! $topUp ) {
			return false;
		}
		$cur = $order->get_currency();
		$p   = self::params(
			array(
				'funding'       => $funding,
				'topUp'         => $topUp,
				'topUpCredited' => $topUp,
				'currency'      => $cur,
				'total'         => Money::fromWc( $order->get_total( 'edit' ), $cur ),
				'balancePart'   => Money::fromWc( (string) ( $order->get_meta( self::BALANCE_PART, true, 'edit' ) ?: '0' ), $cur ),
				'paymentMethod' => (string) $order->get_payment_method(),
				'status'        => $status,
				'paid'          => null !== $order->get_date_paid( 'edit' ),
				'customer'      => Checkout::customer( (int) $order->get_customer_id() ),
			)
		);
		if ( null === $p ) {
			return false;
		}
		try {
			$a = Bridge::sc()->orders()->adopt( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), $p );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'adopting order ' . $order->get_id() . ': ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			return false;
		}
		$ok = true === ( $a['accepted'] ?? false ) || in_array( 'order_already_placed', (array) ( $a['reasons'] ?? array() ), true );
		if ( $ok ) {
			$order->update_meta_data( OrderEvents::PLACED_WITH, (string) $order->get_payment_method() );
			$order->save_meta_data();
		}
		return $ok;
	}

	/**
	 * One batch of the upgrade: open old orders not in Orders yet, with their status now.
	 * @return int how many were looked at (fewer than $max: none is left)
	 */
	public static function adoptOpen( int $max = 50 ): int {
		if ( 'yes' === get_option( self::DONE_OPTION ) ) {
			return 0;
		}
		$open   = array( 'pending', 'on-hold', 'processing', StatusMap::PENDING_CREDIT_CHECK, StatusMap::AWAITING_FINANCING );
		$orders = wc_get_orders(
			array(
				'limit'      => $max,
				'status'     => array_values( array_intersect( $open, array_map( array( StatusMap::class, 'strip' ), array_keys( wc_get_order_statuses() ) ) ) ),
				'meta_query' => array( // phpcs:ignore WordPress.DB.SlowDBQuery -- once, at the upgrade
					array( 'key' => self::FUNDING, 'compare' => 'EXISTS' ),
					array( 'key' => OrderEvents::PLACED_WITH, 'compare' => 'NOT EXISTS' ),
					array( 'key' => self::SKIPPED, 'compare' => 'NOT EXISTS' ),
				),
			)
		);
		foreach ( $orders as $order ) {
			if ( ! self::adopt( $order, (string) $order->get_status() ) ) {
				$order->update_meta_data( self::SKIPPED, 'yes' ); // not ours to hand over (or refused): never asked again
				$order->save_meta_data();
			}
		}
		if ( count( $orders ) < $max ) {
			update_option( self::DONE_OPTION, 'yes', false );
		}
		return count( $orders );
	}
}

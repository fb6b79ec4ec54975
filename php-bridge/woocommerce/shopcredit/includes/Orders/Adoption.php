<?php
/**
 * Orders placed by the plugin's earlier versions (before Orders): they carry the old
 * `_shopcredit_funding` meta and no placement. The first event that comes for one (a status
 * change, a refund, a capture) hands it to Orders::adopt with what only WooCommerce knows — the
 * method, the total, the balance part, the status before this event, whether the other gateway
 * collected its part — and the books give the rest (what was reserved, paid, refunded, given
 * back). The event is then sent as usual. Financing orders are not adopted (their provider's
 * updates drive them).
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

	private const METHODS = array( 'credit_line' => 'credit_line', 'wallet' => 'wallet_full', 'partial' => 'wallet_partial' );

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
			return null; // financing, or nothing of ours
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
}

<?php
/**
 * WooCommerce's order events → the bridge's order lifecycle (ShopCredit\Service\Orders), one
 * call each: placements (our gateways, a store-balance part, a top-up), every status change
 * (WooCommerce's own flow or by hand), refunds from WooCommerce's refund screen, the gateway's
 * payment completion. The host actions Orders answers are performed at once (HostActions), each
 * once even when two events of one order arrive together.
 *
 * Only orders placed through Orders are sent (meta PLACED_WITH names the payment method they were
 * placed with): an order paid another way afterwards (a failed credit check then a cheque) is
 * WooCommerce's alone.
 */

namespace ShopCreditWC\Orders;

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditWC\Bridge;
use ShopCreditWC\Checkout;
use ShopCreditWC\Money;
use ShopCreditWC\Requests;
use ShopCreditWC\StatusMap;
use ShopCreditWC\TopUp;

defined( 'ABSPATH' ) || exit;

final class OrderEvents {

	public const PLACED_WITH = '_shopcredit_placed_with';
	public const ATTEMPT     = '_shopcredit_attempt';
	public const TO_BALANCE  = '_shopcredit_to_balance'; // on a refund: the merchant gave it all back as store balance

	public static function register(): void {
		// Plugin::boot registers these rows; a class named there loads only when its hook fires.
		\ShopCreditWC\Plugin::addHooks( array_values( array_filter( \ShopCreditWC\Plugin::LAZY_HOOKS, static fn ( array $row ): bool => self::class === $row[1] ) ) );
	}

	public static function host(): HostActions {
		return new HostActions( new WcShopOrders(), \ShopCreditWC\Words::get() );
	}

	/**
	 * Placed through Orders with the method it still has; an order of the plugin's earlier
	 * versions is adopted first (its status before the event: $statusBefore).
	 */
	public static function managed( \WC_Order $order, ?string $statusBefore = null ): bool {
		$with = (string) $order->get_meta( self::PLACED_WITH, true, 'edit' );
		if ( '' === $with && '' === (string) $order->get_meta( self::ATTEMPT, true, 'edit' ) ) {
			return Adoption::adopt( $order, $statusBefore ?? (string) $order->get_status() );
		}
		return '' !== $with && $with === $order->get_payment_method();
	}

	/**
	 * Places the order (the server re-check: the core judges it again under the customer's lock).
	 * A refused placement booked nothing; a placement retried later (another method, the cart
	 * changed) is a new attempt; two at once (a double click) are one.
	 * @param array<string, mixed> $placement Orders::place's fields (method, total, walletPart, paymentMethod, kind)
	 * @return array<string, mixed> Orders' answer
	 */
	public static function place( \WC_Order $order, array $placement ): array {
		$attempt = (int) $order->get_meta( self::ATTEMPT, true, 'edit' ) + 1;
		$order->update_meta_data( self::ATTEMPT, (string) $attempt );
		$order->update_meta_data( self::PLACED_WITH, $order->get_payment_method() );
		$order->save();
		$placement += array(
			'customer'  => Checkout::customer( (int) $order->get_customer_id() ),
			'currency'  => $order->get_currency(),
			'stockHeld' => (bool) $order->get_data_store()->get_stock_reduced( $order->get_id() ),
		);
		try {
			$a = Bridge::sc()->orders()->place( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), $placement, 'placed:' . $attempt, self::host() );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'placing order ' . $order->get_id() . ' failed: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			$a = array( 'accepted' => false, 'reasons' => array( 'runtime_unavailable' ) );
		}
		if ( true !== ( $a['accepted'] ?? false ) ) {
			$order = wc_get_order( $order->get_id() );
			if ( null === ( $a['order'] ?? null ) ) {
				$order->delete_meta_data( self::PLACED_WITH ); // nothing of it is in the books
			}
			$order->add_order_note( sprintf( /* translators: %s: reasons */ __( 'ShopCredit refused the payment: %s', 'shopcredit' ), Checkout::reasonsText( (array) ( $a['reasons'] ?? array() ) ) ) );
			$order->save();
		}
		return $a;
	}

	/**
	 * Every status change. Orders is told the order's status as it is once this change is in:
	 * when another request changed it meanwhile (two merchants, a gateway and a merchant), the
	 * status read afresh follows, so the books end with the status WooCommerce ends with.
	 */
	public static function statusChanged( $orderId, $from, $to, $order = null ): void {
		$order = $order instanceof \WC_Order ? $order : wc_get_order( $orderId );
		if ( ! $order instanceof \WC_Order || null === StatusMap::toClass( (string) $to ) || ! self::managed( $order, (string) $from ) ) {
			return;
		}
		self::guarded( $order, static function ( string $ref ) use ( $order, $to ): void {
			$orders = Bridge::sc()->orders();
			if ( self::paidByHand( $order, (string) StatusMap::toClass( (string) $to ) ) ) {
				// The merchant says the money of a top-up arrived (cheque, wire, cash on delivery).
				$orders->paymentCaptured( Bridge::shopId(), $ref, 'manual:' . get_current_user_id(), self::host() );
			}
			$status = StatusMap::strip( (string) $to );
			for ( $round = 0; $round < 4 && null !== $status; $round++ ) {
				$key = 'status:' . $status . ':' . str_replace( '-', '', wp_generate_uuid4() );
				$orders->statusChanged( Bridge::shopId(), $ref, (string) StatusMap::toClass( $status ), StatusMap::hostId( $status ), $key, self::host() );
				$now    = WcShopOrders::freshStatus( (int) $order->get_id() );
				$status = null !== $now && $now !== $status && null !== StatusMap::toClass( $now ) ? $now : null;
			}
		} );
	}

	/** A top-up set paid by a shop manager in the back office (never a gateway at checkout). */
	private static function paidByHand( \WC_Order $order, string $class ): bool {
		return in_array( $class, array( V::STATUS_PAID, V::STATUS_FULFILLED ), true ) && is_admin() && current_user_can( 'edit_shop_orders' ) && TopUp::orderHasTopUp( $order );
	}

	/**
	 * A refund of WooCommerce's refund screen (or any wc_create_refund): split by funding source
	 * by the books. Booked before WooCommerce marks a fully refunded order "Refunded"; a refund
	 * the books refuse is undone (WooCommerce deletes it and shows why), unless the gateway
	 * already sent the money back: then the merchant is told.
	 * @throws \Exception the books refused a refund no gateway paid out yet
	 */
	public static function refunded( $orderId, $refundId ): void {
		$order  = wc_get_order( $orderId );
		$refund = wc_get_order( $refundId );
		if ( ! $order instanceof \WC_Order || ! $refund instanceof \WC_Order_Refund || ! self::managed( $order ) ) {
			return;
		}
		$via = $refund->get_refunded_payment() && ! str_starts_with( $order->get_payment_method(), \ShopCreditWC\GatewayIds::PREFIX );
		try {
			$a = Bridge::sc()->orders()->refunded(
				Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), (string) $refund->get_id(),
				Money::fromWc( $refund->get_amount( 'edit' ), $order->get_currency() ), $via, self::host(), 'yes' === $refund->get_meta( self::TO_BALANCE, true, 'edit' )
			);
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'refund of order ' . $order->get_id() . ': ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			$a = array( 'accepted' => false, 'reasons' => array( 'runtime_unavailable' ) );
		}
		if ( true === ( $a['accepted'] ?? false ) ) {
			return;
		}
		$why = Checkout::reasonsText( (array) ( $a['reasons'] ?? array() ) );
		if ( ! $via && 'woocommerce_order_refunded' !== current_action() ) {
			throw new \Exception( esc_html( sprintf( /* translators: %s: reasons */ __( 'ShopCredit cannot book this refund: %s', 'shopcredit' ), $why ) ) );
		}
		$order->add_order_note( sprintf( /* translators: %s: reasons */ __( 'ShopCredit did not book this refund: %s', 'shopcredit' ), $why ) );
	}

	/** The gateway's payment completion: money arrived (a top-up is credited now). */
	public static function captured( $orderId, $transactionId = '' ): void {
		$order = wc_get_order( $orderId );
		if ( ! $order instanceof \WC_Order || ! self::managed( $order ) ) {
			return;
		}
		self::guarded( $order, static function ( string $ref ) use ( $transactionId ): void {
			Bridge::sc()->orders()->paymentCaptured( Bridge::shopId(), $ref, '' === (string) $transactionId ? null : substr( (string) $transactionId, 0, 120 ), self::host() );
		} );
	}

	/** A failure here must never undo WooCommerce's own change: logged and noted (the job performs what is left). */
	private static function guarded( \WC_Order $order, callable $call ): void {
		try {
			$call( Requests::orderRef( (int) $order->get_id() ) );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'order ' . $order->get_id() . ': ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			$order->add_order_note( sprintf( /* translators: %s: error */ __( 'ShopCredit could not follow this change yet: %s', 'shopcredit' ), $e->getMessage() ) );
		}
	}
}

<?php
/**
 * "Store balance": the whole order paid from the customer's prepaid balance. The amount is
 * reserved under the balance's lock (the core re-checks it there), the order is paid, and the
 * reservation is posted when the order reaches a paid status.
 */

namespace ShopCreditWC\Gateway;

use ShopCreditWC\Bridge;
use ShopCreditWC\Checkout;
use ShopCreditWC\Money;
use ShopCreditWC\OrderMeta;
use ShopCreditWC\Requests;
use ShopCreditWC\TopUp;

defined( 'ABSPATH' ) || exit;

class WalletGateway extends AbstractGateway {

	public const ID = \ShopCreditWC\GatewayIds::WALLET;

	public function __construct() {
		$this->id                 = self::ID;
		$this->method_title       = __( 'Store balance', 'shopcredit' );
		$this->method_description = __( 'Customers pay with their prepaid store balance.', 'shopcredit' );
		parent::__construct();
	}

	public function coreMethod(): string {
		return 'wallet_full';
	}

	public function get_description() {
		$balance = $this->availability()->figure( 'wallet_full' );
		$text    = parent::get_description();
		if ( null !== $balance ) {
			$text .= ( '' === $text ? '' : ' ' ) . sprintf( /* translators: %s: amount */ __( 'Your balance: %s', 'shopcredit' ), wc_price( $balance ) );
		}
		return $text;
	}

	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		$cur   = $order->get_currency();
		$total = Money::fromWc( $order->get_total( 'edit' ), $cur );
		$id    = (int) $order->get_id();
		$key   = Requests::key( 'co', $id );
		$cart  = Requests::cart( $cur, $total, (string) $order->get_billing_country(), TopUp::orderHasTopUp( $order ) );
		try {
			$res = Bridge::sc()->checkout()->reserve( Bridge::shopId(), $key, Requests::orderRef( $id ), Checkout::customer( (int) $order->get_customer_id() ), Requests::reserveCart( $cart ), array( 'wallet' => $total ) );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'reserve failed: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			return $this->fail( $order, array( 'runtime_unavailable' ) );
		}
		if ( true !== ( $res['accepted'] ?? false ) ) {
			return $this->fail( $order, (array) ( $res['reasons'] ?? array( 'runtime_unavailable' ) ) );
		}
		OrderMeta::set( $order, OrderMeta::FUNDING, 'wallet' );
		OrderMeta::set( $order, OrderMeta::RESERVATION, $key . ':wallet' );
		$order->add_order_note( sprintf( /* translators: %s: amount */ __( 'Store balance reserved: %s', 'shopcredit' ), $total ) );
		// payment_complete() moves the order to its paid status; that change posts the reservation.
		$order->payment_complete( $key . ':wallet' );
		if ( WC()->cart ) {
			WC()->cart->empty_cart();
		}
		return array( 'result' => 'success', 'redirect' => $this->get_return_url( $order ) );
	}
}

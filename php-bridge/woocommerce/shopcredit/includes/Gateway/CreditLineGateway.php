<?php
/**
 * "Pay on account" (B2B credit line): the order reserves the amount on the customer's credit
 * line, waits in "Pending credit check", and the core's check moves it to the status the gateway
 * would normally set, or to "Failed credit check" with its reasons.
 */

namespace ShopCreditWC\Gateway;

use ShopCreditWC\Bridge;
use ShopCreditWC\Checkout;
use ShopCreditWC\CreditFlow;
use ShopCreditWC\Money;
use ShopCreditWC\OrderMeta;
use ShopCreditWC\Requests;

defined( 'ABSPATH' ) || exit;

class CreditLineGateway extends AbstractGateway {

	public const ID = \ShopCreditWC\GatewayIds::CREDIT_LINE;

	public function __construct() {
		$this->id                 = self::ID;
		$this->method_title       = __( 'Pay on account', 'shopcredit' );
		$this->method_description = __( 'Business customers pay later on their credit line, within their limit and payment terms.', 'shopcredit' );
		parent::__construct();
	}

	public function coreMethod(): string {
		return 'credit_line';
	}

	public function get_description() {
		$remaining = $this->availability()->figure( 'credit_line' );
		$text      = parent::get_description();
		if ( null !== $remaining ) {
			$text .= ( '' === $text ? '' : ' ' ) . sprintf( /* translators: %s: amount */ __( 'Remaining credit: %s', 'shopcredit' ), wc_price( $remaining ) );
		}
		return $text;
	}

	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		$cur   = $order->get_currency();
		$total = Money::fromWc( $order->get_total( 'edit' ), $cur );
		$id    = (int) $order->get_id();
		$cart  = Requests::cart( $cur, $total, (string) $order->get_billing_country(), false );
		try {
			// The server re-check: the core judges the order again under the account's lock.
			$res = Bridge::sc()->checkout()->reserve( Bridge::shopId(), Requests::key( 'co', $id ), Requests::orderRef( $id ), Checkout::customer( (int) $order->get_customer_id() ), Requests::reserveCart( $cart ), array( 'creditLine' => $total ) );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'reserve failed: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			return $this->fail( $order, array( 'runtime_unavailable' ) );
		}
		if ( true !== ( $res['accepted'] ?? false ) ) {
			return $this->fail( $order, (array) ( $res['reasons'] ?? array( 'runtime_unavailable' ) ) );
		}
		OrderMeta::set( $order, OrderMeta::FUNDING, 'credit_line' );
		OrderMeta::set( $order, OrderMeta::RESERVATION, Requests::key( 'co', $id ) . ':credit' );
		$order->save();
		CreditFlow::placed( $order );
		CreditFlow::run( $order );
		if ( WC()->cart ) {
			WC()->cart->empty_cart();
		}
		return array( 'result' => 'success', 'redirect' => $this->get_return_url( $order ) );
	}
}

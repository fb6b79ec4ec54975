<?php
/**
 * What our gateways share (modelled on WC_Gateway_BACS): settings fields, availability from the
 * core's eligibility answer, refunds split by funding source through the core.
 */

namespace ShopCreditWC\Gateway;

use ShopCreditWC\Availability;
use ShopCreditWC\Bridge;
use ShopCreditWC\Checkout;
use ShopCreditWC\Money;
use ShopCreditWC\OrderMeta;
use ShopCreditWC\PartialBalance;
use ShopCreditWC\Requests;

defined( 'ABSPATH' ) || exit;

abstract class AbstractGateway extends \WC_Payment_Gateway {

	/** The core's method name this gateway offers (credit_line, wallet_full, financing). */
	abstract public function coreMethod(): string;

	public function __construct() {
		$this->has_fields = false;
		$this->supports   = array( 'products', 'refunds' );
		$this->init_form_fields();
		$this->init_settings();
		$this->title       = (string) $this->get_option( 'title' );
		$this->description = (string) $this->get_option( 'description' );
		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
	}

	public function init_form_fields() {
		$this->form_fields = array(
			'enabled'     => array(
				'title'   => __( 'Enable/Disable', 'shopcredit' ),
				'type'    => 'checkbox',
				'label'   => sprintf( /* translators: %s: method name */ __( 'Enable %s', 'shopcredit' ), $this->method_title ),
				'default' => 'yes',
			),
			'title'       => array(
				'title'       => __( 'Title', 'shopcredit' ),
				'type'        => 'safe_text',
				'description' => __( 'This controls the title which the user sees during checkout.', 'shopcredit' ),
				'default'     => $this->method_title,
				'desc_tip'    => true,
			),
			'description' => array(
				'title'       => __( 'Description', 'shopcredit' ),
				'type'        => 'textarea',
				'description' => __( 'Payment method description that the customer will see on your checkout.', 'shopcredit' ),
				'default'     => $this->method_description,
				'desc_tip'    => true,
			),
		);
	}

	/** The core's answer for the current cart (or order being paid). */
	protected function availability(): Availability {
		return Checkout::forCart();
	}

	/** Listed only when enabled and the core says available for this cart. Fail closed. */
	public function is_available() {
		if ( ! parent::is_available() ) {
			return false;
		}
		if ( is_admin() && ! wp_doing_ajax() ) {
			return true; // settings screens list every enabled gateway
		}
		return $this->availability()->isAvailable( $this->coreMethod(), $this->solutionCode() );
	}

	public function solutionCode(): ?string {
		return null;
	}

	/** A refund from the order edit screen: the core splits it by what each source paid. */
	public function process_refund( $order_id, $amount = null, $reason = '' ) {
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof \WC_Order || null === $amount ) {
			return new \WP_Error( 'shopcredit_refund', __( 'Unknown order or amount.', 'shopcredit' ) );
		}
		$cur     = $order->get_currency();
		$refunds = $order->get_refunds();
		$latest  = reset( $refunds );
		$key     = Requests::key( 'rf', (int) $order->get_id(), $latest ? (string) $latest->get_id() : (string) time() );
		$sources = Requests::refundSources( $this->id, Money::fromWc( $order->get_total( 'edit' ), $cur ), PartialBalance::orderPart( $order ) );
		try {
			$r = Bridge::sc()->wallet()->refund( Bridge::shopId(), (string) $order->get_customer_id(), $cur, $key, Requests::orderRef( (int) $order->get_id() ), Money::fromWc( $amount, $cur ), $sources );
		} catch ( \Throwable $e ) {
			return new \WP_Error( 'shopcredit_refund', $e->getMessage() );
		}
		if ( true !== ( $r['accepted'] ?? false ) ) {
			return new \WP_Error( 'shopcredit_refund', Checkout::reasonsText( (array) ( $r['reasons'] ?? array() ) ) . ' (' . implode( ', ', (array) ( $r['reasons'] ?? array() ) ) . ')' );
		}
		OrderMeta::noteLegs( $order, __( 'Refund booked', 'shopcredit' ), (array) ( $r['legs'] ?? array() ), $reason );
		return true;
	}

	/** A failure the customer sees at checkout; the order keeps a note with the stable codes. */
	protected function fail( \WC_Order $order, array $reasons ): array {
		$order->add_order_note( sprintf( /* translators: %s: reason codes */ __( 'ShopCredit refused the payment: %s', 'shopcredit' ), implode( ', ', $reasons ) ) );
		wc_add_notice( Checkout::reasonsText( $reasons ), 'error' );
		return array( 'result' => 'failure' );
	}
}

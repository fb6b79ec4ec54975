<?php
/**
 * "Pay on account" (B2B credit line): the order lifecycle reserves the amount on the customer's
 * credit line and runs the credit check: the order reaches the status the gateway would normally
 * set, "Pending credit check" (the merchant reviews it) or "Failed credit check" with its reasons.
 */

namespace ShopCreditWC\Gateway;

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

	protected function figure( \ShopCreditWC\Availability $avail, callable $price ): ?string {
		$remaining = $avail->figure( 'credit_line' );
		return null === $remaining ? null : sprintf( /* translators: %s: amount */ __( 'Remaining credit: %s', 'shopcredit' ), $price( $remaining ) );
	}

	/**
	 * Reserved on the credit line and checked by the core in this request: accepted on account
	 * (WooCommerce's paid status and usual mails), waiting for the merchant's review, or refused.
	 */
	public function process_payment( $order_id ) {
		return $this->place( (int) $order_id );
	}
}

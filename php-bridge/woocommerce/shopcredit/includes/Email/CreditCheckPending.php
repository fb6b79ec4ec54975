<?php
/** Credit check pending */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class CreditCheckPending extends Base {

	public const ID = 'shopcredit_credit_check_pending';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = false;
		$this->title       = __( 'Credit check pending', 'shopcredit' );
		$this->description = __( 'Credit check pending (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_credit_check_pending';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Your order {order_number} is waiting for its credit check', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Credit check pending', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'Thank you for your order on account. We are checking it against your credit line and will confirm it shortly.', 'shopcredit' );
	}
}

<?php
/** Credit check failed */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class CreditCheckFailedCustomer extends Base {

	public const ID = 'shopcredit_credit_check_failed_customer';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = false;
		$this->title       = __( 'Credit check failed', 'shopcredit' );
		$this->description = __( 'Credit check failed (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_credit_check_failed_customer';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Your order {order_number} could not be placed on account', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Credit check failed', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'Your order could not be placed on your account. You can pay it another way with the link below.', 'shopcredit' );
	}
}

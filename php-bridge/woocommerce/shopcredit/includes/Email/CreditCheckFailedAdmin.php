<?php
/** Credit check failed (admin) */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class CreditCheckFailedAdmin extends Base {

	public const ID = 'shopcredit_credit_check_failed_admin';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = true;
		$this->title       = __( 'Credit check failed (admin)', 'shopcredit' );
		$this->description = __( 'Credit check failed (admin) (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_credit_check_failed_admin';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Order {order_number} failed its credit check', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Credit check failed (admin)', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'An order on account failed its credit check.', 'shopcredit' );
	}
}

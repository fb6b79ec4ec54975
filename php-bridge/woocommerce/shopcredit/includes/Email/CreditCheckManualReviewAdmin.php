<?php
/** An order on account waits for the merchant's credit decision (admin) */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class CreditCheckManualReviewAdmin extends Base {

	public const ID = 'shopcredit_credit_check_manual_review_admin';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = true;
		$this->title       = __( 'Credit check to review (admin)', 'shopcredit' );
		$this->description = __( 'An order on account waits for your approval (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_credit_check_manual_review_admin';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Order {order_number} waits for your credit decision', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Credit check to review', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'An order on account needs your approval before it is accepted: approve or decline it on the order\'s page.', 'shopcredit' );
	}
}

<?php
/** Credit increase decision */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class CreditIncreaseDecision extends Base {

	public const ID = 'shopcredit_credit_increase_decision';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = false;
		$this->title       = __( 'Credit increase decision', 'shopcredit' );
		$this->description = __( 'Credit increase decision (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_credit_increase_decision';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Your credit limit request was decided', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Credit increase decision', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'Your request for a higher credit limit was decided.', 'shopcredit' );
	}
}

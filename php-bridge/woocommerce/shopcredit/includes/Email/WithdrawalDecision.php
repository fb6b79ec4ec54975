<?php
/** Withdrawal decision */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class WithdrawalDecision extends Base {

	public const ID = 'shopcredit_withdrawal_decision';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = false;
		$this->title       = __( 'Withdrawal decision', 'shopcredit' );
		$this->description = __( 'Withdrawal decision (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_withdrawal_decision';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Your withdrawal request was decided', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Withdrawal decision', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'Your request to withdraw from your store balance was decided.', 'shopcredit' );
	}
}

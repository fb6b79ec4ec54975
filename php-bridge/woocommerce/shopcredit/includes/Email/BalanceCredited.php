<?php
/** Store balance credited */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class BalanceCredited extends Base {

	public const ID = 'shopcredit_balance_credited';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = false;
		$this->title       = __( 'Store balance credited', 'shopcredit' );
		$this->description = __( 'Store balance credited (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_balance_credited';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Your store balance was credited', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Store balance credited', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'Your store balance was credited.', 'shopcredit' );
	}
}

<?php
/** Payment reminder */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class OverdueReminder extends Base {

	public const ID = 'shopcredit_overdue_reminder';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = false;
		$this->title       = __( 'Payment reminder', 'shopcredit' );
		$this->description = __( 'Payment reminder (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_overdue_reminder';
	}

	public function get_default_subject() {
		return __( '[{site_title}] A payment on your account is due', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Payment reminder', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'This is a reminder about an order on your account that is due or overdue.', 'shopcredit' );
	}
}

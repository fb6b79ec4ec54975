<?php
/** A cancelled or refunded top-up whose credit was already spent in part (admin) */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

class TopUpReversalShortAdmin extends Base {

	public const ID = 'shopcredit_top_up_reversal_short_admin';

	public function __construct() {
		$this->id          = self::ID;
		$this->toAdmin     = true;
		$this->title       = __( 'Top-up credit already spent (admin)', 'shopcredit' );
		$this->description = __( 'A cancelled or refunded top-up could not take all its credit back (ShopCredit).', 'shopcredit' );
		parent::__construct();
	}

	protected function hook(): string {
		return 'shopcredit_email_top_up_reversal_short_admin';
	}

	public function get_default_subject() {
		return __( '[{site_title}] Top-up {order_number}: credit already spent', 'shopcredit' );
	}

	public function get_default_heading() {
		return __( 'Top-up credit already spent', 'shopcredit' );
	}

	protected function message(): string {
		return __( 'A store balance top-up was cancelled or refunded after the customer had spent part of its credit: the order\'s notes say how much could not be taken back.', 'shopcredit' );
	}
}

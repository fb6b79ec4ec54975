<?php
/** Every ShopCredit e-mail class (one per template the core names in its notifications). */

namespace ShopCreditWC\Email;

defined( 'ABSPATH' ) || exit;

final class Catalog {

	/** @return list<class-string<Base>> */
	public static function all(): array {
		return array(
			CreditCheckPending::class,
			CreditCheckFailedCustomer::class,
			CreditCheckFailedAdmin::class,
			OverdueReminder::class,
			CreditIncreaseDecision::class,
			WithdrawalDecision::class,
			BalanceCredited::class,
		);
	}
}

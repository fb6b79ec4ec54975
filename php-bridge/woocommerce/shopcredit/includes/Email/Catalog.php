<?php
/** Every ShopCredit e-mail class (one per template of the order lifecycle's `email` actions and the jobs' notices). */

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
			CreditCheckManualReviewAdmin::class,
			TopUpReversalShortAdmin::class,
		);
	}
}

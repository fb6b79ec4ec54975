<?php
/** Block checkout integration of "Pay on account". */

namespace ShopCreditWC\Blocks;

use ShopCreditWC\Gateway\CreditLineGateway;

defined( 'ABSPATH' ) || exit;

final class CreditLineBlock extends AbstractBlock {

	protected $name = CreditLineGateway::ID;

	protected function gateway(): \WC_Payment_Gateway {
		return new CreditLineGateway();
	}

	protected function coreMethod(): string {
		return 'credit_line';
	}
}

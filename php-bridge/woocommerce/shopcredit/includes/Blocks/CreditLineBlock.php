<?php
/** Block checkout integration of "Pay on account". */

namespace ShopCreditWC\Blocks;

use ShopCreditWC\Gateway\CreditLineGateway;

defined( 'ABSPATH' ) || exit;

final class CreditLineBlock extends AbstractBlock {

	// The id from GatewayIds: registering the block (on every page) does not load the gateway's class.
	protected $name = \ShopCreditWC\GatewayIds::CREDIT_LINE;

	protected function gateway(): \WC_Payment_Gateway {
		return new CreditLineGateway();
	}

	protected function coreMethod(): string {
		return 'credit_line';
	}
}

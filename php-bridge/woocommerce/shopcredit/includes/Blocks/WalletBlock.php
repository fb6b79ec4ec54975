<?php
/** Block checkout integration of "Store balance" (full payment; the partial choice is in the totals). */

namespace ShopCreditWC\Blocks;

use ShopCreditWC\Gateway\WalletGateway;

defined( 'ABSPATH' ) || exit;

final class WalletBlock extends AbstractBlock {

	// The id from GatewayIds: registering the block (on every page) does not load the gateway's class.
	protected $name = \ShopCreditWC\GatewayIds::WALLET;

	protected function gateway(): \WC_Payment_Gateway {
		return new WalletGateway();
	}

	protected function coreMethod(): string {
		return 'wallet_full';
	}
}

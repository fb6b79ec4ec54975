<?php
/** Block checkout integration of "Store balance" (full payment; the partial choice is in the totals). */

namespace ShopCreditWC\Blocks;

use ShopCreditWC\Gateway\WalletGateway;

defined( 'ABSPATH' ) || exit;

final class WalletBlock extends AbstractBlock {

	protected $name = WalletGateway::ID;

	protected function gateway(): \WC_Payment_Gateway {
		return new WalletGateway();
	}

	protected function coreMethod(): string {
		return 'wallet_full';
	}
}

<?php
/**
 * "Store balance": the whole order paid from the customer's prepaid balance, reserved and taken
 * under the balance's lock by the order lifecycle (the core re-checks it there).
 */

namespace ShopCreditWC\Gateway;

defined( 'ABSPATH' ) || exit;

class WalletGateway extends AbstractGateway {

	public const ID = \ShopCreditWC\GatewayIds::WALLET;

	public function __construct() {
		$this->id                 = self::ID;
		$this->method_title       = __( 'Store balance', 'shopcredit' );
		$this->method_description = __( 'Customers pay with their prepaid store balance.', 'shopcredit' );
		parent::__construct();
	}

	public function coreMethod(): string {
		return 'wallet_full';
	}

	protected function figure( \ShopCreditWC\Availability $avail, callable $price ): ?string {
		$balance = $avail->figure( 'wallet_full' );
		return null === $balance ? null : sprintf( /* translators: %s: amount */ __( 'Your balance: %s', 'shopcredit' ), $price( $balance ) );
	}

	/** Reserved and taken from the balance at once (Orders: the order is paid, WooCommerce's usual mails follow). */
	public function process_payment( $order_id ) {
		return $this->place( (int) $order_id );
	}
}

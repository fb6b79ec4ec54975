<?php
/** Our gateway ids, in one place that loads without WooCommerce (request builders, tests). */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class GatewayIds {
	/** Every ShopCredit gateway id starts with it. */
	public const PREFIX      = 'shopcredit_';
	public const CREDIT_LINE = 'shopcredit_account';
	public const WALLET      = 'shopcredit_balance';
	public const FINANCING_PREFIX = 'shopcredit_fin_';

	/** A financing solution's gateway id (one gateway per solution). */
	public static function financing( string $solutionCode ): string {
		return self::FINANCING_PREFIX . strtolower( preg_replace( '/[^A-Za-z0-9]+/', '_', $solutionCode ) );
	}
}

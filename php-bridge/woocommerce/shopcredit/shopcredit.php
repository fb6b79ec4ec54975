<?php
/**
 * Plugin Name:          ShopCredit for WooCommerce
 * Plugin URI:           https://github.com/shopcredit/shopcredit
 * Description:          Credit lines (pay on account), a prepaid store balance and financing follow-up, decided by the ShopCredit core.
 * Version:              0.1.0
 * Requires at least:    6.4
 * Requires PHP:         8.1
 * Requires Plugins:     woocommerce
 * WC requires at least: 8.0
 * WC tested up to:      11.0
 * Author:               ShopCredit
 * License:              GPL-2.0-or-later
 * Text Domain:          shopcredit
 * Domain Path:          /languages
 */

defined( 'ABSPATH' ) || exit;

define( 'SHOPCREDIT_WC_VERSION', '0.1.0' );
define( 'SHOPCREDIT_WC_FILE', __FILE__ );
define( 'SHOPCREDIT_WC_DIR', __DIR__ );

require_once __DIR__ . '/includes/autoload.php';

// HPOS and the Cart/Checkout blocks: declared before WooCommerce initialises its features.
add_action(
	'before_woocommerce_init',
	static function (): void {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', __FILE__, true );
		}
	}
);

register_activation_hook( __FILE__, array( \ShopCreditWC\Lifecycle::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \ShopCreditWC\Lifecycle::class, 'deactivate' ) );

add_action( 'plugins_loaded', array( \ShopCreditWC\Plugin::class, 'boot' ), 20 );

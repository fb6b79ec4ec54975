<?php
/**
 * Autoloaders: ShopCreditWC\ (this plugin, includes/) and ShopCredit\ (the bundled bridge).
 */

defined( 'ABSPATH' ) || exit;

spl_autoload_register(
	static function ( string $class ): void {
		if ( str_starts_with( $class, 'ShopCreditWC\\' ) ) {
			$file = __DIR__ . '/' . str_replace( '\\', '/', substr( $class, 13 ) ) . '.php';
			if ( is_file( $file ) ) {
				require_once $file;
			}
		}
	}
);

// The bridge ships inside the package (bridge/); in a source checkout it is php-bridge/src.
foreach ( array( dirname( __DIR__ ) . '/bridge/src/autoload.php', dirname( __DIR__, 3 ) . '/src/autoload.php' ) as $shopcredit_bridge ) {
	if ( is_file( $shopcredit_bridge ) ) {
		require_once $shopcredit_bridge;
		define( 'SHOPCREDIT_WC_BRIDGE', $shopcredit_bridge ); // Plugin::boot checks it without loading a class
		break;
	}
}
unset( $shopcredit_bridge );

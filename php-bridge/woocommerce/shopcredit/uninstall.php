<?php
/**
 * Uninstall: the books (balances, movements, receivables, financing follow-up, audit trail) are
 * kept unless the admin asked to drop them in ShopCredit > Settings; a reinstall finds them again.
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/autoload.php';

$shopcredit_options = get_option( 'shopcredit_options', array() );
if ( is_array( $shopcredit_options ) && 'yes' === ( $shopcredit_options['drop_data_on_uninstall'] ?? 'no' ) ) {
	global $wpdb;
	$shopcredit_connection = \ShopCredit\Storage\Connection::open(
		\ShopCreditWC\Bridge::dsn( DB_HOST, DB_NAME ),
		DB_USER,
		DB_PASSWORD,
		\ShopCreditWC\Bridge::tablePrefix( $wpdb->prefix )
	);
	( new \ShopCredit\Storage\Migrations( $shopcredit_connection ) )->uninstall( true );
	delete_option( 'shopcredit_options' );
	delete_option( 'shopcredit_version' );
	delete_option( 'shopcredit_defaults_installed' );
	delete_option( 'shopcredit_activated_notice' );
	delete_option( 'shopcredit_mass_batches' );
	delete_option( 'shopcredit_old_orders_adopted' );
}
// A copy of two settings of the books (includes/PageSettings.php), rebuilt from them when needed.
delete_option( 'shopcredit_page_settings' );
// A notice about the last update not seen yet (includes/Admin/RuntimeUpdate.php).
delete_option( 'shopcredit_faster_update_notice' );
// The widget's words kept per language (includes/WidgetLabels.php), rebuilt when needed.
foreach ( glob( WP_CONTENT_DIR . '/shopcredit/widget-labels/*.php' ) ?: array() as $shopcredit_labels ) {
	wp_delete_file( $shopcredit_labels );
}
@rmdir( WP_CONTENT_DIR . '/shopcredit/widget-labels' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- only when empty

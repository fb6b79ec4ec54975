<?php
/**
 * Keeps the merchant's "faster runtime" across an update of the plugin. An update replaces the
 * core, so the choice no longer matches and the shop answers through the plain-PHP core. On the
 * first admin page the new code serves (admin_init), and on activation, the doctor checks
 * wasmtime again with the new core in this web server's PHP. It records the choice only when
 * the check passes (Doctor::keepFasterAfterUpdate). The merchant sees what happened once, as a
 * notice. Never on a storefront request, an AJAX call or WP-Cron: the check may compile the wasm.
 * upgrader_process_complete is not used: it runs in the code the update replaced.
 */

namespace ShopCreditWC\Admin;

use ShopCredit\Runtime\Doctor;
use ShopCreditWC\Bridge;

defined( 'ABSPATH' ) || exit;

final class RuntimeUpdate {

	/** What the last check after an update gave (Doctor's code), until the merchant has seen it. */
	public const NOTICE_OPTION = 'shopcredit_faster_update_notice';

	public static function register(): void {
		add_action( 'admin_init', array( self::class, 'check' ) );
		add_action( 'admin_notices', array( self::class, 'notice' ) );
	}

	/** admin_init and activation: the check, on an admin page of someone who runs the shop. */
	public static function check(): void {
		if ( ! is_admin() || wp_doing_ajax() || wp_doing_cron() || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		try {
			$r = Doctor::keepFasterAfterUpdate( Bridge::runtimeConfig() );
		} catch ( \Throwable $e ) {
			if ( function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->warning( 'faster runtime after an update: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			}
			return;
		}
		if ( null !== $r ) {
			update_option( self::NOTICE_OPTION, $r['code'], false );
		}
	}

	/** Once: whether the faster runtime stays on after the update, in the shop owner's words. */
	public static function notice(): void {
		$code = (string) get_option( self::NOTICE_OPTION, '' );
		if ( '' === $code || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		delete_option( self::NOTICE_OPTION );
		$words = self::words();
		$kept  = 'kept' === $code;
		$link  = $kept ? '' : sprintf( ' <a href="%s">%s</a>', esc_url( Menu::url( 'settings' ) . '#shopcredit-runtime-words' ), esc_html__( 'See the runtime doctor', 'shopcredit' ) );
		printf( '<div id="shopcredit-faster-update" class="notice %s"><p>%s%s</p></div>', $kept ? 'notice-success is-dismissible' : 'notice-warning', esc_html( $words[ $code ] ?? $words['cannot_run'] ), $link ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
	}

	/** @return array<string, string> Doctor::keepFasterAfterUpdate's code → words */
	private static function words(): array {
		return array(
			'kept'          => __( 'ShopCredit was updated: the faster runtime (wasmtime) was checked again with the new version on this server and stays on.', 'shopcredit' ),
			'cannot_run'    => __( 'ShopCredit was updated, and the faster runtime (wasmtime) cannot run with the new version on this server: the plain-PHP core answers, with the same decisions.', 'shopcredit' ),
			'wrong_answer'  => __( 'ShopCredit was updated, and the faster runtime (wasmtime) gave a wrong answer to a test decision with the new version on this server: the plain-PHP core answers, with the same decisions.', 'shopcredit' ),
			'cannot_record' => __( 'ShopCredit was updated, and the check of the faster runtime (wasmtime) with the new version could not be recorded on this server: the plain-PHP core answers, with the same decisions.', 'shopcredit' ),
		);
	}
}

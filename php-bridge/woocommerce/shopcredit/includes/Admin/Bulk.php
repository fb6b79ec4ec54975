<?php
/**
 * Bulk actions of the list tables (WordPress's own bulk-action menu): orders on account marked
 * paid, credit-increase requests declined, withdrawal requests approved or rejected — each item
 * through the same call as its row's button, the merchant told how many went through and why
 * the others did not.
 */

namespace ShopCreditWC\Admin;

use ShopCreditWC\RestGuard;

defined( 'ABSPATH' ) || exit;

final class Bulk {

	/** bulk action → [the single action whose right it needs, the list table's plural (nonce), the field holding the items] */
	public const ACTIONS = array(
		'bulk_mark_paid'           => array( 'mark_paid', 'receivables', 'refs' ),
		'bulk_decline_increase'    => array( 'decide_increase', 'requests', 'ids' ),
		'bulk_approve_withdrawal'  => array( 'decide_withdrawal', 'requests', 'ids' ),
		'bulk_reject_withdrawal'   => array( 'decide_withdrawal', 'requests', 'ids' ),
	);

	public static function register(): void {
		foreach ( array_keys( self::ACTIONS ) as $a ) {
			add_action( 'admin_post_shopcredit_' . $a, array( self::class, 'handle' ) );
		}
		// "Apply" with no bulk action chosen: back to the list.
		add_action( 'admin_post_-1', static fn () => wp_safe_redirect( wp_get_referer() ?: admin_url() ) && exit );
	}

	public static function handle(): void {
		$bulk = substr( sanitize_key( wp_unslash( $_REQUEST['action'] ?? '' ) ), strlen( 'shopcredit_' ) ); // phpcs:ignore WordPress.Security.NonceVerification -- checked below
		[ $right, $plural, $field ] = self::ACTIONS[ $bulk ] ?? array( '', '', '' );
		if ( '' === $right || ! RestGuard::actionAllowed( $right, 'current_user_can' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'shopcredit' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( 'bulk-' . $plural );
		$by     = 'admin:' . get_current_user_id();
		$done   = 0;
		$not    = 0;
		$why    = array();
		$owners = (array) wp_unslash( $_POST['owner'] ?? array() );
		foreach ( array_slice( array_map( 'sanitize_text_field', (array) wp_unslash( $_POST[ $field ] ?? array() ) ), 0, 200 ) as $item ) {
			try {
				[ $ok, $msg ] = match ( $bulk ) {
					'bulk_mark_paid' => Actions::markPaid( $item, $by ),
					'bulk_decline_increase' => Actions::decideIncrease( $item, 'decline', null, $by ),
					default => Actions::decideWithdrawal( $item, absint( $owners[ $item ] ?? 0 ), 'bulk_approve_withdrawal' === $bulk ? 'approve' : 'reject', $by ),
				};
			} catch ( \Throwable $e ) {
				[ $ok, $msg ] = array( false, $e->getMessage() );
			}
			$done += $ok ? 1 : 0;
			$not  += $ok ? 0 : 1;
			if ( ! $ok ) {
				$why[ $msg ] = true;
			}
		}
		/* translators: 1: items done, 2: items refused, 3: why */
		$text = sprintf( __( '%1$s done, %2$s not: %3$s', 'shopcredit' ), number_format_i18n( $done ), number_format_i18n( $not ), implode( ' ', array_keys( $why ) ) );
		set_transient( 'shopcredit_notice_' . get_current_user_id(), array( 0 === $not, 0 === $not ? sprintf( /* translators: %s: number of items */ __( '%s done.', 'shopcredit' ), number_format_i18n( $done ) ) : $text ), 60 );
		wp_safe_redirect( wp_get_referer() ?: Menu::url( 'receivables' ) );
		exit;
	}
}

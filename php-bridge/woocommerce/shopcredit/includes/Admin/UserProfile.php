<?php
/** Per-customer credit settings on the user profile (shop managers only). */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\Money;
use ShopCreditWC\RestGuard;

defined( 'ABSPATH' ) || exit;

final class UserProfile {

	public static function register(): void {
		add_action( 'show_user_profile', array( self::class, 'fields' ) );
		add_action( 'edit_user_profile', array( self::class, 'fields' ) );
		add_action( 'personal_options_update', array( self::class, 'save' ) );
		add_action( 'edit_user_profile_update', array( self::class, 'save' ) );
	}

	public static function fields( \WP_User $user ): void {
		if ( ! current_user_can( RestGuard::ADMIN_CAPABILITY ) ) {
			return;
		}
		try {
			$row = Bridge::sc()->accounts->find( 'credit:' . Bridge::shopId() . ':' . $user->ID . ':' . Bridge::currency() );
		} catch ( \Throwable ) {
			$row = null;
		}
		$limit = null === $row ? '' : Money::format( (int) $row['credit_limit'], Bridge::currency() );
		wp_nonce_field( 'shopcredit_profile_' . $user->ID, 'shopcredit_profile_nonce' );
		echo '<h2 id="shopcredit">' . esc_html__( 'ShopCredit', 'shopcredit' ) . '</h2><table class="form-table">';
		printf( '<tr><th><label for="shopcredit-limit">%s</label></th><td><input id="shopcredit-limit" name="shopcredit_limit" value="%s" inputmode="decimal" /> %s</td></tr>', esc_html__( 'Credit limit', 'shopcredit' ), esc_attr( $limit ), esc_html( Bridge::currency() ) );
		echo '<tr><th><label for="shopcredit-risk">' . esc_html__( 'Risk', 'shopcredit' ) . '</label></th><td><select id="shopcredit-risk" name="shopcredit_risk">';
		foreach ( \ShopCreditWC\Words::get()->options( 'risk_level' ) as $r => $label ) {
			printf( '<option value="%s" %s>%s</option>', esc_attr( $r ), selected( $row['risk_level'] ?? 'low', $r, false ), esc_html( $label ) );
		}
		echo '</select></td></tr>';
		printf( '<tr><th><label for="shopcredit-terms">%s</label></th><td><input id="shopcredit-terms" type="number" name="shopcredit_terms" value="%s" /></td></tr>', esc_html__( 'Payment terms (days)', 'shopcredit' ), esc_attr( (string) ( $row['payment_terms_days'] ?? '' ) ) );
		printf( '<tr><th>%s</th><td><label><input type="checkbox" name="shopcredit_on_hold" value="1" %s /> %s</label></td></tr></table>', esc_html__( 'On hold', 'shopcredit' ), checked( ! empty( $row['on_hold'] ), true, false ), esc_html__( 'Block new orders on account', 'shopcredit' ) );
	}

	public static function save( int $userId ): void {
		if ( ! RestGuard::actionAllowed( 'set_account', 'current_user_can' ) || ! current_user_can( 'edit_user', $userId ) || ! isset( $_POST['shopcredit_profile_nonce'] ) || ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['shopcredit_profile_nonce'] ) ), 'shopcredit_profile_' . $userId ) ) {
			return;
		}
		$raw = sanitize_text_field( wp_unslash( $_POST['shopcredit_limit'] ?? '' ) );
		if ( '' === $raw ) {
			return;
		}
		$by  = 'admin:' . get_current_user_id();
		$cur = Bridge::currency();
		try {
			Bridge::sc()->credit()->setLimit( Bridge::shopId(), (string) $userId, $cur, Money::fromTyped( $raw, $cur ), $by );
			$profile = array( 'risk_level' => sanitize_key( wp_unslash( $_POST['shopcredit_risk'] ?? 'low' ) ), 'on_hold' => ! empty( $_POST['shopcredit_on_hold'] ) );
			if ( '' !== (string) ( $_POST['shopcredit_terms'] ?? '' ) ) {
				$profile['payment_terms_days'] = absint( $_POST['shopcredit_terms'] );
			}
			Bridge::sc()->credit()->setProfile( Bridge::shopId(), (string) $userId, $cur, $profile, $by );
		} catch ( \Throwable $e ) {
			add_action( 'user_profile_update_errors', static fn ( $errors ) => $errors->add( 'shopcredit', esc_html( $e->getMessage() ) ) );
		}
	}
}

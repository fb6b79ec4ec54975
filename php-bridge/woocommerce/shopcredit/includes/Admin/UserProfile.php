<?php
/**
 * A customer's credit lines on the user profile (Users → Edit user, shop managers only): one row
 * per enabled currency (Currencies, and any currency the customer already has a line in), each
 * with its limit typed in that currency, what is outstanding and left in WooCommerce's money
 * format, risk, terms and hold. A refused row shows its reason next to its field and nothing is
 * saved; an empty limit opens no line (an existing line keeps its limit).
 */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\Money;
use ShopCreditWC\RestGuard;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

final class UserProfile {

	/** @var array<string, string> currency → the reason its row was refused (this request) */
	private static array $errors = array();

	public static function register(): void {
		add_action( 'show_user_profile', array( self::class, 'fields' ) );
		add_action( 'edit_user_profile', array( self::class, 'fields' ) );
		add_action( 'personal_options_update', array( self::class, 'save' ) );
		add_action( 'edit_user_profile_update', array( self::class, 'save' ) );
	}

	/** @return array<string, array<string, mixed>> currency → the customer's credit line (Overview::accounts row) */
	private static function lines( int $userId ): array {
		try {
			$rows = Bridge::sc()->overview()->accounts( Bridge::shopId(), array( 'kind' => 'credit_line', 'customer_ids' => array( (string) $userId ) ), 100 )['rows'];
		} catch ( \Throwable ) {
			return array();
		}
		return array_column( $rows, null, 'currency' );
	}

	/** @return list<string> the enabled currencies, then any other the customer has a line in */
	private static function currencies( array $lines ): array {
		return array_values( array_unique( array_merge( Ledger::currencies(), array_map( 'strval', array_keys( $lines ) ) ) ) );
	}

	public static function fields( \WP_User $user ): void {
		if ( ! current_user_can( RestGuard::ADMIN_CAPABILITY ) ) {
			return;
		}
		$w     = Words::get();
		$lines = self::lines( $user->ID );
		wp_nonce_field( 'shopcredit_profile_' . $user->ID, 'shopcredit_profile_nonce' );
		echo '<h2 id="shopcredit">' . esc_html__( 'ShopCredit', 'shopcredit' ) . '</h2>';
		echo '<p class="description">' . esc_html__( 'One credit line per currency. An empty limit opens no credit line in that currency.', 'shopcredit' ) . '</p>';
		printf(
			'<table class="widefat striped shopcredit-profile" style="width:auto"><thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead><tbody>',
			esc_html( $w->text( 'word', 'currency' ) ),
			esc_html( $w->text( 'word', 'credit_limit' ) ),
			esc_html( $w->text( 'word', 'outstanding' ) ),
			esc_html( $w->text( 'word', 'remaining_credit' ) ),
			esc_html__( 'Risk', 'shopcredit' ),
			esc_html__( 'Payment terms (days)', 'shopcredit' ),
			esc_html__( 'On hold', 'shopcredit' )
		);
		foreach ( self::currencies( $lines ) as $cur ) {
			echo self::row( $cur, $lines[ $cur ] ?? null ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
		}
		echo '</tbody></table>';
	}

	/** One currency's row; after a refused save, what was typed and the reason next to the limit. */
	private static function row( string $cur, ?array $line ): string {
		$w      = Words::get();
		// After a refused save nothing was saved: every row shows what was typed, not the stored line.
		$posted = array() !== self::$errors ? (array) ( $_POST['shopcredit'][ $cur ] ?? array() ) : null; // phpcs:ignore WordPress.Security.NonceVerification -- echoing the refused form back, checked in save()
		$name   = 'shopcredit[' . $cur . ']';
		$limit  = null === $posted
			? SettingsForm::amountField( $name . '[limit]', null === $line ? null : (string) $line['authorized'], $cur, 'shopcredit-limit-' . strtolower( $cur ), $w->text( 'word', 'credit_limit' ) . ' ' . $cur )
			: sprintf( '<input name="%s[limit]" id="shopcredit-limit-%s" aria-label="%s" aria-invalid="%s" value="%s" inputmode="decimal" size="10" /> %s', esc_attr( $name ), esc_attr( strtolower( $cur ) ), esc_attr( $w->text( 'word', 'credit_limit' ) . ' ' . $cur ), isset( self::$errors[ $cur ] ) ? 'true' : 'false', esc_attr( sanitize_text_field( wp_unslash( (string) ( $posted['limit'] ?? '' ) ) ) ), esc_html( $cur ) );
		$error  = isset( self::$errors[ $cur ] ) ? '<p class="shopcredit-field-error" style="color:#b32d2e;margin:.3em 0"><strong>' . esc_html( self::$errors[ $cur ] ) . '</strong></p>' : '';
		$risk   = '';
		foreach ( $w->options( 'risk_level' ) as $r => $label ) {
			$risk .= sprintf( '<option value="%s" %s>%s</option>', esc_attr( $r ), selected( (string) ( $posted['risk'] ?? $line['riskLevel'] ?? 'low' ), $r, false ), esc_html( $label ) );
		}
		$money = static fn ( ?string $a ): string => null === $a ? '—' : wp_kses_post( wc_price( $a, Money::priceArgs( $cur ) ) );
		return sprintf(
			'<tr><th scope="row">%1$s</th><td>%2$s%3$s</td><td>%4$s</td><td>%5$s</td><td><select name="%6$s[risk]" aria-label="%7$s">%8$s</select></td><td><input type="number" min="0" max="365" class="small-text" name="%6$s[terms]" aria-label="%9$s" value="%10$s" /></td><td><label><input type="checkbox" name="%6$s[on_hold]" value="1" %11$s /> %12$s</label></td></tr>',
			esc_html( $cur ),
			$limit,
			$error,
			$money( null === $line ? null : (string) $line['exposure'] ),
			$money( null === $line ? null : (string) $line['remainingCredit'] ),
			esc_attr( $name ),
			esc_attr( __( 'Risk', 'shopcredit' ) . ' ' . $cur ),
			$risk,
			esc_attr( __( 'Payment terms (days)', 'shopcredit' ) . ' ' . $cur ),
			esc_attr( (string) ( $posted['terms'] ?? $line['paymentTermsDays'] ?? '' ) ),
			checked( null === $posted ? ! empty( $line['onHold'] ) : ! empty( $posted['on_hold'] ), true, false ),
			esc_html__( 'Block new orders on account', 'shopcredit' )
		);
	}

	/**
	 * The posted rows → what to save per currency, or the reason a row is refused. Only the given
	 * currencies are read; a row without a limit is left out.
	 * @param array<string, mixed> $post $_POST['shopcredit'] @param list<string> $currencies
	 * @return array{0: array<string, array{limit: string, profile: array<string, mixed>}>, 1: array<string, string>}
	 */
	public static function parse( array $post, array $currencies ): array {
		$rows   = array();
		$errors = array();
		foreach ( $currencies as $cur ) {
			$p     = (array) ( $post[ $cur ] ?? array() );
			$typed = trim( sanitize_text_field( wp_unslash( (string) ( $p['limit'] ?? '' ) ) ) );
			if ( '' === $typed ) {
				continue;
			}
			try {
				$limit = Money::fromTyped( $typed, $cur );
			} catch ( \Throwable $e ) {
				$errors[ $cur ] = Money::typedError( $e, $cur );
				continue;
			}
			$profile = array( 'risk_level' => sanitize_key( wp_unslash( (string) ( $p['risk'] ?? 'low' ) ) ), 'on_hold' => ! empty( $p['on_hold'] ) );
			$terms   = trim( (string) ( $p['terms'] ?? '' ) );
			if ( '' !== $terms ) {
				if ( ! ctype_digit( $terms ) || (int) $terms > 365 ) {
					$errors[ $cur ] = Words::get()->error( 'invalid_value', $cur );
					continue;
				}
				$profile['payment_terms_days'] = (int) $terms;
			}
			$rows[ $cur ] = array( 'limit' => $limit, 'profile' => $profile );
		}
		return array( $rows, $errors );
	}

	public static function save( int $userId ): void {
		if ( ! RestGuard::actionAllowed( 'set_account', 'current_user_can' ) || ! current_user_can( 'edit_user', $userId ) || ! isset( $_POST['shopcredit_profile_nonce'] ) || ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['shopcredit_profile_nonce'] ) ), 'shopcredit_profile_' . $userId ) ) {
			return;
		}
		$lines          = self::lines( $userId );
		[ $rows, $errs ] = self::parse( (array) ( $_POST['shopcredit'] ?? array() ), self::currencies( $lines ) );
		if ( array() === $errs ) {
			$errs = self::write( $userId, $rows, $lines );
		}
		self::$errors = $errs;
		if ( array() !== $errs ) {
			// WordPress then shows the profile again (nothing of it saved) with our reasons next to their fields.
			add_action(
				'user_profile_update_errors',
				static function ( $errors ) use ( $errs ): void {
					foreach ( $errs as $cur => $why ) {
						/* translators: 1: currency code, 2: reason */
						$errors->add( 'shopcredit_' . strtolower( $cur ), esc_html( sprintf( __( 'Credit line in %1$s: %2$s', 'shopcredit' ), $cur, $why ) ) );
					}
				}
			);
		}
	}

	/** Whether the typed risk, hold or terms differ from the line's (an unchanged row writes no audit entry). */
	private static function profileChanged( array $profile, array $line ): bool {
		return $profile['risk_level'] !== (string) ( $line['riskLevel'] ?? 'low' ) || $profile['on_hold'] !== (bool) ( $line['onHold'] ?? false )
			|| ( isset( $profile['payment_terms_days'] ) && $profile['payment_terms_days'] !== ( null === ( $line['paymentTermsDays'] ?? null ) ? null : (int) $line['paymentTermsDays'] ) );
	}

	/**
	 * Saves each changed row; a row the books refuse keeps its reason (the rows before it are saved).
	 * @param array<string, array{limit: string, profile: array<string, mixed>}> $rows @param array<string, array<string, mixed>> $lines
	 * @return array<string, string>
	 */
	private static function write( int $userId, array $rows, array $lines ): array {
		$by     = 'admin:' . get_current_user_id();
		$sc     = Bridge::sc();
		$errors = array();
		foreach ( $rows as $cur => $r ) {
			$line = $lines[ $cur ] ?? null;
			try {
				if ( null === $line || Money::fromTyped( (string) $line['authorized'], $cur ) !== $r['limit'] ) {
					$sc->credit()->setLimit( Bridge::shopId(), (string) $userId, $cur, $r['limit'], $by );
				}
				if ( null === $line || self::profileChanged( $r['profile'], $line ) ) {
					$sc->credit()->setProfile( Bridge::shopId(), (string) $userId, $cur, $r['profile'], $by );
				}
			} catch ( \ShopCredit\InvalidInput $e ) {
				$errors[ $cur ] = Words::get()->error( $e->errorCode, $cur );
			} catch ( \Throwable $e ) {
				$errors[ $cur ] = Money::typedError( $e, $cur );
			}
		}
		return $errors;
	}
}

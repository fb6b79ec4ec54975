<?php
/**
 * Mass credit or debit of store balances: the merchant picks a group of customers (no group is
 * chosen for them), an amount and a reason; the bridge's batch (MassAdjustments) takes every
 * customer of the group page by page (no cap), previews what would happen (nothing booked), and
 * after the merchant confirms, runs in steps on Action Scheduler while the page shows the
 * progress. The open progress page also drives the steps (where WP-Cron does not run): steps
 * lock the batch and never book or count a customer twice.
 */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\Money;
use ShopCreditWC\RestGuard;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

final class MassPage {

	public const STEP_HOOK = 'shopcredit_mass_step';
	private const RECENT   = 'shopcredit_mass_batches';
	private const PAGE     = 1000;
	private const STEP     = 200;

	public static function register(): void {
		add_action( self::STEP_HOOK, array( self::class, 'step' ) );
		add_action( 'admin_post_shopcredit_mass_run', array( self::class, 'start' ) );
		add_action( 'wp_ajax_shopcredit_mass_status', array( self::class, 'ajaxStatus' ) );
	}

	/**
	 * admin-post shopcredit_mass_adjust (through Actions): a batch with every customer of the
	 * group, previewed; the page then shows the preview and asks for confirmation.
	 * @return array{0: bool, 1: string, 2: ?string} ok, message, the batch key
	 */
	public static function create( string $by ): array {
		// phpcs:disable WordPress.Security.NonceVerification -- checked by Actions::handle
		$role = sanitize_key( wp_unslash( $_POST['role'] ?? '' ) );
		if ( '' === $role || ! array_key_exists( $role, wp_roles()->get_names() ) ) {
			return array( false, __( 'Choose the group of customers.', 'shopcredit' ), null );
		}
		$cur    = Actions::postedCurrency();
		$dir    = 'debit' === ( $_POST['direction'] ?? '' ) ? 'debit' : 'credit';
		$amount = Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['amount'] ?? '' ) ), $cur );
		$reason = sanitize_text_field( wp_unslash( $_POST['reason'] ?? '' ) );
		// phpcs:enable
		$m   = Bridge::sc()->massAdjustments();
		$key = 'mass-' . wp_generate_uuid4();
		$m->create( Bridge::shopId(), $key, $dir, $cur, $amount, $reason, $by );
		for ( $paged = 1;; $paged++ ) {
			$ids = get_users( array( 'role' => $role, 'fields' => 'ID', 'number' => self::PAGE, 'paged' => $paged, 'orderby' => 'ID' ) );
			if ( array() !== $ids ) {
				$m->addCustomers( $key, array_map( 'strval', $ids ) );
			}
			if ( count( $ids ) < self::PAGE ) {
				break;
			}
		}
		do {
			$s = $m->preview( $key, 500 );
		} while ( ! $s['previewDone'] );
		$recent = array_slice( array_merge( array( $key ), (array) get_option( self::RECENT, array() ) ), 0, 10 );
		update_option( self::RECENT, $recent, false );
		return array( true, __( 'Preview ready: check it below, then start.', 'shopcredit' ), $key );
	}

	/** admin-post shopcredit_mass_run: the merchant confirmed; the steps are scheduled. */
	public static function start(): void {
		if ( ! RestGuard::actionAllowed( 'mass_adjust', 'current_user_can' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'shopcredit' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( 'shopcredit_mass_run' );
		$key = self::key( sanitize_text_field( wp_unslash( $_POST['batch'] ?? '' ) ) );
		if ( null !== $key ) {
			self::step( $key ); // the first step now: the batch is started (and small ones are done) when the page shows
		}
		wp_safe_redirect( Menu::url( 'mass', null === $key ? array() : array( 'batch' => $key ) ) );
		exit;
	}

	private static function schedule( string $key ): void {
		if ( function_exists( 'as_enqueue_async_action' ) ) {
			as_enqueue_async_action( self::STEP_HOOK, array( $key ), 'shopcredit' );
		}
	}

	/** One scheduled step; the next one is scheduled until the batch is done. */
	public static function step( string $key ): void {
		$s = Bridge::sc()->massAdjustments()->run( $key, self::STEP, 'scheduler' );
		if ( 'done' !== $s['state'] ) {
			self::schedule( $key );
		}
	}

	/** admin-ajax shopcredit_mass_status: the progress (and one step while the page is open). */
	public static function ajaxStatus(): void {
		if ( ! RestGuard::actionAllowed( 'mass_adjust', 'current_user_can' ) ) {
			wp_send_json_error( null, 403 );
		}
		check_ajax_referer( 'shopcredit_mass_status' );
		$key = self::key( sanitize_text_field( wp_unslash( $_POST['batch'] ?? '' ) ) );
		if ( null === $key ) {
			wp_send_json_error( null, 404 );
		}
		$m = Bridge::sc()->massAdjustments();
		$s = $m->status( $key );
		if ( 'open' !== $s['state'] && 'done' !== $s['state'] ) {
			$s = $m->run( $key, self::STEP, 'admin:' . get_current_user_id() );
		}
		wp_send_json_success( array( 'state' => $s['state'], 'percent' => $s['percent'], 'text' => self::progressText( $s ) ) );
	}

	/** A batch key this shop created (from the recent list), or null. */
	private static function key( string $key ): ?string {
		return in_array( $key, (array) get_option( self::RECENT, array() ), true ) ? $key : null;
	}

	public static function assets(): void {
		wp_enqueue_script( 'shopcredit-mass', plugins_url( 'assets/admin/mass.js', SHOPCREDIT_WC_FILE ), array(), SHOPCREDIT_WC_VERSION, array( 'in_footer' => true ) );
		wp_localize_script( 'shopcredit-mass', 'shopcreditMass', array( 'url' => admin_url( 'admin-ajax.php' ), 'nonce' => wp_create_nonce( 'shopcredit_mass_status' ) ) );
	}

	public static function render(): void {
		$key = self::key( sanitize_text_field( wp_unslash( $_GET['batch'] ?? '' ) ) ); // phpcs:ignore WordPress.Security.NonceVerification -- which batch to show
		if ( null !== $key ) {
			self::batch( $key );
		}
		self::form();
		self::recent();
	}

	private static function form(): void {
		$w     = Words::get();
		$roles = '<option value="">' . esc_html__( '— Choose a group of customers —', 'shopcredit' ) . '</option>';
		foreach ( wp_roles()->get_names() as $slug => $name ) {
			$n      = count_users()['avail_roles'][ $slug ] ?? 0;
			$roles .= sprintf( '<option value="%s">%s (%s)</option>', esc_attr( $slug ), esc_html( translate_user_role( $name ) ), esc_html( number_format_i18n( (int) $n ) ) );
		}
		$inner = '<table class="form-table" role="presentation"><tbody>'
			. sprintf( '<tr><th><label for="sc-mass-role">%s</label></th><td><select id="sc-mass-role" name="role" required>%s</select></td></tr>', esc_html__( 'Customers', 'shopcredit' ), $roles )
			. sprintf( '<tr><th>%s</th><td><label><input type="radio" name="direction" value="credit" checked /> %s</label> &nbsp; <label><input type="radio" name="direction" value="debit" /> %s</label></td></tr>', esc_html__( 'Operation', 'shopcredit' ), esc_html__( 'Credit each balance', 'shopcredit' ), esc_html__( 'Debit each balance', 'shopcredit' ) )
			. sprintf( '<tr><th><label for="sc-mass-amount">%s</label></th><td><input id="sc-mass-amount" name="amount" inputmode="decimal" size="10" required /> %s</td></tr>', esc_html( $w->text( 'word', 'amount' ) ), Actions::currencySelect() ?: esc_html( get_woocommerce_currency_symbol( Bridge::currency() ) ) )
			. sprintf( '<tr><th><label for="sc-mass-reason">%s</label></th><td><input id="sc-mass-reason" name="reason" class="regular-text" required /> <p class="description">%s</p></td></tr>', esc_html__( 'Reason', 'shopcredit' ), esc_html__( 'Shown to the customers in their balance history.', 'shopcredit' ) )
			. '</tbody></table>';
		echo '<h2>' . esc_html__( 'New mass credit or debit', 'shopcredit' ) . '</h2><p>' . esc_html__( 'You see a preview first: nothing is booked until you start it.', 'shopcredit' ) . '</p>';
		echo Actions::form( 'mass_adjust', $inner, __( 'Preview', 'shopcredit' ), 'block' ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
	}

	/** One batch: its preview and the start button, or its progress bar, or its result. */
	private static function batch( string $key ): void {
		$w = Words::get();
		$s = Bridge::sc()->massAdjustments()->status( $key );
		echo '<div class="postbox" style="padding:0 1.5em 1em;margin-top:1em"><h2>' . esc_html( self::title( $s ) ) . '</h2>';
		if ( 'open' === $s['state'] ) {
			echo '<p>' . esc_html( self::previewText( $s ) ) . '</p>';
			self::reasons( $s['wouldSkip'] );
			$form = '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '"><input type="hidden" name="action" value="shopcredit_mass_run" /><input type="hidden" name="batch" value="' . esc_attr( $key ) . '" />' . wp_nonce_field( 'shopcredit_mass_run', '_wpnonce', true, false );
			printf( '%s<button class="button button-primary" %s>%s</button></form>', $form, 0 === $s['wouldApply'] ? 'disabled' : '', esc_html__( 'Start', 'shopcredit' ) ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
		} else {
			printf( '<progress id="shopcredit-mass-progress" data-batch="%s" data-state="%s" max="100" value="%d" style="width:100%%;height:1.5em">%d %%</progress>', esc_attr( $key ), esc_attr( $s['state'] ), (int) $s['percent'], (int) $s['percent'] );
			printf( '<p id="shopcredit-mass-text" aria-live="polite">%s</p>', esc_html( self::progressText( $s ) ) );
			self::reasons( $s['skipped'] );
		}
		echo '</div>';
		unset( $w );
	}

	/** @param array<string, mixed> $s */
	private static function title( array $s ): string {
		$w = Words::get();
		/* translators: 1: credit or debit of, 2: amount, 3: reason */
		return sprintf( __( '%1$s %2$s — “%3$s”', 'shopcredit' ), 'debit' === $s['direction'] ? __( 'Debit of', 'shopcredit' ) : __( 'Credit of', 'shopcredit' ), $w->money( (string) $s['amount'], (string) $s['currency'] ), (string) $s['reason'] );
	}

	/** @param array<string, mixed> $s */
	private static function previewText( array $s ): string {
		/* translators: 1: customers in the group, 2: customers it would apply to, 3: total amount, 4: customers skipped */
		return sprintf( __( 'Preview: %1$s customers in the group; it would apply to %2$s (%3$s in all) and skip %4$s. Nothing is booked yet.', 'shopcredit' ), number_format_i18n( (int) $s['total'] ), number_format_i18n( (int) $s['wouldApply'] ), Words::get()->money( (string) $s['wouldMove'], (string) $s['currency'] ), number_format_i18n( (int) array_sum( $s['wouldSkip'] ) ) );
	}

	/** @param array<string, mixed> $s */
	private static function progressText( array $s ): string {
		$w = Words::get();
		/* translators: 1: state, 2: customers done, 3: customers in all, 4: applied, 5: amount moved, 6: skipped */
		return sprintf( __( '%1$s: %2$s of %3$s customers; applied to %4$s (%5$s), skipped %6$s.', 'shopcredit' ), $w->text( 'batch_state', 'done' === $s['state'] ? 'done' : 'running' ), number_format_i18n( (int) $s['processed'] ), number_format_i18n( (int) $s['total'] ), number_format_i18n( (int) $s['applied'] + (int) $s['alreadyDone'] ), $w->money( (string) $s['moved'], (string) $s['currency'] ), number_format_i18n( (int) array_sum( $s['skipped'] ) ) );
	}

	/** Why customers are (or would be) skipped, in words. @param array<string, int> $reasons */
	private static function reasons( array $reasons ): void {
		if ( array() === $reasons ) {
			return;
		}
		echo '<ul style="list-style:disc;margin-left:2em">';
		foreach ( $reasons as $code => $n ) {
			printf( '<li>%s: %s</li>', esc_html( Words::get()->reason( (string) $code ) ), esc_html( number_format_i18n( (int) $n ) ) );
		}
		echo '</ul>';
	}

	private static function recent(): void {
		$keys = (array) get_option( self::RECENT, array() );
		if ( array() === $keys ) {
			return;
		}
		echo '<h2>' . esc_html__( 'Recent mass credits and debits', 'shopcredit' ) . '</h2><table class="widefat striped" style="width:auto"><tbody>';
		$m = Bridge::sc()->massAdjustments();
		foreach ( $keys as $key ) {
			try {
				$s = $m->status( (string) $key );
			} catch ( \Throwable ) {
				continue;
			}
			printf( '<tr><td><a href="%s">%s</a></td><td>%s</td></tr>', esc_url( Menu::url( 'mass', array( 'batch' => $key ) ) ), esc_html( self::title( $s ) ), esc_html( 'open' === $s['state'] ? __( 'Preview, not started', 'shopcredit' ) : self::progressText( $s ) ) );
		}
		echo '</tbody></table>';
	}
}

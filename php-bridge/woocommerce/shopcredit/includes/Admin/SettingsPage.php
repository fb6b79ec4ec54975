<?php
/**
 * Settings: the same options as the PrestaShop module, stored by the bridge and checked by the
 * core before anything is saved (wallet, credit, financing solutions and the provider status →
 * order status mapping), the plugin's own options (provider, webhook key, due-date status,
 * uninstall), and the runtime doctor's report with the php.ini lines for this server.
 */

namespace ShopCreditWC\Admin;

use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\DoctorWords;
use ShopCreditWC\Bridge;
use ShopCreditWC\Options;
use ShopCreditWC\StatusMap;
use ShopCreditWC\TopUpMethods;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

final class SettingsPage {

	/** The core's settings this page edits (as fields: SettingsForm). */
	public const CORE_NAMES = array( 'wallet', 'credit', 'financing.solutions', 'financing.mapping', 'credit.enabled', 'financing.enabled', 'checkout.display' );
	private const ERRORS    = 'shopcredit_settings_errors_';

	/** @return array<string, mixed> this shop's values (defaults where it has none) */
	private static function current(): array {
		$sc       = Bridge::sc();
		$defaults = $sc->settings()->defaults( Bridge::currency() );
		$values   = array();
		foreach ( self::CORE_NAMES as $name ) {
			$v               = $sc->settings()->get( Bridge::shopId(), $name );
			$values[ $name ] = null === $v ? ( $defaults[ $name ] ?? null ) : $v;
		}
		return $values;
	}

	public static function render(): void {
		$values = array();
		try {
			$values = self::current();
		} catch ( \Throwable $e ) {
			echo '<div class="notice notice-error"><p>' . esc_html( sprintf( /* translators: %s: error */ __( 'The core cannot run here, nothing is offered at checkout: %s', 'shopcredit' ), $e->getMessage() ) ) . '</p></div>';
		}
		$errors = get_transient( self::ERRORS . get_current_user_id() );
		if ( is_array( $errors ) ) {
			delete_transient( self::ERRORS . get_current_user_id() );
			SettingsForm::withErrors( $errors );
		}
		$o       = Options::all();
		$display = (string) ( $values['checkout.display'] ?? 'show_disabled' );
		$inner   = '<h2>' . esc_html__( 'Checkout', 'shopcredit' ) . '</h2><table class="form-table" role="presentation">';
		$inner  .= sprintf(
			'<tr><th scope="row"><label for="sc-display">%s</label></th><td><select id="sc-display" name="display"><option value="show_disabled" %s>%s</option><option value="hide" %s>%s</option></select></td></tr>',
			esc_html__( 'Methods a customer cannot use', 'shopcredit' ),
			selected( $display, 'show_disabled', false ),
			esc_html__( 'Listed, not selectable, with the reason (when the customer can fix it)', 'shopcredit' ),
			selected( $display, 'hide', false ),
			esc_html__( 'Hidden', 'shopcredit' )
		);
		$inner .= self::orderFields( $o ) . '</table>';
		$inner .= SettingsForm::wallet( (array) ( $values['wallet'] ?? array() ) );
		$inner .= SettingsForm::credit( (array) ( $values['credit'] ?? array() ), true === ( $values['credit.enabled'] ?? false ) );
		$inner .= SettingsForm::financing( (array) ( $values['financing.solutions'] ?? array() ), (array) ( $values['financing.mapping'] ?? array() ), true === ( $values['financing.enabled'] ?? false ) );
		$inner .= '<h2>' . esc_html__( 'Financing provider', 'shopcredit' ) . '</h2><table class="form-table" role="presentation">';
		$labels = array(
			'provider_base_url'      => __( 'Financing provider URL', 'shopcredit' ),
			'provider_client_id'     => __( 'Provider client id', 'shopcredit' ),
			'provider_client_secret' => __( 'Provider client secret', 'shopcredit' ),
			'webhook_key'            => __( 'Webhook signing key', 'shopcredit' ),
		);
		foreach ( $labels as $k => $label ) {
			$inner .= in_array( $k, Options::SECRETS, true )
				? SecretField::render( 'options[' . $k . ']', $label, '' !== $o[ $k ] )
				: sprintf( '<tr><th><label for="sc-%2$s">%1$s</label></th><td><input type="text" id="sc-%2$s" name="options[%2$s]" value="%3$s" class="regular-text" autocomplete="off" /></td></tr>', esc_html( $label ), esc_attr( $k ), esc_attr( $o[ $k ] ) );
		}
		$inner .= sprintf( '<tr><th>%s</th><td><label><input type="checkbox" name="options[provider_custom_url]" value="yes" %s /> %s</label></td></tr>', esc_html__( 'Sandbox or custom provider URL', 'shopcredit' ), checked( 'yes', $o['provider_custom_url'], false ), esc_html__( 'Allow a URL other than the provider\'s production host (tests only: the client id and secret are sent there)', 'shopcredit' ) );
		$inner .= sprintf( '<tr><th>%s</th><td><code>%s</code></td></tr>', esc_html__( 'Webhook URL', 'shopcredit' ), esc_html( rest_url( 'shopcredit/v1/financing/webhook' ) ) );
		$inner .= sprintf( '<tr><th>%s</th><td><label><input type="checkbox" name="options[drop_data_on_uninstall]" value="yes" %s /> %s</label></td></tr>', esc_html__( 'Uninstall', 'shopcredit' ), checked( 'yes', $o['drop_data_on_uninstall'], false ), esc_html__( 'Drop the books (balances, movements, receivables, audit trail) when the plugin is deleted', 'shopcredit' ) );
		$inner .= '</table>';
		echo Actions::form( 'save_settings', $inner, __( 'Save settings', 'shopcredit' ), 'block' ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
		self::doctor();
	}

	/** @return array{0: bool, 1: string} */
	public static function save( string $by ): array {
		// phpcs:disable WordPress.Security.NonceVerification -- checked by Actions::handle
		$stored                     = self::current();
		$values                     = array(
			'credit.enabled'    => ! empty( $_POST['flags']['credit.enabled'] ),
			'financing.enabled' => ! empty( $_POST['flags']['financing.enabled'] ),
		);
		$values['checkout.display'] = 'hide' === ( $_POST['display'] ?? '' ) ? 'hide' : 'show_disabled';
		[ $values['wallet'], $errors ]          = SettingsForm::walletValue( (array) wp_unslash( $_POST['wallet'] ?? array() ), (array) $stored['wallet'] );
		$values['credit']                       = SettingsForm::creditValue( (array) wp_unslash( $_POST['credit'] ?? array() ), (array) $stored['credit'] );
		[ $values['financing.solutions'], $fe ] = SettingsForm::solutionsValue( (array) wp_unslash( $_POST['solutions'] ?? array() ), (array) $stored['financing.solutions'] );
		$values['financing.mapping']            = SettingsForm::mappingValue( (array) wp_unslash( $_POST['mapping'] ?? array() ), (array) $stored['financing.mapping'] );
		$errors                                += $fe;
		if ( array() !== $errors ) {
			return self::refused( $errors );
		}
		$opts = array();
		foreach ( array( 'provider_base_url', 'provider_client_id', 'provider_client_secret', 'webhook_key' ) as $k ) {
			$opts[ $k ] = 'provider_base_url' === $k ? esc_url_raw( wp_unslash( $_POST['options'][ $k ] ?? '' ) ) : sanitize_text_field( wp_unslash( $_POST['options'][ $k ] ?? '' ) );
		}
		$opts['drop_data_on_uninstall'] = 'yes' === ( $_POST['options']['drop_data_on_uninstall'] ?? '' ) ? 'yes' : 'no';
		$status                         = sanitize_key( wp_unslash( $_POST['options']['due_date_status'] ?? 'completed' ) );
		$opts['due_date_status']        = array_key_exists( 'wc-' . $status, wc_get_order_statuses() ) ? $status : 'completed';
		$shipped                        = sanitize_key( wp_unslash( $_POST['options']['shipped_status'] ?? '' ) );
		$opts['shipped_status']         = array_key_exists( $shipped, self::shippedChoices() ) ? $shipped : '';
		$chosen                         = array();
		foreach ( array_keys( TopUpMethods::gateways() ) as $id ) {
			$chosen[ $id ] = empty( $_POST['topup_methods'][ $id ] ) ? 'no' : 'yes';
		}
		$opts['topup_methods'] = (string) wp_json_encode( $chosen );
		$opts['provider_custom_url']    = 'yes' === ( $_POST['options']['provider_custom_url'] ?? '' ) ? 'yes' : 'no';
		// phpcs:enable
		// The client id and secret are sent to this URL: the provider's own host unless the merchant enabled sandbox/custom.
		$problem = ScalexpertConfig::urlProblem( $opts['provider_base_url'], 'yes' === $opts['provider_custom_url'] );
		if ( null !== $problem ) {
			return array( false, sprintf( /* translators: %s: error code */ __( 'Not saved: the provider URL must be the provider\'s own; tick "Sandbox or custom provider URL" for another one (%s).', 'shopcredit' ), $problem ) );
		}
		$opts = Options::keepSecrets( $opts, Options::all() );
		try {
			$r = Bridge::sc()->settings()->save( Bridge::shopId(), $values, Bridge::currency(), $by );
		} catch ( \ShopCredit\Service\InvalidRequest $e ) {
			return self::refused( array( (string) $e->field => Words::get()->error( $e->errorCode, Bridge::currency() ) ) );
		}
		if ( ! $r['saved'] ) {
			$why = array();
			foreach ( $r['violations'] as $v ) {
				$why[ (string) ( $v['setting'] ?? '' ) ] = Words::get()->reason( (string) $v['code'] );
			}
			return self::refused( $why );
		}
		Options::update( $opts );
		\ShopCreditWC\Lifecycle::syncShop();
		return array( true, __( 'Settings saved.', 'shopcredit' ) );
	}

	/**
	 * Nothing saved: the errors go next to their fields on the page shown again.
	 * @param array<string, string> $errors core path → words
	 * @return array{0: bool, 1: string}
	 */
	private static function refused( array $errors ): array {
		set_transient( self::ERRORS . get_current_user_id(), $errors, 300 );
		return array( false, __( 'Not saved: please correct the fields marked below.', 'shopcredit' ) . ' ' . implode( ' ', array_unique( $errors ) ) );
	}

	/**
	 * What the order lifecycle needs from the merchant: the status that starts the payment terms
	 * of an order on account, the status that means a financed order was shipped, the payment methods that may pay a top-up (methods that settle later
	 * are off until ticked: their orders look paid before the money is there).
	 * @param array<string, string> $o
	 */
	private static function orderFields( array $o ): string {
		$select = '';
		foreach ( wc_get_order_statuses() as $slug => $label ) {
			$select .= sprintf( '<option value="%1$s" %2$s>%3$s</option>', esc_attr( substr( $slug, 3 ) ), selected( 'wc-' . $o['due_date_status'], $slug, false ), esc_html( $label ) );
		}
		$boxes   = '';
		$allowed = TopUpMethods::current();
		foreach ( TopUpMethods::gateways() as $id => $title ) {
			$later  = in_array( $id, TopUpMethods::SETTLE_LATER, true ) ? ' <em>' . esc_html__( '(settles later: the order looks paid before the money arrives; credited only when you mark it paid)', 'shopcredit' ) . '</em>' : '';
			$boxes .= sprintf( '<label><input type="checkbox" name="topup_methods[%1$s]" value="1" %2$s /> %3$s</label>%4$s<br />', esc_attr( $id ), checked( in_array( $id, $allowed, true ), true, false ), esc_html( $title ), $later );
		}
		$shipped = '';
		foreach ( self::shippedChoices() as $value => $label ) {
			$shipped .= sprintf( '<option value="%1$s" %2$s>%3$s</option>', esc_attr( $value ), selected( $o['shipped_status'], $value, false ), esc_html( $label ) );
		}
		return sprintf( '<tr><th><label for="sc-due-status">%s</label></th><td><select id="sc-due-status" name="options[due_date_status]">%s</select></td></tr>', esc_html__( 'Order status that starts the payment terms', 'shopcredit' ), $select )
			. sprintf( '<tr><th><label for="sc-shipped-status">%s</label></th><td><select id="sc-shipped-status" name="options[shipped_status]">%s</select><p class="description">%s</p></td></tr>', esc_html__( 'Order status that means "shipped" for a financed order', 'shopcredit' ), $shipped, esc_html__( 'When a financed order reaches it, ShopCredit confirms the delivery to the financing provider (long credit needs it), once.', 'shopcredit' ) )
			. sprintf( '<tr><th>%s</th><td>%s</td></tr>', esc_html__( 'Payment methods that may pay a store balance top-up', 'shopcredit' ), '' === $boxes ? '—' : $boxes );
	}

	/**
	 * The statuses a financed order can be shipped in: the ones the lifecycle hears of that count
	 * as paid or done (a status ShopCredit does not follow would never confirm anything).
	 * @return array<string, string> option value (slug without wc-, '' = any done status) → label
	 */
	private static function shippedChoices(): array {
		$out = array( '' => __( 'Any status that means done (Completed)', 'shopcredit' ) );
		foreach ( wc_get_order_statuses() as $slug => $label ) {
			if ( in_array( StatusMap::toClass( $slug ), array( \ShopCredit\Generated\OrderVocabulary::STATUS_PAID, \ShopCredit\Generated\OrderVocabulary::STATUS_FULFILLED ), true ) ) {
				$out[ StatusMap::strip( $slug ) ] = $label;
			}
		}
		return $out;
	}

	/** Rejected webhook deliveries of the last 24 hours (counted by the bridge, never logged one by one). */
	private static function rejections(): void {
		try {
			$r = Bridge::sc()->overview()->webhookRejections( Bridge::shopId() );
		} catch ( \Throwable ) {
			return;
		}
		$by = array();
		foreach ( $r['byReason'] as $why => $n ) {
			$by[] = $why . ': ' . (int) $n;
		}
		printf(
			'<p id="shopcredit-webhook-rejections">%s <strong>%d</strong>%s%s</p>',
			esc_html__( 'Rejected webhook deliveries (last 24 hours):', 'shopcredit' ),
			(int) $r['total'],
			esc_html( $by ? ' — ' . implode( ', ', $by ) : '' ),
			esc_html( null === $r['lastAt'] ? '' : sprintf( ' — last %s UTC, %d B, sha256 %s', gmdate( 'Y-m-d H:i:s', (int) $r['lastAt'] ), (int) $r['lastBytes'], (string) $r['lastSha256'] ) )
		);
	}

	/**
	 * Order actions that may not have happened (claimed and never confirmed, or given up): the
	 * merchant checks those orders and does it by hand; they are never retried (never twice).
	 */
	private static function orderHealth(): void {
		$w = Words::get();
		try {
			$h = Bridge::sc()->orders()->health( Bridge::shopId(), $w );
		} catch ( \Throwable ) {
			return;
		}
		echo '<h3>' . esc_html__( 'Order actions', 'shopcredit' ) . '</h3>';
		if ( $h['ok'] ) {
			echo '<p id="shopcredit-order-health">' . esc_html( (string) $h['text'] ) . '</p>';
			return;
		}
		echo '<ul id="shopcredit-order-health" style="list-style:disc;margin-left:2em">';
		foreach ( $h['actions'] as $a ) {
			$id    = \ShopCreditWC\Requests::orderIdFromRef( (string) $a['orderRef'] );
			$order = null === $id ? null : wc_get_order( $id );
			$shown = $order instanceof \WC_Order ? '#' . $order->get_order_number() : (string) $a['orderRef'];
			$text  = $w->text( 'host_action', (string) $a['state'], array( 'order' => $shown, 'action' => (string) $a['action'], 'attempts' => (int) $a['attempts'], 'date' => null === $a['since'] ? '' : wp_date( get_option( 'date_format' ), (int) $a['since'] ) ) );
			printf( '<li>%s</li>', $order instanceof \WC_Order ? '<a href="' . esc_url( $order->get_edit_order_url() ) . '">' . esc_html( $text ) . '</a>' : esc_html( $text ) );
		}
		echo '</ul>';
	}

	/** The doctor, run in this web request (the web server's own PHP settings). */
	public static function doctor(): void {
		$report = Doctor::report( Bridge::runtimeConfig() + array( 'write_preload_header' => true, 'ffi_advice' => true ) ); // header refreshed like PrestaShop's: older php.ini lines may name it
		echo '<h2>' . esc_html__( 'Runtime doctor', 'shopcredit' ) . '</h2>';
		$runs   = (bool) ( $report['usable'] ?? null !== $report['runtime'] );
		$active = is_array( $report['active'] ?? null ) ? $report['active'] : null;
		$head = $report['ok'] ? __( 'OK: The core runs here.', 'shopcredit' ) : ( $runs ? __( 'The core runs here, but the doctor found something to fix (below).', 'shopcredit' ) : __( 'The core cannot run here: nothing is offered at checkout until this is fixed.', 'shopcredit' ) );
		printf( '<p><strong>%s</strong> (SAPI %s)</p>', esc_html( $head ), esc_html( $report['sapi'] ) );
		self::faster( $report );
		// The rows in the admin's language (the bridge's words catalogue); values stay as Doctor wrote them.
		$words = Words::get();
		if ( null !== $active ) {
			printf( '<p>%s <code>%s</code> — %s</p>', esc_html__( 'Active runtime:', 'shopcredit' ), esc_html( DoctorWords::say( $words, (string) ( $active['name'] ?? $active['kind'] ?? '' ) ) ), esc_html( DoctorWords::say( $words, (string) ( $active['reason'] ?? '' ) ) ) );
		}
		echo '<table class="widefat striped" id="shopcredit-doctor-checks"><tbody>';
		foreach ( $report['checks'] as $c ) {
			$row = DoctorWords::row( $words, $c );
			printf( '<tr data-check="%s"><td><strong>%s</strong></td><td>%s</td><td>%s</td></tr>', esc_attr( $c['id'] ), esc_html( $row['status'] ), esc_html( $row['title'] ), esc_html( $row['detail'] ) );
		}
		echo '</tbody></table>';
		self::rejections();
		self::orderHealth();
		$report['ini']['ffi_allows'] = DoctorWords::say( $words, (string) $report['ini']['ffi_allows'] );
		self::ini( $report['ini'] );
	}

	/** Which runtime answers and why (the doctor's words code → the shop owner's words). @return array<string, string> */
	private static function runtimeWords(): array {
		return array(
			'forced_php'           => __( 'The plain-PHP core answers every decision: the runtime is set to it (SHOPCREDIT_RUNTIME=php).', 'shopcredit' ),
			'forced_wasmtime'      => __( 'wasmtime answers every decision: the runtime is set to it (SHOPCREDIT_RUNTIME=wasmtime).', 'shopcredit' ),
			'faster_on'            => __( 'The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.', 'shopcredit' ),
			'plain_can_turn_on'    => __( 'The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) works on this server and is off: you can turn it on.', 'shopcredit' ),
			'plain_faster_changed' => __( 'The plain-PHP core answers: you turned on the faster runtime, but something changed since (see below). Turn it on again to check it on this server.', 'shopcredit' ),
			'plain_faster_lost'    => __( 'The plain-PHP core answers: you turned on the faster runtime, but it cannot run on this server any more (see below). Turn it off, or fix what is below and turn it on again.', 'shopcredit' ),
			'plain_only'           => __( 'The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) cannot run on this server; nothing needs doing.', 'shopcredit' ),
			'wasmtime_no_plain'    => __( 'wasmtime answers: the plain-PHP core is not part of this build.', 'shopcredit' ),
			'none'                 => __( 'No runtime can run the core here: nothing is offered at checkout until this is fixed.', 'shopcredit' ),
		);
	}

	/**
	 * Which runtime answers and why, and the buttons that turn the faster runtime on (the doctor
	 * checks it in this web server's PHP first) or off; where this PHP may not record that, the
	 * command the person who deploys the shop runs instead.
	 * @param array<string, mixed> $report Doctor::report()
	 */
	private static function faster( array $report ): void {
		$code   = (string) ( $report['words']['code'] ?? '' );
		$words  = self::runtimeWords();
		$faster = is_array( $report['faster'] ?? null ) ? $report['faster'] : null;
		if ( isset( $words[ $code ] ) ) {
			printf( '<p id="shopcredit-runtime-words"><strong>%s</strong></p>', esc_html( $words[ $code ] ) );
		}
		if ( null === $faster || ! in_array( $code, array( 'faster_on', 'plain_can_turn_on', 'plain_faster_changed', 'plain_faster_lost' ), true ) ) {
			return; // set by a constant, or wasmtime cannot run here: nothing to turn on or off
		}
		$on  = 'faster_on' !== $code && $faster['works_here'];
		$off = 'off' !== $faster['state'];
		echo '<p>' . esc_html__( 'The faster runtime gives the same decisions in a fraction of the time, through native code (wasmtime, with PHP\'s FFI). It is checked on this server before the shop uses it.', 'shopcredit' ) . '</p>';
		if ( ! $faster['can_record'] ) {
			printf( '<p>%s</p><pre style="white-space:pre-wrap">%s</pre>', esc_html__( 'This server\'s PHP may not change the runtime, as it should be: the person who deploys the shop runs this command on the server.', 'shopcredit' ), esc_html( $on ? $faster['turn_on'] : $faster['turn_off'] ) );
			return;
		}
		echo '<div id="shopcredit-faster" style="margin-bottom:1em">';
		if ( $on ) {
			echo Actions::form( 'faster_runtime', '<input type="hidden" name="turn" value="on" />', __( 'Turn on the faster runtime', 'shopcredit' ) ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
		}
		if ( $off ) {
			echo Actions::form( 'faster_runtime', '<input type="hidden" name="turn" value="off" />', __( 'Turn off the faster runtime', 'shopcredit' ) ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
		}
		echo '</div>';
	}

	/**
	 * The merchant's "turn on/off the faster runtime" (Doctor::turnOnFaster / turnOffFaster, run in
	 * this web server's PHP); the answer in the shop owner's words, with the doctor's details when refused.
	 * @return array{0: bool, 1: string}
	 */
	public static function turnFaster( bool $on ): array {
		$r     = $on ? Doctor::turnOnFaster( Bridge::runtimeConfig() ) : Doctor::turnOffFaster( Bridge::runtimeConfig() );
		$words = array(
			'turned_on'     => __( 'The faster runtime is on: it answered a test decision correctly on this server. The shop uses it from the next page on.', 'shopcredit' ),
			'turned_off'    => __( 'The faster runtime is off: the plain-PHP core answers from the next page on.', 'shopcredit' ),
			'cannot_run'    => __( 'The faster runtime cannot run on this server, so it stays off. Details:', 'shopcredit' ),
			'wrong_answer'  => __( 'The faster runtime gave a wrong answer to a test decision on this server, so it stays off. Details:', 'shopcredit' ),
			'cannot_record' => __( 'This server\'s PHP may not change the runtime. Details:', 'shopcredit' ),
		);
		$said = DoctorWords::say( Words::get(), $r['message'] ); // the doctor's details, in the admin's language too
		$text = $words[ $r['code'] ] ?? $said;
		return array( $r['done'], $r['done'] ? $text : $text . ' ' . $said );
	}

	/**
	 * No php.ini line by default; lines that can stop PHP from starting, to remove; the one FFI
	 * line only when the merchant opens "optional".
	 *
	 * @param array{ffi: list<string>, ffi_allows: string, remove: list<string>} $ini
	 */
	private static function ini( array $ini ): void {
		echo '<p>' . esc_html__( 'php.ini: nothing to add. The core runs in plain PHP on every server.', 'shopcredit' ) . '</p>';
		if ( array() !== $ini['remove'] ) {
			echo '<p>' . esc_html__( 'Remove these php.ini lines and restart PHP: PHP does not start when a file they name goes missing.', 'shopcredit' ) . '</p><pre>' . esc_html( implode( "\n", $ini['remove'] ) ) . '</pre>';
		}
		printf( '<details><summary>%s</summary><pre>%s</pre><p>%s</p></details>', esc_html__( 'Optional: the faster wasmtime runtime', 'shopcredit' ), esc_html( implode( "\n", $ini['ffi'] ) ), esc_html( $ini['ffi_allows'] ) );
	}
}

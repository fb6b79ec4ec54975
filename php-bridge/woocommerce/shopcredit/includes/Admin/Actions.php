<?php
/** Admin form actions (admin-post.php): capability and nonce checked, inputs sanitized, the bridge writes. */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\Money;
use ShopCreditWC\Orders\OrderEvents;
use ShopCreditWC\Requests;
use ShopCreditWC\RestGuard;

defined( 'ABSPATH' ) || exit;

final class Actions {

	public const ACTIONS = array( 'save_settings', 'set_account', 'record_payment', 'mark_paid', 'decide_increase', 'decide_withdrawal', 'credit_decision', 'refund_to_balance', 'mass_adjust', 'faster_runtime' );

	public static function handle(): void {
		// Order-box actions are links (GET): a form cannot sit inside the order edit form.
		$_POST  = array_merge( $_GET, $_POST ); // phpcs:ignore WordPress.Security.NonceVerification -- checked below
		$action = substr( sanitize_key( wp_unslash( $_POST['action'] ?? '' ) ), strlen( 'shopcredit_' ) );
		if ( ! in_array( $action, self::ACTIONS, true ) || ! RestGuard::actionAllowed( $action, 'current_user_can' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'shopcredit' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( 'shopcredit_' . $action );
		$by  = 'admin:' . get_current_user_id();
		$msg      = '';
		$ok       = true;
		$redirect = null;
		try {
			$sc  = Bridge::sc();
			$cur = Bridge::currency();
			switch ( $action ) {
				case 'save_settings':
					[ $ok, $msg ] = SettingsPage::save( $by );
					break;
				case 'faster_runtime':
					[ $ok, $msg ] = SettingsPage::turnFaster( 'on' === ( $_POST['turn'] ?? '' ) );
					break;
				case 'set_account':
					$cur   = self::postedCurrency();
					$cid   = (string) absint( $_POST['customer_id'] ?? 0 );
					$limit = Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['limit'] ?? '0' ) ), $cur );
					$sc->credit()->setLimit( Bridge::shopId(), $cid, $cur, $limit, $by );
					$profile = array(
						'on_hold'    => ! empty( $_POST['on_hold'] ),
						'risk_level' => sanitize_key( wp_unslash( $_POST['risk_level'] ?? 'low' ) ),
					);
					if ( '' !== (string) ( $_POST['payment_terms_days'] ?? '' ) ) {
						$profile['payment_terms_days'] = absint( $_POST['payment_terms_days'] );
					}
					$sc->credit()->setProfile( Bridge::shopId(), $cid, $cur, $profile, $by );
					$user = get_userdata( (int) $cid );
					/* translators: 1: customer name, 2: credit limit */
					$msg = sprintf( __( 'Credit line of %1$s: limit %2$s.', 'shopcredit' ), $user ? $user->display_name : $cid, html_entity_decode( wp_strip_all_tags( wc_price( $limit, \ShopCreditWC\Money::priceArgs( $cur ) ) ), ENT_QUOTES, 'UTF-8' ) );
					break;
				case 'record_payment':
					$ref = sanitize_text_field( wp_unslash( $_POST['order_ref'] ?? '' ) );
					$cur = self::receivableCurrency( $ref ) ?? $cur; // typed in the order's currency (a yen order is paid in yen)
					$amt = Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['amount'] ?? '0' ) ), $cur );
					$r   = self::payment( $ref, $amt, sanitize_text_field( wp_unslash( $_POST['method'] ?? '' ) ) ?: 'bank_transfer', sanitize_text_field( wp_unslash( $_POST['reference'] ?? '' ) ), $by );
					/* translators: %s: order number */
					[ $ok, $msg ] = self::answer( $r, sprintf( __( 'Payment recorded on order %s.', 'shopcredit' ), self::orderNumber( $ref ) ) );
					break;
				case 'mark_paid':
					[ $ok, $msg ] = self::markPaid( sanitize_text_field( wp_unslash( $_POST['order_ref'] ?? '' ) ), $by );
					break;
				case 'decide_increase':
					$cur          = (string) ( $sc->overview()->request( 'credit_increase', sanitize_text_field( wp_unslash( $_POST['request_id'] ?? '' ) ) )['currency'] ?? $cur ); // the new limit is in the line's currency
					[ $ok, $msg ] = self::decideIncrease( sanitize_text_field( wp_unslash( $_POST['request_id'] ?? '' ) ), 'approve' === ( $_POST['decision'] ?? '' ) ? 'approve' : 'decline', '' === (string) ( $_POST['new_limit'] ?? '' ) ? null : Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['new_limit'] ) ), $cur ), $by );
					break;
				case 'decide_withdrawal':
					[ $ok, $msg ] = self::decideWithdrawal( sanitize_text_field( wp_unslash( $_POST['request_id'] ?? '' ) ), absint( $_POST['customer_id'] ?? 0 ), 'approve' === ( $_POST['decision'] ?? '' ) ? 'approve' : 'reject', $by );
					break;
				case 'mass_adjust':
					[ $ok, $msg, $batch ] = MassPage::create( $by );
					$redirect             = null === $batch ? null : Menu::url( 'mass', array( 'batch' => $batch ) );
					break;
				case 'credit_decision':
					$order = wc_get_order( absint( $_POST['order_id'] ?? 0 ) );
					if ( $order ) {
						$r            = $sc->orders()->creditCheckDecided( Bridge::shopId(), Requests::orderRef( (int) $order->get_id() ), 'approve' === ( $_POST['decision'] ?? '' ) ? 'approve' : 'decline', $by, OrderEvents::host() );
						[ $ok, $msg ] = self::answer( $r, __( 'Credit check decided.', 'shopcredit' ) );
					}
					break;
				case 'refund_to_balance':
					$order = wc_get_order( absint( $_POST['order_id'] ?? 0 ) );
					if ( $order ) {
						[ $ok, $msg ] = self::refundToBalance( $order, Money::fromTyped( sanitize_text_field( wp_unslash( $_POST['amount'] ?? '0' ) ), $order->get_currency() ) );
					}
					break;
			}
		} catch ( \ShopCredit\Storage\MoneyFormatException $e ) {
			$ok  = false;
			$msg = Money::typedError( $e, $cur ?? null );
		} catch ( \ShopCredit\InvalidInput $e ) {
			$ok  = false;
			$msg = \ShopCreditWC\Words::get()->error( $e->errorCode, $cur ?? Bridge::currency() ); // words, never the code
		} catch ( \Throwable $e ) {
			$ok  = false;
			$msg = $e->getMessage();
		}
		set_transient( 'shopcredit_notice_' . get_current_user_id(), array( $ok, $msg ), 60 );
		if ( isset( $order ) && $order instanceof \WC_Order ) {
			$order->add_order_note( 'ShopCredit: ' . $msg );
			wp_safe_redirect( $order->get_edit_order_url() );
			exit;
		}
		wp_safe_redirect( $redirect ?? ( wp_get_referer() ?: Menu::url( 'accounts' ) ) );
		exit;
	}

	/**
	 * An order on account paid in full (its remaining amount, by bank transfer).
	 * @return array{0: bool, 1: string}
	 */
	public static function markPaid( string $ref, string $by ): array {
		$rcv = Bridge::sc()->receivables->find( Bridge::shopId(), $ref );
		$r   = null === $rcv ? array( 'accepted' => false, 'reasons' => array( 'order_unknown' ) ) : self::payment( $ref, \ShopCredit\Service\Overview::receivableRow( $rcv )['remaining'], 'bank_transfer', '', $by );
		/* translators: %s: order number */
		return self::answer( $r, sprintf( __( 'Order %s marked paid.', 'shopcredit' ), self::orderNumber( $ref ) ) );
	}

	/** @return array{0: bool, 1: string} */
	public static function decideIncrease( string $requestId, string $decision, ?string $newLimit, string $by ): array {
		$r = Bridge::sc()->credit()->decideIncrease( $requestId, $decision, $by, $newLimit, null );
		[ $ok, $msg ] = self::answer( $r, __( 'Decided.', 'shopcredit' ) );
		if ( $ok ) {
			\ShopCreditWC\Emails::ensure();
			do_action( 'shopcredit_email_credit_increase_decision', array( 'customerId' => (string) ( $r['request']['customerId'] ?? '' ) ) + (array) ( $r['request'] ?? array() ) );
		}
		return array( $ok, $msg );
	}

	/** @return array{0: bool, 1: string} */
	public static function decideWithdrawal( string $requestId, int $customerId, string $decision, string $by ): array {
		$r = Bridge::sc()->wallet()->decideWithdrawal( $requestId, $decision, $by, null );
		[ $ok, $msg ] = self::answer( $r, __( 'Decided.', 'shopcredit' ) );
		if ( $ok ) {
			\ShopCreditWC\Emails::ensure();
			do_action( 'shopcredit_email_withdrawal_decision', array( 'customerId' => $customerId, 'state' => $decision ) );
		}
		return array( $ok, $msg );
	}

	/**
	 * The currency chosen in a back-office form (credit line, mass credit): one the shop has
	 * (Ledger::currencies: the shop's, then any the books hold), else the shop's.
	 */
	public static function postedCurrency(): string {
		$c = strtoupper( sanitize_key( wp_unslash( $_POST['currency'] ?? '' ) ) ); // phpcs:ignore WordPress.Security.NonceVerification -- checked by the caller
		return in_array( $c, Ledger::currencies(), true ) ? $c : Bridge::currency();
	}

	/** A currency select for a back-office form, when the shop has more than one currency ('' otherwise). */
	public static function currencySelect(): string {
		$all = Ledger::currencies();
		if ( count( $all ) < 2 ) {
			return '';
		}
		$out = '<select name="currency" aria-label="' . esc_attr( \ShopCreditWC\Words::get()->text( 'word', 'currency' ) ) . '">';
		foreach ( $all as $c ) {
			$out .= sprintf( '<option value="%1$s">%1$s</option>', esc_attr( $c ) );
		}
		return $out . '</select>';
	}

	/** The currency of an order on account (its receivable), null when there is none. */
	private static function receivableCurrency( string $ref ): ?string {
		$rcv = '' === $ref ? null : Bridge::sc()->receivables->find( Bridge::shopId(), $ref );
		return null === $rcv ? null : (string) \ShopCredit\Service\Overview::receivableRow( $rcv )['currency'];
	}

	/** "#123" for an order of this shop, else the reference as it is. */
	private static function orderNumber( string $ref ): string {
		$id    = Requests::orderIdFromRef( $ref );
		$order = null === $id ? null : wc_get_order( $id );
		return $order instanceof \WC_Order ? '#' . $order->get_order_number() : $ref;
	}

	/**
	 * A payment on an order on account typed in our back office: the order lifecycle books it and
	 * notes it on the WooCommerce order (orders placed before it keep the direct booking).
	 */
	private static function payment( string $ref, string $amount, string $method, string $reference, string $by ): array {
		$sc = Bridge::sc();
		if ( null === $sc->orders()->summary( Bridge::shopId(), $ref ) ) {
			return $sc->credit()->recordPayment( Bridge::shopId(), $ref, 'pay-' . wp_generate_uuid4(), $amount, $method, $reference, $by );
		}
		return $sc->orders()->paymentRecorded( Bridge::shopId(), $ref, 'admin-' . str_replace( '-', '', wp_generate_uuid4() ), $amount, $method, '' === $reference ? null : $reference, 'shopcredit', OrderEvents::host() );
	}

	/**
	 * "Refund to store balance": a WooCommerce refund (listed with the others, capped by
	 * WooCommerce) whose whole amount the order lifecycle gives back as store balance.
	 * @return array{0: bool, 1: string}
	 */
	private static function refundToBalance( \WC_Order $order, string $amount ): array {
		$flag = static function ( $refund ): void {
			$refund->update_meta_data( OrderEvents::TO_BALANCE, 'yes' );
		};
		add_action( 'woocommerce_create_refund', $flag );
		$r = wc_create_refund( array( 'order_id' => $order->get_id(), 'amount' => $amount, 'reason' => __( 'Refunded to the store balance', 'shopcredit' ), 'refund_payment' => false, 'restock_items' => false ) );
		remove_action( 'woocommerce_create_refund', $flag );
		return is_wp_error( $r ) ? array( false, $r->get_error_message() ) : array( true, __( 'Refunded to the store balance.', 'shopcredit' ) );
	}

	/** @return array{0: bool, 1: string} */
	private static function answer( array $r, string $success ): array {
		if ( false === ( $r['accepted'] ?? true ) ) {
			return array( false, sprintf( /* translators: %s: reasons */ __( 'Refused: %s', 'shopcredit' ), \ShopCreditWC\Checkout::reasonsText( (array) ( $r['reasons'] ?? array() ) ) ) );
		}
		return array( true, $success );
	}

	public static function notice(): void {
		$n = get_transient( 'shopcredit_notice_' . get_current_user_id() );
		if ( is_array( $n ) ) {
			delete_transient( 'shopcredit_notice_' . get_current_user_id() );
			printf( '<div class="notice notice-%s is-dismissible"><p>%s</p></div>', $n[0] ? 'success' : 'error', esc_html( (string) $n[1] ) );
		}
	}

	/** A nonce'd admin-post link (for boxes inside another form). */
	public static function link( string $action, array $args, string $label, string $extraAttrs = '' ): string {
		$url = wp_nonce_url( add_query_arg( array( 'action' => 'shopcredit_' . $action ) + $args, admin_url( 'admin-post.php' ) ), 'shopcredit_' . $action );
		return '<a class="button" href="' . esc_url( $url ) . '" ' . $extraAttrs . '>' . esc_html( $label ) . '</a>';
	}

	/**
	 * A form with no visible part (its action, nonce and hidden fields), for rows of a list table
	 * that already sits in the bulk-action form: the row's fields and button name it (form="…").
	 */
	public static function detached( string $id, string $action, string $hidden ): string {
		return '<form id="' . esc_attr( $id ) . '" method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">'
			. '<input type="hidden" name="action" value="shopcredit_' . esc_attr( $action ) . '" />'
			. wp_nonce_field( 'shopcredit_' . $action, '_wpnonce', true, false ) . $hidden . '</form>';
	}

	public static function form( string $action, string $inner, string $button, string $display = 'inline' ): string {
		return '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" style="display:' . esc_attr( $display ) . '">'
			. '<input type="hidden" name="action" value="shopcredit_' . esc_attr( $action ) . '" />'
			. wp_nonce_field( 'shopcredit_' . $action, '_wpnonce', true, false )
			. $inner . ' <button class="button">' . esc_html( $button ) . '</button></form>';
	}
}

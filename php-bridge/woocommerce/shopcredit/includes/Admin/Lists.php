<?php
/** Admin lists: credit accounts (with the per-customer form), receivables, requests. */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;

defined( 'ABSPATH' ) || exit;

final class Lists {

	public static function accounts(): void {
		$sc   = Bridge::sc();
		$rows = $sc->overview()->accounts( Bridge::shopId(), array( 'currency' => Bridge::currency() ), 200 )['rows'];
		echo '<h2>' . esc_html__( 'Credit lines', 'shopcredit' ) . '</h2><table class="widefat striped"><thead><tr>';
		foreach ( array( __( 'Customer', 'shopcredit' ), __( 'Authorized', 'shopcredit' ), __( 'Exposure', 'shopcredit' ), __( 'Remaining', 'shopcredit' ), __( 'Total paid', 'shopcredit' ), __( 'Total expected', 'shopcredit' ), __( 'Risk', 'shopcredit' ), __( 'On hold', 'shopcredit' ), __( 'Blocking', 'shopcredit' ) ) as $h ) {
			echo '<th>' . esc_html( $h ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( $rows as $r ) {
			$u = get_userdata( (int) $r['customerId'] );
			printf(
				'<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
				esc_html( ( $u ? $u->user_email : '' ) . ' #' . $r['customerId'] ),
				esc_html( $r['authorized'] ), esc_html( $r['exposure'] ), esc_html( $r['remaining'] ), esc_html( $r['totalPaid'] ), esc_html( $r['totalExpected'] ),
				esc_html( (string) $r['riskLevel'] ), $r['onHold'] ? '✔' : '', esc_html( implode( ', ', (array) $r['blockingReasons'] ) )
			);
		}
		echo '</tbody></table><h3>' . esc_html__( 'Set a customer\'s credit line', 'shopcredit' ) . '</h3>';
		$inner = '<input type="number" name="customer_id" placeholder="user id" required /> <input name="limit" placeholder="limit" required /> '
			. '<select name="risk_level"><option>low</option><option>medium</option><option>high</option></select> '
			. '<input type="number" name="payment_terms_days" placeholder="terms (days)" /> <label><input type="checkbox" name="on_hold" value="1" /> on hold</label>';
		echo Actions::form( 'set_account', $inner, __( 'Save', 'shopcredit' ) ); // phpcs:ignore WordPress.Security.EscapeOutput
		$wallets = $sc->overview()->accounts( Bridge::shopId(), array( 'currency' => Bridge::currency(), 'kind' => 'wallet' ), 200 )['rows'];
		echo '<h2>' . esc_html__( 'Store balances', 'shopcredit' ) . '</h2><table class="widefat striped"><thead><tr><th>' . esc_html__( 'Customer', 'shopcredit' ) . '</th><th>' . esc_html__( 'Balance', 'shopcredit' ) . '</th><th>' . esc_html__( 'Reserved', 'shopcredit' ) . '</th><th>' . esc_html__( 'Available', 'shopcredit' ) . '</th></tr></thead><tbody>';
		foreach ( $wallets as $w ) {
			printf( '<tr><td>#%s</td><td>%s</td><td>%s</td><td>%s</td></tr>', esc_html( $w['customerId'] ), esc_html( (string) ( $w['balance'] ?? '' ) ), esc_html( (string) ( $w['reserved'] ?? '' ) ), esc_html( (string) ( $w['available'] ?? '' ) ) );
		}
		echo '</tbody></table>';
		Ledger::massForm();
	}

	public static function receivables(): void {
		$rows = Bridge::sc()->overview()->receivables( Bridge::shopId(), array( 'state' => array( 'open' ) ), 200 )['rows'];
		echo '<table class="widefat striped"><thead><tr><th>' . esc_html__( 'Order', 'shopcredit' ) . '</th><th>' . esc_html__( 'Customer', 'shopcredit' ) . '</th><th>' . esc_html__( 'Amount', 'shopcredit' ) . '</th><th>' . esc_html__( 'Paid', 'shopcredit' ) . '</th><th>' . esc_html__( 'Remaining', 'shopcredit' ) . '</th><th>' . esc_html__( 'Due', 'shopcredit' ) . '</th><th></th></tr></thead><tbody>';
		foreach ( $rows as $r ) {
			$ref  = esc_attr( $r['orderRef'] );
			$pay  = Actions::form( 'record_payment', '<input type="hidden" name="order_ref" value="' . $ref . '" /><input name="amount" size="8" placeholder="amount" required /><input name="reference" size="10" placeholder="reference" />', __( 'Record payment', 'shopcredit' ) );
			$paid = Actions::form( 'mark_paid', '<input type="hidden" name="order_ref" value="' . $ref . '" />', __( 'Mark paid', 'shopcredit' ) );
			printf( '<tr><td>%s</td><td>#%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s %s</td></tr>', esc_html( $r['orderRef'] ), esc_html( $r['customerId'] ), esc_html( $r['amount'] ), esc_html( $r['paid'] ), esc_html( $r['remaining'] ), esc_html( (string) $r['dueDate'] ), $pay, $paid ); // phpcs:ignore WordPress.Security.EscapeOutput
		}
		echo '</tbody></table>';
	}

	public const REQUESTS_PER_PAGE = 50;

	/** Both request lists, 50 a page each (newest first), with the customer's message. */
	public static function requests(): void {
		$sc = Bridge::sc();
		foreach ( array( 'credit_increase' => __( 'Credit increase requests', 'shopcredit' ), 'withdrawal' => __( 'Withdrawal requests', 'shopcredit' ) ) as $kind => $title ) {
			$param = 'credit_increase' === $kind ? 'page_inc' : 'page_wd';
			$page  = max( 1, absint( $_GET[ $param ] ?? 1 ) ); // phpcs:ignore WordPress.Security.NonceVerification -- a page number
			$list  = $sc->overview()->requestPage( $kind, Bridge::shopId(), array(), self::REQUESTS_PER_PAGE, ( $page - 1 ) * self::REQUESTS_PER_PAGE );
			echo '<h2>' . esc_html( $title ) . '</h2><table class="widefat striped"><thead><tr><th>' . esc_html__( 'Request', 'shopcredit' ) . '</th><th>' . esc_html__( 'Customer', 'shopcredit' ) . '</th><th>' . esc_html__( 'Amount', 'shopcredit' ) . '</th><th>' . esc_html__( 'Message', 'shopcredit' ) . '</th><th>' . esc_html__( 'State', 'shopcredit' ) . '</th><th></th></tr></thead><tbody>';
			foreach ( $list['rows'] as $r ) {
				printf( '<tr><td>%s</td><td>#%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>', esc_html( $r['id'] ), esc_html( $r['customer_id'] ), esc_html( (string) ( $r['amount'] ?? $r['requested_limit'] ?? '' ) ), esc_html( (string) ( $r['message'] ?? '' ) ), esc_html( $r['state'] ), self::decisionForms( $kind, $r ) ); // phpcs:ignore WordPress.Security.EscapeOutput -- forms built from escaped parts
			}
			echo '</tbody></table>';
			$pages = max( 1, (int) ceil( $list['total'] / self::REQUESTS_PER_PAGE ) );
			if ( $pages > 1 ) {
				printf( '<p class="shopcredit-pager">%s %d / %d (%d)', esc_html__( 'Page', 'shopcredit' ), (int) $page, (int) $pages, (int) $list['total'] );
				if ( $page > 1 ) {
					printf( ' <a href="%s">%s</a>', esc_url( Menu::url( 'requests', array( $param => $page - 1 ) ) ), esc_html__( 'Newer', 'shopcredit' ) );
				}
				if ( $page < $pages ) {
					printf( ' <a href="%s">%s</a>', esc_url( Menu::url( 'requests', array( $param => $page + 1 ) ) ), esc_html__( 'Older', 'shopcredit' ) );
				}
				echo '</p>';
			}
		}
	}

	/** @param array<string, mixed> $r */
	private static function decisionForms( string $kind, array $r ): string {
		if ( ! in_array( $r['state'], array( 'requested', 'pending' ), true ) ) {
			return '';
		}
		$hidden = '<input type="hidden" name="request_id" value="' . esc_attr( $r['id'] ) . '" /><input type="hidden" name="customer_id" value="' . esc_attr( $r['customer_id'] ) . '" />';
		return 'credit_increase' === $kind
			? Actions::form( 'decide_increase', $hidden . '<input type="hidden" name="decision" value="approve" /><input name="new_limit" size="8" placeholder="new limit" />', __( 'Approve', 'shopcredit' ) ) . Actions::form( 'decide_increase', $hidden . '<input type="hidden" name="decision" value="decline" />', __( 'Decline', 'shopcredit' ) )
			: Actions::form( 'decide_withdrawal', $hidden . '<input type="hidden" name="decision" value="approve" />', __( 'Approve', 'shopcredit' ) ) . Actions::form( 'decide_withdrawal', $hidden . '<input type="hidden" name="decision" value="reject" />', __( 'Reject', 'shopcredit' ) );
	}
}

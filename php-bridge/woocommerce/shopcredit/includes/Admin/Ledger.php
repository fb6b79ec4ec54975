<?php
/** Admin: a customer's ledger (credit line or balance) with filters, CSV export, statistics, mass adjustments. */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Bridge;
use ShopCreditWC\RestGuard;

defined( 'ABSPATH' ) || exit;

final class Ledger {

	/** @return array{0: string, 1: array<string, mixed>} the account id and the filters from the query */
	public static function query( array $q ): array {
		$kind    = 'wallet' === ( $q['kind'] ?? '' ) ? 'wallet' : 'credit';
		$account = $kind . ':' . Bridge::shopId() . ':' . absint( $q['customer'] ?? 0 ) . ':' . Bridge::currency();
		$filters = array();
		if ( ! empty( $q['code'] ) ) {
			$filters['code'] = sanitize_text_field( wp_unslash( $q['code'] ) );
		}
		if ( ! empty( $q['order_ref'] ) ) {
			$filters['order_ref'] = sanitize_text_field( wp_unslash( $q['order_ref'] ) );
		}
		foreach ( array( 'from' => 'from_s', 'to' => 'to_s' ) as $k => $f ) {
			$d = sanitize_text_field( wp_unslash( $q[ $k ] ?? '' ) );
			if ( preg_match( '/^\d{4}-\d{2}-\d{2}$/', $d ) ) {
				$filters[ $f ] = (int) strtotime( $d . ( 'to' === $k ? ' 23:59:59' : ' 00:00:00' ) . ' UTC' ) + ( 'to' === $k ? 1 : 0 );
			}
		}
		return array( $account, $filters );
	}

	public static function render(): void {
		$q = $_GET; // phpcs:ignore WordPress.Security.NonceVerification -- read-only filters
		echo '<form method="get"><input type="hidden" name="page" value="shopcredit" /><input type="hidden" name="tab" value="ledger" />';
		printf(
			'<input type="number" name="customer" placeholder="user id" value="%s" required /> <select name="kind"><option value="credit">%s</option><option value="wallet" %s>%s</option></select> <input name="code" placeholder="code" value="%s" size="6" /> <input name="order_ref" placeholder="wc-123" value="%s" size="8" /> <input type="date" name="from" value="%s" /> <input type="date" name="to" value="%s" /> <button class="button">%s</button></form>',
			esc_attr( (string) ( $q['customer'] ?? '' ) ), esc_html__( 'Credit line', 'shopcredit' ), selected( 'wallet', $q['kind'] ?? '', false ), esc_html__( 'Store balance', 'shopcredit' ),
			esc_attr( (string) ( $q['code'] ?? '' ) ), esc_attr( (string) ( $q['order_ref'] ?? '' ) ), esc_attr( (string) ( $q['from'] ?? '' ) ), esc_attr( (string) ( $q['to'] ?? '' ) ), esc_html__( 'Filter', 'shopcredit' )
		);
		if ( empty( $q['customer'] ) ) {
			return;
		}
		[ $account, $filters ] = self::query( $q );
		$page                  = Bridge::sc()->overview()->movements( $account, $filters, 50, isset( $q['cursor'] ) ? sanitize_text_field( wp_unslash( $q['cursor'] ) ) : null );
		$export                = wp_nonce_url( add_query_arg( array_intersect_key( $q, array_flip( array( 'customer', 'kind', 'code', 'order_ref', 'from', 'to' ) ) ) + array( 'action' => 'shopcredit_export' ), admin_url( 'admin-post.php' ) ), 'shopcredit_export' );
		printf( '<p><code>%s</code> <a class="button" href="%s">%s</a></p>', esc_html( $account ), esc_url( $export ), esc_html__( 'Export CSV', 'shopcredit' ) );
		echo '<table class="widefat striped"><thead><tr><th>' . esc_html__( 'Date', 'shopcredit' ) . '</th><th>Id</th><th>' . esc_html__( 'Code', 'shopcredit' ) . '</th><th>' . esc_html__( 'Amount', 'shopcredit' ) . '</th><th>' . esc_html__( 'Order', 'shopcredit' ) . '</th><th>' . esc_html__( 'Status', 'shopcredit' ) . '</th></tr></thead><tbody>';
		foreach ( $page['items'] as $t ) {
			printf(
				'<tr><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s%s</td><td>%s</td><td>%s</td></tr>',
				esc_html( gmdate( 'Y-m-d H:i', (int) $t['timestampS'] ) ), esc_html( $t['id'] ), esc_html( (string) $t['code'] ),
				'credit' === $t['direction'] ? '+' : '-', esc_html( $t['amount'] ), esc_html( (string) ( $t['orderRef'] ?? '' ) ), esc_html( implode( ' ', (array) $t['flags'] ) . ' ' . (string) ( $t['pendingStatus'] ?? '' ) )
			);
		}
		echo '</tbody></table>';
		if ( null !== $page['nextCursor'] ) {
			printf( '<p><a href="%s">%s</a></p>', esc_url( add_query_arg( 'cursor', $page['nextCursor'] ) ), esc_html__( 'Older movements', 'shopcredit' ) );
		}
	}

	/** admin-post.php?action=shopcredit_export: the filtered movements as CSV. */
	public static function export(): void {
		if ( ! RestGuard::actionAllowed( 'export', 'current_user_can' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'shopcredit' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( 'shopcredit_export' );
		[ $account, $filters ] = self::query( $_GET );
		nocache_headers();
		header( 'Content-Type: text/csv; charset=utf-8' );
		header( 'Content-Disposition: attachment; filename="shopcredit-' . preg_replace( '/[^a-z0-9-]+/i', '-', $account ) . '.csv"' );
		$out = fopen( 'php://output', 'w' );
		Bridge::sc()->export()->movements( $out, array( $account ), $filters );
		fclose( $out ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		exit;
	}

	public static function statistics(): void {
		$sc  = Bridge::sc();
		$now = $sc->time->now(); // the bridge's one clock: the shop's today and offset
		$s   = $sc->overview()->statistics( Bridge::shopId(), Bridge::currency(), $now - 90 * DAY_IN_SECONDS, $now + 1, $sc->time->today( Bridge::shopId() ), 'month', $sc->time->utcOffsetS( Bridge::shopId() ) );
		echo '<h2>' . esc_html__( 'Credit lines', 'shopcredit' ) . '</h2><table class="widefat striped"><tbody>';
		foreach ( $s['creditLines'] as $k => $v ) {
			printf( '<tr><th>%s</th><td>%s</td></tr>', esc_html( $k ), esc_html( (string) $v ) );
		}
		foreach ( $s['receivables'] as $k => $v ) {
			printf( '<tr><th>receivables.%s</th><td>%s</td></tr>', esc_html( $k ), esc_html( (string) $v ) );
		}
		echo '</tbody></table><h2>' . esc_html__( 'Store balances (last 90 days)', 'shopcredit' ) . '</h2>';
		printf( '<p>%s: %d</p><pre>%s</pre>', esc_html__( 'Balances', 'shopcredit' ), (int) $s['wallets']['count'], esc_html( (string) wp_json_encode( $s['wallets']['movements'], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) ) );
	}

	public static function massForm(): void {
		echo '<h2>' . esc_html__( 'Mass credit / debit of store balances', 'shopcredit' ) . '</h2>';
		$roles = '';
		foreach ( wp_roles()->get_names() as $slug => $name ) {
			$roles .= sprintf( '<option value="%s">%s</option>', esc_attr( $slug ), esc_html( translate_user_role( $name ) ) );
		}
		$inner = '<select name="role">' . $roles . '</select> <select name="direction"><option value="credit">credit</option><option value="debit">debit</option></select> <input name="amount" size="8" placeholder="amount" required /> <input name="reason" placeholder="reason" required />';
		echo Actions::form( 'mass_adjust', $inner, __( 'Apply', 'shopcredit' ) ); // phpcs:ignore WordPress.Security.EscapeOutput
	}
}

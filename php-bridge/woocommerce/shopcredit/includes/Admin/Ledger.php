<?php
/**
 * Admin: the movements of the customers' balances or credit lines (one line per movement, every
 * customer or one, a period), its CSV export, and the statistics with charts and a period filter.
 */

namespace ShopCreditWC\Admin;

use ShopCredit\I18n\ChartView;
use ShopCreditWC\Admin\Tables\MovementsTable;
use ShopCreditWC\Admin\Tables\Table;
use ShopCreditWC\Bridge;
use ShopCreditWC\RestGuard;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

final class Ledger {

	/** A date typed in a filter (YYYY-MM-DD, the site's time zone) as unix seconds; the end date counts whole. */
	private static function dayStart( string $ymd, bool $end ): ?int {
		if ( ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', $ymd ) ) {
			return null;
		}
		$d = \DateTimeImmutable::createFromFormat( '!Y-m-d', $ymd, wp_timezone() );
		return false === $d ? null : ( $end ? $d->modify( '+1 day' ) : $d )->getTimestamp();
	}

	/** @return array{0: string, 1: array<string, mixed>} the account id and the filters from the query (CSV export of one customer) */
	public static function query( array $q ): array {
		$kind    = 'wallet' === ( $q['kind'] ?? '' ) ? 'wallet' : 'credit';
		$account = $kind . ':' . Bridge::shopId() . ':' . absint( $q['customer'] ?? 0 ) . ':' . ( self::filteredCurrency( $q ) ?: Bridge::currency() );
		$filters = array();
		if ( ! empty( $q['order_ref'] ) ) {
			$filters['order_ref'] = sanitize_text_field( wp_unslash( $q['order_ref'] ) );
		}
		foreach ( array( 'from' => 'from_s', 'to' => 'to_s' ) as $k => $f ) {
			$s = self::dayStart( sanitize_text_field( wp_unslash( $q[ $k ] ?? '' ) ), 'to' === $k );
			if ( null !== $s ) {
				$filters[ $f ] = $s;
			}
		}
		return array( $account, $filters );
	}

	public static function render(): void {
		$q        = $_GET; // phpcs:ignore WordPress.Security.NonceVerification -- read-only filters
		$kind     = 'wallet' === ( $q['kind'] ?? 'wallet' ) ? 'wallet' : 'credit_line';
		$customer = absint( $q['customer'] ?? 0 );
		$filters  = array();
		if ( $customer > 0 ) {
			$filters['customer_id'] = (string) $customer;
		}
		$filters += array_intersect_key( self::query( $q )[1], array_flip( array( 'from_s', 'to_s' ) ) );
		$cur      = self::filteredCurrency( $q );
		if ( '' !== $cur ) {
			$filters['currency'] = $cur;
		}
		$table    = new MovementsTable( $kind, $filters );
		$table->prepare_items();
		$w = Words::get();
		echo '<ul class="subsubsub">';
		foreach ( array( 'wallet' => __( 'Store balances', 'shopcredit' ), 'credit_line' => __( 'Credit lines', 'shopcredit' ) ) as $k => $label ) {
			printf( '<li><a href="%s"%s>%s</a> | </li>', esc_url( Menu::url( 'ledger', array( 'kind' => $k ) + ( $customer > 0 ? array( 'customer' => $customer ) : array() ) ) ), $k === $kind ? ' class="current" aria-current="page"' : '', esc_html( $label ) );
		}
		echo '</ul><br class="clear" />';
		echo '<form method="get" class="shopcredit-filters"><input type="hidden" name="page" value="' . esc_attr( Menu::SLUG ) . '" /><input type="hidden" name="tab" value="ledger" /><input type="hidden" name="kind" value="' . esc_attr( $kind ) . '" />';
		$picked = '';
		if ( $customer > 0 && ( $u = get_userdata( $customer ) ) ) {
			$picked = sprintf( '<option value="%d" selected>%s</option>', $customer, esc_html( trim( $u->first_name . ' ' . $u->last_name ) ?: $u->display_name ) . ' (' . esc_html( $u->user_email ) . ')' );
		}
		printf(
			'<p><label>%s <select class="wc-customer-search" name="customer" data-placeholder="%s" data-allow_clear="true" style="width:20em">%s</select></label> <label>%s <input type="date" name="from" value="%s" /></label> <label>%s <input type="date" name="to" value="%s" /></label> %s <button class="button">%s</button></p></form>',
			esc_html( $w->text( 'word', 'customer' ) ), esc_attr__( 'Every customer', 'shopcredit' ), $picked, // phpcs:ignore WordPress.Security.EscapeOutput -- escaped above
			esc_html__( 'From', 'shopcredit' ), esc_attr( (string) ( $q['from'] ?? '' ) ), esc_html__( 'To', 'shopcredit' ), esc_attr( (string) ( $q['to'] ?? '' ) ), self::currencyFilter( $cur ), esc_html__( 'Filter', 'shopcredit' )
		);
		if ( $customer > 0 ) {
			$export = wp_nonce_url( add_query_arg( array( 'kind' => 'wallet' === $kind ? 'wallet' : 'credit', 'customer' => $customer ) + array_intersect_key( $q, array_flip( array( 'from', 'to', 'currency' ) ) ) + array( 'action' => 'shopcredit_export' ), admin_url( 'admin-post.php' ) ), 'shopcredit_export' );
			printf( '<p><a class="button" href="%s">%s</a></p>', esc_url( $export ), esc_html__( 'Export CSV', 'shopcredit' ) );
		}
		$table->display();
		Table::totals( $table->sums, array( 'count' => __( 'Movements', 'shopcredit' ), 'in' => __( 'In', 'shopcredit' ), 'out' => __( 'Out', 'shopcredit' ), 'net' => __( 'Net', 'shopcredit' ) ) );
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

	/** The list filter's currency from the query: one of currencies(), or '' (every currency). */
	public static function filteredCurrency( ?array $q = null ): string {
		$c = strtoupper( sanitize_key( wp_unslash( (string) ( ( $q ?? $_GET )['currency'] ?? '' ) ) ) ); // phpcs:ignore WordPress.Security.NonceVerification -- a list filter
		return in_array( $c, self::currencies(), true ) ? $c : '';
	}

	/** A "Currency" select for a list: every currency, or one of the shop's (shown when it has more than one). */
	public static function currencyFilter( string $current ): string {
		$all = self::currencies();
		if ( count( $all ) < 2 ) {
			return '';
		}
		$w   = Words::get();
		$out = '<label>' . esc_html( $w->text( 'word', 'currency' ) ) . ' <select name="currency" class="shopcredit-currency-filter"><option value="">' . esc_html__( 'Every currency', 'shopcredit' ) . '</option>';
		foreach ( $all as $c ) {
			$out .= sprintf( '<option value="%1$s" %2$s>%1$s</option>', esc_attr( $c ), selected( $current, $c, false ) );
		}
		return $out . '</select></label>';
	}

	public const RANGES = array( 30 => 'day', 90 => 'week', 365 => 'month' );

	/**
	 * Statistics: the four charts (balances, credit lines, overdue, financing) for a period and a
	 * currency, drawn by the bundled chart component with each chart's figures as a table.
	 */
	public static function statistics(): void {
		// phpcs:disable WordPress.Security.NonceVerification -- read-only filters
		$days   = absint( $_GET['range'] ?? 90 );
		$days   = array_key_exists( $days, self::RANGES ) ? $days : 90;
		$period = sanitize_key( wp_unslash( $_GET['period'] ?? self::RANGES[ $days ] ) );
		$period = in_array( $period, array( 'day', 'week', 'month' ), true ) ? $period : self::RANGES[ $days ];
		$cur    = strtoupper( sanitize_key( wp_unslash( $_GET['currency'] ?? Bridge::currency() ) ) );
		// phpcs:enable
		$currencies = self::currencies();
		$cur        = in_array( $cur, $currencies, true ) ? $cur : Bridge::currency();
		$w          = Words::get();
		echo '<form method="get" class="shopcredit-filters"><input type="hidden" name="page" value="' . esc_attr( Menu::SLUG ) . '" /><input type="hidden" name="tab" value="statistics" /><p>';
		echo '<label>' . esc_html( $w->text( 'word', 'period' ) ) . ' <select name="range">';
		foreach ( array_keys( self::RANGES ) as $d ) {
			/* translators: %d: number of days */
			printf( '<option value="%d" %s>%s</option>', (int) $d, selected( $days, $d, false ), esc_html( sprintf( __( 'Last %d days', 'shopcredit' ), $d ) ) );
		}
		echo '</select></label> <select name="period" aria-label="' . esc_attr( $w->text( 'word', 'period' ) ) . '">';
		foreach ( $w->options( 'period' ) as $k => $label ) {
			printf( '<option value="%s" %s>%s</option>', esc_attr( $k ), selected( $period, $k, false ), esc_html( $label ) );
		}
		echo '</select> <label>' . esc_html( $w->text( 'word', 'currency' ) ) . ' <select name="currency">';
		foreach ( $currencies as $c ) {
			printf( '<option value="%1$s" %2$s>%1$s</option>', esc_attr( $c ), selected( $cur, $c, false ) );
		}
		echo '</select></label> <button class="button">' . esc_html__( 'Show', 'shopcredit' ) . '</button></p></form>';
		$sc    = Bridge::sc();
		$now   = $sc->time->now(); // the bridge's one clock
		$stats = $sc->charts()->statistics( Bridge::shopId(), $cur, $now - $days * DAY_IN_SECONDS, $now + 1, $period );
		echo '<div class="shopcredit-charts" style="display:grid;grid-template-columns:repeat(auto-fit,minmax(28em,1fr));gap:1.5em">';
		foreach ( ChartView::CHARTS as $chart ) {
			echo '<div class="postbox" style="padding:0 1em 1em">' . ChartView::html( ChartView::of( $stats, $chart, $w ) ) . '</div>'; // phpcs:ignore WordPress.Security.EscapeOutput -- JSON escaped for a script element by ChartView
		}
		echo '</div>';
	}

	/**
	 * The store currency first, then every other enabled one (Currencies: multi-currency plugins,
	 * our filter), then any other currency accounts exist in (a currency disabled later keeps its
	 * books visible). @return list<string>
	 */
	public static function currencies(): array {
		$out = \ShopCreditWC\Currencies::enabled();
		foreach ( array( 'credit_line', 'wallet' ) as $kind ) {
			$out = array_merge( $out, array_keys( Bridge::sc()->overview()->accounts( Bridge::shopId(), array( 'kind' => $kind ), 1 )['totals'] ) );
		}
		return array_values( array_unique( $out ) );
	}
}

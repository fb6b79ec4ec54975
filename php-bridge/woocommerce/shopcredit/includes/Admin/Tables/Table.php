<?php
/**
 * What every ShopCredit list in wp-admin shares: WordPress's own list table (pagination, sortable
 * columns, search box, views), customers shown by name with a link to their profile, orders by
 * number with a link to the order, money in WooCommerce's format and the row's currency, and every
 * code in words (the bridge's catalogue in the site's language).
 */

namespace ShopCreditWC\Admin\Tables;

use ShopCredit\I18n\Words as BridgeWords;
use ShopCreditWC\Requests;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

require_once ABSPATH . 'wp-admin/includes/class-wp-list-table.php';

abstract class Table extends \WP_List_Table {

	public const PER_PAGE = 20;

	/** @var array<string, \WP_User> customer id → user, loaded once per page */
	private array $users = array();

	protected BridgeWords $w;

	public function __construct( string $plural ) {
		parent::__construct(
			array(
				'plural'   => $plural,
				'singular' => $plural,
				'ajax'     => false,
				'screen'   => 'woocommerce_page_shopcredit_' . $plural,
			)
		);
		$this->w = Words::get();
	}

	/** Row forms printed after the table (a row cannot hold a form inside the bulk-action form). */
	protected array $forms = array();

	/** The bulk-action menu above the table only (its select routes admin-post.php: `action`). */
	protected function bulk_actions( $which = '' ): void {
		if ( 'top' === $which ) {
			parent::bulk_actions( $which );
		}
	}

	/**
	 * The table inside its bulk-action form (to admin-post.php), then the rows' own forms.
	 */
	public function displayWithBulk(): void {
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		$this->display();
		echo '</form>';
		echo implode( '', $this->forms ); // phpcs:ignore WordPress.Security.EscapeOutput -- built by Actions::detached from escaped parts
	}

	protected function get_table_classes(): array {
		return array_merge( parent::get_table_classes(), array( 'shopcredit-table' ) );
	}

	/** Loads the page's customers in one query. @param list<string> $ids */
	protected function loadCustomers( array $ids ): void {
		$ids = array_values( array_filter( array_unique( array_map( 'absint', $ids ) ) ) );
		if ( array() === $ids ) {
			return;
		}
		foreach ( get_users( array( 'include' => $ids, 'number' => count( $ids ) ) ) as $u ) {
			$this->users[ (string) $u->ID ] = $u;
		}
	}

	/** The customer's name (company or login when there is no name), linked to their profile. */
	protected function customer( string $id ): string {
		$u = $this->users[ $id ] ?? null;
		if ( null === $u ) {
			/* translators: %s: customer number */
			return esc_html( sprintf( __( 'Deleted customer (%s)', 'shopcredit' ), $id ) );
		}
		$name = trim( $u->first_name . ' ' . $u->last_name );
		$name = '' !== $name ? $name : $u->display_name;
		return sprintf( '<a href="%s"><strong>%s</strong></a><br /><span class="description">%s</span>', esc_url( get_edit_user_link( $u->ID ) ), esc_html( $name ), esc_html( $u->user_email ) );
	}

	/** The order's number linked to its edit screen (refs of other systems shown as they are). */
	protected function order( ?string $ref ): string {
		if ( null === $ref || '' === $ref ) {
			return '—';
		}
		if ( str_starts_with( $ref, 'mass-' ) ) {
			return sprintf( '<a href="%s">%s</a>', esc_url( \ShopCreditWC\Admin\Menu::url( 'mass', array( 'batch' => $ref ) ) ), esc_html__( 'Mass credit / debit', 'shopcredit' ) );
		}
		$id    = Requests::orderIdFromRef( $ref );
		$order = null === $id ? null : wc_get_order( $id );
		if ( ! $order instanceof \WC_Order ) {
			return null === $id ? '—' : esc_html( '#' . $id );
		}
		return sprintf( '<a href="%s">#%s</a>', esc_url( $order->get_edit_order_url() ), esc_html( $order->get_order_number() ) );
	}

	protected function money( ?string $amount, string $currency ): string {
		return null === $amount ? '—' : wp_kses_post( wc_price( $amount, \ShopCreditWC\Money::priceArgs( $currency ) ) );
	}

	protected function date( int $unixS ): string {
		return esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $unixS ) );
	}

	/** @return array{0: string, 1: string} the sort column (one of $allowed) and direction from the query */
	protected function sorting( array $allowed, string $default, string $defaultDir = 'asc' ): array {
		// phpcs:disable WordPress.Security.NonceVerification -- read-only list parameters
		$by  = sanitize_key( wp_unslash( $_GET['orderby'] ?? '' ) );
		$dir = strtolower( sanitize_key( wp_unslash( $_GET['order'] ?? '' ) ) );
		// phpcs:enable
		return array( in_array( $by, $allowed, true ) ? $by : $default, in_array( $dir, array( 'asc', 'desc' ), true ) ? $dir : $defaultDir );
	}

	protected function offset(): int {
		return ( $this->get_pagenum() - 1 ) * self::PER_PAGE;
	}

	/** What the merchant typed in the search box, or ''. */
	protected function search(): string {
		return sanitize_text_field( wp_unslash( $_REQUEST['s'] ?? '' ) ); // phpcs:ignore WordPress.Security.NonceVerification
	}

	/**
	 * The customers matching the search box (login, e-mail, display name, first or last name),
	 * through WordPress's user search, or null when nothing was typed.
	 * @return list<string>|null
	 */
	protected function searchedCustomers(): ?array {
		$s = $this->search();
		if ( '' === $s ) {
			return null;
		}
		$ids = get_users( array( 'search' => '*' . $s . '*', 'search_columns' => array( 'user_login', 'user_email', 'display_name', 'user_nicename' ), 'fields' => 'ID', 'number' => 500 ) );
		$byName = get_users(
			array(
				'meta_query' => array( 'relation' => 'OR', array( 'key' => 'first_name', 'value' => $s, 'compare' => 'LIKE' ), array( 'key' => 'last_name', 'value' => $s, 'compare' => 'LIKE' ), array( 'key' => 'billing_company', 'value' => $s, 'compare' => 'LIKE' ) ), // phpcs:ignore WordPress.DB.SlowDBQuery
				'fields'     => 'ID',
				'number'     => 500,
			)
		);
		return array_values( array_unique( array_map( 'strval', array_merge( $ids, $byName ) ) ) );
	}

	/** @param array<string, int> $totals */
	protected function paginate( int $total ): void {
		$this->set_pagination_args( array( 'total_items' => $total, 'per_page' => self::PER_PAGE, 'total_pages' => (int) ceil( $total / self::PER_PAGE ) ) );
	}

	public function no_items(): void {
		echo esc_html( $this->w->text( 'word', 'no_data' ) );
	}

	/**
	 * Sums of the whole filtered list, one line per currency, below the table.
	 * @param array<string, array<string, mixed>> $totals currency → sums
	 * @param array<string, string> $labels sum key → words
	 */
	public static function totals( array $totals, array $labels ): void {
		if ( array() === $totals ) {
			return;
		}
		echo '<table class="widefat striped shopcredit-totals" style="width:auto;margin-top:1em"><thead><tr><th>' . esc_html( Words::get()->text( 'word', 'total' ) ) . '</th>';
		foreach ( $labels as $label ) {
			echo '<th>' . esc_html( $label ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( $totals as $cur => $t ) {
			printf( '<tr><th>%s</th>', esc_html( (string) $cur ) );
			foreach ( array_keys( $labels ) as $k ) {
				echo '<td>' . ( 'count' === $k ? esc_html( number_format_i18n( (int) ( $t[ $k ] ?? 0 ) ) ) : wp_kses_post( wc_price( (string) ( $t[ $k ] ?? '0' ), \ShopCreditWC\Money::priceArgs( (string) $cur ) ) ) ) . '</td>';
			}
			echo '</tr>';
		}
		echo '</tbody></table>';
	}
}

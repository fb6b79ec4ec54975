<?php
/**
 * Credit lines or store balances, one row per customer and currency, with the core's figures,
 * sorted and paged by the bridge (Overview::accounts), the customer search through WordPress's
 * user search, and the totals of the whole filtered list per currency.
 */

namespace ShopCreditWC\Admin\Tables;

use ShopCreditWC\Admin\Menu;
use ShopCreditWC\Bridge;

defined( 'ABSPATH' ) || exit;

final class AccountsTable extends Table {

	/** @var array<string, array<string, mixed>> */
	public array $totals = array();

	/** @param 'credit_line'|'wallet' $kind @param string $currency one currency, or '' for every one */
	public function __construct( private readonly string $kind, private readonly string $currency = '' ) {
		parent::__construct( 'credit_line' === $kind ? 'credit_lines' : 'balances' );
	}

	public function get_columns(): array {
		$w = $this->w;
		if ( 'wallet' === $this->kind ) {
			return array( 'customer' => $w->text( 'word', 'customer' ), 'balance' => $w->text( 'word', 'balance' ), 'reserved' => $w->text( 'word', 'reserved' ), 'available' => $w->text( 'word', 'available' ) );
		}
		return array(
			'customer'  => $w->text( 'word', 'customer' ),
			'limit'     => $w->text( 'word', 'credit_limit' ),
			'exposure'  => $w->text( 'word', 'outstanding' ),
			'remaining' => $w->text( 'word', 'remaining_credit' ),
			'overdue'   => $w->text( 'word', 'overdue' ),
			'due'       => __( 'Next due date', 'shopcredit' ),
			'risk'      => __( 'Risk', 'shopcredit' ),
			'state'     => $w->text( 'word', 'status' ),
		);
	}

	protected function get_sortable_columns(): array {
		$cols = 'wallet' === $this->kind ? array( 'balance', 'available' ) : array( 'limit', 'exposure', 'remaining' );
		$out  = array( 'customer' => array( 'customer', false ) );
		foreach ( $cols as $c ) {
			$out[ $c ] = array( $c, true );
		}
		return $out;
	}

	public function prepare_items(): void {
		$this->_column_headers = array( $this->get_columns(), array(), $this->get_sortable_columns(), 'customer' );
		[ $sort, $dir ] = $this->sorting( array_keys( $this->get_sortable_columns() ), 'customer' );
		$filters        = array( 'kind' => $this->kind ) + ( '' === $this->currency ? array() : array( 'currency' => $this->currency ) );
		$found          = $this->searchedCustomers();
		if ( null !== $found ) {
			$filters['customer_ids'] = array_slice( $found, 0, 1000 );
		}
		$page         = Bridge::sc()->overview()->accounts( Bridge::shopId(), $filters, self::PER_PAGE, $this->offset(), $sort, $dir );
		$this->items  = $page['rows'];
		$this->totals = $page['totals'];
		$this->loadCustomers( array_column( $this->items, 'customerId' ) );
		$this->paginate( (int) $page['total'] );
	}

	/** @param array<string, mixed> $r */
	protected function column_customer( $r ): string {
		$kind    = 'wallet' === $this->kind ? 'wallet' : 'credit_line';
		$actions = array( 'movements' => sprintf( '<a href="%s">%s</a>', esc_url( Menu::url( 'ledger', array( 'kind' => $kind, 'customer' => $r['customerId'] ) ) ), esc_html__( 'Movements', 'shopcredit' ) ) );
		if ( 'credit_line' === $this->kind ) {
			$actions['edit'] = sprintf( '<a href="%s#shopcredit">%s</a>', esc_url( get_edit_user_link( (int) $r['customerId'] ) ), esc_html__( 'Change the credit line', 'shopcredit' ) );
		}
		return $this->customer( (string) $r['customerId'] ) . ( '' !== (string) ( $r['companyName'] ?? '' ) ? '<br />' . esc_html( (string) $r['companyName'] ) : '' ) . $this->row_actions( $actions );
	}

	/** @param array<string, mixed> $r */
	protected function column_default( $r, $column ): string {
		$cur = (string) $r['currency'];
		return match ( $column ) {
			'limit' => $this->money( (string) $r['authorized'], $cur ),
			'exposure', 'balance', 'reserved', 'available' => $this->money( isset( $r[ $column ] ) ? (string) $r[ $column ] : null, $cur ),
			'remaining' => $this->money( (string) $r['remainingCredit'], $cur ),
			'overdue' => $this->overdue( (array) ( $r['overdue'] ?? array() ), $cur ),
			'due' => null === ( $r['nextDueDate'] ?? null ) ? '—' : esc_html( $this->w->date( (string) $r['nextDueDate'] ) ),
			'risk' => esc_html( null === ( $r['riskLevel'] ?? null ) ? '—' : $this->w->text( 'risk_level', (string) $r['riskLevel'] ) ),
			'state' => $this->state( $r ),
			default => '',
		};
	}

	/** Each order paid late: its amount due and how late (the core's list; nothing added up here). */
	private function overdue( array $list, string $cur ): string {
		if ( array() === $list ) {
			return '—';
		}
		$lines = array();
		foreach ( array_slice( $list, 0, 3 ) as $o ) {
			/* translators: 1: amount, 2: number of days */
			$lines[] = sprintf( __( '%1$s, %2$s days late', 'shopcredit' ), $this->money( (string) $o['amountDue'], $cur ), esc_html( number_format_i18n( (int) $o['daysOverdue'] ) ) );
		}
		if ( count( $list ) > 3 ) {
			/* translators: %s: number of orders */
			$lines[] = esc_html( sprintf( __( 'and %s more', 'shopcredit' ), number_format_i18n( count( $list ) - 3 ) ) );
		}
		return implode( '<br />', $lines );
	}

	/** @param array<string, mixed> $r */
	private function state( array $r ): string {
		$parts = array();
		if ( ! empty( $r['onHold'] ) ) {
			$parts[] = __( 'On hold', 'shopcredit' );
		}
		if ( ! empty( $r['blockingReasons'] ) ) {
			$parts[] = $this->w->reasons( (array) $r['blockingReasons'] );
		}
		return array() === $parts ? esc_html__( 'Open', 'shopcredit' ) : '<span style="color:#b32d2e">' . esc_html( implode( ' ', $parts ) ) . '</span>';
	}
}

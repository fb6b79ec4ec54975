<?php
/**
 * Credit-increase or withdrawal requests, newest first, paged, with the customer's message, the
 * state in words and the decision buttons on the open ones.
 */

namespace ShopCreditWC\Admin\Tables;

use ShopCreditWC\Admin\Actions;
use ShopCreditWC\Admin\Menu;
use ShopCreditWC\Bridge;

defined( 'ABSPATH' ) || exit;

final class RequestsTable extends Table {

	/** @param 'credit_increase'|'withdrawal' $kind @param string $currency one currency, or '' for every one */
	public function __construct( private readonly string $kind, private readonly string $currency = '' ) {
		parent::__construct( 'requests' );
	}

	public function get_columns(): array {
		$w = $this->w;
		return array(
			'cb'       => '<input type="checkbox" />',
			'date'     => $w->text( 'word', 'date' ),
			'customer' => $w->text( 'word', 'customer' ),
			'amount'   => 'credit_increase' === $this->kind ? __( 'Requested limit', 'shopcredit' ) : $w->text( 'word', 'amount' ),
			'message'  => __( 'Message', 'shopcredit' ),
			'state'    => $w->text( 'word', 'state' ),
			'decision' => __( 'Decision', 'shopcredit' ),
		);
	}

	public function prepare_items(): void {
		$this->_column_headers = array( $this->get_columns(), array(), array(), 'date' );
		$this->forms           = array();
		$page                  = Bridge::sc()->overview()->requestPage( $this->kind, Bridge::shopId(), '' === $this->currency ? array() : array( 'currency' => $this->currency ), self::PER_PAGE, $this->offset() );
		$this->items           = $page['rows'];
		$this->loadCustomers( array_column( $this->items, 'customer_id' ) );
		$this->paginate( (int) $page['total'] );
	}

	protected function get_bulk_actions(): array {
		return 'credit_increase' === $this->kind
			? array( 'shopcredit_bulk_decline_increase' => __( 'Decline', 'shopcredit' ) )
			: array( 'shopcredit_bulk_approve_withdrawal' => __( 'Approve', 'shopcredit' ), 'shopcredit_bulk_reject_withdrawal' => __( 'Reject', 'shopcredit' ) );
	}

	/** @param array<string, mixed> $r */
	protected function column_cb( $r ): string {
		if ( ! in_array( $r['state'], array( 'requested', 'pending' ), true ) ) {
			return '';
		}
		$id = (string) $r['id'];
		return sprintf( '<input type="checkbox" name="ids[]" value="%1$s" aria-label="%2$s" /><input type="hidden" name="owner[%1$s]" value="%3$s" />', esc_attr( $id ), esc_attr__( 'Select this request', 'shopcredit' ), esc_attr( (string) $r['customer_id'] ) );
	}

	protected function get_views(): array {
		$out = array();
		foreach ( array( 'credit_increase' => __( 'Credit increase requests', 'shopcredit' ), 'withdrawal' => __( 'Withdrawal requests', 'shopcredit' ) ) as $k => $label ) {
			$out[ $k ] = sprintf( '<a href="%s"%s>%s</a>', esc_url( Menu::url( 'requests', array( 'kind' => $k ) ) ), $k === $this->kind ? ' class="current" aria-current="page"' : '', esc_html( $label ) );
		}
		return $out;
	}

	/** @param array<string, mixed> $r */
	protected function column_default( $r, $column ): string {
		$cur = (string) $r['currency'];
		return match ( $column ) {
			'date' => $this->date( (int) $r['created_at'] ),
			'customer' => $this->customer( (string) $r['customer_id'] ),
			'amount' => $this->money( (string) ( $r['amount'] ?? $r['requested_limit'] ?? '' ), $cur )
				. $this->limits( $r, $cur ),
			'message' => esc_html( (string) ( $r['message'] ?? '' ) ),
			'state' => esc_html( $this->w->text( 'credit_increase' === $this->kind ? 'increase_state' : 'withdrawal_state', (string) $r['state'] ) )
				. ( '' !== (string) ( $r['reason'] ?? '' ) ? '<br /><span class="description">' . esc_html( (string) $r['reason'] ) . '</span>' : '' ),
			'decision' => $this->decision( $r ),
			default => '',
		};
	}

	/** The limit when the customer asked, and what was granted. @param array<string, mixed> $r */
	private function limits( array $r, string $cur ): string {
		$out = '';
		if ( isset( $r['current_limit'] ) ) {
			$out .= '<br /><span class="description">' . esc_html__( 'limit then:', 'shopcredit' ) . ' ' . $this->money( (string) $r['current_limit'], $cur ) . '</span>';
		}
		if ( isset( $r['granted_limit'] ) ) {
			$out .= '<br /><span class="description">' . esc_html__( 'granted:', 'shopcredit' ) . ' ' . $this->money( (string) $r['granted_limit'], $cur ) . '</span>';
		}
		return $out;
	}

	/** @param array<string, mixed> $r */
	private function decision( array $r ): string {
		if ( ! in_array( $r['state'], array( 'requested', 'pending' ), true ) ) {
			return '';
		}
		$id     = (string) $r['id'];
		$hidden = '<input type="hidden" name="request_id" value="' . esc_attr( $id ) . '" /><input type="hidden" name="customer_id" value="' . esc_attr( (string) $r['customer_id'] ) . '" />';
		$yes    = 'sc-yes-' . sanitize_key( $id );
		$no     = 'sc-no-' . sanitize_key( $id );
		if ( 'credit_increase' === $this->kind ) {
			$this->forms[] = Actions::detached( $yes, 'decide_increase', $hidden . '<input type="hidden" name="decision" value="approve" />' ) . Actions::detached( $no, 'decide_increase', $hidden . '<input type="hidden" name="decision" value="decline" />' );
			return '<input form="' . esc_attr( $yes ) . '" name="new_limit" size="8" inputmode="decimal" aria-label="' . esc_attr__( 'New limit', 'shopcredit' ) . '" placeholder="' . esc_attr__( 'New limit', 'shopcredit' ) . '" /> ' . ReceivablesTable::otherCurrency( (string) $r['currency'] )
				. '<button class="button" form="' . esc_attr( $yes ) . '">' . esc_html__( 'Approve', 'shopcredit' ) . '</button> <button class="button" form="' . esc_attr( $no ) . '">' . esc_html__( 'Decline', 'shopcredit' ) . '</button>';
		}
		$this->forms[] = Actions::detached( $yes, 'decide_withdrawal', $hidden . '<input type="hidden" name="decision" value="approve" />' ) . Actions::detached( $no, 'decide_withdrawal', $hidden . '<input type="hidden" name="decision" value="reject" />' );
		return '<button class="button" form="' . esc_attr( $yes ) . '">' . esc_html__( 'Approve', 'shopcredit' ) . '</button> <button class="button" form="' . esc_attr( $no ) . '">' . esc_html__( 'Reject', 'shopcredit' ) . '</button>';
	}
}

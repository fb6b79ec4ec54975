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

	/** @param 'credit_increase'|'withdrawal' $kind */
	public function __construct( private readonly string $kind ) {
		parent::__construct( 'requests' );
	}

	public function get_columns(): array {
		$w = $this->w;
		return array(
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
		$page                  = Bridge::sc()->overview()->requestPage( $this->kind, Bridge::shopId(), array(), self::PER_PAGE, $this->offset() );
		$this->items           = $page['rows'];
		$this->loadCustomers( array_column( $this->items, 'customer_id' ) );
		$this->paginate( (int) $page['total'] );
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
		$hidden = '<input type="hidden" name="request_id" value="' . esc_attr( (string) $r['id'] ) . '" /><input type="hidden" name="customer_id" value="' . esc_attr( (string) $r['customer_id'] ) . '" />';
		if ( 'credit_increase' === $this->kind ) {
			return Actions::form( 'decide_increase', $hidden . '<input type="hidden" name="decision" value="approve" /><input name="new_limit" size="8" inputmode="decimal" aria-label="' . esc_attr__( 'New limit', 'shopcredit' ) . '" placeholder="' . esc_attr__( 'New limit', 'shopcredit' ) . '" />', __( 'Approve', 'shopcredit' ) )
				. ' ' . Actions::form( 'decide_increase', $hidden . '<input type="hidden" name="decision" value="decline" />', __( 'Decline', 'shopcredit' ) );
		}
		return Actions::form( 'decide_withdrawal', $hidden . '<input type="hidden" name="decision" value="approve" />', __( 'Approve', 'shopcredit' ) )
			. ' ' . Actions::form( 'decide_withdrawal', $hidden . '<input type="hidden" name="decision" value="reject" />', __( 'Reject', 'shopcredit' ) );
	}
}

<?php
/**
 * Movements of the customers' balances or credit lines, one line per movement (a reservation
 * and what became of it are one line with its state: MovementList), newest first, sortable,
 * filtered by customer, period and kind, with the sums of the whole filtered list per currency.
 */

namespace ShopCreditWC\Admin\Tables;

use ShopCreditWC\Bridge;

defined( 'ABSPATH' ) || exit;

final class MovementsTable extends Table {

	/** @var array<string, array<string, mixed>> */
	public array $sums = array();

	/**
	 * @param 'wallet'|'credit_line' $kind
	 * @param array<string, mixed> $filters MovementList filters (customer_id, from_s, to_s, code)
	 */
	public function __construct( private readonly string $kind, private readonly array $filters ) {
		parent::__construct( 'movements' );
	}

	public function get_columns(): array {
		$w = $this->w;
		return array(
			'date'     => $w->text( 'word', 'date' ),
			'customer' => $w->text( 'word', 'customer' ),
			'kind'     => $w->text( 'word', 'movement' ),
			'order'    => $w->text( 'word', 'order' ),
			'amount'   => $w->text( 'word', 'amount' ),
			'state'    => $w->text( 'word', 'state' ),
		);
	}

	protected function get_sortable_columns(): array {
		return array( 'date' => array( 'date', true ), 'customer' => array( 'customer', false ), 'kind' => array( 'kind', false ), 'amount' => array( 'amount', true ) );
	}

	public function prepare_items(): void {
		$this->_column_headers = array( $this->get_columns(), array(), $this->get_sortable_columns(), 'date' );
		[ $sort, $dir ] = $this->sorting( array( 'date', 'customer', 'kind', 'amount' ), 'date', 'desc' );
		$page           = Bridge::sc()->movementList()->page( Bridge::shopId(), $this->kind, $this->filters, array( 'sort' => $sort, 'dir' => $dir, 'limit' => self::PER_PAGE, 'offset' => $this->offset() ) );
		$this->items    = $page['rows'];
		$this->sums     = $page['sums'];
		$this->loadCustomers( array_column( $this->items, 'customerId' ) );
		$this->paginate( (int) $page['total'] );
	}

	/** @param array<string, mixed> $r */
	protected function column_default( $r, $column ): string {
		$cur = (string) $r['currency'];
		return match ( $column ) {
			'date' => $this->date( (int) $r['atS'] ),
			'customer' => $this->customer( (string) $r['customerId'] ),
			'kind' => esc_html( $this->w->text( 'movement', (string) $r['kind'] ) ),
			'order' => $this->order( isset( $r['orderRef'] ) ? (string) $r['orderRef'] : null ),
			'amount' => $this->amount( $r, $cur ),
			'state' => esc_html( $this->w->text( 'movement_state', (string) $r['state'] ) ),
			default => '',
		};
	}

	/**
	 * In or out of the customer's account; a reservation voided or expired counts nothing now and
	 * shows what it held struck through.
	 * @param array<string, mixed> $r
	 */
	private function amount( array $r, string $cur ): string {
		$sign = 'in' === $r['direction'] ? '+' : '−';
		if ( in_array( $r['state'], array( 'voided', 'expired' ), true ) ) {
			return '<del>' . $sign . ' ' . $this->money( (string) $r['amount'], $cur ) . '</del>';
		}
		$shown = $sign . ' ' . $this->money( (string) $r['effective'], $cur );
		return sprintf( '<span style="color:%s">%s</span>', 'in' === $r['direction'] ? '#007017' : '#b32d2e', $shown );
	}
}

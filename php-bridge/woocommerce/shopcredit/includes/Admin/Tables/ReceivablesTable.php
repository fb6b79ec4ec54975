<?php
/**
 * Orders on account (receivables): the order and the customer linked, amounts in the shop's
 * format, the due date in the site's date format, the state in words; open ones take a payment
 * (amount, method and reference the merchant types) or are marked paid.
 */

namespace ShopCreditWC\Admin\Tables;

use ShopCreditWC\Admin\Actions;
use ShopCreditWC\Bridge;

defined( 'ABSPATH' ) || exit;

final class ReceivablesTable extends Table {

	public const VIEWS = array( 'open', 'paid', 'cancelled' );

	/** @param string $currency one currency, or '' for every one */
	public function __construct( private readonly string $state, private readonly string $currency = '' ) {
		parent::__construct( 'receivables' );
	}

	public function get_columns(): array {
		$w = $this->w;
		return ( 'open' === $this->state ? array( 'cb' => '<input type="checkbox" />' ) : array() ) + array(
			'order'     => $w->text( 'word', 'order' ),
			'customer'  => $w->text( 'word', 'customer' ),
			'amount'    => $w->text( 'word', 'amount' ),
			'paid'      => __( 'Paid', 'shopcredit' ),
			'remaining' => __( 'Still due', 'shopcredit' ),
			'due'       => __( 'Due date', 'shopcredit' ),
			'state'     => $w->text( 'word', 'state' ),
			'payment'   => 'open' === $this->state ? __( 'Payment received', 'shopcredit' ) : '',
		);
	}

	public function prepare_items(): void {
		$this->_column_headers = array( array_filter( $this->get_columns() ), array(), array(), 'order' );
		$this->forms           = array();
		$filters               = array( 'state' => array( $this->state ) ) + ( '' === $this->currency ? array() : array( 'currency' => $this->currency ) );
		$page                  = Bridge::sc()->overview()->receivables( Bridge::shopId(), $filters, self::PER_PAGE, $this->offset() );
		$this->items           = $page['rows'];
		$this->loadCustomers( array_column( $this->items, 'customerId' ) );
		$this->paginate( (int) $page['total'] );
	}

	protected function get_bulk_actions(): array {
		return 'open' === $this->state ? array( 'shopcredit_bulk_mark_paid' => __( 'Mark paid', 'shopcredit' ) ) : array();
	}

	/** @param array<string, mixed> $r */
	protected function column_cb( $r ): string {
		// Read out by screen readers: the order's number, as in the Order column, never our reference.
		$id    = \ShopCreditWC\Requests::orderIdFromRef( (string) $r['orderRef'] );
		$order = null === $id ? null : wc_get_order( $id );
		$shown = $order instanceof \WC_Order ? '#' . $order->get_order_number() : (string) $r['orderRef'];
		/* translators: %s: order number */
		return sprintf( '<input type="checkbox" name="refs[]" value="%s" aria-label="%s" />', esc_attr( (string) $r['orderRef'] ), esc_attr( sprintf( __( 'Select order %s', 'shopcredit' ), $shown ) ) );
	}

	protected function get_views(): array {
		$out = array();
		foreach ( self::VIEWS as $v ) {
			$out[ $v ] = sprintf( '<a href="%s"%s>%s</a>', esc_url( \ShopCreditWC\Admin\Menu::url( 'receivables', array( 'state' => $v ) ) ), $v === $this->state ? ' class="current" aria-current="page"' : '', esc_html( $this->w->text( 'receivable_state', $v ) ) );
		}
		return $out;
	}

	/** @param array<string, mixed> $r */
	protected function column_default( $r, $column ): string {
		$cur = (string) $r['currency'];
		return match ( $column ) {
			'order' => $this->order( (string) $r['orderRef'] ),
			'customer' => $this->customer( (string) $r['customerId'] ),
			'amount', 'paid', 'remaining' => $this->money( (string) $r[ $column ], $cur ),
			'due' => null === $r['dueDate'] ? esc_html__( 'Not started yet', 'shopcredit' ) : esc_html( $this->w->date( (string) $r['dueDate'] ) ),
			'state' => esc_html( $this->w->text( 'receivable_state', (string) $r['state'] ) ),
			'payment' => 'open' === $r['state'] ? $this->paymentForms( $r ) : '',
			default => '',
		};
	}

	/** @param array<string, mixed> $r */
	private function paymentForms( array $r ): string {
		$ref     = (string) $r['orderRef'];
		$pay     = 'sc-pay-' . sanitize_key( $ref );
		$paid    = 'sc-paid-' . sanitize_key( $ref );
		$methods = '';
		foreach ( array( 'bank_transfer' => __( 'Bank transfer', 'shopcredit' ), 'cheque' => __( 'Cheque', 'shopcredit' ), 'cash' => __( 'Cash', 'shopcredit' ), 'card' => __( 'Card', 'shopcredit' ), 'other' => __( 'Other', 'shopcredit' ) ) as $k => $label ) {
			$methods .= sprintf( '<option value="%s">%s</option>', esc_attr( $k ), esc_html( $label ) );
		}
		$hidden        = '<input type="hidden" name="order_ref" value="' . esc_attr( $ref ) . '" />';
		$this->forms[] = Actions::detached( $pay, 'record_payment', $hidden ) . Actions::detached( $paid, 'mark_paid', $hidden );
		$f             = 'form="' . esc_attr( $pay ) . '"';
		/* translators: %s: amount still due */
		$button = sprintf( __( 'Mark paid (%s)', 'shopcredit' ), wp_strip_all_tags( wc_price( (string) $r['remaining'], \ShopCreditWC\Money::priceArgs( (string) $r['currency'] ) ) ) );
		return '<input ' . $f . ' name="amount" size="7" inputmode="decimal" required aria-label="' . esc_attr( $this->w->text( 'word', 'amount' ) ) . '" placeholder="' . esc_attr( $this->w->text( 'word', 'amount' ) ) . '" /> ' . self::otherCurrency( (string) $r['currency'] )
			. '<select ' . $f . ' name="method" aria-label="' . esc_attr__( 'Payment method', 'shopcredit' ) . '">' . $methods . '</select> '
			. '<input ' . $f . ' name="reference" size="9" aria-label="' . esc_attr__( 'Reference', 'shopcredit' ) . '" placeholder="' . esc_attr__( 'Reference', 'shopcredit' ) . '" /> '
			. '<button class="button" ' . $f . '>' . esc_html__( 'Record payment', 'shopcredit' ) . '</button><br />'
			. '<button class="button" form="' . esc_attr( $paid ) . '">' . esc_html( $button ) . '</button>';
	}

	/** The code after an amount field whose currency is not the shop's (a yen order is paid in yen). */
	public static function otherCurrency( string $cur ): string {
		return $cur === \ShopCreditWC\Bridge::currency() ? '' : esc_html( $cur ) . ' ';
	}
}

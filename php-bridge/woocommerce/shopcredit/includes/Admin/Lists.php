<?php
/**
 * Admin lists (WordPress list tables, see Tables/): credit lines with the form that opens or
 * changes one (the customer chosen with WooCommerce's customer search), store balances,
 * receivables and requests.
 */

namespace ShopCreditWC\Admin;

use ShopCreditWC\Admin\Tables\AccountsTable;
use ShopCreditWC\Admin\Tables\ReceivablesTable;
use ShopCreditWC\Admin\Tables\RequestsTable;
use ShopCreditWC\Admin\Tables\Table;
use ShopCreditWC\Bridge;
use ShopCreditWC\Words;

defined( 'ABSPATH' ) || exit;

final class Lists {

	public static function accounts(): void {
		self::accountsTable( 'credit_line', 'accounts' );
		self::creditLineForm();
	}

	public static function balances(): void {
		self::accountsTable( 'wallet', 'balances' );
	}

	private static function accountsTable( string $kind, string $tab ): void {
		$cur = Ledger::filteredCurrency();
		$t   = new AccountsTable( $kind, $cur );
		$t->prepare_items();
		echo '<form method="get"><input type="hidden" name="page" value="' . esc_attr( Menu::SLUG ) . '" /><input type="hidden" name="tab" value="' . esc_attr( $tab ) . '" />';
		echo '<p class="alignleft">' . Ledger::currencyFilter( $cur ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput -- escaped where built
		$t->search_box( __( 'Search customers', 'shopcredit' ), 'shopcredit-customer' );
		$t->display();
		echo '</form>';
		$w = Words::get();
		Table::totals(
			$t->totals,
			'wallet' === $kind
				? array( 'count' => __( 'Customers', 'shopcredit' ), 'balance' => $w->text( 'word', 'balance' ), 'reserved' => $w->text( 'word', 'reserved' ), 'available' => $w->text( 'word', 'available' ) )
				: array( 'count' => __( 'Customers', 'shopcredit' ), 'authorized' => $w->text( 'word', 'credit_limit' ), 'exposure' => $w->text( 'word', 'outstanding' ) )
		);
	}

	/** Opens or changes a customer's credit line: the customer found by name or e-mail, never typed as an id. */
	private static function creditLineForm(): void {
		$w    = Words::get();
		$cur  = Bridge::currency();
		$risk = '';
		foreach ( $w->options( 'risk_level' ) as $code => $label ) {
			$risk .= sprintf( '<option value="%s">%s</option>', esc_attr( $code ), esc_html( $label ) );
		}
		$inner = '<table class="form-table" role="presentation"><tbody>'
			. sprintf( '<tr><th><label for="shopcredit-customer-pick">%s</label></th><td><select id="shopcredit-customer-pick" class="wc-customer-search" name="customer_id" data-placeholder="%s" data-allow_clear="true" style="width:25em" required></select></td></tr>', esc_html( $w->text( 'word', 'customer' ) ), esc_attr__( 'Search for a customer…', 'shopcredit' ) )
			. sprintf( '<tr><th><label for="shopcredit-limit">%s</label></th><td><input id="shopcredit-limit" name="limit" inputmode="decimal" size="10" required /> %s</td></tr>', esc_html( $w->text( 'word', 'credit_limit' ) ), Actions::currencySelect() ?: esc_html( get_woocommerce_currency_symbol( $cur ) ) )
			. sprintf( '<tr><th><label for="shopcredit-risk">%s</label></th><td><select id="shopcredit-risk" name="risk_level">%s</select></td></tr>', esc_html__( 'Risk', 'shopcredit' ), $risk )
			. sprintf( '<tr><th><label for="shopcredit-terms">%s</label></th><td><input id="shopcredit-terms" type="number" min="0" max="365" name="payment_terms_days" class="small-text" /> <span class="description">%s</span></td></tr>', esc_html__( 'Payment terms (days)', 'shopcredit' ), esc_html__( 'Empty: the shop\'s default terms.', 'shopcredit' ) )
			. sprintf( '<tr><th>%s</th><td><label><input type="checkbox" name="on_hold" value="1" /> %s</label></td></tr>', esc_html__( 'On hold', 'shopcredit' ), esc_html__( 'Block new orders on account', 'shopcredit' ) )
			. '</tbody></table>';
		echo '<h2>' . esc_html__( 'Open or change a credit line', 'shopcredit' ) . '</h2>';
		echo Actions::form( 'set_account', $inner, __( 'Save the credit line', 'shopcredit' ), 'block' ); // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
	}

	public static function receivables(): void {
		$state = sanitize_key( wp_unslash( $_GET['state'] ?? 'open' ) ); // phpcs:ignore WordPress.Security.NonceVerification -- a list filter
		$state = in_array( $state, ReceivablesTable::VIEWS, true ) ? $state : 'open';
		$t     = new ReceivablesTable( $state, Ledger::filteredCurrency() );
		$t->prepare_items();
		$t->views();
		self::currencyForm( 'receivables', array( 'state' => $state ) );
		$t->displayWithBulk();
	}

	/** Credit-increase and withdrawal requests (one list each, as views), 20 a page, newest first, with the customer's message. */
	public static function requests(): void {
		$kind = 'withdrawal' === ( $_GET['kind'] ?? '' ) ? 'withdrawal' : 'credit_increase'; // phpcs:ignore WordPress.Security.NonceVerification -- a list filter
		$t    = new RequestsTable( $kind, Ledger::filteredCurrency() );
		$t->prepare_items();
		$t->views();
		self::currencyForm( 'requests', array( 'kind' => $kind ) );
		$t->displayWithBulk();
	}

	/**
	 * The currency filter of a list whose table sits in a bulk-action form: its own small GET
	 * form (nothing when the shop has one currency). @param array<string, string> $keep the list's view
	 */
	private static function currencyForm( string $tab, array $keep ): void {
		$select = Ledger::currencyFilter( Ledger::filteredCurrency() );
		if ( '' === $select ) {
			return;
		}
		$hidden = '';
		foreach ( array( 'page' => Menu::SLUG, 'tab' => $tab ) + $keep as $k => $v ) {
			$hidden .= '<input type="hidden" name="' . esc_attr( $k ) . '" value="' . esc_attr( $v ) . '" />';
		}
		echo '<form method="get" class="shopcredit-filters alignleft" style="margin:0 0 0 1em">' . $hidden . $select . ' <button class="button">' . esc_html__( 'Filter', 'shopcredit' ) . '</button></form>'; // phpcs:ignore WordPress.Security.EscapeOutput -- escaped where built
	}
}

<?php
/**
 * Order notes in the shop's language: a note action's message code (OrderVocabulary::NOTE_*)
 * and its params (amounts as decimal strings, dates, reason codes) → one sentence.
 */

namespace ShopCreditWC\Orders;

use ShopCreditWC\Checkout;

defined( 'ABSPATH' ) || exit;

final class NoteText {

	/** Params that are amounts in the order's currency. */
	private const MONEY = array( 'amount', 'rest', 'credit', 'vat', 'outstanding', 'wallet', 'creditLine', 'external', 'paid', 'missing', 'reversed' );

	/**
	 * @param array<string, mixed> $params
	 * @param callable(string): string $money a decimal amount in the order's currency → the shop's format
	 */
	public static function render( string $code, array $params, callable $money ): string {
		$p = array();
		foreach ( $params as $k => $v ) {
			$p[ $k ] = in_array( $k, self::MONEY, true ) ? $money( (string) $v ) : (string) $v;
		}
		[ $template, $names ] = self::templates()[ $code ] ?? array( null, array() );
		if ( null === $template ) {
			return 'ShopCredit: ' . $code; // a code this version does not know yet: kept for support
		}
		if ( isset( $p['reasons'] ) ) {
			$p['reasons'] = Checkout::reasonsText( array_filter( explode( ',', $p['reasons'] ) ) );
		}
		if ( isset( $p['reason'] ) ) {
			$p['reason'] = Checkout::reasonsText( array( $p['reason'] ) );
		}
		return 'ShopCredit: ' . vsprintf( $template, array_map( static fn ( string $n ): string => $p[ $n ] ?? '', $names ) );
	}

	/** @return array<string, array{0: string, 1: list<string>}> code → [sentence, its params in order] */
	private static function templates(): array {
		// phpcs:disable WordPress.WP.I18n.MissingTranslatorsComment -- the placeholders are named in the second element
		return array(
			'payment_refused'               => array( __( 'the payment was refused.', 'shopcredit' ), array() ),
			'balance_reserved'              => array( __( '%1$s reserved on the store balance; %2$s left to pay with the other method.', 'shopcredit' ), array( 'amount', 'rest' ) ),
			'paid_from_balance'             => array( __( '%s paid from the store balance.', 'shopcredit' ), array( 'amount' ) ),
			'balance_part_paid'             => array( __( 'store balance part of %s taken.', 'shopcredit' ), array( 'amount' ) ),
			'balance_part_missing'          => array( __( 'the store balance part of %s could not be taken (its reservation ended and the balance no longer covers it): collect it from the customer.', 'shopcredit' ), array( 'amount' ) ),
			'reservation_released'          => array( __( 'reservation released.', 'shopcredit' ), array() ),
			'credit_check_passed'           => array( __( 'credit check passed; %s invoiced on account.', 'shopcredit' ), array( 'amount' ) ),
			'credit_check_failed'           => array( __( 'credit check failed: %s', 'shopcredit' ), array( 'reasons' ) ),
			'credit_check_manual_review'    => array( __( 'the credit check waits for your approval: %s', 'shopcredit' ), array( 'reasons' ) ),
			'balance_restored'              => array( __( '%s given back to the store balance.', 'shopcredit' ), array( 'amount' ) ),
			'credit_restored'               => array( __( '%s given back to the credit line.', 'shopcredit' ), array( 'amount' ) ),
			'paid_to_return'                => array( __( '%s the customer already paid on account is to be returned to them.', 'shopcredit' ), array( 'amount' ) ),
			'external_to_return'            => array( __( '%s paid with the other payment method is to be returned to the customer.', 'shopcredit' ), array( 'amount' ) ),
			'refund_booked'                 => array( __( 'refund booked: %1$s to the store balance, %2$s to the credit line, %3$s with the other payment method.', 'shopcredit' ), array( 'wallet', 'creditLine', 'external' ) ),
			'payment_received'              => array( __( 'payment of %1$s received; %2$s still due.', 'shopcredit' ), array( 'amount', 'outstanding' ) ),
			'due_date_set'                  => array( __( 'payment due on %s.', 'shopcredit' ), array( 'date' ) ),
			'reopen_collected'              => array( __( 'order paid again: %s taken from the store balance.', 'shopcredit' ), array( 'amount' ) ),
			'reopen_refused'                => array( __( 'the order cannot be paid again (%1$s; %2$s missing): it stays cancelled.', 'shopcredit' ), array( 'reason', 'missing' ) ),
			'top_up_placed'                 => array( __( 'store balance top-up: %1$s will be credited when the payment is received (VAT %2$s).', 'shopcredit' ), array( 'credit', 'vat' ) ),
			'top_up_credited'               => array( __( 'store balance credited with %1$s (paid %2$s, VAT %3$s).', 'shopcredit' ), array( 'credit', 'paid', 'vat' ) ),
			'top_up_awaiting_capture'       => array( __( 'the top-up is not credited yet: it is credited when the payment is received (mark the order paid once the money has arrived).', 'shopcredit' ), array() ),
			'top_up_paid_after_cancel'      => array( __( '%s arrived for a cancelled top-up: nothing was credited, return the money to the customer.', 'shopcredit' ), array( 'amount' ) ),
			'top_up_reversed'               => array( __( '%s of the top-up taken back from the store balance.', 'shopcredit' ), array( 'amount' ) ),
			'top_up_reversal_short'         => array( __( 'the customer already spent part of the top-up: %1$s taken back, %2$s could not be.', 'shopcredit' ), array( 'reversed', 'missing' ) ),
			'financing_started'             => array( __( 'financing of %s requested from the provider.', 'shopcredit' ), array( 'amount' ) ),
			'financing_accepted'            => array( __( 'financing of %s accepted by the provider.', 'shopcredit' ), array( 'amount' ) ),
			'financing_refused'             => array( __( 'the provider refused the financing.', 'shopcredit' ), array() ),
			'financing_cancelled'           => array( __( 'the financing was cancelled (%s).', 'shopcredit' ), array( 'amount' ) ),
			'financing_partially_cancelled' => array( __( 'the financing was partly cancelled by the provider.', 'shopcredit' ), array() ),
			'financing_cancel_at_provider'  => array( __( 'cancel the financing of %s with the provider.', 'shopcredit' ), array( 'amount' ) ),
		);
		// phpcs:enable
	}
}

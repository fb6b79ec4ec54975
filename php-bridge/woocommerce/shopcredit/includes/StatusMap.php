<?php
/**
 * WooCommerce order statuses ↔ the bridge's status classes (OrderVocabulary::STATUS_*), both
 * ways. No rule here: Orders decides what a status means for the books and which class an order
 * reaches; this table only spells it in WooCommerce.
 */

namespace ShopCreditWC;

use ShopCredit\Generated\OrderVocabulary as V;

defined( 'ABSPATH' ) || exit;

final class StatusMap {

	/**
	 * Our statuses (slugs without the `wc-` prefix). WordPress stores an order status in
	 * wp_posts.post_status and HPOS in wc_orders.status, both VARCHAR(20) including `wc-`: the
	 * slugs are short and the labels say it in full ("Awaiting financing", "Pending credit
	 * check", "Failed credit check").
	 */
	public const AWAITING_FINANCING   = 'sc-awaiting-fin';
	public const PENDING_CREDIT_CHECK = 'sc-credit-check';
	public const FAILED_CREDIT_CHECK  = 'sc-credit-fail';

	public const CUSTOM = array( self::AWAITING_FINANCING, self::PENDING_CREDIT_CHECK, self::FAILED_CREDIT_CHECK );

	/** WooCommerce status (without `wc-`) → status class. Statuses of other plugins are not ours to translate. */
	public const TO_CLASS = array(
		'pending'                  => V::STATUS_PENDING_PAYMENT,
		'on-hold'                  => V::STATUS_PENDING_PAYMENT,
		'processing'               => V::STATUS_PAID,
		'completed'                => V::STATUS_FULFILLED,
		'cancelled'                => V::STATUS_CANCELLED,
		'refunded'                 => V::STATUS_REFUNDED,
		'failed'                   => V::STATUS_FAILED,
		self::PENDING_CREDIT_CHECK => V::STATUS_PENDING_CREDIT_CHECK,
		self::FAILED_CREDIT_CHECK  => V::STATUS_CREDIT_CHECK_FAILED,
		self::AWAITING_FINANCING   => V::STATUS_AWAITING_FINANCING,
	);

	/** Status classes an order counts as paid in (an order already completed stays completed). */
	private const PAID_CLASSES = array( V::STATUS_PAID, V::STATUS_FULFILLED, V::STATUS_ON_ACCOUNT );

	/** The class of a WooCommerce status (with or without `wc-`), null for a status that is not ours to translate. */
	public static function toClass( string $wcStatus ): ?string {
		return self::TO_CLASS[ self::strip( $wcStatus ) ] ?? null;
	}

	/**
	 * The WooCommerce status that spells a class for an order now in $current. Paid and accepted
	 * on account are WooCommerce's paid status ($natural: processing, or completed for an order
	 * that needs no processing); an order already in a paid status keeps it.
	 */
	public static function toWc( string $class, string $current, string $natural = 'processing' ): string {
		$current = self::strip( $current );
		if ( in_array( $class, self::PAID_CLASSES, true ) && V::STATUS_FULFILLED !== $class ) {
			return in_array( self::toClass( $current ), self::PAID_CLASSES, true ) ? $current : self::strip( $natural );
		}
		return match ( $class ) {
			V::STATUS_FULFILLED            => 'completed',
			V::STATUS_PENDING_PAYMENT      => in_array( $current, array( 'pending', 'on-hold' ), true ) ? $current : 'pending',
			V::STATUS_CANCELLED            => 'cancelled',
			V::STATUS_REFUNDED             => 'refunded',
			V::STATUS_FAILED               => 'failed',
			V::STATUS_PENDING_CREDIT_CHECK => self::PENDING_CREDIT_CHECK,
			V::STATUS_CREDIT_CHECK_FAILED  => self::FAILED_CREDIT_CHECK,
			V::STATUS_AWAITING_FINANCING   => self::AWAITING_FINANCING,
			default                        => throw new \InvalidArgumentException( "no WooCommerce status for the class $class" ),
		};
	}

	/** The host status id Orders compares with the admin's due-date status: `wc-completed`. */
	public static function hostId( string $wcStatus ): string {
		return 'wc-' . self::strip( $wcStatus );
	}

	public static function strip( string $status ): string {
		return str_starts_with( $status, 'wc-' ) ? substr( $status, 3 ) : $status;
	}
}

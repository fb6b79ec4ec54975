<?php
/**
 * Performs the host actions of order events (Orders answers them, each claimed once) in
 * WooCommerce: set_status → the status that spells the class, note → an order note in the shop's
 * language, email → WooCommerce's own "New order" / "Processing order" or ours, refund_external →
 * tell the merchant what to give back with the other method, stock → give it back,
 * record_payment → a note of the payment with the method and reference typed.
 * Decides nothing and computes no money: every figure comes in the action.
 */

namespace ShopCreditWC\Orders;

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCredit\Service\Order\HostAction;
use ShopCreditWC\Requests;
use ShopCreditWC\StatusMap;

defined( 'ABSPATH' ) || exit;

final class HostActions implements \ShopCredit\Service\Order\HostActions {

	/** Mail templates that are WooCommerce's own order e-mails. */
	public const WC_MAILS = array(
		V::MAIL_NEW_ORDER        => 'WC_Email_New_Order',
		V::MAIL_ORDER_PROCESSING => 'WC_Email_Customer_Processing_Order',
	);

	public function __construct( private readonly ShopOrders $shop, private readonly \ShopCredit\I18n\Words $words ) {
	}

	public function perform( HostAction $a ): void {
		$id = Requests::orderIdFromRef( $a->orderRef );
		if ( null === $id || null === $this->shop->status( $id ) ) {
			throw new \RuntimeException( "no WooCommerce order for {$a->orderRef}" ); // released: the job tries again
		}
		$p = $a->params;
		match ( $a->type ) {
			V::ACTION_SET_STATUS      => $this->setStatus( $id, (string) $p['class'] ),
			V::ACTION_NOTE            => $this->shop->addNote( $id, 'ShopCredit: ' . $this->words->note( (string) $p['code'], array_map( 'strval', (array) ( $p['params'] ?? array() ) ), $a->currency ) ),
			V::ACTION_EMAIL           => $this->mail( $id, (string) $p['template'] ),
			V::ACTION_REFUND_EXTERNAL => $this->shop->addNote( $id, sprintf( /* translators: 1: amount, 2: payment method */ __( 'ShopCredit: give %1$s back to the customer with %2$s (the refund booked it; this payment method does not refund by itself).', 'shopcredit' ), $this->words->money( (string) $p['amount'], $a->currency ), $this->shop->paymentTitle( $id ) ) ),
			V::ACTION_STOCK           => $this->shop->restoreStock( $id ),
			V::ACTION_RECORD_PAYMENT  => $this->shop->addNote( $id, self::paymentNote( $this->words->money( (string) $p['amount'], $a->currency ), (string) $p['method'], isset( $p['reference'] ) ? (string) $p['reference'] : '' ) ),
			default                   => null, // an action this version does not know: nothing to do in WooCommerce
		};
	}

	private function setStatus( int $id, string $class ): void {
		$current = (string) $this->shop->status( $id );
		$to      = StatusMap::toWc( $class, $current, $this->shop->naturalStatus( $id ) );
		if ( $to !== $current ) {
			$this->shop->setStatus( $id, $to, in_array( $class, array( V::STATUS_PAID, V::STATUS_ON_ACCOUNT ), true ) );
		}
	}

	private function mail( int $id, string $template ): void {
		$class = self::WC_MAILS[ $template ] ?? null;
		if ( null === $class ) {
			$this->shop->sendOurMail( $id, $template );
			return;
		}
		// An order that needs no processing went straight to completed: WooCommerce sent its "Completed order" mail.
		if ( 'WC_Email_Customer_Processing_Order' === $class && 'completed' === $this->shop->status( $id ) ) {
			return;
		}
		$this->shop->sendWcMail( $id, $class );
	}

	private static function paymentNote( string $amount, string $method, string $reference ): string {
		return '' === $reference
			/* translators: 1: amount, 2: payment method */
			? sprintf( __( 'ShopCredit: payment of %1$s recorded (%2$s).', 'shopcredit' ), $amount, $method )
			/* translators: 1: amount, 2: payment method, 3: reference */
			: sprintf( __( 'ShopCredit: payment of %1$s recorded (%2$s, %3$s).', 'shopcredit' ), $amount, $method, $reference );
	}
}

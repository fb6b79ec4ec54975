<?php
/**
 * The WooCommerce calls the host actions translate into, behind one small interface so the
 * translation (HostActions) is tested without WordPress. WcShopOrders is the real one.
 */

namespace ShopCreditWC\Orders;

defined( 'ABSPATH' ) || exit;

interface ShopOrders {

	/** The order's status without `wc-`; null when the order does not exist. */
	public function status( int $orderId ): ?string;

	/** The status WooCommerce's own payment completion would set: processing, or completed (nothing to ship). */
	public function naturalStatus( int $orderId ): string;

	/** Moves the order to $wcStatus; $paid: the move is the order's payment (WooCommerce's payment completion when it still waits for one). */
	public function setStatus( int $orderId, string $wcStatus, bool $paid ): void;

	public function addNote( int $orderId, string $text ): void;

	/** One of WooCommerce's own order e-mails (a WC_Email class name), sent through its mailer. */
	public function sendWcMail( int $orderId, string $emailClass ): void;

	/** One of our e-mails (the template of an `email` action). */
	public function sendOurMail( int $orderId, string $template ): void;

	/** Gives the order's reduced stock back. */
	public function restoreStock( int $orderId ): void;

	/** The title of the order's payment method, as the customer saw it. */
	public function paymentTitle( int $orderId ): string;
}

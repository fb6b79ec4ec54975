<?php
/**
 * One gateway per financing solution configured in the core's settings (3x, 4x, long credit):
 * creates the provider subscription (re-checked on the server by the bridge), puts the order
 * in "Awaiting financing" and sends the buyer to the provider.
 */

namespace ShopCreditWC\Gateway;

use ShopCreditWC\Bridge;
use ShopCreditWC\Financing;
use ShopCreditWC\Money;
use ShopCreditWC\Requests;

defined( 'ABSPATH' ) || exit;

class FinancingGateway extends AbstractGateway {

	public const PREFIX = \ShopCreditWC\GatewayIds::FINANCING_PREFIX;

	/** @param array<string, mixed> $solution the configured solution (solutionCode, label, ...) */
	public function __construct( private readonly array $solution ) {
		$this->id                 = self::idFor( (string) $solution['solutionCode'] );
		$this->method_title       = sprintf( /* translators: %s: solution label */ __( 'Financing: %s', 'shopcredit' ), (string) ( $solution['label'] ?? $solution['solutionCode'] ) );
		$this->method_description = __( 'The customer finances the order with the provider; the order follows the provider\'s status.', 'shopcredit' );
		parent::__construct();
		$this->supports = array( 'products' ); // refunds go through the provider's cancellation
	}

	public static function idFor( string $solutionCode ): string {
		return \ShopCreditWC\GatewayIds::financing( $solutionCode );
	}

	public function coreMethod(): string {
		return 'financing';
	}

	public function solutionCode(): ?string {
		return (string) $this->solution['solutionCode'];
	}

	protected function figure( \ShopCreditWC\Availability $avail, callable $price ): ?string {
		$m = $avail->method( 'financing', $this->solutionCode() );
		return null === $m || empty( $m['schedule'] ) ? null : sprintf( /* translators: %s: instalments */ __( 'Instalments: %s', 'shopcredit' ), implode( ' + ', array_map( $price, array_map( 'strval', (array) $m['schedule'] ) ) ) );
	}

	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		$cur   = $order->get_currency();
		$id    = (int) $order->get_id();
		[ $buyer, $billing ] = Requests::financingBuyer( $order->get_address( 'billing' ) );
		$items = array();
		foreach ( $order->get_items() as $item ) {
			$items[] = array(
				'id'       => (string) $item->get_product_id(),
				'label'    => $item->get_name(),
				'quantity' => (int) $item->get_quantity(),
				'price'    => Money::fromWc( $order->get_item_total( $item, true, false ), $cur ),
			);
		}
		try {
			$r = Bridge::sc()->financing()->start(
				Bridge::shopId(), Requests::orderRef( $id ), (string) $this->solutionCode(), Money::fromWc( $order->get_total( 'edit' ), $cur ), $cur,
				(string) $order->get_customer_id(), $buyer, $billing, null, $items, Financing::returnUrl( $order ), str_replace( '_', '-', get_locale() )
			);
		} catch ( \ShopCredit\Service\InvalidRequest $e ) {
			return $this->fail( array_filter( explode( ',', (string) $e->field ) ) ?: array( $e->errorCode ) );
		} catch ( \Throwable $e ) {
			wc_get_logger()->error( 'financing start failed: ' . $e->getMessage(), array( 'source' => 'shopcredit' ) );
			return $this->fail( array( 'financing_not_eligible' ) );
		}
		$order->update_meta_data( Financing::SUBSCRIPTION, (string) $r['subscriptionId'] );
		$order->save();
		// The order waits for the provider ("Awaiting financing"); its answers move it (Financing).
		$placed = $this->place( $id );
		if ( 'success' !== $placed['result'] ) {
			return $placed;
		}
		return array( 'result' => 'success', 'redirect' => (string) ( $r['redirectUrl'] ?? $placed['redirect'] ) );
	}
}

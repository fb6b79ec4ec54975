<?php
/** Block checkout integration of one financing solution. */

namespace ShopCreditWC\Blocks;

use ShopCreditWC\Gateway\FinancingGateway;

defined( 'ABSPATH' ) || exit;

final class FinancingBlock extends AbstractBlock {

	/** @param array<string, mixed> $solution */
	public function __construct( private readonly array $solution ) {
		$this->name = \ShopCreditWC\GatewayIds::financing( (string) $solution['solutionCode'] );
	}

	protected function gateway(): \WC_Payment_Gateway {
		return new FinancingGateway( $this->solution );
	}

	protected function coreMethod(): string {
		return 'financing';
	}

	protected function solutionCode(): ?string {
		return (string) $this->solution['solutionCode'];
	}
}

<?php
/**
 * Reads the core's eligibility answer (`eligibility.evaluate`) for one gateway. The core decides
 * which methods a cart may use and why not; this only finds the entry and says what to show.
 */

namespace ShopCreditWC;

defined( 'ABSPATH' ) || exit;

final class Availability {

	/** @param array<string, mixed> $answer the core's eligibility answer */
	public function __construct( private readonly array $answer ) {
	}

	/** The method entry (`credit_line`, `wallet_full`, `wallet_partial`, `financing` + solution). */
	public function method( string $method, ?string $solutionCode = null ): ?array {
		foreach ( (array) ( $this->answer['methods'] ?? array() ) as $m ) {
			if ( ! is_array( $m ) || ( $m['method'] ?? null ) !== $method ) {
				continue;
			}
			if ( null !== $solutionCode && ( $m['solutionCode'] ?? null ) !== $solutionCode ) {
				continue;
			}
			return $m;
		}
		return null;
	}

	/** True only when the core said available (fail closed: an absent method is unavailable). */
	public function isAvailable( string $method, ?string $solutionCode = null ): bool {
		$m = $this->method( $method, $solutionCode );
		return null !== $m && true === ( $m['available'] ?? false );
	}

	/** Whether to list the gateway at all: available, or shown disabled with its reasons. */
	public function isListed( string $method, ?string $solutionCode = null ): bool {
		$m = $this->method( $method, $solutionCode );
		return null !== $m && ( true === ( $m['available'] ?? false ) || 'disabled' === ( $m['display'] ?? 'hidden' ) );
	}

	/** @return list<string> the stable reason codes why not */
	public function reasons( string $method, ?string $solutionCode = null ): array {
		$m = $this->method( $method, $solutionCode );
		if ( null === $m ) {
			return array( 'method_not_offered' );
		}
		return array_values( array_map( 'strval', (array) ( $m['reasons'] ?? array() ) ) );
	}

	public function runtimeUnavailable(): bool {
		return true === ( $this->answer['runtimeUnavailable'] ?? false );
	}

	/** The figure shown beside a gateway: remaining credit, or the balance. */
	public function figure( string $method ): ?string {
		$m = $this->method( $method );
		if ( null === $m ) {
			return null;
		}
		if ( 'credit_line' === $method ) {
			return isset( $m['remainingCredit'] ) ? (string) $m['remainingCredit'] : null;
		}
		return isset( $m['balance'] ) ? (string) $m['balance'] : null;
	}

	/** The part the balance pays in a partial payment (null when partial is not available). */
	public function partialCovers(): ?string {
		$m = $this->method( 'wallet_partial' );
		return null !== $m && true === ( $m['available'] ?? false ) && isset( $m['covers'] ) ? (string) $m['covers'] : null;
	}

	/** @return list<array<string, mixed>> the financing entries (one per solution) */
	public function financingSolutions(): array {
		return array_values(
			array_filter(
				(array) ( $this->answer['methods'] ?? array() ),
				static fn ( $m ): bool => is_array( $m ) && 'financing' === ( $m['method'] ?? null ) && isset( $m['solutionCode'] )
			)
		);
	}
}

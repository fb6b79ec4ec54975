<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** One entry of `GET /eligible-solutions` (ProductsAndServicesResponse). */
final class EligibleSolution
{
    /**
     * @param array<string, mixed> $communicationKit the merchant kit as sent (texts, logo URLs)
     */
    public function __construct(
        public readonly string $solutionCode,
        public readonly string $familyCode,
        public readonly string $marketCode,
        public readonly string $conditions,
        public readonly array $communicationKit,
    ) {
    }

    /** @param array<string, mixed> $a */
    public static function fromProvider(array $a): self
    {
        return new self(
            Fields::string($a, 'solutionCode'),
            Fields::string($a, 'familyCode'),
            Fields::string($a, 'marketCode'),
            Fields::optString($a, 'conditions') ?? '',
            Fields::optArray($a, 'communicationKit') ?? [],
        );
    }
}

<?php
/**
 * Reads the core's eligibility answer (`eligibility.evaluate`) for one payment option. The core
 * decides which methods a cart may use and why not; this only finds the entry.
 */

namespace ShopCreditPs;

final class Availability
{
    /** @param array<string, mixed> $answer */
    public function __construct(private readonly array $answer)
    {
    }

    public function answer(): array
    {
        return $this->answer;
    }

    public function method(string $method, ?string $solutionCode = null): ?array
    {
        foreach ((array) ($this->answer['methods'] ?? []) as $m) {
            if (!is_array($m) || ($m['method'] ?? null) !== $method) {
                continue;
            }
            if ($solutionCode !== null && ($m['solutionCode'] ?? null) !== $solutionCode) {
                continue;
            }
            return $m;
        }
        return null;
    }

    /** Fail closed: an absent method is unavailable. */
    public function isAvailable(string $method, ?string $solutionCode = null): bool
    {
        $m = $this->method($method, $solutionCode);
        return $m !== null && ($m['available'] ?? false) === true;
    }

    /** Listed: available, or shown disabled with its reasons (the core's display, per setting). */
    public function isListed(string $method, ?string $solutionCode = null): bool
    {
        $m = $this->method($method, $solutionCode);
        return $m !== null && (($m['available'] ?? false) === true || ($m['display'] ?? 'hidden') === 'disabled');
    }

    /** @return list<string> */
    public function reasons(string $method, ?string $solutionCode = null): array
    {
        $m = $this->method($method, $solutionCode);
        return $m === null ? ['method_not_offered'] : array_values(array_map('strval', (array) ($m['reasons'] ?? [])));
    }

    /** The figure shown beside an option: remaining credit, or the balance. */
    public function figure(string $method): ?string
    {
        $m = $this->method($method);
        if ($m === null) {
            return null;
        }
        $k = $method === 'credit_line' ? 'remainingCredit' : 'balance';
        return isset($m[$k]) ? (string) $m[$k] : null;
    }

    /** What the balance pays in a partial payment (null when partial is not available). */
    public function partialCovers(): ?string
    {
        $m = $this->method('wallet_partial');
        return $m !== null && ($m['available'] ?? false) === true && isset($m['covers']) ? (string) $m['covers'] : null;
    }

    /** @return list<array<string, mixed>> one entry per financing solution */
    public function financingSolutions(): array
    {
        return array_values(array_filter((array) ($this->answer['methods'] ?? []),
            static fn ($m): bool => is_array($m) && ($m['method'] ?? null) === 'financing' && isset($m['solutionCode'])));
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Typed reads from a decoded provider object. Failures throw \UnexpectedValueException naming the
 * field only (never its value), which the client turns into {@see ProviderResponseInvalid}.
 *
 * @internal
 */
final class Fields
{
    /** @param array<string, mixed> $a */
    public static function string(array $a, string $key): string
    {
        $v = $a[$key] ?? null;
        if (!\is_string($v) || $v === '') {
            throw new \UnexpectedValueException("field {$key} must be a non-empty string");
        }
        return $v;
    }

    /** @param array<string, mixed> $a */
    public static function optString(array $a, string $key): ?string
    {
        $v = $a[$key] ?? null;
        if ($v === null) {
            return null;
        }
        if (!\is_string($v)) {
            throw new \UnexpectedValueException("field {$key} must be a string");
        }
        return $v;
    }

    /** @param array<string, mixed> $a */
    public static function optBool(array $a, string $key): ?bool
    {
        $v = $a[$key] ?? null;
        if ($v !== null && !\is_bool($v)) {
            throw new \UnexpectedValueException("field {$key} must be a boolean");
        }
        return $v;
    }

    /** @param array<string, mixed> $a @return array<mixed>|null */
    public static function optArray(array $a, string $key): ?array
    {
        $v = $a[$key] ?? null;
        if ($v !== null && !\is_array($v)) {
            throw new \UnexpectedValueException("field {$key} must be an object or array");
        }
        return $v;
    }

    /** @param array<string, mixed> $a */
    public static function int(array $a, string $key): int
    {
        $v = $a[$key] ?? null;
        if (!\is_int($v)) {
            throw new \UnexpectedValueException("field {$key} must be an integer");
        }
        return $v;
    }

    /**
     * A JSON number amount (decoded by {@see Json::decode()} as int or exact literal string) →
     * decimal string with $scale fraction digits. Quoted numbers ("1500.0", as in one swagger
     * example) are accepted too.
     *
     * @param array<string, mixed> $a
     */
    public static function optAmount(array $a, string $key, int $scale): ?string
    {
        $v = $a[$key] ?? null;
        if ($v === null) {
            return null;
        }
        if (!\is_int($v) && !\is_string($v)) {
            throw new \UnexpectedValueException("field {$key} must be a number");
        }
        try {
            return Decimal::fromJsonNumber($v, $scale);
        } catch (\InvalidArgumentException $e) {
            throw new \UnexpectedValueException("field {$key} is not a valid amount: " . $e->getMessage());
        }
    }
}

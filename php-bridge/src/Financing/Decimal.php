<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Conversions between our decimal strings ("119.90") and the provider's JSON numbers, by string
 * manipulation only — no float, no bcmath requirement.
 *
 * Scalexpert amounts are EUR in main units with at most 2 fraction digits (swagger:
 * "financedAmount ... The value MUST have at most 2 digits in the fractional part"). Every method
 * takes the scale explicitly (the currency exponent: EUR 2) and refuses to round: a value with a
 * non-zero digit beyond the scale is an error, never silently cut.
 */
final class Decimal
{
    private const DECIMAL_RE = '/^(-?)([0-9]+)(?:\.([0-9]+))?$/D';
    private const JSON_NUMBER_RE = '/^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/D';
    private const MAX_EXPONENT = 40;

    /**
     * "119.9" → "119.90", "0120" → "120.00", "5.000" → "5.00"; "1.005" at scale 2 is an error.
     *
     * @throws \InvalidArgumentException
     */
    public static function normalize(string $decimal, int $scale): string
    {
        if ($scale < 0 || $scale > 18) {
            throw new \InvalidArgumentException('scale out of range');
        }
        if (\preg_match(self::DECIMAL_RE, $decimal, $m) !== 1) {
            throw new \InvalidArgumentException('not a decimal string');
        }
        return self::assemble($m[1], $m[2], $m[3] ?? '', $scale);
    }

    /**
     * A number decoded by {@see Json::decode()} (int, or the exact literal as a string, exponent
     * allowed) → a decimal string with exactly $scale fraction digits.
     *
     * @throws \InvalidArgumentException
     */
    public static function fromJsonNumber(int|string $number, int $scale): string
    {
        if (\is_int($number)) {
            return self::normalize((string) $number, $scale);
        }
        if (\preg_match(self::JSON_NUMBER_RE, $number, $m) !== 1) {
            throw new \InvalidArgumentException('not a JSON number');
        }
        $sign = $m[1];
        $intPart = $m[2];
        $frac = $m[3] ?? '';
        $exp = isset($m[4]) && $m[4] !== '' ? (int) $m[4] : 0;
        if (\abs($exp) > self::MAX_EXPONENT) {
            throw new \InvalidArgumentException('exponent out of range');
        }
        if ($exp !== 0) {
            $digits = $intPart . $frac;
            $point = \strlen($intPart) + $exp;
            if ($point <= 0) {
                $intPart = '0';
                $frac = \str_repeat('0', -$point) . $digits;
            } elseif ($point >= \strlen($digits)) {
                $intPart = $digits . \str_repeat('0', $point - \strlen($digits));
                $frac = '';
            } else {
                $intPart = \substr($digits, 0, $point);
                $frac = \substr($digits, $point);
            }
        }
        return self::assemble($sign, $intPart, $frac, $scale);
    }

    /** "119.9" → RawNumber("119.90"), emitted verbatim into the JSON text by {@see Json::encode()}. */
    public static function toJsonNumber(string $decimal, int $scale): RawNumber
    {
        return new RawNumber(self::normalize($decimal, $scale));
    }

    /** "119.90" at scale 2 → 11990. @throws \InvalidArgumentException on overflow */
    public static function toMinor(string $decimal, int $scale): int
    {
        $n = self::normalize($decimal, $scale);
        $neg = $n[0] === '-';
        $digits = \ltrim(\str_replace(['-', '.'], '', $n), '0');
        if ($digits === '') {
            return 0;
        }
        if (\strlen($digits) > 18) {
            throw new \InvalidArgumentException('amount too large');
        }
        $v = (int) $digits;
        return $neg ? -$v : $v;
    }

    /** 11990 at scale 2 → "119.90". */
    public static function fromMinor(int $minor, int $scale): string
    {
        if ($minor === \PHP_INT_MIN) {
            throw new \InvalidArgumentException('amount too large');
        }
        $neg = $minor < 0;
        $digits = (string) \abs($minor);
        if ($scale > 0) {
            $digits = \str_pad($digits, $scale + 1, '0', \STR_PAD_LEFT);
            $digits = \substr($digits, 0, -$scale) . '.' . \substr($digits, -$scale);
        }
        return ($neg ? '-' : '') . $digits;
    }

    /** Compares two decimal strings exactly (-1, 0, 1). */
    public static function compare(string $a, string $b): int
    {
        $scale = \max(self::fractionDigits($a), self::fractionDigits($b));
        [$na, $nb] = [self::normalize($a, $scale), self::normalize($b, $scale)];
        $negA = $na[0] === '-';
        $negB = $nb[0] === '-';
        if ($negA !== $negB) {
            return $negA ? -1 : 1;
        }
        $ua = \ltrim($na, '-');
        $ub = \ltrim($nb, '-');
        $cmp = \strlen($ua) <=> \strlen($ub) ?: \strcmp($ua, $ub) <=> 0;
        return $negA ? -$cmp : $cmp;
    }

    private static function fractionDigits(string $decimal): int
    {
        $dot = \strpos($decimal, '.');
        return $dot === false ? 0 : \strlen($decimal) - $dot - 1;
    }

    private static function assemble(string $sign, string $intPart, string $frac, int $scale): string
    {
        $extra = \substr($frac, $scale);
        if ($extra !== '' && \trim($extra, '0') !== '') {
            throw new \InvalidArgumentException("amount has more than {$scale} fraction digits");
        }
        $frac = \str_pad(\substr($frac, 0, $scale), $scale, '0');
        $intPart = \ltrim($intPart, '0');
        if ($intPart === '') {
            $intPart = '0';
        }
        if ($intPart === '0' && \trim($frac, '0') === '') {
            $sign = '';
        }
        return $sign . $intPart . ($scale > 0 ? '.' . $frac : '');
    }
}

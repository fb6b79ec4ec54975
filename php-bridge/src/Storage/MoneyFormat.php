<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Decimal strings (the wire) ↔ integer minor units (the database), exactly as the core does it
 * (src/money.rs): no floats, no silent rounding, at most 15 digits of minor units.
 */
final class MoneyFormat
{
    /** Same as MAX_MINOR in src/money.rs. */
    public const MAX_MINOR = 999_999_999_999_999;

    /**
     * ISO 4217 exponents, identical to CURRENCIES in src/money.rs (a test compares the two).
     * @var array<string, int>
     */
    public const EXPONENTS = [
        'AUD' => 2, 'BGN' => 2, 'BHD' => 3, 'BRL' => 2, 'CAD' => 2, 'CHF' => 2, 'CLP' => 0, 'CNY' => 2,
        'CZK' => 2, 'DKK' => 2, 'EUR' => 2, 'GBP' => 2, 'HKD' => 2, 'HUF' => 2, 'ILS' => 2, 'INR' => 2,
        'ISK' => 0, 'JOD' => 3, 'JPY' => 0, 'KRW' => 0, 'KWD' => 3, 'MAD' => 2, 'MXN' => 2, 'NOK' => 2,
        'NZD' => 2, 'OMR' => 3, 'PLN' => 2, 'RON' => 2, 'SEK' => 2, 'SGD' => 2, 'TND' => 3, 'TRY' => 2,
        'UAH' => 2, 'USD' => 2, 'XOF' => 0, 'ZAR' => 2,
    ];

    public static function isCurrency(string $code): bool
    {
        return isset(self::EXPONENTS[$code]);
    }

    public static function exponent(string $currency): int
    {
        return self::EXPONENTS[$currency] ?? throw new MoneyFormatException("unknown currency '" . substr($currency, 0, 8) . "'", 'unknown_currency', 'currency');
    }

    /**
     * "12.30" EUR → 1230; "5" JPY → 5; "-0.125" KWD → -125. Accepts what the core accepts: an
     * optional '-', digits, optional '.' and digits; trailing zeros beyond the exponent are fine
     * ("1.50" JPY is not, "1.0" JPY is).
     */
    public static function toMinor(string $amount, string $currency, ?string $path = null): int
    {
        $e = self::exponent($currency);
        if (strlen($amount) > 30 || !preg_match('/^(-?)(\d+)(?:\.(\d+))?$/', $amount, $m)) {
            throw new MoneyFormatException("invalid amount '" . substr($amount, 0, 40) . "'", 'invalid_amount', $path);
        }
        $negative = $m[1] === '-';
        $fraction = rtrim($m[3] ?? '', '0');
        if (strlen($fraction) > $e) {
            throw new MoneyFormatException("'$amount' has more decimals than $currency allows ($e)", 'too_many_decimals', $path);
        }
        $digits = ltrim($m[2] . str_pad($fraction, $e, '0'), '0');
        if ($digits === '') {
            return 0;
        }
        if (strlen($digits) > 15) {
            throw new MoneyFormatException("'$amount' $currency is too large", 'amount_too_large', $path);
        }
        $minor = (int) $digits;
        return $negative ? -$minor : $minor;
    }

    /**
     * A host's amount → the exact decimal string the core takes, rounded half away from zero at
     * the currency's decimals. Hosts hand out floats (PrestaShop's cart totals, WooCommerce's
     * order totals) or strings with more decimals than the currency (PrestaShop stores 6): this
     * is the one place they become money. A float is read at 15 significant digits (what the shop
     * itself displays), then rounded; a string is rounded as decimal digits, never through a float.
     */
    public static function fromHostNumber(int|float|string $value, string $currency): string
    {
        $e = self::exponent($currency);
        if (is_int($value)) {
            $value = (string) $value;
        } elseif (is_float($value)) {
            if (!is_finite($value)) {
                throw new MoneyFormatException('amount is not a finite number');
            }
            $value = sprintf('%.' . max(0, 14 - (int) floor(log10(max(abs($value), 1e-9)))) . 'F', $value);
        }
        $value = trim($value);
        if (strlen($value) > 40 || !preg_match('/^([+-]?)(\d*)(?:\.(\d*))?$/', $value, $m) || ($m[2] === '' && ($m[3] ?? '') === '')) {
            throw new MoneyFormatException("invalid amount '" . substr($value, 0, 40) . "'");
        }
        $int = ltrim($m[2], '0');
        $frac = $m[3] ?? '';
        $keep = str_pad(substr($frac, 0, $e), $e, '0');
        $digits = ($int === '' ? '0' : $int) . $keep;
        if (isset($frac[$e]) && $frac[$e] >= '5') {
            // Half away from zero: add one unit in the last kept place, carrying by hand.
            $i = strlen($digits) - 1;
            while ($i >= 0 && $digits[$i] === '9') {
                $digits[$i] = '0';
                $i--;
            }
            $digits = $i < 0 ? '1' . $digits : substr_replace($digits, (string) ((int) $digits[$i] + 1), $i, 1);
        }
        $digits = ltrim($digits, '0');
        if (strlen($digits) > 15) {
            throw new MoneyFormatException("'$value' $currency is too large");
        }
        $minor = (int) $digits;
        return self::format($m[1] === '-' ? -$minor : $minor, $currency);
    }

    /**
     * An amount a person typed (an admin form, a top-up, a withdrawal): " 12,50 " → "12.50" EUR.
     * Never rounded: more decimals than the currency has is refused (10.005 EUR, 1.5 JPY), so what
     * is booked is what was typed. Trailing zeros are fine ("10.500" EUR is 10.50).
     * @throws MoneyFormatException errorCode invalid_amount | too_many_decimals | amount_too_large
     */
    public static function fromTyped(string $typed, string $currency): string
    {
        $e = self::exponent($currency);
        $t = str_replace([' ', "\u{a0}", "\u{202f}", ','], ['', '', '', '.'], trim($typed));
        if (strlen($t) > 40 || !preg_match('/^(\d+)(?:\.(\d*))?$/', $t, $m)) {
            throw new MoneyFormatException("invalid amount '" . substr($typed, 0, 40) . "'", 'invalid_amount');
        }
        // "1,000" is a thousand to some and one to others: after a comma every digit counts.
        $fraction = str_contains($typed, ',') ? ($m[2] ?? '') : rtrim($m[2] ?? '', '0');
        if (strlen($fraction) > $e) {
            throw new MoneyFormatException("'" . substr($typed, 0, 40) . "' has more decimals than $currency allows ($e)", 'too_many_decimals');
        }
        $digits = ltrim($m[1] . str_pad(substr($m[2] ?? '', 0, $e), $e, '0'), '0');
        if (strlen($digits) > 15) {
            throw new MoneyFormatException("'" . substr($typed, 0, 40) . "' $currency is too large", 'amount_too_large');
        }
        return self::format((int) $digits, $currency);
    }

    /** Like toMinor(), refusing negative amounts (the wire's `Amount`). */
    public static function toMinorNonNegative(string $amount, string $currency, ?string $path = null): int
    {
        $minor = self::toMinor($amount, $currency, $path);
        if ($minor < 0) {
            throw new MoneyFormatException("'$amount' must not be negative", 'negative_amount', $path);
        }
        return $minor;
    }

    /**
     * A sum of minor units as the database returns it (an int, or a digit string: MySQL's SUM of
     * BIGINT is an exact DECIMAL that may exceed PHP's int) → the decimal string, by moving the
     * point, never through arithmetic: "123456789012345678901" EUR → "1234567890123456789.01".
     */
    public static function formatSum(int|string $minor, string $currency): string
    {
        $e = self::exponent($currency);
        $minor = (string) $minor;
        if (!preg_match('/^(-?)0*(\d+?)$/', $minor, $m) || strlen($minor) > 40) {
            throw new MoneyFormatException("'" . substr($minor, 0, 40) . "' is not a sum of minor units");
        }
        [$sign, $digits] = [$m[1], $m[2]];
        if ($digits === '0') {
            $sign = '';
        }
        if ($e === 0) {
            return $sign . $digits;
        }
        $digits = str_pad($digits, $e + 1, '0', STR_PAD_LEFT);
        return $sign . substr($digits, 0, -$e) . '.' . substr($digits, -$e);
    }

    /** 1230 EUR → "12.30", 5 JPY → "5", -125 KWD → "-0.125": always exactly the currency's decimals. */
    public static function format(int $minor, string $currency): string
    {
        $e = self::exponent($currency);
        if ($minor > self::MAX_MINOR || $minor < -self::MAX_MINOR) {
            throw new MoneyFormatException("$minor minor units of $currency is out of range");
        }
        $digits = (string) abs($minor);
        $sign = $minor < 0 ? '-' : '';
        if ($e === 0) {
            return $sign . $digits;
        }
        $digits = str_pad($digits, $e + 1, '0', STR_PAD_LEFT);
        return $sign . substr($digits, 0, -$e) . '.' . substr($digits, -$e);
    }
}

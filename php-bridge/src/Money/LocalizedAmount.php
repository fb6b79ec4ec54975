<?php

declare(strict_types=1);

namespace ShopCredit\Money;

use ShopCredit\Storage\MoneyFormat;

/**
 * Amounts as people type and read them, and the exact decimal strings the core takes.
 *
 *     LocalizedAmount::parse('1 000,5', 'EUR', 'fr-FR')     // "1000.50"
 *     LocalizedAmount::parse('1 234,50 €', 'EUR', 'fr-FR')  // "1234.50" (what the widget prints)
 *     LocalizedAmount::format('1234.50', 'EUR', 'fr-FR')    // "1 234,50 €" (narrow no-break spaces)
 *
 * parse() never guesses: what could be read two ways is refused, never read wrongly. "12.50"
 * is 12,50 in a French shop (a dot is no French grouping sign), but "1.000" has too many decimals
 * there; in a German shop "1.000" is a thousand and "12.50" is refused; in an English one
 * "12,50" is refused. Spaces of every width group digits in every locale. More decimals than the
 * currency has are refused, never rounded. No floats anywhere.
 */
final class LocalizedAmount
{
    /** Spaces that group digits: space, no-break space, narrow no-break space, thin space. */
    private const SPACES = [' ', "\u{00A0}", "\u{202F}", "\u{2009}"];
    private const MINUS = ['-', "\u{2212}"];

    /**
     * @throws InvalidAmountInput missing_field (nothing typed), invalid_amount, too_many_decimals,
     *         negative_amount (unless $allowNegative), amount_too_large
     */
    public static function parse(string $typed, string $currency, string|NumberSymbols $locale, bool $allowNegative = false): string
    {
        $symbols = \is_string($locale) ? NumberSymbols::forLocale($locale) : $locale;
        $exponent = MoneyFormat::exponent($currency);

        // "-1 234,50 €", "-€1,234.50" and "€ -1.234,50" all are minus 1234.50.
        $text = self::trim($typed);
        $negative = self::takeMinus($text);
        $text = self::withoutCurrency($text, $currency, $symbols);
        $negative = $negative || self::takeMinus($text);
        if ($text === '') {
            throw new InvalidAmountInput($negative ? 'invalid_amount' : 'missing_field', 'no amount was typed', $typed);
        }
        if (\mb_strlen($text) > 40) {
            throw new InvalidAmountInput('invalid_amount', 'this is not an amount', $typed);
        }
        [$integer, $fraction] = self::digits($text, $symbols, $typed);
        if (\strlen($fraction) > $exponent) {
            throw new InvalidAmountInput('too_many_decimals', "$currency has $exponent decimals", $typed);
        }
        $integer = \ltrim($integer, '0');
        if (\strlen($integer) + $exponent > 15) {
            throw new InvalidAmountInput('amount_too_large', 'more than 15 digits', $typed);
        }
        $fraction = \str_pad($fraction, $exponent, '0');
        $isZero = \trim($integer . $fraction, '0') === '';
        if ($negative && !$isZero && !$allowNegative) {
            throw new InvalidAmountInput('negative_amount', 'the amount is below zero', $typed);
        }
        $decimal = ($integer === '' ? '0' : $integer) . ($exponent > 0 ? ".$fraction" : '');
        return ($negative && !$isZero ? '-' : '') . $decimal;
    }

    /**
     * "1234.5" EUR fr-FR → "1 234,50 €" as Intl.NumberFormat prints it (the storefront widget's
     * format); the fraction is padded to the currency's decimals and never rounded.
     */
    public static function format(string $decimal, string $currency, string|NumberSymbols $locale): string
    {
        $symbols = \is_string($locale) ? NumberSymbols::forLocale($locale) : $locale;
        [$negative, $number] = self::number($decimal, $currency, $symbols);
        $sign = $negative ? '-' : '';
        $symbol = $symbols->symbol($currency);
        return match ($symbols->placement) {
            NumberSymbols::AFTER => "$sign$number\u{00A0}$symbol",
            NumberSymbols::BEFORE => $sign . $symbol . (\preg_match('/\p{L}$/u', $symbol) === 1 ? "\u{00A0}" : '') . $number,
            NumberSymbols::BEFORE_SPACED => "$sign$symbol\u{00A0}$number",
            default => "$symbol\u{00A0}$sign$number",
        };
    }

    /** The number alone, for a form field: "1234.5" EUR fr-FR → "1 234,50". */
    public static function formatNumber(string $decimal, string $currency, string|NumberSymbols $locale): string
    {
        $symbols = \is_string($locale) ? NumberSymbols::forLocale($locale) : $locale;
        [$negative, $number] = self::number($decimal, $currency, $symbols);
        return ($negative ? '-' : '') . $number;
    }

    /** @return array{bool, string} negative, the grouped number without sign */
    private static function number(string $decimal, string $currency, NumberSymbols $symbols): array
    {
        $exponent = MoneyFormat::exponent($currency);
        if (\preg_match('/^(-?)(\d{1,30})(?:\.(\d{1,30}))?$/', $decimal, $m) !== 1) {
            throw new \InvalidArgumentException('not a decimal amount: ' . \substr($decimal, 0, 40));
        }
        $integer = \ltrim($m[2], '0') ?: '0';
        $fraction = \str_pad($m[3] ?? '', $exponent, '0');
        $negative = $m[1] === '-' && \trim($integer . $fraction, '0') !== '';
        // CLDR's minimum grouping digits: with 2, "1234" stays whole and "12345" is grouped.
        if (\strlen($integer) >= $symbols->minimumGrouping + 3) {
            $integer = self::group($integer, $symbols->group);
        }
        return [$negative, $fraction === '' ? $integer : $integer . $symbols->decimal . $fraction];
    }

    private static function group(string $digits, string $separator): string
    {
        $head = \strlen($digits) % 3 ?: 3;
        return \substr($digits, 0, $head) . \implode('', \array_map(static fn (string $g): string => $separator . $g, \str_split(\substr($digits, $head), 3)));
    }

    private static function takeMinus(string &$text): bool
    {
        foreach (self::MINUS as $minus) {
            if (\str_starts_with($text, $minus)) {
                $text = self::trim(\substr($text, \strlen($minus)));
                return true;
            }
        }
        return false;
    }

    /** @return array{string, string} the integer and fraction digits of "1 234,5" (no sign, no currency) */
    private static function digits(string $text, NumberSymbols $symbols, string $typed): array
    {
        // A dot or comma that the locale does not use for grouping can only mean decimals.
        $decimals = [$symbols->decimal];
        foreach (['.', ','] as $alt) {
            if ($alt !== $symbols->decimal && $alt !== $symbols->group) {
                $decimals[] = $alt;
            }
        }
        $groups = \array_values(\array_unique([...self::SPACES, ...(\in_array($symbols->group, $decimals, true) ? [] : [$symbols->group])]));
        $fraction = '';
        foreach ($decimals as $sep) {
            $at = \strrpos($text, $sep);
            if ($at === false) {
                continue;
            }
            $fraction = \substr($text, $at + \strlen($sep));
            $text = \substr($text, 0, $at);
            if (\preg_match('/^\d+$/', $fraction) !== 1) {
                throw new InvalidAmountInput('invalid_amount', 'digits are expected after the decimal separator', $typed);
            }
            break;
        }
        return [self::integerDigits($text, $groups, $typed), $fraction];
    }

    /** "1 234 567" → "1234567"; groups after the first must have exactly three digits. @param list<string> $groups */
    private static function integerDigits(string $text, array $groups, string $typed): string
    {
        $quoted = \implode('|', \array_map(static fn (string $g): string => \preg_quote($g, '/'), $groups));
        $parts = \preg_split("/(?:$quoted)/u", $text);
        foreach ($parts === false ? [''] : $parts as $i => $part) {
            // The first group: any digits when it is alone, 1 to 3 when others follow; then 3 each.
            $pattern = $i > 0 ? '/^\d{3}$/' : (\count($parts) > 1 ? '/^\d{1,3}$/' : '/^\d+$/');
            if (\preg_match($pattern, $part) !== 1) {
                throw new InvalidAmountInput('invalid_amount', 'this is not an amount', $typed);
            }
        }
        return \implode('', $parts);
    }

    private static function withoutCurrency(string $text, string $currency, NumberSymbols $symbols): string
    {
        foreach (\array_unique([$symbols->symbol($currency), $currency, \strtolower($currency), '€']) as $sign) {
            if ($sign === '€' && $currency !== 'EUR') {
                continue;
            }
            if (\str_ends_with($text, $sign)) {
                return self::trim(\substr($text, 0, -\strlen($sign)));
            }
            if (\str_starts_with($text, $sign)) {
                return self::trim(\substr($text, \strlen($sign)));
            }
        }
        return $text;
    }

    private static function trim(string $s): string
    {
        return \preg_replace('/^[\s\x{00A0}\x{202F}\x{2009}]+|[\s\x{00A0}\x{202F}\x{2009}]+$/u', '', $s) ?? $s;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Money;

/**
 * How a locale writes amounts: decimal separator, grouping separator, the fewest integer digits
 * that get grouped (Spanish, Italian and Portuguese do not group 4-digit amounts), and where the
 * currency goes. The table follows CLDR as browsers' Intl.NumberFormat prints it (the storefront
 * widget formats with Intl; tests/node compares the two). Hosts that have their own separators
 * (WooCommerce's price settings) pass them with custom().
 */
final class NumberSymbols
{
    /** Intl's separators: a narrow no-break space (fr) or a no-break space (pt-PT) between groups. */
    private const NNBSP = "\u{202F}";
    private const NBSP = "\u{00A0}";

    /** Where the currency and the minus sign go. */
    public const AFTER = 'after';            // 1 234,50 €   -1 234,50 €
    public const BEFORE = 'before';          // €1,234.50    -€1,234.50 (a space only after letters: CHF 1,234.50)
    public const BEFORE_SPACED = 'before_';  // € 1.234,50   -€ 1.234,50
    public const BEFORE_SIGN_INSIDE = 'in';  // € 1.234,50   € -1.234,50

    /**
     * language[-REGION] => [decimal, group, minimum grouping digits, currency placement, currency => symbol]
     * @var array<string, array{string, string, int, string, array<string, string>}>
     */
    private const LOCALES = [
        'en' => ['.', ',', 1, self::BEFORE, ['USD' => '$', 'GBP' => '£']],
        'en-GB' => ['.', ',', 1, self::BEFORE, ['GBP' => '£', 'USD' => 'US$']],
        'fr' => [',', self::NNBSP, 1, self::AFTER, []],
        'fr-CA' => [',', self::NBSP, 1, self::AFTER, []],
        'fr-CH' => ['.', self::NNBSP, 1, self::AFTER, []],
        'de' => [',', '.', 1, self::AFTER, ['USD' => '$', 'GBP' => '£']],
        'de-AT' => [',', '.', 1, self::BEFORE_SPACED, []],
        'es' => [',', '.', 2, self::AFTER, []],
        'it' => [',', '.', 2, self::AFTER, []],
        'nl' => [',', '.', 1, self::BEFORE_SIGN_INSIDE, []],
        'pt' => [',', '.', 1, self::BEFORE_SPACED, ['BRL' => 'R$']],
        'pt-PT' => [',', self::NBSP, 2, self::AFTER, []],
    ];

    /** @param array<string, string> $symbols currency => symbol (EUR is € everywhere) */
    private function __construct(
        public readonly string $decimal,
        public readonly string $group,
        public readonly int $minimumGrouping = 1,
        public readonly string $placement = self::AFTER,
        private readonly array $symbols = [],
    ) {
        if ($decimal === '' || \preg_match('/\d/', $decimal . $group) === 1 || $decimal === $group) {
            throw new \InvalidArgumentException('the decimal separator must be one non-digit, different from the grouping separator');
        }
    }

    /** "fr-FR", "fr_FR", "de-AT", "en"... ; an unknown region falls back to its language, an unknown language to English. */
    public static function forLocale(string $locale): self
    {
        $parts = \explode('-', \str_replace('_', '-', $locale));
        $lang = \strtolower($parts[0]);
        $region = isset($parts[1]) ? \strtoupper($parts[1]) : '';
        $row = self::LOCALES["$lang-$region"] ?? self::LOCALES[$lang] ?? self::LOCALES['en'];
        return new self(...$row);
    }

    /** A host's own separators, e.g. WooCommerce's wc_get_price_decimal_separator() and thousand separator. */
    public static function custom(string $decimal, string $group, string $placement = self::AFTER): self
    {
        return new self($decimal, $group, 1, $placement);
    }

    /** The sign shown for a currency: € for EUR, the locale's own symbol for a few, the ISO code otherwise. */
    public function symbol(string $currency): string
    {
        return $currency === 'EUR' ? '€' : ($this->symbols[$currency] ?? $currency);
    }
}

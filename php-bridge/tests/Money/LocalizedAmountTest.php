<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Money;

use PHPUnit\Framework\TestCase;
use ShopCredit\Money\InvalidAmountInput;
use ShopCredit\Money\LocalizedAmount;
use ShopCredit\Money\NumberSymbols;

/** Typed amounts in a shop's locale → the core's decimal strings, and back. */
final class LocalizedAmountTest extends TestCase
{
    private const NNBSP = "\u{202F}";
    private const NBSP = "\u{00A0}";

    /** @return iterable<string, array{string, string, string, string}> typed, currency, locale, decimal */
    public static function accepted(): iterable
    {
        yield 'French comma' => ['12,50', 'EUR', 'fr-FR', '12.50'];
        yield 'French one decimal' => ['12,5', 'EUR', 'fr-FR', '12.50'];
        yield 'French thousands with a space' => ['1 000,00', 'EUR', 'fr-FR', '1000.00'];
        yield 'French as the widget prints it' => ['1' . self::NNBSP . '234,50' . self::NBSP . '€', 'EUR', 'fr-FR', '1234.50'];
        yield 'French with a no-break space' => ['1' . self::NBSP . '000', 'EUR', 'fr-FR', '1000.00'];
        yield 'French millions' => ['1 234 567,89 €', 'EUR', 'fr-FR', '1234567.89'];
        yield 'French typed with a dot' => ['12.50', 'EUR', 'fr-FR', '12.50'];
        yield 'French whole' => ['600', 'EUR', 'fr-FR', '600.00'];
        yield 'French ISO code' => ['26 EUR', 'EUR', 'fr', '26.00'];
        yield 'spaces around' => ["  100,00\t", 'EUR', 'fr-FR', '100.00'];
        yield 'leading zeros' => ['007,1', 'EUR', 'fr-FR', '7.10'];
        yield 'zero' => ['0', 'EUR', 'fr-FR', '0.00'];
        yield 'minus zero is zero' => ['-0,00', 'EUR', 'fr-FR', '0.00'];
        yield 'German thousands' => ['1.234,56', 'EUR', 'de-DE', '1234.56'];
        yield 'German without grouping' => ['1234,56', 'EUR', 'de-DE', '1234.56'];
        yield 'German dot thousands only' => ['1.000', 'EUR', 'de-DE', '1000.00'];
        yield 'English' => ['1,234.56', 'USD', 'en-US', '1234.56'];
        yield 'English with the symbol first' => ['$1,234.56', 'USD', 'en-US', '1234.56'];
        yield 'English plain' => ['1234.5', 'GBP', 'en-GB', '1234.50'];
        yield 'Swiss French dot decimals' => ['1 234.50', 'CHF', 'fr-CH', '1234.50'];
        yield 'yen has no decimals' => ['1,235', 'JPY', 'en-US', '1235'];
        yield 'Kuwaiti dinar has three' => ['1,125', 'KWD', 'fr-FR', '1.125'];
        yield 'unknown locale reads as English' => ['1,000.25', 'EUR', 'xx-YY', '1000.25'];
        yield 'host separators' => ['1 000,25', 'EUR', 'custom', '1000.25'];
        yield '15 digits of minor units' => ['9 999 999 999 999,99', 'EUR', 'fr-FR', '9999999999999.99'];
    }

    /** @dataProvider accepted */
    public function testReadsWhatPeopleType(string $typed, string $currency, string $locale, string $decimal): void
    {
        $symbols = $locale === 'custom' ? NumberSymbols::custom(',', ' ') : $locale;
        self::assertSame($decimal, LocalizedAmount::parse($typed, $currency, $symbols));
    }

    /** @return iterable<string, array{string, string, string, string}> typed, currency, locale, code */
    public static function refused(): iterable
    {
        yield 'nothing' => ['', 'EUR', 'fr-FR', 'missing_field'];
        yield 'only spaces' => [' ' . self::NBSP, 'EUR', 'fr-FR', 'missing_field'];
        yield 'only the currency' => ['€', 'EUR', 'fr-FR', 'missing_field'];
        yield 'letters' => ['abc', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'exponent' => ['1e3', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'three decimals in euros' => ['10.005', 'EUR', 'fr-FR', 'too_many_decimals'];
        yield 'French 1.000 is not a thousand' => ['1.000', 'EUR', 'fr-FR', 'too_many_decimals'];
        yield 'negative' => ['-100', 'EUR', 'fr-FR', 'negative_amount'];
        yield 'negative with the unicode minus' => ["\u{2212}100", 'EUR', 'fr-FR', 'negative_amount'];
        yield 'a sign alone' => ['-', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'two signs' => ['--5', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'plus' => ['+5', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'two decimal separators' => ['1,2,3', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'misplaced group' => ['10 00', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'group of four after the first' => ['1 0000', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'first group of four' => ['1000 000', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'English decimals in a German shop' => ['12.50', 'EUR', 'de-DE', 'invalid_amount'];
        yield 'German decimals in an English shop' => ['12,50', 'EUR', 'en-US', 'invalid_amount'];
        yield 'decimal point without digits' => ['12,', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'no integer digits' => [',5', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'decimals in yen' => ['12.5', 'JPY', 'en-US', 'too_many_decimals'];
        yield 'too large' => ['10 000 000 000 000,00', 'EUR', 'fr-FR', 'amount_too_large'];
        yield 'another currency' => ['12 $', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'very long' => [\str_repeat('1', 50), 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'hex' => ['0x10', 'EUR', 'fr-FR', 'invalid_amount'];
        yield 'arabic digits' => ['١٢', 'EUR', 'fr-FR', 'invalid_amount'];
    }

    /** @dataProvider refused */
    public function testRefusesWhatIsNotAnAmountWithTheCoresCode(string $typed, string $currency, string $locale, string $code): void
    {
        try {
            $got = LocalizedAmount::parse($typed, $currency, $locale);
            self::fail("'$typed' was read as $got");
        } catch (InvalidAmountInput $e) {
            self::assertSame($code, $e->errorCode, $e->getMessage());
            self::assertSame($typed, $e->typed);
        }
    }

    public function testNegativeAmountsWhenTheCallerTakesThem(): void
    {
        self::assertSame('-1234.50', LocalizedAmount::parse('-1 234,50 €', 'EUR', 'fr-FR', allowNegative: true));
        self::assertSame('-1234.50', LocalizedAmount::parse('-€1,234.50', 'EUR', 'en', allowNegative: true));
        self::assertSame('-1234.50', LocalizedAmount::parse('€ -1.234,50', 'EUR', 'nl-NL', allowNegative: true));
    }

    /** @return iterable<string, array{string, string, string, string}> decimal, currency, locale, shown (Intl's output) */
    public static function formats(): iterable
    {
        yield 'French' => ['1234.5', 'EUR', 'fr-FR', '1' . self::NNBSP . '234,50' . self::NBSP . '€'];
        yield 'French small' => ['0', 'EUR', 'fr-FR', '0,00' . self::NBSP . '€'];
        yield 'French negative' => ['-26.00', 'EUR', 'fr-FR', '-26,00' . self::NBSP . '€'];
        yield 'French millions' => ['1234567.89', 'EUR', 'fr-FR', '1' . self::NNBSP . '234' . self::NNBSP . '567,89' . self::NBSP . '€'];
        yield 'German' => ['1234.5', 'EUR', 'de-DE', '1.234,50' . self::NBSP . '€'];
        yield 'Austrian' => ['-1234.5', 'EUR', 'de-AT', '-€' . self::NBSP . '1.234,50'];
        yield 'English' => ['1234.5', 'EUR', 'en-US', '€1,234.50'];
        yield 'English dollars' => ['-1234.5', 'USD', 'en-US', '-$1,234.50'];
        yield 'English francs' => ['1234.5', 'CHF', 'en-US', 'CHF' . self::NBSP . '1,234.50'];
        yield 'Spanish keeps 4 digits whole' => ['1234.5', 'EUR', 'es-ES', '1234,50' . self::NBSP . '€'];
        yield 'Spanish groups 5' => ['12345.5', 'EUR', 'es-ES', '12.345,50' . self::NBSP . '€'];
        yield 'Dutch' => ['-1234.5', 'EUR', 'nl-NL', '€' . self::NBSP . '-1.234,50'];
        yield 'yen' => ['1235', 'JPY', 'de-DE', '1.235' . self::NBSP . 'JPY'];
        yield 'more decimals than the currency are kept' => ['1.005', 'EUR', 'fr-FR', '1,005' . self::NBSP . '€'];
    }

    /** @dataProvider formats */
    public function testShowsAmountsAsTheWidgetDoes(string $decimal, string $currency, string $locale, string $shown): void
    {
        self::assertSame($shown, LocalizedAmount::format($decimal, $currency, $locale));
    }

    public function testWhatIsShownReadsBackToTheSameAmount(): void
    {
        foreach (['fr-FR', 'de-DE', 'de-AT', 'en-US', 'en-GB', 'es-ES', 'it-IT', 'nl-NL', 'pt-PT', 'pt-BR', 'fr-CA', 'fr-CH'] as $locale) {
            foreach (['0.00', '0.05', '12.50', '999.99', '1000.00', '12345.67', '1234567.89', '9999999999999.99'] as $decimal) {
                self::assertSame($decimal, LocalizedAmount::parse(LocalizedAmount::format($decimal, 'EUR', $locale), 'EUR', $locale), $locale);
                self::assertSame($decimal, LocalizedAmount::parse(LocalizedAmount::formatNumber($decimal, 'EUR', $locale), 'EUR', $locale), $locale);
            }
        }
    }

    public function testFormatRefusesWhatIsNotADecimalString(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        LocalizedAmount::format('1e3', 'EUR', 'fr-FR');
    }
}

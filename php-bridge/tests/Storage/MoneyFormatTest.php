<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use PHPUnit\Framework\TestCase;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\MoneyFormatException;

final class MoneyFormatTest extends TestCase
{
    /** @return array<string, array{string, string, int, string}> amount, currency, minor, canonical */
    public static function roundTrips(): array
    {
        return [
            'EUR' => ['12.30', 'EUR', 1230, '12.30'],
            'EUR short fraction' => ['12.3', 'EUR', 1230, '12.30'],
            'EUR integer' => ['7', 'EUR', 700, '7.00'],
            'EUR cent' => ['0.01', 'EUR', 1, '0.01'],
            'EUR negative' => ['-0.01', 'EUR', -1, '-0.01'],
            'EUR negative zero' => ['-0', 'EUR', 0, '0.00'],
            'EUR leading zeros' => ['007.50', 'EUR', 750, '7.50'],
            'EUR 15 digits' => ['9999999999999.99', 'EUR', 999_999_999_999_999, '9999999999999.99'],
            'EUR -15 digits' => ['-9999999999999.99', 'EUR', -999_999_999_999_999, '-9999999999999.99'],
            'JPY' => ['5', 'JPY', 5, '5'],
            'JPY zero decimals given' => ['1500.000', 'JPY', 1500, '1500'],
            'JPY 15 digits' => ['999999999999999', 'JPY', 999_999_999_999_999, '999999999999999'],
            'KWD' => ['0.125', 'KWD', 125, '0.125'],
            'KWD negative' => ['-12.5', 'KWD', -12500, '-12.500'],
            'KWD 15 digits' => ['999999999999.999', 'KWD', 999_999_999_999_999, '999999999999.999'],
        ];
    }

    /** @dataProvider roundTrips */
    public function testRoundTrip(string $amount, string $currency, int $minor, string $canonical): void
    {
        $this->assertSame($minor, MoneyFormat::toMinor($amount, $currency));
        $this->assertSame($canonical, MoneyFormat::format($minor, $currency));
        $this->assertSame($minor, MoneyFormat::toMinor($canonical, $currency));
    }

    /** @return array<string, array{string, string}> */
    public static function refused(): array
    {
        return [
            'too many decimals EUR' => ['1.005', 'EUR'],
            'decimals on JPY' => ['1.5', 'JPY'],
            'too many decimals KWD' => ['0.0001', 'KWD'],
            '16 digits' => ['10000000000000.00', 'EUR'],
            '16 digits JPY' => ['1000000000000000', 'JPY'],
            'exponent' => ['1e5', 'EUR'],
            'plus sign' => ['+1', 'EUR'],
            'space' => [' 1', 'EUR'],
            'trailing dot' => ['1.', 'EUR'],
            'leading dot' => ['.5', 'EUR'],
            'comma' => ['1,00', 'EUR'],
            'empty' => ['', 'EUR'],
            'too long' => [str_repeat('0', 31), 'EUR'],
            'unknown currency' => ['1.00', 'XXX'],
            'lowercase currency' => ['1.00', 'eur'],
        ];
    }

    /** @dataProvider refused */
    public function testRefusesWhatTheCoreRefuses(string $amount, string $currency): void
    {
        $this->expectException(MoneyFormatException::class);
        MoneyFormat::toMinor($amount, $currency);
    }

    public function testNonNegativeAndFormatRange(): void
    {
        $this->assertSame(0, MoneyFormat::toMinorNonNegative('0.00', 'EUR'));
        try {
            MoneyFormat::toMinorNonNegative('-0.01', 'EUR');
            $this->fail('negative accepted');
        } catch (MoneyFormatException) {
        }
        $this->expectException(MoneyFormatException::class);
        MoneyFormat::format(1_000_000_000_000_000, 'EUR');
    }

    public function testExponentTableMatchesTheCore(): void
    {
        $src = file_get_contents(__DIR__ . '/../../../src/money.rs');
        $this->assertNotFalse($src, 'src/money.rs not found');
        $this->assertSame(1, preg_match('/const CURRENCIES: &\[\(&str, u8\)\] = &\[(.*?)\];/s', $src, $m), 'CURRENCIES table not found in src/money.rs');
        preg_match_all('/\("([A-Z]{3})",\s*(\d+)\)/', $m[1], $pairs, PREG_SET_ORDER);
        $core = [];
        foreach ($pairs as $p) {
            $core[$p[1]] = (int) $p[2];
        }
        $this->assertNotEmpty($core);
        $this->assertSame($core, MoneyFormat::EXPONENTS, 'MoneyFormat::EXPONENTS must equal CURRENCIES in src/money.rs');
        $this->assertSame(999_999_999_999_999, MoneyFormat::MAX_MINOR);
        $this->assertStringContainsString('pub const MAX_MINOR: i64 = 999_999_999_999_999;', $src);
    }

    /** @return array<string, array{int|float|string, string, string}> */
    public static function hostNumbers(): array
    {
        return [
            'a float total' => [19.99, 'EUR', '19.99'],
            'float noise' => [0.1 + 0.2, 'EUR', '0.30'],
            'half up like PHP round() (1.005 is 1.00499… in binary)' => [1.005, 'EUR', '1.01'],
            'PrestaShop 6-decimal string, half up' => ['19.995000', 'EUR', '20.00'],
            'just below half' => ['19.994999', 'EUR', '19.99'],
            'carry through nines' => ['9.9999995', 'EUR', '10.00'],
            'no decimals currency' => [1234.5, 'JPY', '1235'],
            'three decimals, negative, half away from zero' => ['-0.0005', 'KWD', '-0.001'],
            'integer' => [7, 'EUR', '7.00'],
            'negative float' => [-3.14159, 'EUR', '-3.14'],
            'zero' => [0.0, 'EUR', '0.00'],
            'plus sign and spaces' => [' +12.5 ', 'EUR', '12.50'],
            'a trillion' => [1e12, 'EUR', '1000000000000.00'],
        ];
    }

    /** @dataProvider hostNumbers */
    public function testHostNumbersBecomeExactDecimalStrings(int|float|string $value, string $currency, string $expected): void
    {
        $this->assertSame($expected, MoneyFormat::fromHostNumber($value, $currency));
    }

    public function testHostNumbersThatAreNotMoneyAreRefused(): void
    {
        foreach ([\NAN, \INF, '', '.', '1,50', '1e3', '12abc', '1e20', 1e16] as $bad) {
            try {
                MoneyFormat::fromHostNumber($bad, 'EUR');
                $this->fail('accepted ' . var_export($bad, true));
            } catch (MoneyFormatException) {
                $this->addToAssertionCount(1);
            }
        }
    }
}

<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditPs\Money;

final class MoneyTest extends TestCase
{
    /** @dataProvider psAmounts */
    public function testPrestaShopAmountsBecomeExactDecimals(int|float|string $ps, string $iso, string $expected): void
    {
        self::assertSame($expected, Money::fromPs($ps, $iso));
    }

    public static function psAmounts(): array
    {
        return [
            'cart total float with binary noise' => [0.1 + 0.2, 'EUR', '0.30'],
            'getOrderTotal float 47.04' => [23.52 * 2, 'EUR', '47.04'],
            'tax float 39.996 rounds half away from zero' => [39.996, 'EUR', '40.00'],
            'order row DECIMAL(20,6)' => ['35.325600', 'EUR', '35.33'],
            'order row half cent' => ['33.335000', 'EUR', '33.34'],
            'integer' => [5, 'EUR', '5.00'],
            'yen has no decimals' => [1234.5, 'JPY', '1235'],
            'three-decimal dinar' => ['1.2345', 'KWD', '1.235'],
            'lowercase iso from a setting' => ['10', 'eur', '10.00'],
            'negative slip line' => [-26.005, 'EUR', '-26.01'],
        ];
    }

    public function testTheFloatHandedToPrestaShopIsTheExactDecimal(): void
    {
        self::assertSame(76.48, Money::toPsFloat('76.48', 'EUR'));
        self::assertSame('76.48', Money::fromPs(Money::toPsFloat('76.48', 'EUR'), 'EUR'));
        self::assertSame(1235.0, Money::toPsFloat('1235', 'JPY'));
    }

    /** @dataProvider typed */
    public function testCustomerInput(string $typed, ?string $expected): void
    {
        self::assertSame($expected, Money::parseInput($typed, 'EUR'));
    }

    public static function typed(): array
    {
        return [
            'comma decimal' => ['12,5', '12.50'],
            'spaces' => [' 1 000.00 ', '1000.00'],
            'plain' => ['50', '50.00'],
            'negative refused' => ['-5', null],
            'letters refused' => ['12e3', null],
            'empty refused' => ['', null],
            'two separators refused' => ['1.000,50', null],
        ];
    }

    public function testAnUnknownCurrencyIsRefused(): void
    {
        $this->expectException(\ShopCredit\Storage\MoneyFormatException::class);
        Money::fromPs('1.00', 'XXX1');
    }
}

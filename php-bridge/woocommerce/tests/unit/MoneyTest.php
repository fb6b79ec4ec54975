<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\Money;

final class MoneyTest extends TestCase
{
    /** @dataProvider wooAmounts */
    public function testWooCommerceAmountsBecomeExactDecimals(int|float|string $wc, string $currency, string $expected): void
    {
        self::assertSame($expected, Money::fromWc($wc, $currency));
    }

    public static function wooAmounts(): array
    {
        return [
            'cart float with binary noise' => [0.1 + 0.2, 'EUR', '0.30'],
            'tax float 39.996 rounds half away from zero' => [39.996, 'EUR', '40.00'],
            'order total string' => ['120.00', 'EUR', '120.00'],
            'meta string with six decimals' => ['33.335000', 'EUR', '33.34'],
            'integer' => [5, 'EUR', '5.00'],
            'yen has no decimals' => [1234.5, 'JPY', '1235'],
            'three-decimal dinar' => ['1.2345', 'KWD', '1.235'],
            'lowercase currency from a setting' => ['10', 'eur', '10.00'],
            'negative refund line' => [-26.005, 'EUR', '-26.01'],
        ];
    }

    public function testArithmeticStaysInMinorUnits(): void
    {
        self::assertSame('130.00', Money::sub('240.00', '110.00', 'EUR'));
        self::assertSame('240.00', Money::add('130.00', '110.00', 'EUR'));
        // 0.1 + 0.2 in floats is 0.30000000000000004: here it is exact
        self::assertSame('0.30', Money::add('0.10', '0.20', 'EUR'));
        self::assertSame('33.33', Money::min('33.33', '40.00', 'EUR'));
        self::assertTrue(Money::isZero('0.00', 'EUR'));
        self::assertSame(2, Money::decimals('EUR'));
        self::assertSame(0, Money::decimals('JPY'));
    }

    public function testGarbageIsRefused(): void
    {
        $this->expectException(\ShopCredit\Storage\MoneyFormatException::class);
        Money::fromWc('12,50', 'EUR');
    }
}

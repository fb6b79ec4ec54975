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

    public function testBooksFiguresAreFormattedNotComputed(): void
    {
        self::assertSame('12.30', Money::format(1230, 'eur'));
        self::assertSame('1230', Money::format(1230, 'JPY'));
        self::assertSame(2, Money::decimals('EUR'));
        self::assertSame(0, Money::decimals('JPY'));
        // The adapter adds and subtracts no money: the helpers that did are gone.
        self::assertFalse(method_exists(Money::class, 'add') || method_exists(Money::class, 'sub') || method_exists(Money::class, 'minor'));
        $src = '';
        foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator(__DIR__ . '/../../shopcredit/includes', FilesystemIterator::SKIP_DOTS)) as $f) {
            $src .= file_get_contents((string) $f);
        }
        self::assertDoesNotMatchRegularExpression('/Money::(add|sub|min|minor|isZero)\(|toMinor\(|MoneyFormat::format\([^)]*[-+]/', $src);
    }

    public function testGarbageIsRefused(): void
    {
        $this->expectException(\ShopCredit\Storage\MoneyFormatException::class);
        Money::fromWc('12,50', 'EUR');
    }
}

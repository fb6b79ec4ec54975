<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing;

use PHPUnit\Framework\TestCase;
use ShopCredit\Financing\Decimal;
use ShopCredit\Financing\Json;
use ShopCredit\Financing\JsonSyntaxError;
use ShopCredit\Financing\RawNumber;

/** The float-free JSON codec and decimal conversions used for every provider amount. */
final class JsonDecimalTest extends TestCase
{
    public function testNumbersNeverBecomeFloats(): void
    {
        $doc = Json::decode('{"a":119.9,"b":500.00,"c":42,"d":-0,"e":1.5E3,"f":99999999999999999999,"g":[0.1,2]}');
        self::assertSame(['a' => '119.9', 'b' => '500.00', 'c' => 42, 'd' => '-0', 'e' => '1.5E3', 'f' => '99999999999999999999', 'g' => ['0.1', 2]], $doc);
        \array_walk_recursive($doc, static fn ($v) => self::assertIsNotFloat($v));
    }

    public function testStrictness(): void
    {
        $bad = [
            '', ' ', '{', '{"a":1,}', '[1,]', '{"a":1}{"b":2}', '{"a":1} x', "{'a':1}", '{"a":01}', '{"a":.5}',
            '{"a":1.}', '{"a":+1}', '{"a":NaN}', '{"a":Infinity}', '{"a":tru}', "{\"a\":\"x\ny\"}", '{"a":"\x"}',
            '{"a":"\ud800"}', "\xEF\xBB\xBF{}", "{\"a\":\"\xC3\x28\"}", '{"a":1,"a":2}', '/* c */ {}', '{a:1}',
        ];
        foreach ($bad as $text) {
            try {
                Json::decode($text);
                self::fail('accepted ' . \json_encode($text, \JSON_INVALID_UTF8_SUBSTITUTE));
            } catch (JsonSyntaxError) {
                self::addToAssertionCount(1);
            }
        }
        self::assertSame(['a' => "é\u{1F600}/\"\n"], Json::decode('{"a":"\u00e9\ud83d\ude00\/\"\n"}'));
        self::assertSame([], Json::decode(" {} \n"));
        self::assertNull(Json::decode('null'));
    }

    public function testDepthIsBounded(): void
    {
        Json::decode(\str_repeat('[', 64) . \str_repeat(']', 64));
        $this->expectException(JsonSyntaxError::class);
        Json::decode(\str_repeat('[', 65) . \str_repeat(']', 65));
    }

    public function testEncodeWritesRawNumbersVerbatimAndRefusesFloats(): void
    {
        self::assertSame(
            '{"amount":119.90,"n":3,"s":"é/\"","ok":true,"none":null,"list":[1,"x"],"empty":{}}',
            Json::encode(['amount' => new RawNumber('119.90'), 'n' => 3, 's' => 'é/"', 'ok' => true, 'none' => null, 'list' => [1, 'x'], 'empty' => new \stdClass()]),
        );
        $this->expectException(\InvalidArgumentException::class);
        Json::encode(['amount' => 119.9]);
    }

    public function testRawNumberOnlyHoldsJsonNumbers(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new RawNumber('1,5');
    }

    public function testDecimalConversions(): void
    {
        self::assertSame('119.90', Decimal::normalize('119.9', 2));
        self::assertSame('120.00', Decimal::normalize('0120', 2));
        self::assertSame('5.00', Decimal::normalize('5.000', 2));
        self::assertSame('0.00', Decimal::normalize('-0.00', 2));
        self::assertSame('7', Decimal::normalize('7.0', 0));
        self::assertSame('1500.00', Decimal::fromJsonNumber('1.5E3', 2));
        self::assertSame('0.12', Decimal::fromJsonNumber('12e-2', 2));
        self::assertSame('0.01', Decimal::fromJsonNumber('1E-2', 2));
        self::assertSame('500.00', Decimal::fromJsonNumber(500, 2));
        self::assertSame('-3.50', Decimal::fromJsonNumber('-3.5', 2));
        self::assertSame(11990, Decimal::toMinor('119.9', 2));
        self::assertSame('119.90', Decimal::fromMinor(11990, 2));
        self::assertSame('0.05', Decimal::fromMinor(5, 2));
        self::assertSame('-0.05', Decimal::fromMinor(-5, 2));
        self::assertSame('119.90', Decimal::toJsonNumber('119.9', 2)->literal);
        self::assertSame(-1, Decimal::compare('9.99', '10'));
        self::assertSame(0, Decimal::compare('10.0', '10.00'));
        self::assertSame(1, Decimal::compare('-1', '-2.5'));
        foreach ([['1.005', 2], ['1e-3', 2], ['abc', 2], ['1.', 2], ['.5', 2], ['1e99', 2], ['119.89999999999999', 2]] as [$v, $scale]) {
            try {
                \preg_match('/[eE]/', $v) === 1 || \str_contains($v, '99999') ? Decimal::fromJsonNumber($v, $scale) : Decimal::normalize($v, $scale);
                self::fail("accepted {$v}");
            } catch (\InvalidArgumentException) {
                self::addToAssertionCount(1);
            }
        }
        $this->expectException(\InvalidArgumentException::class);
        Decimal::toMinor('1234567890123456789.00', 2);
    }
}

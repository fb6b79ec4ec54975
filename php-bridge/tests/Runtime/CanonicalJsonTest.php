<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use PHPUnit\Framework\TestCase;
use ShopCredit\Runtime\CanonicalJson;

final class CanonicalJsonTest extends TestCase
{
    /** @return array<string, array{string, string}> */
    public static function cases(): array
    {
        return [
            'sorted keys, compact' => ['{ "b": 1, "a": [ 2, 1 ] }', '{"a":[2,1],"b":1}'],
            'nested and bytewise order' => ['{"b":{"z":null,"B":true,"a":false},"_":1,"A":0}', '{"A":0,"_":1,"b":{"B":true,"a":false,"z":null}}'],
            'empty object stays an object' => ['{"a":{},"b":[]}', '{"a":{},"b":[]}'],
            'numeric keys are object keys' => ['{"10":1,"9":2,"0":3}', '{"0":3,"10":1,"9":2}'],
            'zero fraction kept' => ['[1.0,500.0,1.5,12.5,-0.25]', '[1.0,500.0,1.5,12.5,-0.25]'],
            'unicode and slashes unescaped' => ['{"s":"Cr\u00e9dit \/ ±14 \u2028"}', "{\"s\":\"Crédit / ±14 \u{2028}\"}"],
            'control characters escaped like serde' => ['"a\nb\t\u0001\"\\\\"', '"a\nb\t\u0001\"\\\\"'],
            'big integers kept' => ['[18446744073709551615,-9223372036854775808]', '[18446744073709551615,-9223372036854775808]'],
        ];
    }

    /** @dataProvider cases */
    public function testCanonicalize(string $in, string $out): void
    {
        self::assertSame($out, CanonicalJson::canonicalize($in));
    }

    public function testEncodeAssociativeArraysAsObjects(): void
    {
        self::assertSame('{"a":[1,2],"b":{"c":"d"}}', CanonicalJson::encode(['b' => ['c' => 'd'], 'a' => [1, 2]]));
        self::assertSame('{}', CanonicalJson::encode(new \stdClass()));
    }
}

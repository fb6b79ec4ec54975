<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Wasm2Php;

use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;
use ShopCredit\Tests\Runtime\VectorsTest;

require_once __DIR__ . '/../../../../php-bridge/tests/Runtime/Support/RuntimeTestCase.php';
require_once __DIR__ . '/../../../../php-bridge/tests/Runtime/VectorsTest.php';

/**
 * Every tests/vectors/*.json case through the generated-PHP core, byte-identical to the expected
 * response (the same cases and encoding as the wasmtime VectorsTest).
 */
final class GeneratedVectorsTest extends RuntimeTestCase
{
    private static ?GeneratedPhpRuntime $runtime = null;

    /** @return iterable<string, array{string, string}> */
    public static function vectors(): iterable
    {
        return VectorsTest::vectors();
    }

    public function testThereAreVectors(): void
    {
        self::assertGreaterThan(400, \iterator_count(self::vectors()));
    }

    /** @dataProvider vectors */
    public function testVectorIsByteIdentical(string $request, string $expected): void
    {
        self::assertNotSame('', $expected, 'the vector has no expected response yet');
        self::$runtime ??= new GeneratedPhpRuntime(self::config());
        self::assertSame($expected, self::$runtime->call($request));
        self::assertSame(1, self::$runtime->instanceGeneration(), 'no vector may trap');
    }

    public static function tearDownAfterClass(): void
    {
        self::$runtime = null;
    }
}

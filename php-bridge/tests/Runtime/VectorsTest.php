<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\CanonicalJson;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

/**
 * Every tests/vectors/*.json case through WasmtimeRuntime: the response bytes must equal the
 * expected response in canonical form (compact, sorted keys) — the same bytes the native Rust
 * tests and the Node runs compare against.
 */
final class VectorsTest extends RuntimeTestCase
{
    private static ?WasmtimeRuntime $runtime = null;

    /** @return iterable<string, array{string, string}> */
    public static function vectors(): iterable
    {
        $files = \glob(RuntimeConfig::rootDir() . '/tests/vectors/*.json') ?: [];
        \sort($files);
        foreach ($files as $file) {
            $cases = \json_decode((string) \file_get_contents($file), false, 512, \JSON_THROW_ON_ERROR | \JSON_BIGINT_AS_STRING);
            foreach ($cases as $i => $case) {
                // A string request marked raw is sent verbatim (malformed-JSON cases); otherwise canonically.
                $request = \is_string($case->request) && ($case->raw ?? false) === true
                    ? $case->request
                    : CanonicalJson::encode($case->request);
                $expected = $case->response === null ? '' : CanonicalJson::encode($case->response);
                yield \basename($file) . " #$i " . $case->name => [$request, $expected];
            }
        }
    }

    public function testThereAreVectors(): void
    {
        self::assertGreaterThan(100, \iterator_count(self::vectors()));
    }

    /** @dataProvider vectors */
    public function testVectorIsByteIdentical(string $request, string $expected): void
    {
        self::assertNotSame('', $expected, 'the vector has no expected response yet');
        self::$runtime ??= new WasmtimeRuntime(self::config());
        self::assertSame($expected, self::$runtime->call($request));
    }

    public static function tearDownAfterClass(): void
    {
        self::$runtime = null;
    }
}

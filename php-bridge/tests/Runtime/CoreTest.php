<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Core;
use ShopCredit\CoreError;
use ShopCredit\Runtime\CoreRuntime;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class CoreTest extends RuntimeTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        Core::configure(self::config());
    }

    protected function tearDown(): void
    {
        Core::configure([]);
        parent::tearDown();
    }

    public function testCallReturnsTheResult(): void
    {
        self::assertSame(
            ['currency' => 'EUR', 'parts' => ['33.34', '33.33', '33.33']],
            Core::call('money.allocate', ['total' => '100.00', 'currency' => 'EUR', 'parts' => 3], 1795390200),
        );
        self::assertSame(
            ['currency' => 'EUR', 'parts' => ['3.33', '6.67', '0.00']],
            Core::call('money.allocate', ['total' => '10.00', 'currency' => 'EUR', 'weights' => [1, 2, 0]]),
        );
    }

    public function testEnvelopeEncoding(): void
    {
        $recorder = new class () implements CoreRuntime {
            /** @var list<string> */
            public array $requests = [];

            public function call(string $requestJson): string
            {
                $this->requests[] = $requestJson;
                return '{"ok":true,"op":"x","result":{},"v":1}';
            }

            public function name(): string
            {
                return 'recorder';
            }
        };
        Core::useRuntime($recorder);
        self::assertSame([], Core::call('wallet.stats', [], 1795390200));
        Core::call('a.b', ['path' => 'a/b', 'label' => 'Crédit', 'rate' => 1.0, 'list' => [], 'obj' => new \stdClass()], 7);
        self::assertSame([
            '{"v":1,"op":"wallet.stats","now":1795390200,"input":{}}',
            '{"v":1,"op":"a.b","now":7,"input":{"path":"a/b","label":"Crédit","rate":1.0,"list":[],"obj":{}}}',
        ], $recorder->requests);
        $before = \time();
        Core::call('a.b', ['x' => 1]);
        $now = \json_decode($recorder->requests[2], true)['now'];
        self::assertGreaterThanOrEqual($before, $now, 'now defaults to the clock');
        self::assertLessThanOrEqual(\time(), $now);
    }

    public function testEmptyInputIsAnObjectForTheCore(): void
    {
        // `{}` reaches the op and is judged field by field; `[]` would be an invalid_type at input.
        try {
            Core::call('money.allocate', [], 1795390200);
            self::fail('expected a CoreError');
        } catch (CoreError $e) {
            self::assertSame('missing_field', $e->errorCode);
            self::assertSame('missing_field', $e->errorCode());
            self::assertStringStartsWith('input.', (string) $e->path());
            self::assertSame('money.allocate', $e->op);
        }
    }

    public function testOkFalseThrowsCoreErrorWithCodeMessageAndPath(): void
    {
        try {
            Core::call('money.allocate', ['total' => '1.001', 'currency' => 'EUR', 'parts' => 2], 1795390200);
            self::fail('expected a CoreError');
        } catch (CoreError $e) {
            self::assertMatchesRegularExpression('/^[a-z_]+$/', $e->errorCode);
            self::assertSame('input.total', $e->path);
            self::assertStringContainsString('money.allocate: ' . $e->errorCode . ': ', $e->getMessage());
        }
        try {
            Core::call('no.such', ['a' => 1]);
            self::fail('expected a CoreError');
        } catch (CoreError $e) {
            self::assertSame('unknown_op', $e->errorCode);
            self::assertSame('op', $e->path);
        }
    }

    public function testRawPassesBytesThrough(): void
    {
        self::assertSame(
            '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}',
            Core::raw('{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}'),
        );
        self::assertStringStartsWith('{"error":{"code":"invalid_json"', Core::raw('nope'));
    }

    public function testIsAvailable(): void
    {
        self::assertTrue(Core::isAvailable());
        // wasmtime's own failure: with runtime=auto the generated-PHP core would answer instead.
        Core::configure(self::config(['library' => '/nonexistent/libwasmtime.so', 'runtime' => 'wasmtime']));
        self::assertFalse(Core::isAvailable());
        Core::configure(self::config(['library' => '/nonexistent/libwasmtime.so', 'runtime' => 'auto', 'php_core' => '/nonexistent/shopcredit_core.php']));
        self::assertFalse(Core::isAvailable(), 'no runtime at all');
    }

    public function testRuntimeProblemsAreRuntimeUnavailable(): void
    {
        Core::configure(self::config(['wasm' => '/nonexistent/core.wasm', 'runtime' => 'wasmtime']));
        $this->expectException(RuntimeUnavailable::class);
        Core::call('money.allocate', ['total' => '1.00', 'currency' => 'EUR', 'parts' => 1]);
    }

    public function testResultIsTheSameWhateverTheAnswersLayout(): void
    {
        $answers = new class () implements CoreRuntime {
            public string $next = '';

            public function call(string $requestJson): string
            {
                return $this->next;
            }

            public function name(): string
            {
                return 'canned';
            }
        };
        Core::useRuntime($answers);
        $cases = [
            'the core\'s layout' => ['{"ok":true,"op":"a.b","result":{"x":[1,"2.00"],"y":{"z":null}},"v":1}', ['x' => [1, '2.00'], 'y' => ['z' => null]]],
            'a member after the result' => ['{"ok":true,"op":"a.b","result":{"x":1},"w":{"y":2},"v":1}', ['x' => 1]],
            'keys in another order' => ['{"v":1,"result":{"x":1},"op":"a.b","ok":true}', ['x' => 1]],
            'a list as result' => ['{"ok":true,"op":"a.b","result":[1,2],"v":1}', [1, 2]],
            'blanks' => ['{"ok":true,"op":"a.b","result": {"x":1} ,"v":1}', ['x' => 1]],
            'another op echoed' => ['{"ok":true,"op":"c.d","result":{"x":1},"v":1}', ['x' => 1]],
        ];
        foreach ($cases as $label => [$answer, $expected]) {
            $answers->next = $answer;
            self::assertSame($expected, Core::call('a.b', ['q' => 1], 7), $label);
        }
        foreach (['{"ok":true,"op":"a.b","result":"x","v":1}', '{"ok":true,"op":"a.b","result":{"x":1}},"v":1}', '{"ok":true,"op":"a.b","v":1}'] as $answer) {
            $answers->next = $answer;
            try {
                Core::call('a.b', ['q' => 1], 7);
                self::fail("accepted: $answer");
            } catch (RuntimeFailure $e) {
                self::assertMatchesRegularExpression('/without a `result` object|invalid JSON/', $e->getMessage(), $answer);
            }
        }
        $answers->next = '{"error":{"code":"invalid_input","message":"m","path":"input.x"},"ok":false,"op":"a.b","v":1}';
        try {
            Core::call('a.b', ['q' => 1], 7);
            self::fail('an error answer must throw');
        } catch (CoreError $e) {
            self::assertSame(['invalid_input', 'input.x'], [$e->errorCode(), $e->path()]);
        }
    }

    public function testGarbageFromTheRuntimeIsAFailure(): void
    {
        Core::useRuntime(new class () implements CoreRuntime {
            public function call(string $requestJson): string
            {
                return '{"ok":tru';
            }

            public function name(): string
            {
                return 'broken';
            }
        });
        $this->expectException(RuntimeFailure::class);
        Core::call('money.allocate', ['a' => 1]);
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\CoreRuntime;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class WasmtimeRuntimeTest extends RuntimeTestCase
{
    private const ALLOCATE = '{"input":{"currency":"EUR","parts":3,"total":"100.00"},"op":"money.allocate","v":1}';
    private const ALLOCATED = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    public function testRoundTrip(): void
    {
        $rt = new WasmtimeRuntime(self::config());
        self::assertInstanceOf(CoreRuntime::class, $rt);
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE), 'the same instance serves many calls');
        self::assertStringStartsWith('wasmtime 50.0.1 (ffi cdef, module ', $rt->name());
        self::assertSame('cdef', $rt->info()['ffi']);
    }

    public function testErrorsAndEdgeRequestsAreResponsesNotExceptions(): void
    {
        $rt = new WasmtimeRuntime(self::config());
        self::assertStringStartsWith('{"error":{"code":"invalid_json"', $rt->call(''));
        self::assertStringStartsWith('{"error":{"code":"invalid_json"', $rt->call('{"v":1,'));
        self::assertStringStartsWith('{"error":{"code":"unknown_op"', $rt->call('{"v":1,"op":"nope","input":{}}'));
        // Over the core's 1 MiB limit: the request still crosses the boundary (memory grows) and is refused.
        $big = '{"v":1,"op":"money.allocate","input":{"pad":"' . \str_repeat('x', 1 << 20) . '"}}';
        self::assertStringStartsWith('{"error":{"code":"request_too_large"', $rt->call($big));
        // Non-ASCII bytes arrive intact.
        $resp = $rt->call('{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":2,"total":"1.00","é":1}}');
        self::assertStringContainsString('é', $resp);
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
    }

    public function testTrapBecomesRuntimeFailureAndTheNextCallWorks(): void
    {
        $rt = new WasmtimeRuntime(self::config());
        self::assertSame(1, $rt->instanceGeneration());
        try {
            $rt->callEntryForTesting(0x7FFF0000, 4096);
            self::fail('an out-of-bounds request must trap');
        } catch (RuntimeFailure $e) {
            self::assertStringContainsString('out of bounds memory access', $e->getMessage());
            self::assertInstanceOf(RuntimeUnavailable::class, $e, 'fail-closed callers catch one type');
        }
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
        self::assertSame(2, $rt->instanceGeneration(), 'a fresh instance replaced the trapped one');
        for ($i = 0; $i < 3; $i++) {
            $this->expectExceptionCatch(static fn () => $rt->callEntryForTesting(-16, 64));
            self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
        }
        self::assertSame(5, $rt->instanceGeneration());
    }

    private function expectExceptionCatch(callable $fn): void
    {
        try {
            $fn();
            self::fail('expected a RuntimeFailure');
        } catch (RuntimeFailure $e) {
            self::assertStringContainsString('wasm trap', $e->getMessage());
        }
    }

    public function testRuntimesCanBeDroppedAndRebuilt(): void
    {
        // Regression: freeing a runtime (and with it, before the fix, its FFI::cdef instance)
        // then building another corrupted PHP's FFI type data in the same process.
        for ($i = 0; $i < 4; $i++) {
            (new WasmtimeRuntime(self::config()))->info();
            $rt = new WasmtimeRuntime(self::config());
            self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
            unset($rt);
        }
    }

    public function testMissingLibraryIsUnavailable(): void
    {
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('libwasmtime is missing: /nonexistent/libwasmtime.so');
        new WasmtimeRuntime(self::config(['library' => '/nonexistent/libwasmtime.so']));
    }

    public function testLibraryThatIsNotWasmtimeIsUnavailable(): void
    {
        $fake = $this->tmpDir() . '/libwasmtime.so';
        \file_put_contents($fake, 'not an ELF file');
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('libwasmtime could not be loaded');
        new WasmtimeRuntime(self::config(['library' => $fake]));
    }

    public function testMissingWasmIsUnavailable(): void
    {
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('the core wasm is missing: /nonexistent/shopcredit_host.wasm');
        new WasmtimeRuntime(self::config(['wasm' => '/nonexistent/shopcredit_host.wasm']));
    }

    public function testInvalidWasmIsUnavailable(): void
    {
        $bad = $this->tmpDir() . '/bad.wasm';
        \file_put_contents($bad, "\0asm garbage");
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('wasmtime could not compile');
        new WasmtimeRuntime(self::config(['wasm' => $bad, 'cache_dir' => null]));
    }

    public function testWasmWithoutTheHostAbiIsUnavailable(): void
    {
        // (module (memory (export "memory") 1)) — a valid module without alloc/dealloc/sc_call.
        $wasm = $this->tmpDir() . '/other.wasm';
        \file_put_contents($wasm, "\0asm\x01\0\0\0\x05\x03\x01\0\x01\x07\x0a\x01\x06memory\x02\0");
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('does not export `alloc`');
        new WasmtimeRuntime(self::config(['wasm' => $wasm, 'cache_dir' => null]));
    }

    public function testMemoryStaysFlatOver20kCalls(): void
    {
        $rt = new WasmtimeRuntime(self::config());
        for ($i = 0; $i < 2000; $i++) {
            $rt->call(self::ALLOCATE);
        }
        \gc_collect_cycles();
        $heap0 = \memory_get_usage();
        $rss0 = self::rssBytes();
        for ($i = 0; $i < 20000; $i++) {
            $resp = $rt->call(self::ALLOCATE);
        }
        self::assertSame(self::ALLOCATED, $resp);
        \gc_collect_cycles();
        $heapGrowth = \memory_get_usage() - $heap0;
        $rssGrowth = self::rssBytes() - $rss0;
        self::assertLessThan(64 * 1024, $heapGrowth, "PHP heap grew by $heapGrowth bytes");
        self::assertLessThan(1024 * 1024, $rssGrowth, "RSS grew by $rssGrowth bytes");
        self::assertSame(1, $rt->instanceGeneration());
    }

    public function testFreshRuntimesDoNotLeak(): void
    {
        for ($i = 0; $i < 30; $i++) {
            (new WasmtimeRuntime(self::config()))->call(self::ALLOCATE);
        }
        \gc_collect_cycles();
        $rss0 = self::rssBytes();
        for ($i = 0; $i < 300; $i++) {
            (new WasmtimeRuntime(self::config()))->call(self::ALLOCATE);
        }
        \gc_collect_cycles();
        $growth = self::rssBytes() - $rss0;
        self::assertLessThan(4 * 1024 * 1024, $growth, "300 engine+module+instance cycles grew RSS by $growth bytes");
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class RuntimeFactoryTest extends RuntimeTestCase
{
    private const ALLOCATE = '{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}';
    private const ALLOCATED = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    /** Where the generated-PHP core is not shipped (the paths below keep auto as it was before it became the default). */
    private const NOT_SHIPPED = ['php_core' => '/nonexistent/shopcredit_core.php'];

    public function testWasmtimeAndAuto(): void
    {
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'wasmtime'])));
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'auto'] + self::NOT_SHIPPED)), 'auto without the generated core');
        $dir = $this->tmpDir();
        if (RuntimeFactory::phpRuntimeShipped(self::config())) {
            self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'auto', 'cache_dir' => $dir])), 'auto with it: wasmtime only once turned on (FasterRuntimeTest)');
            self::assertSame([], \glob("$dir/*"), 'nothing of wasmtime touched');
        }
        $env = \getenv('SHOPCREDIT_RUNTIME'); // scripts/test-php.sh sets wasmtime, test-php-generated.sh php
        \putenv('SHOPCREDIT_RUNTIME');
        try {
            self::assertSame('auto', RuntimeConfig::resolve([])['runtime'], 'auto by default');
            self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config(self::NOT_SHIPPED)));
        } finally {
            if ($env !== false) {
                \putenv("SHOPCREDIT_RUNTIME=$env");
            }
        }
    }

    public function testAutoVerifiesOncePerDeployedModule(): void
    {
        $dir = $this->tmpDir();
        $auto = self::config(['runtime' => 'auto', 'cache_dir' => $dir] + self::NOT_SHIPPED);
        $first = RuntimeFactory::create($auto);
        self::assertInstanceOf(WasmtimeRuntime::class, $first);
        self::assertSame('round trip', $first->info()['verification']);
        self::assertCount(1, \glob("$dir/verified-*.ok"), 'the verdict is kept beside the module');
        for ($i = 0; $i < 2; $i++) {
            $next = RuntimeFactory::create($auto);
            self::assertSame('cached verdict', $next->info()['verification'], 'later requests skip the round trip');
            self::assertSame(self::ALLOCATED, $next->call(self::ALLOCATE), 'and still answer (unchecked from their first call)');
        }
        try {
            $next->callEntryForTesting(0x7FFF0000, 4096);
            self::fail('an out-of-bounds request must trap');
        } catch (RuntimeFailure $e) {
            self::assertStringContainsString('wasm trap', $e->getMessage());
        }
        self::assertSame(self::ALLOCATED, $next->call(self::ALLOCATE), 'the rebuilt instance answers');
        self::assertSame(2, $next->instanceGeneration());
        self::assertNull(RuntimeFactory::create(self::config(['runtime' => 'wasmtime', 'cache_dir' => $dir]))->info()['verification'], 'runtime=wasmtime never verifies');

        // The same module republished (another file: a new build of the cache, another wasmtime) verifies again.
        $module = (string) $first->info()['cache_file'];
        \copy($module, "$module.new");
        \rename("$module.new", $module);
        self::assertSame('round trip', RuntimeFactory::create($auto)->info()['verification']);
        self::assertSame('cached verdict', RuntimeFactory::create($auto)->info()['verification']);
    }

    public function testStaleModuleIsVerifiedAgain(): void
    {
        $dir = $this->tmpDir();
        $wasm = "$dir/core.wasm";
        \copy(self::wasm(), $wasm);
        $auto = self::config(['runtime' => 'auto', 'cache_dir' => "$dir/cache", 'wasm' => $wasm] + self::NOT_SHIPPED);
        \mkdir("$dir/cache", 0755);
        self::assertSame('round trip', RuntimeFactory::create($auto)->info()['verification']);
        self::assertSame('cached verdict', RuntimeFactory::create($auto)->info()['verification']);
        // A deploy: the same code with other bytes (a custom section), so another sha256 and module file.
        \file_put_contents($wasm, "\x00\x02\x01x", \FILE_APPEND);
        \clearstatcache();
        $deployed = RuntimeFactory::create($auto);
        self::assertSame('compiled, cached', $deployed->info()['module_source']);
        self::assertSame('round trip', $deployed->info()['verification']);
        self::assertCount(2, \glob("$dir/cache/verified-*.ok"));
    }

    public function testVerdictsAreNotTrustedWhereOthersCanWrite(): void
    {
        $dir = $this->tmpDir();
        $auto = self::config(['runtime' => 'auto', 'cache_dir' => $dir] + self::NOT_SHIPPED);
        RuntimeFactory::create($auto);
        [$verdict] = \glob("$dir/verified-*.ok");
        \chmod($verdict, 0666);
        self::assertSame('round trip', RuntimeFactory::create($auto)->info()['verification'], 'a verdict anyone can write');
        \unlink($verdict);
        \chmod($dir, 0777);
        try {
            self::assertSame('round trip', RuntimeFactory::create($auto)->info()['verification']);
            self::assertSame('round trip', RuntimeFactory::create($auto)->info()['verification'], 'a directory anyone can write');
            self::assertSame([], \glob("$dir/verified-*.ok"), 'and none is written there');
        } finally {
            \chmod($dir, 0755);
        }
        \file_put_contents($verdict, 'another key');
        \chmod($verdict, 0644);
        self::assertSame('round trip', RuntimeFactory::create($auto)->info()['verification'], 'a verdict for something else');
    }

    public function testBrokenModuleFailsClosedAndLeavesNoVerdict(): void
    {
        $dir = $this->tmpDir();
        RuntimeFactory::create(self::config(['runtime' => 'auto', 'cache_dir' => $dir] + self::NOT_SHIPPED)); // a good module's verdict in the same directory
        $cases = [
            'wrong answer' => ["\x42" . self::sleb128((1024 << 32) | 2), 'answered its round trip unexpectedly'],
            'trap' => ["\x00", 'failed its round trip: wasm trap'],
        ];
        foreach ($cases as $label => [$body, $message]) {
            $wasm = "$dir/$label.wasm";
            \file_put_contents($wasm, self::hostAbiModule($body));
            $config = self::config(['runtime' => 'auto', 'cache_dir' => $dir, 'wasm' => $wasm, 'php_core' => '/nonexistent/shopcredit_core.php']);
            for ($i = 0; $i < 2; $i++) {
                try {
                    RuntimeFactory::create($config);
                    self::fail("$label: a module that answers wrongly must not be used");
                } catch (RuntimeUnavailable $e) {
                    self::assertStringContainsString($message, $e->getMessage(), $label);
                }
            }
            self::assertCount(1, \glob("$dir/verified-*.ok"), "$label: no verdict for it");
        }
    }

    /**
     * A host-ABI module (memory, alloc → 1024, dealloc → nothing) whose sc_call(ptr, len) → i64 body is $body.
     */
    private static function hostAbiModule(string $body): string
    {
        $section = static fn (int $id, string $content): string => \chr($id) . \chr(\strlen($content)) . $content;
        $types = "\x03\x60\x01\x7f\x01\x7f\x60\x02\x7f\x7f\x00\x60\x02\x7f\x7f\x01\x7e";
        $exports = "\x04\x06memory\x02\x00\x05alloc\x00\x00\x07dealloc\x00\x01\x07sc_call\x00\x02";
        $code = "\x03";
        foreach (["\x41\x80\x08", '', $body] as $instructions) {
            $code .= \chr(\strlen($instructions) + 2) . "\x00" . $instructions . "\x0b";
        }
        return "\0asm\x01\0\0\0" . $section(1, $types) . $section(3, "\x03\x00\x01\x02") . $section(5, "\x01\x00\x01")
            . $section(7, $exports) . $section(10, $code);
    }

    private static function sleb128(int $v): string
    {
        $out = '';
        while (true) {
            $byte = $v & 0x7f;
            $v >>= 7;
            if (($v === 0 && ($byte & 0x40) === 0) || ($v === -1 && ($byte & 0x40) !== 0)) {
                return $out . \chr($byte);
            }
            $out .= \chr($byte | 0x80);
        }
    }

    public function testAutoWithoutAnyUsableRuntimeThrowsTheWasmtimeReason(): void
    {
        $notBuilt = self::config(['runtime' => 'auto', 'library' => '/nonexistent/libwasmtime.so', 'php_core' => '/nonexistent/shopcredit_core.php']);
        self::assertFalse(RuntimeFactory::phpRuntimeShipped($notBuilt));
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('libwasmtime is missing');
        RuntimeFactory::create($notBuilt);
    }

    public function testPhpRuntimeNotShippedIsUnavailable(): void
    {
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('generated-PHP runtime');
        RuntimeFactory::create(self::config(['runtime' => 'php', 'php_core' => '/nonexistent/shopcredit_core.php']));
    }

    public function testUnknownRuntimeIsRejected(): void
    {
        $this->expectException(RuntimeUnavailable::class);
        RuntimeFactory::create(['runtime' => 'node']);
    }

    public function testEnvironmentOverridesDefaults(): void
    {
        \putenv('SHOPCREDIT_LIBWASMTIME=/opt/x/libwasmtime.so');
        \putenv('SHOPCREDIT_WASM=/opt/x/core.wasm');
        \putenv('SHOPCREDIT_CACHE_DIR=/opt/x/cache');
        \putenv('SHOPCREDIT_RUNTIME=wasmtime');
        try {
            $c = RuntimeConfig::resolve([]);
            self::assertSame(['/opt/x/libwasmtime.so', '/opt/x/core.wasm', '/opt/x/cache', 'wasmtime'], [$c['library'], $c['wasm'], $c['cache_dir'], $c['runtime']]);
            self::assertSame('/given.so', RuntimeConfig::resolve(['library' => '/given.so'])['library'], 'explicit settings win');
        } finally {
            \putenv('SHOPCREDIT_LIBWASMTIME');
            \putenv('SHOPCREDIT_WASM');
            \putenv('SHOPCREDIT_CACHE_DIR');
            \putenv('SHOPCREDIT_RUNTIME');
        }
        $c = RuntimeConfig::resolve([]);
        self::assertSame(RuntimeConfig::rootDir() . '/.tools/libwasmtime.so', $c['library']);
        self::assertSame(RuntimeConfig::rootDir() . '/var/wasmtime-cache', $c['cache_dir']);
    }
}

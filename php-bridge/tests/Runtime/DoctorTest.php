<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\WasmtimeApi;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class DoctorTest extends RuntimeTestCase
{
    /** @param list<array{id: string, status: string}> $checks @return array<string, string> */
    private static function statuses(array $checks): array
    {
        $out = [];
        foreach ($checks as $c) {
            $out[$c['id']] = $c['status'];
        }
        return $out;
    }

    public function testHealthyCli(): void
    {
        $tmp = $this->tmpDir();
        $report = Doctor::report(self::config(['preload_header' => "$tmp/h/shopcredit_wasmtime.h", 'write_preload_header' => true]));
        $s = self::statuses($report['checks']);
        self::assertTrue($report['ok'], Doctor::format($report));
        self::assertSame('cli', $report['sapi']);
        foreach (['php_version', 'ffi_loaded', 'ffi_enable', 'library', 'library_loadable', 'wasm', 'preload_header', 'cache_dir', 'round_trip'] as $id) {
            self::assertSame('ok', $s[$id] ?? null, $id);
        }
        self::assertSame('info', $s['preload']);
        self::assertSame('cdef', $report['runtime']['ffi']);
        $header = (string) \file_get_contents("$tmp/h/shopcredit_wasmtime.h");
        self::assertStringStartsWith("#define FFI_SCOPE \"SHOPCREDIT_WASMTIME\"\n#define FFI_LIB \"" . self::library() . "\"\n", $header);
        self::assertSame(WasmtimeApi::preloadHeader(self::library()), $header);
        self::assertSame([
            'ffi.enable=preload',
            "ffi.preload=$tmp/h/shopcredit_wasmtime.h",
            'opcache.enable=1',
            'opcache.preload=' . RuntimeConfig::bridgeDir() . '/preload/preload.php',
            'opcache.preload_user=www-data',
        ], $report['ini']['preload']);
        self::assertSame(['ffi.enable=1'], $report['ini']['enable_all']);
        self::assertStringContainsString('ffi.preload=/', Doctor::format($report));

        $again = Doctor::report(self::config(['preload_header' => "$tmp/h/shopcredit_wasmtime.h"]));
        self::assertSame('ok', self::statuses($again['checks'])['preload_header'], 'up to date');
    }

    public function testMissingLibraryIsNotUsable(): void
    {
        $report = Doctor::report(self::config(['library' => '/nonexistent/libwasmtime.so', 'preload_header' => $this->tmpDir() . '/h.h']));
        $s = self::statuses($report['checks']);
        self::assertFalse($report['ok']);
        self::assertSame('fail', $s['library']);
        self::assertSame('fail', $s['library_loadable']);
        self::assertSame('fail', $s['round_trip']);
        self::assertNull($report['runtime']);
    }

    public function testMissingWasmIsNotUsable(): void
    {
        $report = Doctor::report(self::config(['wasm' => '/nonexistent/core.wasm', 'preload_header' => $this->tmpDir() . '/h.h']));
        $s = self::statuses($report['checks']);
        self::assertFalse($report['ok']);
        self::assertSame('fail', $s['wasm']);
        self::assertSame('fail', $s['round_trip']);
    }

    public function testWorldWritableCacheDirectoryFails(): void
    {
        $dir = $this->tmpDir();
        foreach (\glob(self::sharedCacheDir() . '/*.{cwasm,sha256}', \GLOB_BRACE) ?: [] as $file) {
            \copy($file, $dir . '/' . \basename($file));
        }
        \chmod($dir, 0777);
        $report = Doctor::report(self::config(['cache_dir' => $dir, 'preload_header' => $this->tmpDir() . '/h.h']));
        $cache = \array_values(\array_filter($report['checks'], static fn (array $c): bool => $c['id'] === 'cache_dir'))[0];
        self::assertSame('fail', $cache['status']);
        self::assertStringContainsString('world-writable', $cache['detail']);
        self::assertFalse($report['ok']);
    }

    public function testCliExitCodes(): void
    {
        $tmp = $this->tmpDir();
        $bin = RuntimeConfig::bridgeDir() . '/bin/shopcredit';
        $common = ' --cache-dir=' . \escapeshellarg(self::sharedCacheDir()) . ' --header=' . \escapeshellarg("$tmp/h.h");
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' doctor' . $common . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc, \implode("\n", $out));
        self::assertContains("    ffi.preload=$tmp/h.h", $out);
        self::assertContains('OK: the core is usable here.', $out);
        self::assertFileExists("$tmp/h.h");

        $out = [];
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' doctor --no-write --lib=/nonexistent/libwasmtime.so' . $common . ' 2>&1', $out, $rc);
        self::assertSame(1, $rc);
        self::assertContains('NOT USABLE here: see [fail] above.', $out);

        $out = [];
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' doctor --json' . $common . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc);
        self::assertTrue(\json_decode(\implode("\n", $out), true)['ok']);

        $out = [];
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' preload-header --out=' . \escapeshellarg("$tmp/p/x.h") . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc);
        self::assertStringStartsWith('#define FFI_SCOPE "SHOPCREDIT_WASMTIME"', (string) \file_get_contents("$tmp/p/x.h"));

        $out = [];
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' call money.allocate ' . \escapeshellarg('{"total":"100.00","currency":"EUR","parts":3}') . ' --cache-dir=' . \escapeshellarg(self::sharedCacheDir()) . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc);
        self::assertSame(['{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}'], $out);
    }
}

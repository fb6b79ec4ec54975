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
        // No php.ini line by default, none that names a file, FFI only when asked.
        self::assertSame([], $report['ini']['add']);
        self::assertSame([], $report['ini']['ffi']);
        self::assertSame([], $report['ini']['remove']);
        $text = Doctor::format($report);
        self::assertStringContainsString('php.ini: nothing to add', $text);
        // (The checks' details quote the current settings; a recommended line is indented alone.)
        self::assertDoesNotMatchRegularExpression('/^    \S*preload/m', $text);
        self::assertStringNotContainsString("\n    ffi.enable=1\n", $text);
        $asked = Doctor::report(self::config(['preload_header' => "$tmp/h/shopcredit_wasmtime.h", 'ffi_advice' => true]));
        self::assertSame(['ffi.enable=1'], $asked['ini']['ffi']);
        $text = Doctor::format($asked);
        self::assertStringContainsString("\n    ffi.enable=1\n", $text);
        self::assertStringContainsString('lets every PHP script on this server load native libraries', $text);
        self::assertDoesNotMatchRegularExpression('/^    \S*preload/m', $text);

        $again = Doctor::report(self::config(['preload_header' => "$tmp/h/shopcredit_wasmtime.h"]));
        self::assertSame('ok', self::statuses($again['checks'])['preload_header'], 'up to date');
    }

    public function testMissingLibraryLeavesTheGeneratedCoreAnswering(): void
    {
        $report = Doctor::report(self::config(['runtime' => 'auto', 'library' => '/nonexistent/libwasmtime.so', 'preload_header' => $this->tmpDir() . '/h.h']));
        $s = self::statuses($report['checks']);
        self::assertTrue($report['ok'], Doctor::format($report));
        self::assertSame('php', $report['active']['kind']);
        self::assertSame('ok', $s['active_runtime']);
        // wasmtime's checks are information: nothing to fix, no php.ini line to add.
        self::assertSame('info', $s['library']);
        self::assertSame('info', $s['round_trip']);
        self::assertSame([], $report['ini']['add']);
        self::assertStringContainsString('OK: the core is usable here.', Doctor::format($report));
    }

    public function testMissingLibraryIsNotUsableWhenWasmtimeIsForced(): void
    {
        $report = Doctor::report(self::config(['runtime' => 'wasmtime', 'library' => '/nonexistent/libwasmtime.so', 'preload_header' => $this->tmpDir() . '/h.h']));
        $s = self::statuses($report['checks']);
        self::assertFalse($report['ok']);
        self::assertSame('fail', $s['library']);
        self::assertSame('fail', $s['library_loadable']);
        self::assertSame('fail', $s['round_trip']);
        self::assertNull($report['runtime']);
    }

    public function testMissingWasmIsNotUsable(): void
    {
        $report = Doctor::report(self::config(['runtime' => 'wasmtime', 'wasm' => '/nonexistent/core.wasm', 'preload_header' => $this->tmpDir() . '/h.h']));
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

    /**
     * A web process that may write the cache of native code is a failure only where it may not
     * already change ShopCredit's PHP files (then it would gain native code execution).
     */
    public function testAWebWritableCacheIsAProblemOnlyWhereTheCodeIsReadOnly(): void
    {
        self::assertTrue(Doctor::webWritableIsAProblem(false, true, false), 'hardened: the deploying user owns the code');
        self::assertFalse(Doctor::webWritableIsAProblem(false, true, true), 'the web server may change the code already');
        self::assertFalse(Doctor::webWritableIsAProblem(false, false, false), 'read-only cache');
        self::assertFalse(Doctor::webWritableIsAProblem(true, true, false), 'the CLI is the deploying user');
    }

    public function testCliExitCodes(): void
    {
        $tmp = $this->tmpDir();
        $bin = RuntimeConfig::bridgeDir() . '/bin/shopcredit';
        $common = ' --cache-dir=' . \escapeshellarg(self::sharedCacheDir()) . ' --header=' . \escapeshellarg("$tmp/h.h");
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' doctor' . $common . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc, \implode("\n", $out));
        self::assertContains('php.ini: nothing to add (the generated-PHP core needs no extension and no setting).', $out);
        self::assertNotContains("    ffi.preload=$tmp/h.h", $out);
        self::assertContains('OK: the core is usable here.', $out);
        self::assertFileExists("$tmp/h.h");

        $out = [];
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' doctor --ffi' . $common . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc);
        self::assertContains('    ffi.enable=1', $out);
        self::assertSame([], \preg_grep('/^    \S*preload/', $out), 'never a preload line');

        $out = [];
        \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg($bin) . ' doctor --no-write --runtime=wasmtime --lib=/nonexistent/libwasmtime.so' . $common . ' 2>&1', $out, $rc);
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

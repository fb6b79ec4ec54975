<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class ModuleCacheTest extends RuntimeTestCase
{
    private const ALLOCATE = '{"input":{"currency":"EUR","parts":3,"total":"100.00"},"op":"money.allocate","v":1}';
    private const ALLOCATED = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    public function testCacheIsCreatedThenReused(): void
    {
        $dir = $this->tmpDir();
        $first = new WasmtimeRuntime(self::config(['cache_dir' => $dir, 'memory_reservation' => 'compact']));
        $info = $first->info();
        self::assertSame('compiled, cached', $info['module_source']);
        $sha = \hash_file('sha256', self::wasm());
        self::assertSame("$dir/shopcredit-$sha-wasmtime-50.0.1-r64m-g64k.cwasm", $info['cache_file']);
        self::assertFileExists($info['cache_file']);
        self::assertSame(0644, \fileperms($info['cache_file']) & 0777);
        self::assertSame([], \glob("$dir/.tmp-*"), 'no temporary file is left behind');
        $memos = \glob("$dir/wasm-*.sha256");
        self::assertCount(1, $memos);
        self::assertSame($sha, \file_get_contents($memos[0]), 'the wasm hash is memoised');
        self::assertSame(self::ALLOCATED, $first->call(self::ALLOCATE));

        // A second engine (as in the next web request) loads the compiled module from the cache.
        $mtime = \filemtime($info['cache_file']);
        $second = new WasmtimeRuntime(self::config(['cache_dir' => $dir, 'memory_reservation' => 'compact']));
        self::assertSame('cache', $second->info()['module_source']);
        self::assertNull($second->info()['cache_rejected']);
        self::assertSame(self::ALLOCATED, $second->call(self::ALLOCATE));
        self::assertSame($mtime, \filemtime($info['cache_file']));
        self::assertStringContainsString('module cache', $second->name());
    }

    public function testCorruptCacheFileIsRejectedAndRecompiled(): void
    {
        $dir = $this->tmpDir();
        $path = (new WasmtimeRuntime(self::config(['cache_dir' => $dir])))->info()['cache_file'];
        foreach (['garbage' => \random_bytes(4096), 'truncated' => \substr((string) \file_get_contents($path), 0, 1000), 'empty' => ''] as $label => $bytes) {
            \file_put_contents($path, $bytes);
            $rt = new WasmtimeRuntime(self::config(['cache_dir' => $dir]));
            self::assertSame('compiled, cached', $rt->info()['module_source'], $label);
            self::assertNotNull($rt->info()['cache_rejected'], $label);
            self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE), $label);
            self::assertSame('cache', (new WasmtimeRuntime(self::config(['cache_dir' => $dir])))->info()['module_source'], "$label: republished");
        }
    }

    public function testCacheFromAnotherWasmtimeVersionIsRejectedAndRecompiled(): void
    {
        $dir = $this->tmpDir();
        $path = (new WasmtimeRuntime(self::config(['cache_dir' => $dir])))->info()['cache_file'];
        $bytes = (string) \file_get_contents($path);
        // The .wasmtime.engine section starts with a format byte and the length-prefixed version.
        [$offset] = self::elfSection($bytes, '.wasmtime.engine');
        $len = \ord($bytes[$offset + 1]);
        $version = \substr($bytes, $offset + 2, $len);
        self::assertSame('50', $version, 'wasmtime 50 writes its major version');
        $bytes = \substr_replace($bytes, '49', $offset + 2, $len);
        \file_put_contents($path, $bytes);

        $rt = new WasmtimeRuntime(self::config(['cache_dir' => $dir]));
        self::assertSame('compiled, cached', $rt->info()['module_source']);
        self::assertStringContainsString('49', (string) $rt->info()['cache_rejected']);
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
        self::assertSame('cache', (new WasmtimeRuntime(self::config(['cache_dir' => $dir])))->info()['module_source']);
    }

    public function testCompilesInMemoryWithoutACacheDirectory(): void
    {
        $rt = new WasmtimeRuntime(self::config(['cache_dir' => null]));
        self::assertSame('compiled', $rt->info()['module_source']);
        self::assertNull($rt->info()['cache_file']);
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
    }

    public function testMissingCacheDirectoryIsCreated(): void
    {
        $dir = $this->tmpDir() . '/nested/cache';
        $rt = new WasmtimeRuntime(self::config(['cache_dir' => $dir]));
        self::assertSame('compiled, cached', $rt->info()['module_source']);
        self::assertDirectoryExists($dir);
        self::assertSame(0755, \fileperms($dir) & 0777);
    }

    public function testAChangedWasmGetsItsOwnCacheEntry(): void
    {
        $dir = $this->tmpDir();
        $copy = $this->tmpDir() . '/core.wasm';
        \copy(self::wasm(), $copy);
        $a = (new WasmtimeRuntime(self::config(['cache_dir' => $dir, 'wasm' => $copy])))->info()['cache_file'];
        // Append a custom section (id 0, name "x"): same code, different bytes, different sha256.
        \file_put_contents($copy, "\x00\x02\x01x", \FILE_APPEND);
        \clearstatcache();
        $rt = new WasmtimeRuntime(self::config(['cache_dir' => $dir, 'wasm' => $copy]));
        self::assertSame('compiled, cached', $rt->info()['module_source']);
        self::assertNotSame($a, $rt->info()['cache_file']);
        self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
    }

    public function testPublishingPrunesOldEntriesOfOtherBuilds(): void
    {
        $dir = $this->tmpDir();
        $old = "$dir/shopcredit-" . \str_repeat('a', 64) . '-wasmtime-50.0.1-r64m-g64k.cwasm';
        $recent = "$dir/shopcredit-" . \str_repeat('b', 64) . '-wasmtime-50.0.1-r64m-g64k.cwasm';
        $oldMemo = "$dir/wasm-" . \str_repeat('c', 40) . '.sha256';
        foreach ([$old, $recent, $oldMemo] as $f) {
            \file_put_contents($f, 'x');
        }
        \touch($old, \time() - 8 * 86400);
        \touch($oldMemo, \time() - 8 * 86400);
        $rt = new WasmtimeRuntime(self::config(['cache_dir' => $dir]));
        self::assertSame('compiled, cached', $rt->info()['module_source']);
        self::assertFileDoesNotExist($old);
        self::assertFileDoesNotExist($oldMemo);
        self::assertFileExists($recent, 'recent entries may belong to a build still deployed elsewhere');
        self::assertFileExists((string) $rt->info()['cache_file']);
    }

    /** @return array{0: int, 1: int} offset and size of a section in an ELF64 little-endian file */
    private static function elfSection(string $elf, string $name): array
    {
        self::assertSame("\x7fELF", \substr($elf, 0, 4));
        $u = static fn (int $off, int $n): int => $n === 8 ? \unpack('P', $elf, $off)[1] : ($n === 4 ? \unpack('V', $elf, $off)[1] : \unpack('v', $elf, $off)[1]);
        $shoff = $u(0x28, 8);
        $shentsize = $u(0x3A, 2);
        $shnum = $u(0x3C, 2);
        $strtab = $u($shoff + $u(0x3E, 2) * $shentsize + 0x18, 8);
        for ($i = 0; $i < $shnum; $i++) {
            $sh = $shoff + $i * $shentsize;
            $nameOff = $strtab + $u($sh, 4);
            $secName = \substr($elf, $nameOff, \strpos($elf, "\0", $nameOff) - $nameOff);
            if ($secName === $name) {
                return [$u($sh + 0x18, 8), $u($sh + 0x20, 8)];
            }
        }
        self::fail("no section $name");
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class RuntimeFactoryTest extends RuntimeTestCase
{
    public function testWasmtimeAndAuto(): void
    {
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'wasmtime'])));
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'auto'])));
        $env = \getenv('SHOPCREDIT_RUNTIME'); // scripts/test-php-generated.sh sets php
        \putenv('SHOPCREDIT_RUNTIME');
        try {
            self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config()), 'auto by default');
        } finally {
            if ($env !== false) {
                \putenv("SHOPCREDIT_RUNTIME=$env");
            }
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

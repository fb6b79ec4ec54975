<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime\Support;

use PHPUnit\Framework\TestCase;
use ShopCredit\Runtime\RuntimeConfig;

/** Paths and temporary directories shared by the runtime tests. */
abstract class RuntimeTestCase extends TestCase
{
    /** @var list<string> */
    private array $tmpDirs = [];

    public static function library(): string
    {
        return RuntimeConfig::resolve([])['library'];
    }

    public static function wasm(): string
    {
        return RuntimeConfig::resolve([])['wasm'];
    }

    /** A cache directory reused across tests and runs (compiling the wasm takes seconds). */
    public static function sharedCacheDir(): string
    {
        $dir = \sys_get_temp_dir() . '/shopcredit-phpunit-cache-' . (\function_exists('posix_geteuid') ? \posix_geteuid() : \getmypid());
        if (!\is_dir($dir)) {
            \mkdir($dir, 0755, true);
        }
        return $dir;
    }

    /** @param array<string, mixed> $overrides @return array<string, mixed> */
    public static function config(array $overrides = []): array
    {
        return $overrides + ['library' => self::library(), 'wasm' => self::wasm(), 'cache_dir' => self::sharedCacheDir(), 'ffi' => 'auto'];
    }

    protected function setUp(): void
    {
        if (!\is_file(self::wasm())) {
            $this->fail('the core wasm is missing: ' . self::wasm() . ' (php-bridge/tests/run.sh builds it)');
        }
    }

    protected function tmpDir(): string
    {
        $dir = \sys_get_temp_dir() . '/shopcredit-test-' . \bin2hex(\random_bytes(6));
        \mkdir($dir, 0755, true);
        $this->tmpDirs[] = $dir;
        return $dir;
    }

    protected function tearDown(): void
    {
        foreach ($this->tmpDirs as $dir) {
            self::removeTree($dir);
        }
        $this->tmpDirs = [];
    }

    protected static function removeTree(string $dir): void
    {
        if (!\is_dir($dir)) {
            return;
        }
        @\chmod($dir, 0755);
        foreach (\scandir($dir) ?: [] as $entry) {
            if ($entry === '.' || $entry === '..') {
                continue;
            }
            $path = "$dir/$entry";
            \is_dir($path) && !\is_link($path) ? self::removeTree($path) : @\unlink($path);
        }
        @\rmdir($dir);
    }

    protected static function rssBytes(): int
    {
        $status = (string) @\file_get_contents('/proc/self/status');
        return \preg_match('/^VmRSS:\s+(\d+) kB/m', $status, $m) === 1 ? (int) $m[1] * 1024 : 0;
    }
}

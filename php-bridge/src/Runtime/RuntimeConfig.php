<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Settings of the runtime, with defaults. Keys (all optional):
 *
 *  runtime            auto|wasmtime|php                     (env SHOPCREDIT_RUNTIME, default auto)
 *  library            path of libwasmtime.so                (env SHOPCREDIT_LIBWASMTIME)
 *  wasm               path of shopcredit_host.wasm          (env SHOPCREDIT_WASM)
 *  cache_dir          compiled-module cache; null disables  (env SHOPCREDIT_CACHE_DIR)
 *  ffi                auto|scope|cdef                       (auto: the preloaded scope when present)
 *  memory_limit_bytes cap on the instance's linear memory   (default 128 MiB)
 *  memory_reservation auto|wide|compact: wasmtime's address-space reservation (MemoryPlan;
 *                     env SHOPCREDIT_MEMORY_RESERVATION, default auto)
 *  preload_header     generated ffi.preload header path
 *  web_user           user the web server runs as, for the doctor (default www-data)
 *  wasmtime_version   overrides the version read from the library's directory name
 *
 * Defaults look for a bundled copy first (php-bridge/lib/) and then the repository layout
 * (.tools/libwasmtime.so, build/shopcredit_host.wasm, var/).
 */
final class RuntimeConfig
{
    public const DEFAULT_MEMORY_LIMIT = 128 * 1024 * 1024;

    /** php-bridge/ */
    public static function bridgeDir(): string
    {
        return \dirname(__DIR__, 2);
    }

    /** The repository or plugin root that holds php-bridge/. */
    public static function rootDir(): string
    {
        return \dirname(__DIR__, 3);
    }

    /**
     * @param array<string, mixed> $config
     * @return array{runtime: string, library: string, wasm: string, cache_dir: ?string, ffi: string,
     *               memory_limit_bytes: int, memory_reservation: string, preload_header: string, web_user: string, wasmtime_version: ?string}
     */
    public static function resolve(array $config): array
    {
        $bridge = self::bridgeDir();
        $root = self::rootDir();
        $runtime = (string) ($config['runtime'] ?? self::env('SHOPCREDIT_RUNTIME') ?? 'auto');
        if (!\in_array($runtime, ['auto', 'wasmtime', 'php'], true)) {
            throw new RuntimeUnavailable("unknown runtime \"$runtime\" (expected auto, wasmtime or php)");
        }
        $ffi = (string) ($config['ffi'] ?? 'auto');
        if (!\in_array($ffi, ['auto', 'scope', 'cdef'], true)) {
            throw new RuntimeUnavailable("unknown ffi mode \"$ffi\" (expected auto, scope or cdef)");
        }
        $cacheDir = \array_key_exists('cache_dir', $config)
            ? ($config['cache_dir'] === null ? null : (string) $config['cache_dir'])
            : (self::env('SHOPCREDIT_CACHE_DIR') ?? $root . '/var/wasmtime-cache');

        return [
            'runtime' => $runtime,
            'library' => (string) ($config['library'] ?? self::env('SHOPCREDIT_LIBWASMTIME')
                ?? self::firstExisting([$bridge . '/lib/libwasmtime.so', $root . '/.tools/libwasmtime.so'])),
            'wasm' => (string) ($config['wasm'] ?? self::env('SHOPCREDIT_WASM')
                ?? self::firstExisting([$bridge . '/lib/shopcredit_host.wasm', $root . '/build/shopcredit_host.wasm'])),
            'cache_dir' => $cacheDir,
            'ffi' => $ffi,
            'memory_limit_bytes' => (int) ($config['memory_limit_bytes'] ?? self::DEFAULT_MEMORY_LIMIT),
            'memory_reservation' => (string) ($config['memory_reservation'] ?? self::env('SHOPCREDIT_MEMORY_RESERVATION') ?? 'auto'),
            'preload_header' => (string) ($config['preload_header'] ?? $root . '/var/preload/shopcredit_wasmtime.h'),
            'web_user' => (string) ($config['web_user'] ?? 'www-data'),
            'wasmtime_version' => isset($config['wasmtime_version']) ? (string) $config['wasmtime_version'] : null,
        ];
    }

    /** PHP's ffi.enable here, lower-cased and trimmed ('' when unset). */
    public static function ffiEnable(): string
    {
        return \strtolower(\trim((string) \ini_get('ffi.enable')));
    }

    /** Whether that ffi.enable value turns FFI off everywhere (PHP reads these words as false). */
    public static function ffiEnableOff(string $enable): bool
    {
        return \in_array($enable, ['0', 'false', 'off', 'no', ''], true);
    }

    /**
     * Whether a file in a directory can only have been written by the directory's owner: neither
     * is writable by group or others and the file is the directory owner's. The rule for what the
     * doctor leaves beside the compiled module (ModuleCache verdicts, RuntimeFactory::choice); here,
     * with the settings every request loads, so a request without a choice loads nothing else.
     *
     * @param array<int|string, int> $dir  stat() of the directory
     * @param array<int|string, int> $file stat() of the file
     */
    public static function ownerOnly(array $dir, array $file): bool
    {
        return (($dir['mode'] | $file['mode']) & 0022) === 0 && $file['uid'] === $dir['uid'];
    }

    private static function env(string $name): ?string
    {
        $v = \getenv($name);
        return $v === false || $v === '' ? null : $v;
    }

    /** @param list<string> $candidates */
    private static function firstExisting(array $candidates): string
    {
        foreach ($candidates as $c) {
            if (\is_file($c)) {
                return $c;
            }
        }
        return $candidates[\count($candidates) - 1];
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Picks the runtime from settings: `runtime => auto|wasmtime|php` (env SHOPCREDIT_RUNTIME).
 *
 *  wasmtime  WasmtimeRuntime or RuntimeUnavailable.
 *  php       the generated-PHP runtime, class ShopCredit\Runtime\GeneratedPhpRuntime (a
 *            CoreRuntime whose constructor takes the same config array); RuntimeUnavailable
 *            when this build does not ship it.
 *  auto      wasmtime only where FFI already works here and a live round trip (ROUND_TRIP_REQUEST)
 *            answers exactly ROUND_TRIP_RESPONSE; otherwise the generated-PHP runtime, which needs
 *            no extension and no php.ini line; when that is not shipped either, the wasmtime
 *            reason is thrown. The round trip runs once per deployed module: its verdict is kept
 *            beside the compiled module (WasmtimeRuntime::knownGood, keyed by the module file,
 *            library, FFI mode and PHP), where the deploying user's doctor or a writable cache
 *            records it; without a trusted verdict every request runs it.
 *
 * "Shipped" means the generated file exists (php_core, SHOPCREDIT_PHP_CORE, php-bridge/lib/ or
 * build/php-runtime/, see GeneratedPhpRuntime::candidates): `make php-runtime` builds it.
 */
final class RuntimeFactory
{
    public const PHP_RUNTIME_CLASS = 'ShopCredit\\Runtime\\GeneratedPhpRuntime';

    /** The live round trip that shows a runtime answers decisions here (and the doctor shows). */
    public const ROUND_TRIP_REQUEST = '{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}';
    public const ROUND_TRIP_RESPONSE = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    /**
     * @param array<string, mixed> $config see RuntimeConfig
     * @throws RuntimeUnavailable
     */
    public static function create(array $config = []): CoreRuntime
    {
        $c = RuntimeConfig::resolve($config);
        $config['runtime'] = $c['runtime'];
        switch ($c['runtime']) {
            case 'wasmtime':
                return new WasmtimeRuntime($config);
            case 'php':
                return self::phpRuntime($config);
            default:
                if (self::ffiOff() && self::phpRuntimeShipped($config)) {
                    // Nothing of wasmtime can run here: its runtime is not built only to be refused.
                    try {
                        return self::phpRuntime($config);
                    } catch (RuntimeUnavailable) {
                        // below, the answer names both runtimes' reasons
                    }
                }
                try {
                    return self::verifiedWasmtime($config);
                } catch (RuntimeUnavailable $wasmtime) {
                    if (!self::phpRuntimeShipped($config)) {
                        throw $wasmtime;
                    }
                    try {
                        return self::phpRuntime($config);
                    } catch (RuntimeUnavailable $php) {
                        throw new RuntimeUnavailable('no runtime is usable: wasmtime: ' . $wasmtime->getMessage() . '; php: ' . $php->getMessage(), 0, $wasmtime);
                    }
                }
        }
    }

    /**
     * wasmtime, once a round trip through it gave the expected answer (a library that loads but
     * answers wrongly, or traps, is not used: the generated core answers instead).
     *
     * @param array<string, mixed> $config
     * @throws RuntimeUnavailable
     */
    private static function verifiedWasmtime(array $config): CoreRuntime
    {
        $runtime = new WasmtimeRuntime($config);
        $check = \sha1(self::ROUND_TRIP_REQUEST . "\n" . self::ROUND_TRIP_RESPONSE);
        if ($runtime->knownGood($check)) {
            return $runtime;
        }
        try {
            $answer = $runtime->call(self::ROUND_TRIP_REQUEST);
        } catch (RuntimeFailure $e) {
            throw new RuntimeUnavailable('wasmtime failed its round trip: ' . $e->getMessage(), 0, $e);
        }
        if ($answer !== self::ROUND_TRIP_RESPONSE) {
            throw new RuntimeUnavailable('wasmtime answered its round trip unexpectedly: ' . \substr($answer, 0, 200));
        }
        $runtime->recordGood($check);
        return $runtime;
    }

    /** FFI cannot be used at all in this PHP (no extension, or ffi.enable off): WasmtimeRuntime would refuse. */
    private static function ffiOff(): bool
    {
        return !\extension_loaded('ffi') || RuntimeConfig::ffiEnableOff(RuntimeConfig::ffiEnable());
    }

    /** @param array<string, mixed> $config Whether the generated-PHP core file exists for these settings. */
    public static function phpRuntimeShipped(array $config = []): bool
    {
        return \class_exists(self::PHP_RUNTIME_CLASS) && GeneratedPhpRuntime::locate($config) !== null;
    }

    /** @param array<string, mixed> $config */
    private static function phpRuntime(array $config): CoreRuntime
    {
        if (!self::phpRuntimeShipped($config)) {
            throw new RuntimeUnavailable('the generated-PHP runtime is not part of this build (none of ' . \implode(', ', GeneratedPhpRuntime::candidates($config)) . ' exists; `make php-runtime` builds it); use runtime=wasmtime');
        }
        $class = self::PHP_RUNTIME_CLASS;
        $runtime = new $class($config);
        if (!$runtime instanceof CoreRuntime) {
            throw new RuntimeUnavailable(self::PHP_RUNTIME_CLASS . ' does not implement ' . CoreRuntime::class);
        }
        return $runtime;
    }
}

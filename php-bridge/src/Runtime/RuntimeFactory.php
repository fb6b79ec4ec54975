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
 *  auto      wasmtime; when it is unavailable, the generated-PHP runtime if shipped; otherwise the
 *            wasmtime reason is thrown.
 */
final class RuntimeFactory
{
    public const PHP_RUNTIME_CLASS = 'ShopCredit\\Runtime\\GeneratedPhpRuntime';

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
                try {
                    return new WasmtimeRuntime($config);
                } catch (RuntimeUnavailable $wasmtime) {
                    if (!self::phpRuntimeShipped()) {
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

    public static function phpRuntimeShipped(): bool
    {
        return \class_exists(self::PHP_RUNTIME_CLASS);
    }

    /** @param array<string, mixed> $config */
    private static function phpRuntime(array $config): CoreRuntime
    {
        if (!self::phpRuntimeShipped()) {
            throw new RuntimeUnavailable('the generated-PHP runtime (' . self::PHP_RUNTIME_CLASS . ') is not part of this build; use runtime=wasmtime');
        }
        $class = self::PHP_RUNTIME_CLASS;
        $runtime = new $class($config);
        if (!$runtime instanceof CoreRuntime) {
            throw new RuntimeUnavailable(self::PHP_RUNTIME_CLASS . ' does not implement ' . CoreRuntime::class);
        }
        return $runtime;
    }
}

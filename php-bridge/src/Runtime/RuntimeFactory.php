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
 *  auto      the generated-PHP core (plain PHP: no extension, no php.ini line), unless the
 *            merchant turned on the faster runtime and the doctor verified wasmtime here: then
 *            wasmtime. The doctor (`shopcredit doctor --faster=on`, the hosts' runtime screens)
 *            runs the round trip (ROUND_TRIP_REQUEST must answer exactly ROUND_TRIP_RESPONSE)
 *            and records its verdict beside the compiled module (WasmtimeRuntime::recordGood,
 *            keyed by the module file, library, FFI mode and PHP) with the choice itself
 *            (CHOICE_FILE, what the verdict was given for). A request decides from that file
 *            alone (a few stats and one small read, no FFI call, no wasmtime class: choice,
 *            choiceProblem) and never runs the round trip; a choice that no longer matches (the
 *            core republished, the library moved, PHP upgraded, FFI turned off) leaves the
 *            generated core answering, silently, and the doctor says why. Where the generated
 *            core is not shipped (or does not load), auto is what it was before: wasmtime once a
 *            round trip answers (its verdict, where one may be written, spares later requests
 *            the round trip), else RuntimeUnavailable with wasmtime's reason.
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

    /** The merchant's "faster runtime" choice, in the compiled-module cache directory (see choice). */
    public const CHOICE_FILE = 'faster-runtime.json';

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
                $chosen = self::chosenWasmtime($config, $c);
                if ($chosen !== null) {
                    return $chosen; // nothing of the generated core loads
                }
                if (self::phpRuntimeShipped($config)) {
                    try {
                        return self::phpRuntime($config);
                    } catch (RuntimeUnavailable) {
                        // the generated core does not load: as where it is not shipped, below
                    }
                }
                return self::withoutGeneratedCore($config);
        }
    }

    /**
     * auto where the generated core is not shipped: wasmtime once verified, as before it was the default.
     *
     * @param array<string, mixed> $config
     * @throws RuntimeUnavailable
     */
    private static function withoutGeneratedCore(array $config): CoreRuntime
    {
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

    /**
     * wasmtime when the merchant turned it on and that choice still matches here (decided from
     * the choice file before anything of wasmtime loads), and the verdict beside the module it
     * names vouches for it; else null, and the generated core answers.
     *
     * @param array<string, mixed> $config
     * @param array{cache_dir: ?string, wasm: string, library: string} $c
     */
    private static function chosenWasmtime(array $config, array $c): ?CoreRuntime
    {
        $choice = self::choice($c);
        if ($choice === null || self::choiceProblem($choice, $c) !== null) {
            return null;
        }
        try {
            // That very module or nothing: a request never compiles the wasm.
            $runtime = new WasmtimeRuntime(['only_module' => $choice['module']['path']] + $config);
        } catch (RuntimeUnavailable) {
            return null;
        }
        return $runtime->knownGood(self::roundTripCheck()) ? $runtime : null;
    }

    /**
     * The merchant's choice as the doctor recorded it, or null: none, unreadable, or in a file or
     * directory others than its owner can write (the same rule as the verdicts: RuntimeConfig::ownerOnly).
     *
     * @param array{cache_dir: ?string} $c resolved settings
     * @return array{v: int, php: string, ffi: string, wasm: array{path: string, id: string}, library: array{path: string, id: string}, module: array{path: string, id: string}, at: int, by: string, sapi: string}|null
     */
    public static function choice(array $c): ?array
    {
        $dir = $c['cache_dir'];
        $file = $dir === null || $dir === '' ? false : @\stat($dir . '/' . self::CHOICE_FILE);
        if ($file === false) {
            return null; // the usual case: one stat
        }
        $owner = @\stat((string) $dir);
        if ($owner === false || !RuntimeConfig::ownerOnly($owner, $file)) {
            return null;
        }
        $choice = \json_decode((string) @\file_get_contents($dir . '/' . self::CHOICE_FILE), true);
        return \is_array($choice) && ($choice['v'] ?? null) === 1 && \is_string($choice['module']['path'] ?? null) ? $choice : null;
    }

    /**
     * Why a recorded choice does not hold here any more (in words for the doctor), or null when
     * it does. Stats and ini reads only.
     *
     * @param array<string, mixed> $choice see choice()
     * @param array{wasm: string, library: string} $c resolved settings
     */
    public static function choiceProblem(array $choice, array $c): ?string
    {
        $ffi = (string) ($choice['ffi'] ?? '');
        return match (true) {
            ($choice['php'] ?? null) !== \PHP_VERSION => 'PHP changed since it was turned on (' . (string) ($choice['php'] ?? '?') . ' then, ' . \PHP_VERSION . ' now)',
            self::ffiOff() => 'FFI is off in this PHP',
            $ffi === 'cdef' && \PHP_SAPI !== 'cli' && RuntimeConfig::ffiEnable() === 'preload' => 'this PHP allows FFI only from preloaded code (ffi.enable=preload); it was verified where every script may use FFI',
            $ffi === 'scope' && (string) \ini_get('ffi.preload') === '' => 'it was verified through the preloaded FFI scope, which this PHP does not preload',
            ($choice['wasm'] ?? null) !== ['path' => $c['wasm'], 'id' => self::fileId($c['wasm'])] => 'ShopCredit\'s core was updated or moved since it was turned on',
            ($choice['library'] ?? null) !== ['path' => $c['library'], 'id' => self::fileId($c['library'])] => 'libwasmtime was replaced or moved since it was turned on',
            ($choice['module']['id'] ?? null) !== self::fileId((string) $choice['module']['path']) => 'the compiled module was rebuilt or removed since it was turned on',
            default => null,
        };
    }

    /**
     * The choice file's content for a runtime verified just now (the doctor writes it).
     *
     * @param array{wasm: string, library: string} $c resolved settings
     */
    public static function choiceRecord(array $c, string $ffiMode, string $moduleFile, string $by): string
    {
        \clearstatcache(); // files written by this very process (the compiled module, just now)
        $file = static fn (string $path): array => ['path' => $path, 'id' => self::fileId($path)];
        return (string) \json_encode([
            'v' => 1, 'php' => \PHP_VERSION, 'ffi' => $ffiMode, 'wasm' => $file($c['wasm']), 'library' => $file($c['library']),
            'module' => $file($moduleFile), 'at' => \time(), 'by' => $by, 'sapi' => \PHP_SAPI,
        ], \JSON_UNESCAPED_SLASHES | \JSON_PRETTY_PRINT) . "\n";
    }

    /**
     * A file's identity: any replacement, copy over it or rename onto it changes it (null: missing).
     * PHP forgets its stat cache between requests; a long process that changes these files
     * clears it itself (clearstatcache costs more than the stat).
     */
    public static function fileId(string $path): ?string
    {
        $st = @\stat($path);
        return $st === false ? null : \implode(':', [$st['dev'], $st['ino'], $st['size'], $st['mtime'], $st['ctime']]);
    }

    /** What a verdict says was asked and answered (the round trip). */
    public static function roundTripCheck(): string
    {
        return \sha1(self::ROUND_TRIP_REQUEST . "\n" . self::ROUND_TRIP_RESPONSE);
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
        $check = self::roundTripCheck();
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
    public static function ffiOff(): bool
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

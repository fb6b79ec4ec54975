<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Runs the core as plain PHP: build/shopcredit_host.wasm translated at build time by
 * tools/wasm2php (`make php-runtime` → build/php-runtime/shopcredit_core.php, the module class,
 * plus shopcredit_core.part1..N.php beside it, the functions in classes its autoloader compiles
 * when a call first reaches them; packages ship them all in php-bridge/lib/). Same decisions,
 * byte for byte, as
 * the wasmtime runtime, for hosts without FFI; no native code, no writable directory.
 *
 * Config keys (besides RuntimeConfig's): php_core — path of the generated file (env
 * SHOPCREDIT_PHP_CORE); memory_limit_bytes caps the linear memory as wasmtime's store limiter does.
 *
 * One call: alloc(len) → write the request into linear memory → sc_call(ptr, len) → read the
 * response → dealloc both. A wasm trap (out-of-bounds access, unreachable, division by zero or
 * overflow, bad indirect call, call stack exhausted) or any PHP error inside the generated code
 * throws RuntimeFailure; the instance is dropped and a fresh one serves the next call.
 */
final class GeneratedPhpRuntime implements CoreRuntime
{
    public const MODULE_CLASS = 'ShopCredit\\Runtime\\Generated\\CoreModule';
    public const FILE_NAME = 'shopcredit_core.php';

    private string $file;
    private int $memoryLimit;
    private ?object $module = null;
    private int $generation = 0;
    /** @var array<string, float> milliseconds per init phase */
    private array $timings = [];

    /**
     * @param array<string, mixed> $config see RuntimeConfig, plus php_core
     * @throws RuntimeUnavailable
     */
    public function __construct(array $config = [])
    {
        $c = RuntimeConfig::resolve($config);
        $this->memoryLimit = $c['memory_limit_bytes'];
        $t0 = \hrtime(true);
        $this->file = self::locate($config) ?? throw new RuntimeUnavailable(
            'the generated-PHP core is missing: none of ' . \implode(', ', self::candidates($config)) . ' exists (build it with `make php-runtime`)'
        );
        self::load($this->file);
        $t1 = \hrtime(true);
        $this->timings['load_ms'] = ($t1 - $t0) / 1e6;
        $this->instantiate();
        $this->timings['instantiate_ms'] = (\hrtime(true) - $t1) / 1e6;
    }

    /**
     * Where the generated file would be looked for, in order.
     *
     * @param array<string, mixed> $config
     * @return list<string>
     */
    public static function candidates(array $config = []): array
    {
        $given = $config['php_core'] ?? null;
        if ($given === null || $given === '') {
            $env = \getenv('SHOPCREDIT_PHP_CORE');
            $given = $env === false || $env === '' ? null : $env;
        }
        if ($given !== null) {
            return [(string) $given];
        }
        return [
            RuntimeConfig::bridgeDir() . '/lib/' . self::FILE_NAME,
            RuntimeConfig::rootDir() . '/build/php-runtime/' . self::FILE_NAME,
        ];
    }

    /** @param array<string, mixed> $config The generated file that would be used, or null. */
    public static function locate(array $config = []): ?string
    {
        foreach (self::candidates($config) as $path) {
            if (\is_file($path)) {
                return $path;
            }
        }
        return null;
    }

    public function name(): string
    {
        return \sprintf('generated PHP (%s, %.1f MiB)', $this->file, self::totalBytes($this->file) / 1048576);
    }

    /** @return list<string> the main file and its part files */
    public static function files(string $main): array
    {
        $parts = \glob(\substr($main, 0, -4) . '.part*.php') ?: [];
        \natsort($parts);
        return [$main, ...\array_values($parts)];
    }

    public static function totalBytes(string $main): int
    {
        return \array_sum(\array_map(static fn (string $f): int => (int) (\filesize($f) ?: 0), self::files($main)));
    }

    /**
     * What was loaded and how, for the doctor and benchmarks.
     *
     * @return array{file: string, file_bytes: int, files: int, wasm_bytes: int, wasm_fnv1a64: string, opcache_cached: ?bool,
     *               timings_ms: array<string, float>, instance_generation: int}
     */
    public function info(): array
    {
        $class = self::MODULE_CLASS;
        return [
            'file' => $this->file,
            'file_bytes' => self::totalBytes($this->file),
            'files' => \count(self::files($this->file)),
            'wasm_bytes' => (int) \constant($class . '::WASM_BYTES'),
            'wasm_fnv1a64' => (string) \constant($class . '::WASM_FNV1A64'),
            'opcache_cached' => \function_exists('opcache_is_script_cached') ? @\opcache_is_script_cached($this->file) : null,
            'timings_ms' => $this->timings,
            'instance_generation' => $this->generation,
        ];
    }

    /** How many instances were built (1 after construction, +1 per rebuild after a failure). */
    public function instanceGeneration(): int
    {
        return $this->generation;
    }

    public function call(string $requestJson): string
    {
        return $this->guarded(function (object $m) use ($requestJson): string {
            $len = \strlen($requestJson);
            $ptr = $m->x_alloc($len);
            if ($ptr === 0) {
                throw new RuntimeFailure("the core could not allocate $len bytes for the request");
            }
            $m->writeBytes($ptr, $requestJson);
            $ret = $m->x_sc_call($ptr, $len);
            $m->x_dealloc($ptr, $len);
            if ($ret === 0) {
                throw new RuntimeFailure('the core could not allocate its response');
            }
            $respPtr = ($ret >> 32) & 0xFFFFFFFF;
            $respLen = $ret & 0xFFFFFFFF;
            if ($respPtr + $respLen > $m->sz) {
                throw new RuntimeFailure("the core returned a buffer outside its memory (ptr $respPtr, len $respLen, memory {$m->sz} bytes)");
            }
            $response = $m->readBytes($respPtr, $respLen);
            $m->x_dealloc($respPtr, $respLen);
            return $response;
        });
    }

    /**
     * Test-only: calls sc_call with an arbitrary pointer and length (e.g. out of bounds, to
     * provoke a trap) and returns its raw u64 result. Same failure handling as call().
     *
     * @internal
     */
    public function callEntryForTesting(int $ptr, int $len): int
    {
        return $this->guarded(static fn (object $m): int => $m->x_sc_call($ptr & 0xFFFFFFFF, $len & 0xFFFFFFFF));
    }

    /**
     * Runs $fn on the instance; any trap or PHP error inside becomes RuntimeFailure and drops the
     * instance (a trapped instance may hold a corrupt heap).
     *
     * @template T
     * @param callable(object): T $fn
     * @return T
     */
    private function guarded(callable $fn): mixed
    {
        if ($this->module === null) {
            $this->instantiate();
        }
        // Generated code never warns on its own: a warning means a bug, so fail closed on it too.
        \set_error_handler(static function (int $no, string $msg): bool {
            throw new \ErrorException($msg, 0, $no);
        });
        try {
            return $fn($this->module);
        } catch (RuntimeFailure $e) {
            $this->module = null;
            throw $e;
        } catch (\Throwable $e) {
            $this->module = null;
            $kind = \is_a($e, self::trapClass()) ? 'wasm trap: ' : 'generated core failed: ' . \get_class($e) . ': ';
            throw new RuntimeFailure($kind . $e->getMessage(), 0, $e);
        } finally {
            \restore_error_handler();
        }
    }

    private static function trapClass(): string
    {
        return \substr(self::MODULE_CLASS, 0, (int) \strrpos(self::MODULE_CLASS, '\\')) . '\\Trap';
    }

    private static function load(string $file): void
    {
        if (\class_exists(self::MODULE_CLASS, false)) {
            return;
        }
        self::avoidTracingJit();
        try {
            require_once $file;
        } catch (\Throwable $e) {
            throw new RuntimeUnavailable("the generated-PHP core $file cannot be loaded: " . $e->getMessage(), 0, $e);
        }
        if (!\class_exists(self::MODULE_CLASS, false)) {
            throw new RuntimeUnavailable("$file does not define " . self::MODULE_CLASS . ' (is it the output of tools/wasm2php?)');
        }
    }

    /**
     * PHP 8.2's tracing JIT miscompiles the generated code (goto-heavy methods read locals as
     * undefined); the function JIT and the interpreter run it correctly. opcache.jit is
     * changeable at run time, so a tracing setting is lowered to the function JIT for this request.
     */
    private static function avoidTracingJit(): void
    {
        $jit = \strtolower(\trim((string) \ini_get('opcache.jit')));
        $tracing = $jit === 'tracing' || $jit === 'on' || (\strlen($jit) === 4 && \ctype_digit($jit) && (int) $jit[2] === 5);
        if ($tracing && (int) \ini_get('opcache.jit_buffer_size') !== 0) {
            @\ini_set('opcache.jit', 'function');
        }
    }

    private function instantiate(): void
    {
        $class = self::MODULE_CLASS;
        try {
            $this->module = new $class($this->memoryLimit);
        } catch (\Throwable $e) {
            throw new RuntimeUnavailable('the generated-PHP core could not be instantiated: ' . $e->getMessage(), 0, $e);
        }
        $this->generation++;
    }
}

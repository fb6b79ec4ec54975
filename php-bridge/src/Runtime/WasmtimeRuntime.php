<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

use FFI;
use FFI\CData;

/**
 * Runs the zero-import host-ABI wasm (bindings/host: exports memory, alloc, dealloc, sc_call)
 * through wasmtime's C API with PHP FFI.
 *
 * Construction builds everything a request needs: engine, module (from the compiled cache, else
 * compiled and published to it), store (linear memory capped by memory_limit_bytes) and an
 * instance with no imports. Nothing native survives a request: each request builds a new runtime,
 * which costs well under a millisecond with a warm cache.
 *
 * Memory reservation (MemoryPlan): where the process may reserve address space freely (no
 * RLIMIT_AS, the usual case), the engine reserves 4 GiB + a 32 MiB guard per instance (virtual
 * only, nothing is committed) and the memory never moves: compiled code then needs no bounds
 * check per memory access (about a quarter of a decision's instructions) and the runtime keeps
 * the memory's base for the instance's life. Under an address-space limit it reserves 64 MiB +
 * 64 KiB (the default 4 GiB would fail under `ulimit -v`), with bounds checks, and re-reads the
 * base whenever the memory grew.
 *
 * FFI access: under web SAPIs the default ffi.enable=preload refuses every static FFI call from
 * ordinary scripts, so there the library comes from the preloaded scope SHOPCREDIT_WASMTIME
 * (ffi.preload header) and this class must itself be preloaded (opcache.preload script); under
 * the CLI or ffi.enable=1 it is FFI::cdef. `shopcredit doctor --ffi` names the one php.ini line
 * that allows it, ffi.enable=1; nothing here recommends the preload lines (PHP does not start
 * when a file they name goes missing).
 *
 * One call: alloc(len) → copy the request into memory → sc_call(ptr, len) → read the response
 * (the base re-read only when it can have moved) → dealloc both. An instance's first call goes
 * through wasmtime_func_call, which checks every export's signature (and the results' kinds are
 * checked here); once that call has succeeded (or a verdict vouches for this very module file,
 * see knownGood), the instance's calls go through
 * wasmtime_func_call_unchecked (raw values, no per-call type checks: about a microsecond less per
 * wasm call, four per Core::call) with one reused argument buffer written as plain int64 slots
 * (no struct field accesses per call). A preloaded scope from an older header without that
 * function keeps the checked calls. A trap or engine error throws
 * RuntimeFailure with wasmtime's message; the instance is dropped and a fresh one serves the next
 * call (a trapped instance may hold a corrupt heap).
 */
final class WasmtimeRuntime implements CoreRuntime
{

    /**
     * One FFI instance per library and mode for the whole process (request, under web SAPIs).
     * PHP 8.2's FFI corrupts type data when an FFI::cdef instance that has made calls is freed
     * and another is created later in the same process ("Attempt to assign read-only field",
     * reproduced by tests/Runtime/WasmtimeRuntimeTest::testRuntimesCanBeDroppedAndRebuilt),
     * so instances are never freed early; this also saves the ~1 ms declaration parse per runtime.
     *
     * @var array<string, array{0: FFI, 1: string}>
     */
    private static array $ffiInstances = [];

    /** @var array<string, true> FFI modes whose library scope lacks wasmtime_func_call_unchecked (an older preload header) */
    private static array $noUncheckedCalls = [];

    private FFI $ffi;
    private string $ffiMode;
    private ?string $version;
    private ModuleCache $cache;
    private string $moduleSource = '';
    /** The compiled module file the module was loaded from or published to, else null */
    private ?string $moduleFile = null;
    private string $library;
    /** How this runtime was shown to answer right: 'round trip', 'cached verdict', or null (not asked) */
    private ?string $verification = null;
    private ?string $cacheRejected = null;
    private int $memoryLimit;
    private MemoryPlan $plan;
    /** @var array<string, float> milliseconds per init phase */
    private array $timings = [];
    private int $generation = 0;

    private ?CData $engine = null;
    private ?CData $module = null;
    private ?CData $store = null;
    private ?CData $context = null;
    private ?CData $instance = null;
    private ?CData $memoryExtern = null;
    private ?CData $allocExtern = null;
    private ?CData $deallocExtern = null;
    private ?CData $entryExtern = null;
    private ?CData $memory = null;
    private ?CData $allocFn = null;
    private ?CData $deallocFn = null;
    private ?CData $entryFn = null;
    private ?CData $args = null;
    private ?CData $results = null;
    private ?CData $trap = null;
    private ?CData $trapAddr = null;
    /** wasmtime_val_raw_t[2]: arguments in, results out, for the unchecked calls */
    private ?CData $raw = null;
    /** int64_t* over $raw: slot 0 is $slots[0], slot 1 is $slots[2] (a val_raw is 16 bytes) */
    private ?CData $slots = null;
    /** uint8_t*: linear memory's base as last read, and the memory's size then */
    private ?CData $memBase = null;
    private int $memSize = 0;
    /** This instance's exports have the expected signatures (its first call succeeded). */
    private bool $verified = false;
    /** A verdict vouches for this very module file, so its exports' signatures are known before any call. */
    private bool $signaturesKnown = false;

    /**
     * @param array<string, mixed> $config see RuntimeConfig (library, wasm, cache_dir, ffi,
     *                                     memory_limit_bytes, wasmtime_version), plus only_module:
     *                                     load that compiled module file or throw, never compile
     * @throws RuntimeUnavailable
     */
    public function __construct(array $config = [])
    {
        $c = RuntimeConfig::resolve($config);
        $this->memoryLimit = $c['memory_limit_bytes'];
        $this->library = $c['library'];
        $this->version = WasmtimeApi::versionOf($c['library'], $c['wasmtime_version']);
        $t0 = \hrtime(true);
        [$this->ffi, $this->ffiMode] = self::loadFfi($c['ffi'], $c['library']);
        $this->plan = MemoryPlan::choose($c['memory_reservation'], $this->addressSpaceLimit(...));
        if (!\is_file($c['wasm'])) {
            throw new RuntimeUnavailable("the core wasm is missing: {$c['wasm']} (build it with `make wasm`)");
        }
        $t1 = \hrtime(true);
        $this->timings['ffi_ms'] = ($t1 - $t0) / 1e6;
        $this->engine = $this->newEngine();
        $t2 = \hrtime(true);
        $this->timings['engine_ms'] = ($t2 - $t1) / 1e6;
        $this->cache = new ModuleCache($c['cache_dir'], $c['wasm'], $this->engineKey($c['library']));
        $this->module = isset($config['only_module']) ? $this->loadOnly((string) $config['only_module']) : $this->loadModule($c['wasm']);
        $t3 = \hrtime(true);
        $this->timings['module_ms'] = ($t3 - $t2) / 1e6;
        $this->instantiate();
        $this->timings['instantiate_ms'] = (\hrtime(true) - $t3) / 1e6;
    }

    public function __destruct()
    {
        $this->dropInstance();
        if ($this->module !== null) {
            $this->ffi->wasmtime_module_delete($this->module);
            $this->module = null;
        }
        if ($this->engine !== null) {
            $this->ffi->wasm_engine_delete($this->engine);
            $this->engine = null;
        }
    }

    public function name(): string
    {
        return \sprintf('wasmtime %s (ffi %s, module %s)', $this->version ?? '?', $this->ffiMode, $this->moduleSource);
    }

    /**
     * What was loaded and how, for the doctor and benchmarks.
     *
     * @return array{ffi: string, wasmtime_version: ?string, module_source: string, cache_file: ?string, module_file: ?string,
     *               cache_rejected: ?string, cache_writable: bool, timings_ms: array<string, float>, instance_generation: int,
     *               memory: string, verification: ?string}
     */
    public function info(): array
    {
        return [
            'ffi' => $this->ffiMode,
            'memory' => $this->plan->describe(),
            'wasmtime_version' => $this->version,
            'module_source' => $this->moduleSource,
            'cache_file' => $this->cache->enabled() ? $this->cache->modulePath() : null,
            'module_file' => $this->moduleFile,
            'cache_rejected' => $this->cacheRejected,
            'cache_writable' => $this->cache->canWrite(),
            'timings_ms' => $this->timings,
            'instance_generation' => $this->generation,
            'verification' => $this->verification,
        ];
    }

    public function call(string $requestJson): string
    {
        if ($this->store === null) {
            $this->instantiate();
        }
        try {
            return $this->unchecked() ? $this->callUnchecked($requestJson) : $this->callChecked($requestJson);
        } catch (RuntimeFailure $e) {
            $this->dropInstance();
            throw $e;
        }
    }

    /**
     * One Core call through the unchecked entry: four wasm calls over the same argument buffer,
     * one copy of the request in and one of the response out, no memory lookups while the
     * memory has not grown.
     */
    private function callUnchecked(string $requestJson): string
    {
        $slots = $this->slots;
        $len = \strlen($requestJson);
        $slots[0] = $len;
        try {
            $this->rawCall($this->allocFn, 1);
        } catch (\FFI\Exception) {
            // A preloaded scope from an older header lacks the unchecked entry (nothing was called).
            self::$noUncheckedCalls[$this->ffiMode] = true;
            return $this->callChecked($requestJson);
        }
        $ptr = $slots[0] & 0xFFFFFFFF;
        if ($ptr === 0) {
            throw new RuntimeFailure("the core could not allocate $len bytes for the request");
        }
        if ($len > 0) {
            FFI::memcpy($this->memoryBase($ptr, $len) + $ptr, $requestJson, $len);
        }
        $slots[0] = $ptr;
        $slots[2] = $len;
        $this->rawCall($this->entryFn, 2);
        $ret = $slots[0];
        $slots[0] = $ptr;
        $slots[2] = $len;
        $this->rawCall($this->deallocFn, 2);
        if ($ret === 0) {
            throw new RuntimeFailure('the core could not allocate its response');
        }
        $respPtr = ($ret >> 32) & 0xFFFFFFFF;
        $respLen = $ret & 0xFFFFFFFF;
        $response = FFI::string($this->memoryBase($respPtr, $respLen) + $respPtr, $respLen);
        $slots[0] = $respPtr;
        $slots[2] = $respLen;
        $this->rawCall($this->deallocFn, 2);
        return $response;
    }

    /** One call through wasmtime_func_call_unchecked with $len raw slots (arguments in, results out). */
    private function rawCall(CData $fn, int $len): void
    {
        $err = $this->ffi->wasmtime_func_call_unchecked($this->context, $fn, $this->raw, $len, $this->trapAddr);
        if ($err !== null || !FFI::isNull($this->trap)) {
            $this->checkCall($err);
        }
    }

    /** An instance's first call: wasmtime checks every signature; the unchecked calls follow. */
    private function callChecked(string $requestJson): string
    {
        $len = \strlen($requestJson);
        $ptr = $this->invokeI32($this->allocFn, $len);
        if ($ptr === 0) {
            throw new RuntimeFailure("the core could not allocate $len bytes for the request");
        }
        if ($len > 0) {
            FFI::memcpy($this->memoryBase($ptr, $len) + $ptr, $requestJson, $len);
        }
        $ret = $this->invokeEntry($ptr, $len);
        $this->invokeVoid($this->deallocFn, $ptr, $len);
        if ($ret === 0) {
            throw new RuntimeFailure('the core could not allocate its response');
        }
        $respPtr = ($ret >> 32) & 0xFFFFFFFF;
        $respLen = $ret & 0xFFFFFFFF;
        $response = FFI::string($this->memoryBase($respPtr, $respLen) + $respPtr, $respLen);
        $this->invokeVoid($this->deallocFn, $respPtr, $respLen);
        $this->verified = true;
        return $response;
    }

    /**
     * Test-only: calls sc_call with an arbitrary pointer and length (e.g. out of bounds, to
     * provoke a trap) and returns its raw u64 result. Same failure handling as call().
     *
     * @internal
     */
    public function callEntryForTesting(int $ptr, int $len): int
    {
        if ($this->store === null) {
            $this->instantiate();
        }
        try {
            return $this->invokeEntry($ptr, $len);
        } catch (RuntimeFailure $e) {
            $this->dropInstance();
            throw $e;
        }
    }

    /**
     * Whether a round trip $check (what was asked and answered) already succeeded through this
     * library, FFI mode, PHP and compiled module file: a verdict beside the module (ModuleCache).
     * A module compiled in memory has no file to vouch for, so it is never known good.
     */
    public function knownGood(string $check): bool
    {
        $key = $this->verdictKey($check);
        if ($key === null || !$this->cache->hasVerdict($key)) {
            return false;
        }
        $this->verification = 'cached verdict';
        // The checked first call proved these signatures when the verdict was recorded: the same file has them.
        $this->signaturesKnown = true;
        $this->verified = $this->store !== null;
        return true;
    }

    /** Notes that the round trip $check answered right here, and records it for later requests where allowed. */
    public function recordGood(string $check): void
    {
        $this->verification = 'round trip';
        $key = $this->verdictKey($check);
        if ($key !== null) {
            $this->cache->recordVerdict($key);
        }
    }

    /** What a verdict vouches for: any change of the module file (republished), the library, FFI mode or PHP makes another key. */
    private function verdictKey(string $check): ?string
    {
        if ($this->moduleFile === null) {
            return null;
        }
        \clearstatcache(true, $this->moduleFile); // republished in this process (a long CLI run)
        $module = @\stat($this->moduleFile);
        $library = @\stat($this->library);
        if ($module === false || $library === false) {
            return null;
        }
        return \implode('|', [
            'v1', $check, $this->moduleFile, $module['ino'], $module['size'], $module['mtime'], $module['ctime'],
            $this->library, $library['dev'], $library['ino'], $library['size'], $library['mtime'],
            $this->ffiMode, \PHP_VERSION, \PHP_OS_FAMILY,
        ]);
    }

    /** How many instances were built (1 after construction, +1 per rebuild after a failure). */
    public function instanceGeneration(): int
    {
        return $this->generation;
    }

    /**
     * Loads libwasmtime the way a runtime would (scope or cdef) and builds and frees one engine;
     * returns the FFI mode. For the doctor.
     *
     * @param array<string, mixed> $config
     * @throws RuntimeUnavailable
     */
    public static function probeLibrary(array $config = []): string
    {
        $c = RuntimeConfig::resolve($config);
        [$ffi, $mode] = self::loadFfi($c['ffi'], $c['library']);
        $engine = $ffi->wasm_engine_new_with_config($ffi->wasm_config_new());
        if ($engine === null || FFI::isNull($engine)) {
            throw new RuntimeUnavailable('libwasmtime loaded but could not create an engine');
        }
        $ffi->wasm_engine_delete($engine);
        return $mode;
    }

    /** @return array{0: FFI, 1: string} */
    private static function loadFfi(string $mode, string $library): array
    {
        $key = $mode . "\0" . $library;
        return self::$ffiInstances[$key] ??= self::openFfi($mode, $library);
    }

    /** @return array{0: FFI, 1: string} */
    private static function openFfi(string $mode, string $library): array
    {
        if (!\extension_loaded('ffi') || !\class_exists(FFI::class, false)) {
            throw new RuntimeUnavailable('the PHP FFI extension is not loaded (install php-ffi / enable extension=ffi)');
        }
        $enable = RuntimeConfig::ffiEnable();
        if (RuntimeConfig::ffiEnableOff($enable)) {
            throw new RuntimeUnavailable('FFI is disabled (ffi.enable=' . ($enable === '' ? '0' : $enable) . '): wasmtime cannot run here (ffi.enable=1 would allow it; the generated-PHP core needs nothing)');
        }
        $scopeError = null;
        if ($mode === 'scope' || ($mode === 'auto' && (string) \ini_get('ffi.preload') !== '')) {
            try {
                return [FFI::scope(WasmtimeApi::SCOPE), 'scope'];
            } catch (\Throwable $e) {
                $scopeError = $e->getMessage();
                if ($mode === 'scope') {
                    throw new RuntimeUnavailable('the preloaded FFI scope ' . WasmtimeApi::SCOPE . " is not usable: $scopeError", 0, $e);
                }
            }
        }
        if (!\is_file($library)) {
            throw new RuntimeUnavailable("libwasmtime is missing: $library (run scripts/setup.sh or set SHOPCREDIT_LIBWASMTIME)");
        }
        try {
            return [FFI::cdef(WasmtimeApi::DECLARATIONS, $library), 'cdef'];
        } catch (\Throwable $e) {
            $msg = $e->getMessage();
            if (\str_contains($msg, 'ffi.enable')) {
                throw new RuntimeUnavailable(
                    'FFI is restricted to preloaded code (ffi.enable=' . $enable . ') under the ' . \PHP_SAPI . ' SAPI and the '
                    . WasmtimeApi::SCOPE . ' scope is not preloaded'
                    . ($scopeError !== null ? " ($scopeError)" : '')
                    . ': wasmtime cannot run here (ffi.enable=1 would allow it, see `php php-bridge/bin/shopcredit doctor --ffi`; the generated-PHP core needs nothing)',
                    0,
                    $e,
                );
            }
            throw new RuntimeUnavailable("libwasmtime could not be loaded from $library: $msg", 0, $e);
        }
    }

    /** RLIMIT_AS through libc's getrlimit in the loaded library's scope (MemoryPlan::addressSpaceLimit where it is not declared). */
    private function addressSpaceLimit(): int|null|false
    {
        try {
            $limit = $this->ffi->new('shopcredit_rlimit_t');
            if ($this->ffi->getrlimit(\defined('POSIX_RLIMIT_AS') ? \POSIX_RLIMIT_AS : 9, FFI::addr($limit)) === 0) {
                return $limit->cur < 0 ? null : $limit->cur; // RLIM_INFINITY reads as -1
            }
        } catch (\FFI\Exception) {
            // a preloaded scope from an older header
        }
        return MemoryPlan::addressSpaceLimit();
    }

    private function engineKey(string $library): string
    {
        if ($this->version !== null) {
            $v = 'wasmtime-' . \preg_replace('/[^0-9A-Za-z.+-]/', '_', $this->version);
        } else {
            $st = @\stat($library);
            $v = 'wasmtime-lib' . \substr(\sha1((\realpath($library) ?: $library) . '|' . ($st['size'] ?? 0) . '|' . ($st['mtime'] ?? 0)), 0, 16);
        }
        return $v . $this->plan->key();
    }

    private function newEngine(): CData
    {
        $config = $this->ffi->wasm_config_new();
        if ($config === null || FFI::isNull($config)) {
            throw new RuntimeUnavailable('wasmtime could not create an engine configuration');
        }
        $this->ffi->wasmtime_config_memory_reservation_set($config, $this->plan->reservation);
        $this->ffi->wasmtime_config_memory_guard_size_set($config, $this->plan->guard);
        if ($this->plan->fixed) {
            try {
                $this->ffi->wasmtime_config_memory_may_move_set($config, false);
            } catch (\FFI\Exception) {
                $this->plan = $this->plan->movable(); // a preloaded scope from an older header
            }
        }
        $engine = $this->ffi->wasm_engine_new_with_config($config);
        if ($engine === null || FFI::isNull($engine)) {
            throw new RuntimeUnavailable('wasmtime could not create an engine');
        }
        return $engine;
    }

    /**
     * The compiled module $path and nothing else (RuntimeFactory, for a verdict that names it): a
     * request never compiles the wasm only to find the verdict does not apply.
     */
    private function loadOnly(string $path): CData
    {
        if ($this->cache->modulePath() !== $path || !\is_file($path)) {
            throw new RuntimeUnavailable("the compiled module $path is not the one these settings would load");
        }
        $out = $this->ffi->new('wasmtime_module_t*');
        $err = $this->ffi->wasmtime_module_deserialize_file($this->engine, $path, FFI::addr($out));
        if ($err !== null) {
            throw new RuntimeUnavailable("wasmtime refused the compiled module $path: " . $this->errorMessage($err));
        }
        $this->moduleSource = 'cache';
        $this->moduleFile = $path;
        return $out;
    }

    private function loadModule(string $wasmPath): CData
    {
        $cachePath = null;
        if ($this->cache->enabled()) {
            $cachePath = $this->cache->modulePath();
            if ($cachePath !== null && \is_file($cachePath)) {
                $out = $this->ffi->new('wasmtime_module_t*');
                $err = $this->ffi->wasmtime_module_deserialize_file($this->engine, $cachePath, FFI::addr($out));
                if ($err === null) {
                    $this->moduleSource = 'cache';
                    $this->moduleFile = $cachePath;
                    return $out;
                }
                // Corrupt, foreign wasmtime version or other engine settings: compile afresh.
                $this->cacheRejected = $this->errorMessage($err);
                $this->cache->discard($cachePath);
            }
        }
        $bytes = @\file_get_contents($wasmPath);
        if ($bytes === false || $bytes === '') {
            throw new RuntimeUnavailable("the core wasm cannot be read: $wasmPath");
        }
        $out = $this->ffi->new('wasmtime_module_t*');
        $err = $this->ffi->wasmtime_module_new($this->engine, $bytes, \strlen($bytes), FFI::addr($out));
        if ($err !== null) {
            throw new RuntimeUnavailable("wasmtime could not compile $wasmPath: " . $this->errorMessage($err));
        }
        $this->moduleSource = 'compiled';
        if ($cachePath !== null && ($this->cache->canWrite() || $this->cache->ensureDir() && $this->cache->canWrite())) {
            $vec = $this->ffi->new('wasm_byte_vec_t');
            $err = $this->ffi->wasmtime_module_serialize($out, FFI::addr($vec));
            if ($err === null) {
                $serialized = FFI::string($vec->data, $vec->size);
                $this->ffi->wasm_byte_vec_delete(FFI::addr($vec));
                if ($this->cache->publish($cachePath, $serialized)) {
                    $this->moduleSource = 'compiled, cached';
                    $this->moduleFile = $cachePath;
                    $this->cache->prune($cachePath);
                }
            } else {
                $this->errorMessage($err);
            }
        }
        return $out;
    }

    private function instantiate(): void
    {
        $ffi = $this->ffi;
        $store = $ffi->wasmtime_store_new($this->engine, null, null);
        if ($store === null || FFI::isNull($store)) {
            throw new RuntimeUnavailable('wasmtime could not create a store');
        }
        $this->store = $store;
        $this->context = $ffi->wasmtime_store_context($store);
        $ffi->wasmtime_store_limiter($store, $this->memoryLimit, -1, -1, -1, -1);
        $this->instance = $ffi->new('wasmtime_instance_t');
        $this->trap = $ffi->new('wasm_trap_t*');
        $err = $ffi->wasmtime_instance_new($this->context, $this->module, null, 0, FFI::addr($this->instance), FFI::addr($this->trap));
        if ($err !== null || !FFI::isNull($this->trap)) {
            $msg = $err !== null ? $this->errorMessage($err) : $this->trapMessage();
            $this->dropInstance();
            throw new RuntimeUnavailable("wasmtime could not instantiate the core: $msg");
        }
        $this->memoryExtern = $this->export('memory', WasmtimeApi::EXTERN_MEMORY);
        $this->allocExtern = $this->export('alloc', WasmtimeApi::EXTERN_FUNC);
        $this->deallocExtern = $this->export('dealloc', WasmtimeApi::EXTERN_FUNC);
        $this->entryExtern = $this->export('sc_call', WasmtimeApi::EXTERN_FUNC);
        $this->memory = FFI::addr($this->memoryExtern->of->memory);
        $this->allocFn = FFI::addr($this->allocExtern->of->func);
        $this->deallocFn = FFI::addr($this->deallocExtern->of->func);
        $this->entryFn = FFI::addr($this->entryExtern->of->func);
        $this->args = $ffi->new('wasmtime_val_t[2]');
        $this->results = $ffi->new('wasmtime_val_t[1]');
        $this->raw = $ffi->new('wasmtime_val_raw_t[2]');
        $this->slots = $ffi->cast('int64_t*', FFI::addr($this->raw[0]));
        $this->memBase = null;
        $this->memSize = 0;
        $this->trapAddr = FFI::addr($this->trap);
        $this->verified = $this->signaturesKnown;
        $this->generation++;
    }

    private function export(string $name, int $kind): CData
    {
        $ext = $this->ffi->new('wasmtime_extern_t');
        $found = $this->ffi->wasmtime_instance_export_get($this->context, FFI::addr($this->instance), $name, \strlen($name), FFI::addr($ext));
        if (!$found || $ext->kind !== $kind) {
            $this->dropInstance();
            throw new RuntimeUnavailable("the core wasm does not export `$name` as a " . ($kind === WasmtimeApi::EXTERN_MEMORY ? 'memory' : 'function') . ' (is it the host-ABI build?)');
        }
        return $ext;
    }

    private function dropInstance(): void
    {
        if ($this->store !== null) {
            $this->ffi->wasmtime_store_delete($this->store);
        }
        $this->store = $this->context = $this->instance = $this->trap = $this->trapAddr = $this->raw = $this->slots = $this->memBase = null;
        $this->verified = false;
        $this->memoryExtern = $this->allocExtern = $this->deallocExtern = $this->entryExtern = null;
        $this->memory = $this->allocFn = $this->deallocFn = $this->entryFn = $this->args = $this->results = null;
    }

    /**
     * Linear memory's base, after checking that [$ptr, $ptr+$len) lies inside the memory. Memory
     * only moves when it grows: with a fixed plan never, else only when its size changed, so the
     * base is re-read only then (the size is one FFI call; the fixed plan skips even that while
     * the range lies inside the size last seen, which can only have grown).
     */
    private function memoryBase(int $ptr, int $len): CData
    {
        if ($this->plan->fixed && $ptr >= 0 && $len >= 0 && $ptr + $len <= $this->memSize) {
            return $this->memBase;
        }
        $size = $this->ffi->wasmtime_memory_data_size($this->context, $this->memory);
        if ($size !== $this->memSize || $this->memBase === null) {
            $this->memSize = $size;
            $this->memBase = $this->ffi->wasmtime_memory_data($this->context, $this->memory);
        }
        if ($ptr < 0 || $len < 0 || $ptr + $len > $size) {
            throw new RuntimeFailure("the core returned a buffer outside its memory (ptr $ptr, len $len, memory $size bytes)");
        }
        return $this->memBase;
    }

    private static function i32(int $v): int
    {
        $v &= 0xFFFFFFFF;
        return $v > 0x7FFFFFFF ? $v - 0x100000000 : $v;
    }

    /** Whether this call may skip wasmtime's signature checks (see the class comment). */
    private function unchecked(): bool
    {
        return $this->verified && !isset(self::$noUncheckedCalls[$this->ffiMode]);
    }

    private function invokeI32(CData $fn, int $a): int
    {
        $this->args[0]->kind = WasmtimeApi::KIND_I32;
        $this->args[0]->of->i32 = self::i32($a);
        $this->invoke($fn, 1, 1);
        if ($this->results[0]->kind !== WasmtimeApi::KIND_I32) {
            throw new RuntimeFailure('`alloc` must return an i32');
        }
        return $this->results[0]->of->i32 & 0xFFFFFFFF;
    }

    private function invokeVoid(CData $fn, int $a, int $b): void
    {
        $this->args[0]->kind = WasmtimeApi::KIND_I32;
        $this->args[0]->of->i32 = self::i32($a);
        $this->args[1]->kind = WasmtimeApi::KIND_I32;
        $this->args[1]->of->i32 = self::i32($b);
        $this->invoke($fn, 2, 0);
    }

    private function invokeEntry(int $ptr, int $len): int
    {
        $this->args[0]->kind = WasmtimeApi::KIND_I32;
        $this->args[0]->of->i32 = self::i32($ptr);
        $this->args[1]->kind = WasmtimeApi::KIND_I32;
        $this->args[1]->of->i32 = self::i32($len);
        $this->invoke($this->entryFn, 2, 1);
        if ($this->results[0]->kind !== WasmtimeApi::KIND_I64) {
            throw new RuntimeFailure('`sc_call` must return an i64');
        }
        return $this->results[0]->of->i64;
    }

    private function invoke(CData $fn, int $nargs, int $nresults): void
    {
        $this->checkCall($this->ffi->wasmtime_func_call($this->context, $fn, $this->args, $nargs, $this->results, $nresults, $this->trapAddr));
    }

    /** Throws RuntimeFailure for an engine error or a trap of the call that returned $err. */
    private function checkCall(?CData $err): void
    {
        if ($err !== null) {
            throw new RuntimeFailure('wasmtime: ' . $this->errorMessage($err));
        }
        if (!FFI::isNull($this->trap)) {
            throw new RuntimeFailure('wasm trap: ' . $this->trapMessage());
        }
    }

    /** Reads and frees a wasmtime_error_t. */
    private function errorMessage(CData $err): string
    {
        $vec = $this->ffi->new('wasm_byte_vec_t');
        $this->ffi->wasmtime_error_message($err, FFI::addr($vec));
        $msg = $vec->size > 0 ? FFI::string($vec->data, $vec->size) : 'unknown error';
        $this->ffi->wasm_byte_vec_delete(FFI::addr($vec));
        $this->ffi->wasmtime_error_delete($err);
        return \rtrim($msg, "\0");
    }

    /** Reads and frees the pending trap. */
    private function trapMessage(): string
    {
        $vec = $this->ffi->new('wasm_byte_vec_t');
        $this->ffi->wasm_trap_message($this->trap, FFI::addr($vec));
        $msg = $vec->size > 0 ? FFI::string($vec->data, $vec->size) : 'unknown trap';
        $this->ffi->wasm_byte_vec_delete(FFI::addr($vec));
        $this->ffi->wasm_trap_delete($this->trap);
        $this->trap = $this->ffi->new('wasm_trap_t*');
        return \rtrim($msg, "\0");
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * The part of wasmtime's C API (libwasmtime 50, GC-enabled build) the runtime uses, declared by
 * hand: the PyPI wheel ships no headers, and FFI::cdef resolves every declared symbol at load, so
 * only what is called is declared. Struct sizes were measured against the library:
 * wasmtime_val_t and wasmtime_extern_t are 32 bytes, wasmtime_memory_t 24, wasmtime_func_t and
 * wasmtime_instance_t 16, wasmtime_val_raw_t 16. getrlimit is libc's, found through the library's
 * dependencies: one call instead of posix_getrlimit's sixteen, for MemoryPlan on every request.
 *
 * The same text goes into the ffi.preload header (preload/shopcredit_wasmtime.h.in), so the cdef
 * (CLI, ffi.enable=1) and the preloaded scope (web SAPIs, ffi.enable=preload) cannot drift.
 */
final class WasmtimeApi
{
    public const SCOPE = 'SHOPCREDIT_WASMTIME';

    public const KIND_I32 = 0;
    public const KIND_I64 = 1;
    public const EXTERN_FUNC = 0;
    public const EXTERN_MEMORY = 3;

    public const DECLARATIONS = <<<'C'
typedef struct wasm_config_t wasm_config_t;
typedef struct wasm_engine_t wasm_engine_t;
typedef struct wasmtime_module wasmtime_module_t;
typedef struct wasmtime_store wasmtime_store_t;
typedef struct wasmtime_context wasmtime_context_t;
typedef struct wasmtime_error wasmtime_error_t;
typedef struct wasm_trap_t wasm_trap_t;
typedef struct wasm_byte_vec_t { size_t size; char *data; } wasm_byte_vec_t;
typedef struct wasmtime_instance { uint64_t store_id; size_t private_index; } wasmtime_instance_t;
typedef struct wasmtime_func { uint64_t store_id; void *private_ptr; } wasmtime_func_t;
typedef struct wasmtime_memory_id { uint64_t store_id; uint32_t private1; } wasmtime_memory_id_t;
typedef struct wasmtime_memory { wasmtime_memory_id_t id; uint32_t private2; } wasmtime_memory_t;
typedef union wasmtime_extern_union { wasmtime_func_t func; wasmtime_memory_t memory; uint8_t padding[24]; } wasmtime_extern_union_t;
typedef struct wasmtime_extern { uint8_t kind; wasmtime_extern_union_t of; } wasmtime_extern_t;
typedef union wasmtime_valunion { int32_t i32; int64_t i64; float f32; double f64; uint8_t padding[24]; } wasmtime_valunion_t;
typedef struct wasmtime_val { uint8_t kind; wasmtime_valunion_t of; } wasmtime_val_t;
typedef union wasmtime_val_raw { int32_t i32; int64_t i64; float f32; double f64; uint8_t v128[16]; uint32_t anyref; uint32_t externref; void *funcref; } wasmtime_val_raw_t;
typedef struct shopcredit_rlimit { int64_t cur; int64_t max; } shopcredit_rlimit_t;
wasm_config_t *wasm_config_new(void);
void wasmtime_config_memory_reservation_set(wasm_config_t *config, uint64_t bytes);
void wasmtime_config_memory_guard_size_set(wasm_config_t *config, uint64_t bytes);
void wasmtime_config_memory_may_move_set(wasm_config_t *config, bool enable);
wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config);
void wasm_engine_delete(wasm_engine_t *engine);
wasmtime_error_t *wasmtime_module_new(wasm_engine_t *engine, const char *wasm, size_t wasm_len, wasmtime_module_t **ret);
wasmtime_error_t *wasmtime_module_serialize(wasmtime_module_t *module, wasm_byte_vec_t *ret);
wasmtime_error_t *wasmtime_module_deserialize_file(wasm_engine_t *engine, const char *path, wasmtime_module_t **ret);
void wasmtime_module_delete(wasmtime_module_t *module);
void wasm_byte_vec_delete(wasm_byte_vec_t *vec);
wasmtime_store_t *wasmtime_store_new(wasm_engine_t *engine, void *data, void *finalizer);
wasmtime_context_t *wasmtime_store_context(wasmtime_store_t *store);
void wasmtime_store_limiter(wasmtime_store_t *store, int64_t memory_size, int64_t table_elements, int64_t instances, int64_t tables, int64_t memories);
void wasmtime_store_delete(wasmtime_store_t *store);
wasmtime_error_t *wasmtime_instance_new(wasmtime_context_t *store, const wasmtime_module_t *module, const wasmtime_extern_t *imports, size_t nimports, wasmtime_instance_t *instance, wasm_trap_t **trap);
bool wasmtime_instance_export_get(wasmtime_context_t *store, const wasmtime_instance_t *instance, const char *name, size_t name_len, wasmtime_extern_t *item);
wasmtime_error_t *wasmtime_func_call(wasmtime_context_t *store, const wasmtime_func_t *func, const wasmtime_val_t *args, size_t nargs, wasmtime_val_t *results, size_t nresults, wasm_trap_t **trap);
wasmtime_error_t *wasmtime_func_call_unchecked(wasmtime_context_t *store, const wasmtime_func_t *func, wasmtime_val_raw_t *args_and_results, size_t args_and_results_len, wasm_trap_t **trap);
uint8_t *wasmtime_memory_data(const wasmtime_context_t *store, const wasmtime_memory_t *memory);
size_t wasmtime_memory_data_size(const wasmtime_context_t *store, const wasmtime_memory_t *memory);
void wasmtime_error_message(const wasmtime_error_t *error, wasm_byte_vec_t *message);
void wasmtime_error_delete(wasmtime_error_t *error);
void wasm_trap_message(const wasm_trap_t *trap, wasm_byte_vec_t *out);
void wasm_trap_delete(wasm_trap_t *trap);
int getrlimit(int resource, shopcredit_rlimit_t *rlim);
C;

    /** The ffi.preload header for a library path (FFI_LIB must be a path, hence generated). */
    public static function preloadHeader(string $libraryPath): string
    {
        $template = \file_get_contents(RuntimeConfig::bridgeDir() . '/preload/shopcredit_wasmtime.h.in');
        if ($template === false) {
            throw new RuntimeUnavailable('preload/shopcredit_wasmtime.h.in is missing');
        }
        if (\strpbrk($libraryPath, "\"\n\r\\") !== false) {
            throw new RuntimeUnavailable('the libwasmtime path cannot contain quotes, backslashes or newlines');
        }
        return \strtr($template, ['@SCOPE@' => self::SCOPE, '@LIBWASMTIME@' => $libraryPath, '@DECLARATIONS@' => self::DECLARATIONS]);
    }

    /**
     * The wasmtime version: configured, else read from the library's real path
     * (…/wasmtime-50.0.1/libwasmtime.so as installed by scripts/setup.sh), else null.
     */
    public static function versionOf(string $libraryPath, ?string $configured = null): ?string
    {
        if ($configured !== null && $configured !== '') {
            return $configured;
        }
        $real = \realpath($libraryPath);
        foreach ([$real ?: $libraryPath, $libraryPath] as $p) {
            if (\preg_match('~wasmtime[-_]v?(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)/~', $p, $m) === 1) {
                return $m[1];
            }
        }
        return null;
    }
}

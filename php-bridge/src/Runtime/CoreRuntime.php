<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * One way of running the ShopCredit core: a JSON request in, a JSON response out (src/api).
 *
 * Implementations: WasmtimeRuntime (the host-ABI wasm through wasmtime's C API with FFI); a
 * generated-PHP runtime can join behind the same interface (RuntimeFactory, runtime => php).
 */
interface CoreRuntime
{
    /**
     * Sends one request envelope and returns the core's response bytes unchanged.
     *
     * @throws RuntimeFailure     the call failed inside the runtime (trap, engine error)
     * @throws RuntimeUnavailable the runtime cannot run at all
     */
    public function call(string $requestJson): string;

    /** A short description for logs and the doctor, e.g. "wasmtime (ffi scope, module from cache)". */
    public function name(): string;
}

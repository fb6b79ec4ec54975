<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * The core cannot run here: FFI missing or restricted, libwasmtime or the wasm missing, engine or
 * module initialisation failed. Callers fail closed (no decision means nothing is written).
 */
class RuntimeUnavailable extends \RuntimeException
{
}

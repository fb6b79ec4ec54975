<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * One call failed inside the runtime (a wasm trap, an engine error, a response outside memory).
 * The message carries the runtime's own message. The runtime rebuilds its instance before the
 * next call. A subclass of RuntimeUnavailable so that fail-closed callers catch one type.
 */
final class RuntimeFailure extends RuntimeUnavailable
{
}

<?php

declare(strict_types=1);

namespace ShopCredit;

/**
 * The core refused a request as malformed (`ok:false`): a stable snake_case code
 * (`missing_field`, `invalid_amount`, …), the core's message and the JSON path of the offending
 * field (`input.cart.total`) when there is one. Nothing may be written after it.
 * Business rejections are not errors; they come back inside `result`. Catch InvalidInput for
 * both kinds of bad input.
 */
final class CoreError extends InvalidInput
{
    public function __construct(
        string $errorCode,
        string $message,
        ?string $path = null,
        public readonly string $op = '',
    ) {
        parent::__construct($errorCode, ($op !== '' ? "$op: " : '') . "$errorCode: $message" . ($path !== null ? " (at $path)" : ''), $path);
    }
}

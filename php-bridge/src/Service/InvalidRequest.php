<?php

declare(strict_types=1);

namespace ShopCredit\Service;

/**
 * The service refused a request before asking the core (an id the books cannot hold, an unknown
 * enum value, a missing record). Nothing was written. Malformed input the core refuses comes as
 * \ShopCredit\CoreError instead; both carry a stable snake_case code.
 */
final class InvalidRequest extends \InvalidArgumentException
{
    public function __construct(public readonly string $errorCode, string $message, public readonly ?string $field = null)
    {
        parent::__construct("$errorCode: $message" . ($field !== null ? " ($field)" : ''));
    }
}

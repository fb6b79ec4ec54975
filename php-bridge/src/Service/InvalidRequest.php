<?php

declare(strict_types=1);

namespace ShopCredit\Service;

/**
 * The service refused a request before asking the core (an id the books cannot hold, an unknown
 * enum value, a missing record). Nothing was written. Malformed input the core refuses comes as
 * \ShopCredit\CoreError instead; both are \ShopCredit\InvalidInput (code and path).
 */
final class InvalidRequest extends \ShopCredit\InvalidInput
{
    /** The argument at fault (the same as `path`; kept for callers that read `field`). */
    public readonly ?string $field;

    public function __construct(string $errorCode, string $message, ?string $field = null)
    {
        $this->field = $field;
        parent::__construct($errorCode, "$errorCode: $message" . ($field !== null ? " ($field)" : ''), $field);
    }
}

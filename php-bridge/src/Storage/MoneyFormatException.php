<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

use ShopCredit\InvalidInput;

/**
 * An amount string or currency the storage cannot convert exactly: bad input, so one of the
 * InvalidInput kinds (code and, where the service knows it, the argument's name as `path`).
 */
final class MoneyFormatException extends InvalidInput
{
    /** @param string $errorCode stable code for people's forms: invalid_amount, too_many_decimals, amount_too_large, negative_amount, unknown_currency */
    public function __construct(string $message, string $errorCode = 'invalid_amount', ?string $path = null)
    {
        parent::__construct($errorCode, $message, $path);
    }
}

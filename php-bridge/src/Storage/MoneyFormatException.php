<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** An amount string or currency the storage cannot convert exactly. */
final class MoneyFormatException extends \InvalidArgumentException
{
    /** @param string $errorCode stable code for people's forms: invalid_amount, too_many_decimals, amount_too_large */
    public function __construct(string $message, public readonly string $errorCode = 'invalid_amount')
    {
        parent::__construct($message);
    }
}

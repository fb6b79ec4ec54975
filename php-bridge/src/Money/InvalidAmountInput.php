<?php

declare(strict_types=1);

namespace ShopCredit\Money;

/**
 * What someone typed is not an amount this shop can take. The code is one of the core's own
 * amount codes (missing_field, invalid_amount, too_many_decimals, negative_amount,
 * amount_too_large), so a host shows the same words whichever side refused.
 */
final class InvalidAmountInput extends \ShopCredit\InvalidInput
{
    public function __construct(string $errorCode, string $message, public readonly string $typed)
    {
        parent::__construct($errorCode, "$errorCode: $message");
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * A JSON number kept as its exact literal text. {@see Json::encode()} writes it verbatim, so a
 * decimal string like "119.90" reaches the provider as the JSON number 119.90 without ever being
 * a PHP float. Build it with {@see Decimal::toJsonNumber()} (which validates the scale).
 */
final class RawNumber
{
    public readonly string $literal;

    public function __construct(string $literal)
    {
        if (\preg_match('/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/D', $literal) !== 1) {
            throw new \InvalidArgumentException('not a JSON number literal');
        }
        $this->literal = $literal;
    }
}

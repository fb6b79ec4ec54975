<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** Raised by {@see Json::decode()}; the message never quotes the input (it may hold personal data). */
final class JsonSyntaxError extends \InvalidArgumentException
{
    public readonly int $offset;

    public function __construct(string $reason, int $offset)
    {
        parent::__construct("invalid JSON: {$reason} at byte {$offset}");
        $this->offset = $offset;
    }
}

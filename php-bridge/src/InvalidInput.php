<?php

declare(strict_types=1);

namespace ShopCredit;

/**
 * The one exception type for bad input (docs/answers.md): a stable snake_case code
 * (`missing_field`, `invalid_amount`, `invalid_id`, `not_found`, …), a message and where the
 * bad value was (`path`: the core's JSON path such as `input.cart.total`, or the service
 * argument's name). Nothing was written. Catch this one type; CoreError (the core refused the
 * request) and Service\InvalidRequest (the service refused it before asking the core) are its
 * two kinds. Business refusals are never exceptions: they come back as `accepted: false`.
 */
class InvalidInput extends \InvalidArgumentException
{
    public function __construct(
        public readonly string $errorCode,
        string $message,
        public readonly ?string $path = null,
    ) {
        parent::__construct($message);
    }

    public function errorCode(): string
    {
        return $this->errorCode;
    }

    public function path(): ?string
    {
        return $this->path;
    }
}

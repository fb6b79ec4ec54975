<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Base of every failure talking to Scalexpert. Messages name the operation and the HTTP status,
 * never a credential, a token or a request body.
 */
abstract class ProviderException extends \RuntimeException
{
    public function __construct(
        public readonly string $operation,
        string $message,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, 0, $previous);
    }
}

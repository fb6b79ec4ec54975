<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * No HTTP response was obtained.
 *
 * $requestSent tells the retry logic whether the server may have seen the request:
 * false = provably not sent (DNS failure, connection refused, connect timeout, TLS handshake
 * failure) — safe to retry even a non-idempotent call; true = unknown (timeout or reset after the
 * request was written) — only idempotent calls may be retried.
 */
final class TransportError extends \RuntimeException
{
    public const KIND_CONNECT = 'connect';
    public const KIND_TIMEOUT = 'timeout';
    public const KIND_NETWORK = 'network';

    public function __construct(
        public readonly string $kind,
        public readonly bool $requestSent,
        string $message,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, 0, $previous);
    }
}

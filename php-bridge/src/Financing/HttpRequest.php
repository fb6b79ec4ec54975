<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** One outgoing HTTP request. Header names are given as sent; values may hold credentials. */
final class HttpRequest
{
    /**
     * @param array<string, string> $headers
     */
    public function __construct(
        public readonly string $method,
        public readonly string $url,
        public readonly array $headers = [],
        public readonly ?string $body = null,
        public readonly int $connectTimeoutMs = 3000,
        public readonly int $timeoutMs = 15000,
    ) {
    }

    /** Never dump credentials: var_dump/print_r show the method and URL only. */
    public function __debugInfo(): array
    {
        return ['method' => $this->method, 'url' => $this->url];
    }
}

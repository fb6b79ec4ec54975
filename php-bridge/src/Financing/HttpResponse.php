<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

final class HttpResponse
{
    /** @var array<string, string> lower-cased header name => value (last one wins) */
    public readonly array $headers;

    /**
     * @param array<string, string> $headers
     */
    public function __construct(
        public readonly int $status,
        array $headers,
        public readonly string $body,
    ) {
        $lc = [];
        foreach ($headers as $k => $v) {
            $lc[\strtolower((string) $k)] = $v;
        }
        $this->headers = $lc;
    }

    public function header(string $name): ?string
    {
        return $this->headers[\strtolower($name)] ?? null;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing\Support;

use ShopCredit\Financing\HttpRequest;
use ShopCredit\Financing\HttpResponse;
use ShopCredit\Financing\HttpTransport;
use ShopCredit\Financing\TransportError;

/**
 * An HttpTransport that answers from a script: each entry is an HttpResponse, a TransportError
 * to throw, or a closure fn(HttpRequest): HttpResponse. Token requests are answered
 * automatically unless $scriptTokens is true. Every request is recorded.
 */
final class ScriptedTransport implements HttpTransport
{
    /** @var list<HttpRequest> */
    public array $requests = [];
    /** @var list<HttpResponse|TransportError|\Closure> */
    private array $script;
    public int $tokensIssued = 0;

    /** @param list<HttpResponse|TransportError|\Closure> $script */
    public function __construct(array $script, private readonly bool $scriptTokens = false)
    {
        $this->script = $script;
    }

    public static function json(int $status, string $body, array $headers = []): HttpResponse
    {
        return new HttpResponse($status, ['Content-Type' => 'application/json'] + $headers, $body);
    }

    public function send(HttpRequest $request): HttpResponse
    {
        $this->requests[] = $request;
        if (!$this->scriptTokens && \str_ends_with($request->url, '/oauth2/token')) {
            $this->tokensIssued++;
            return self::json(200, '{"access_token":"tok-' . $this->tokensIssued . '","token_type":"Bearer","expires_in":3600}');
        }
        if ($this->script === []) {
            throw new \LogicException('script exhausted at ' . $request->method . ' ' . $request->url);
        }
        $next = \array_shift($this->script);
        if ($next instanceof TransportError) {
            throw $next;
        }
        if ($next instanceof \Closure) {
            return $next($request);
        }
        return $next;
    }

    /** @return list<HttpRequest> the non-token requests */
    public function apiRequests(): array
    {
        return \array_values(\array_filter($this->requests, static fn (HttpRequest $r): bool => !\str_ends_with($r->url, '/oauth2/token')));
    }
}

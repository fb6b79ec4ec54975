<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Connection settings for {@see ScalexpertClient}.
 *
 * $baseUrl is the API gateway root; the client appends `/auth-server/api/v1/oauth2/token` and
 * `/e-financing/api/v1/...` exactly as the swagger's servers/tokenUrl do. Use BASE_URL_PROD,
 * BASE_URL_SANDBOX, or any URL (e.g. the local fake at http://127.0.0.1:PORT). Plain http is
 * accepted for loopback hosts only, so credentials never cross a network in clear.
 */
final class ScalexpertConfig
{
    public const BASE_URL_PROD = 'https://api.scalexpert.societegenerale.com/baas/prod';
    public const BASE_URL_SANDBOX = 'https://api.scalexpert.uatc.societegenerale.com/baas/uatc';
    /** The only scope the e-financing swagger declares (securitySchemes.oauth-flows). */
    public const SCOPE_E_FINANCING = 'e-financing:rw';

    public readonly string $baseUrl;

    public function __construct(
        public readonly string $clientId,
        #[\SensitiveParameter] private readonly string $clientSecret,
        string $baseUrl = self::BASE_URL_PROD,
        public readonly ?string $tokenUrl = null,
        public readonly string $scope = self::SCOPE_E_FINANCING,
        public readonly int $connectTimeoutMs = 3000,
        public readonly int $timeoutMs = 15000,
        public readonly int $maxAttempts = 4,
        public readonly int $backoffBaseMs = 200,
        public readonly int $backoffMaxMs = 5000,
        public readonly int $tokenExpiryMarginS = 60,
        public readonly int $maxPages = 50,
    ) {
        if ($clientId === '' || $clientSecret === '') {
            throw new \InvalidArgumentException('client id and secret are required');
        }
        $this->baseUrl = \rtrim($baseUrl, '/');
        self::assertUrl($this->baseUrl);
        if ($tokenUrl !== null) {
            self::assertUrl($tokenUrl);
        }
        if ($connectTimeoutMs < 1 || $timeoutMs < 1) {
            throw new \InvalidArgumentException('timeouts must be positive');
        }
        if ($maxAttempts < 1 || $maxAttempts > 10) {
            throw new \InvalidArgumentException('maxAttempts must be within 1..10');
        }
        if ($backoffBaseMs < 0 || $backoffMaxMs < $backoffBaseMs) {
            throw new \InvalidArgumentException('invalid backoff bounds');
        }
        if ($tokenExpiryMarginS < 0 || $maxPages < 1) {
            throw new \InvalidArgumentException('invalid token margin or page bound');
        }
    }

    /** The provider's own API hosts: production, and its sandbox (uatc). */
    public const PROD_HOST = 'api.scalexpert.societegenerale.com';
    public const SANDBOX_HOST = 'api.scalexpert.uatc.societegenerale.com';

    /**
     * Whether a shop may send its client id and secret to $url: the provider's production host
     * over https always; its sandbox or any other URL (a local fake, a proxy) only when the
     * merchant explicitly enabled a sandbox/custom provider URL. Empty = production.
     * @return ?string null when allowed, else a stable code: provider_url_invalid | provider_url_not_allowed
     */
    public static function urlProblem(string $url, bool $customAllowed): ?string
    {
        $url = \trim($url);
        if ($url === '') {
            return null;
        }
        try {
            self::assertUrl(\rtrim($url, '/'));
        } catch (\InvalidArgumentException) {
            return 'provider_url_invalid';
        }
        $parts = \parse_url($url);
        $prod = \strtolower((string) ($parts['scheme'] ?? '')) === 'https' && \strtolower((string) ($parts['host'] ?? '')) === self::PROD_HOST
            && !isset($parts['user']) && !isset($parts['pass']) && !isset($parts['port']);
        return $prod || $customAllowed ? null : 'provider_url_not_allowed';
    }

    public function eFinancingUrl(): string
    {
        return $this->baseUrl . '/e-financing/api/v1';
    }

    public function tokenEndpoint(): string
    {
        return $this->tokenUrl ?? $this->baseUrl . '/auth-server/api/v1/oauth2/token';
    }

    /** The HTTP Basic credentials for the token call, as Scalexpert's own plugins build them. */
    public function basicAuthorization(): string
    {
        return 'Basic ' . \base64_encode($this->clientId . ':' . $this->clientSecret);
    }

    public function __debugInfo(): array
    {
        return ['clientId' => $this->clientId, 'clientSecret' => '***', 'baseUrl' => $this->baseUrl, 'scope' => $this->scope];
    }

    private static function assertUrl(string $url): void
    {
        $parts = \parse_url($url);
        $scheme = \strtolower((string) ($parts['scheme'] ?? ''));
        $host = \strtolower((string) ($parts['host'] ?? ''));
        if ($host === '' || !\in_array($scheme, ['https', 'http'], true) || isset($parts['user']) || isset($parts['query'])) {
            throw new \InvalidArgumentException('base/token URL must be an absolute http(s) URL without credentials or query');
        }
        $loopback = $host === 'localhost' || $host === '[::1]' || \str_starts_with($host, '127.');
        if ($scheme === 'http' && !$loopback) {
            throw new \InvalidArgumentException('plain http is only allowed for loopback hosts');
        }
    }
}

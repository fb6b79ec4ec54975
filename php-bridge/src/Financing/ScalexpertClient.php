<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Scalexpert e-financing API client (swagger e-financing 1.7.1).
 *
 * Amounts: EUR decimal strings in and out ("119.90"). They are written into the request JSON as
 * number literals through {@see RawNumber} and read back through {@see Json::decode()}, which
 * keeps every non-integer number as its exact literal text; no amount is ever a PHP float.
 *
 * Retries (exponential backoff with jitter, at most ScalexpertConfig::$maxAttempts attempts):
 *  - idempotent calls — every GET, the token request (issuing a token changes nothing) and
 *    confirm delivery (it *assigns* isDelivered=true plus tracking data; replaying the same
 *    assignment converges to the same state) — are retried on network errors, timeouts, 429 and
 *    500/502/503/504;
 *  - non-idempotent calls — create subscription and cancel — are retried ONLY when the provider
 *    provably did not process the request: the connection could not be established (the request
 *    was never written), or the answer was 429 (rate limited = refused before processing), or 401
 *    (refused before processing; the token is renewed once). The swagger defines no idempotency
 *    key for POST /subscriptions, so after a timeout or a 5xx a resend could open a second credit
 *    application for the same order (and a second cancel could cancel twice). Those cases raise
 *    ProviderUnavailable with outcomeUnknown=true: reconcile with findSubscriptionsByOrder()
 *    (the list is filterable by merchantGlobalOrderId) before deciding to create again.
 *
 * Logging: an optional closure fn(string $level, string $message, array $context): void receives
 * operation, method, path, HTTP status, attempt and duration — never headers, tokens, the client
 * secret, query strings or bodies (they hold personal data).
 */
final class ScalexpertClient
{
    public const CURRENCY = 'EUR';
    public const SCALE = 2;
    public const MAX_PAGE_SIZE = 100;

    private const UUID_RE = '/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/D';
    private const RETRYABLE_5XX = [500, 502, 503, 504];

    private HttpTransport $transport;
    /** @var \Closure(string, string, array<string, mixed>): void */
    private \Closure $logger;
    /** @var \Closure(): int */
    private \Closure $clock;
    /** @var \Closure(int): void */
    private \Closure $sleeper;
    /** @var \Closure(int): int */
    private \Closure $jitter;

    private ?string $token = null;
    private int $tokenValidUntil = 0;

    /**
     * @param \Closure(string, string, array<string, mixed>): void|null $logger
     * @param \Closure(): int|null $clock unix seconds (token expiry)
     * @param \Closure(int): void|null $sleeper sleeps the given milliseconds (backoff)
     * @param \Closure(int): int|null $jitter random integer in [0, max]
     */
    public function __construct(
        private readonly ScalexpertConfig $config,
        ?HttpTransport $transport = null,
        ?\Closure $logger = null,
        ?\Closure $clock = null,
        ?\Closure $sleeper = null,
        ?\Closure $jitter = null,
    ) {
        $this->transport = $transport ?? new CurlTransport();
        $this->logger = $logger ?? static function (string $level, string $message, array $context): void {
        };
        $this->clock = $clock ?? static fn (): int => \time();
        $this->sleeper = $sleeper ?? static function (int $ms): void {
            if ($ms > 0) {
                \usleep($ms * 1000);
            }
        };
        $this->jitter = $jitter ?? static fn (int $max): int => $max > 0 ? \random_int(0, $max) : 0;
    }

    /**
     * GET /eligible-solutions — the solutions (3x/4x split, long credit...) available for an
     * amount and a buyer billing country. An empty list means not eligible.
     *
     * @return list<EligibleSolution>
     */
    public function eligibleSolutions(string $financedAmount, string $buyerBillingCountry, string $currency = self::CURRENCY): array
    {
        $this->assertCurrency($currency);
        $amount = $this->amountArg($financedAmount, 'financedAmount');
        if (\preg_match('/^[A-Z]{2}$/D', $buyerBillingCountry) !== 1) {
            throw new \InvalidArgumentException('buyerBillingCountry must be an ISO 3166-1 alpha-2 code');
        }
        $res = $this->call('eligible_solutions', 'GET', '/eligible-solutions', [
            'financedAmount' => $amount,
            'buyerBillingCountry' => $buyerBillingCountry,
        ], null, true, [200]);
        return $this->parse('eligible_solutions', $res, static function (mixed $doc): array {
            // "An empty json object is returned if not eligible."
            if ($doc === []) {
                return [];
            }
            if (!\is_array($doc)) {
                throw new \UnexpectedValueException('body must be an object');
            }
            $out = [];
            foreach (Fields::optArray($doc, 'solutions') ?? [] as $s) {
                if (!\is_array($s)) {
                    throw new \UnexpectedValueException('solutions[] must be objects');
                }
                $out[] = EligibleSolution::fromProvider($s);
            }
            return $out;
        });
    }

    /**
     * POST /subscriptions?language=... — opens a credit application; the buyer is then sent to
     * SubscriptionCreated::redirectUrl().
     *
     * $request follows InitiateCreditSubscriptionRequest, except that money is given as decimal
     * strings: `financedAmount` and every `basketDetails.basketItems[].price` (EUR, ≤ 2 fraction
     * digits). PHP floats anywhere in $request are refused.
     *
     * Never retried once the request may have reached the provider (see the class comment).
     *
     * @param array<string, mixed> $request
     */
    public function createSubscription(array $request, string $language): SubscriptionCreated
    {
        if (\preg_match('/^[a-z]{2}-[A-Z]{2}$/D', $language) !== 1) {
            throw new \InvalidArgumentException('language must look like fr-FR');
        }
        $body = $this->prepareSubscriptionRequest($request);
        $res = $this->call('create_subscription', 'POST', '/subscriptions', ['language' => $language], $body, false, [200, 201]);
        return $this->parse('create_subscription', $res, static function (mixed $doc): SubscriptionCreated {
            if (!\is_array($doc)) {
                throw new \UnexpectedValueException('body must be an object');
            }
            $id = Fields::string($doc, 'id');
            $redirect = Fields::optArray($doc, 'redirect') ?? [];
            $type = Fields::optString($redirect, 'type');
            $value = Fields::optString($redirect, 'value');
            if ($type !== null && !\in_array($type, ['url', 'page'], true)) {
                throw new \UnexpectedValueException('redirect.type must be url or page');
            }
            return new SubscriptionCreated($id, $type, $value);
        });
    }

    /** GET /subscriptions/{creditSubscriptionId} */
    public function getSubscription(string $subscriptionId): Subscription
    {
        $id = $this->subscriptionIdArg($subscriptionId);
        $res = $this->call('get_subscription', 'GET', '/subscriptions/' . $id, null, null, true, [200]);
        return $this->parse('get_subscription', $res, static function (mixed $doc): Subscription {
            if (!\is_array($doc)) {
                throw new \UnexpectedValueException('body must be an object');
            }
            return Subscription::fromProvider($doc);
        });
    }

    /** GET /subscriptions — one page (pages start at 1). */
    public function listSubscriptionsPage(
        int $page = 1,
        int $pageSize = 20,
        ?string $merchantGlobalOrderId = null,
        ?string $merchantBasketId = null,
    ): SubscriptionPage {
        if ($page < 1 || $pageSize < 1 || $pageSize > self::MAX_PAGE_SIZE) {
            throw new \InvalidArgumentException('page must be >= 1 and pageSize within 1..' . self::MAX_PAGE_SIZE);
        }
        $query = ['page' => (string) $page, 'pageSize' => (string) $pageSize];
        if ($merchantGlobalOrderId !== null) {
            $query['merchantGlobalOrderId'] = $merchantGlobalOrderId;
        }
        if ($merchantBasketId !== null) {
            $query['merchantBasketId'] = $merchantBasketId;
        }
        $res = $this->call('list_subscriptions', 'GET', '/subscriptions', $query, null, true, [200]);
        return $this->parse('list_subscriptions', $res, static function (mixed $doc) use ($page, $pageSize): SubscriptionPage {
            if (!\is_array($doc)) {
                throw new \UnexpectedValueException('body must be an object');
            }
            $total = Fields::int($doc, 'totalItemCount');
            $items = [];
            foreach (Fields::optArray($doc, 'subscriptions') ?? [] as $s) {
                if (!\is_array($s)) {
                    throw new \UnexpectedValueException('subscriptions[] must be objects');
                }
                $items[] = Subscription::fromProvider($s);
            }
            return new SubscriptionPage($page, $pageSize, $total, $items);
        });
    }

    /**
     * Walks GET /subscriptions page by page, lazily (one request per page consumed). Bounded: at
     * most $maxPages (default ScalexpertConfig::$maxPages) pages are fetched. The generator's
     * return value (Generator::getReturn()) is true when the listing was exhausted, false when
     * the bound stopped it with pages left.
     *
     * @return \Generator<int, SubscriptionPage, mixed, bool> keys are page numbers
     */
    public function listSubscriptions(
        ?string $merchantGlobalOrderId = null,
        ?string $merchantBasketId = null,
        int $pageSize = 20,
        ?int $maxPages = null,
    ): \Generator {
        $maxPages ??= $this->config->maxPages;
        if ($maxPages < 1) {
            throw new \InvalidArgumentException('maxPages must be >= 1');
        }
        for ($page = 1; $page <= $maxPages; $page++) {
            $p = $this->listSubscriptionsPage($page, $pageSize, $merchantGlobalOrderId, $merchantBasketId);
            yield $page => $p;
            if (!$p->hasMore()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every subscription the provider holds for one order — the reconciliation step after a
     * create whose outcome is unknown.
     *
     * @return list<Subscription>
     */
    public function findSubscriptionsByOrder(string $merchantGlobalOrderId): array
    {
        $out = [];
        $gen = $this->listSubscriptions($merchantGlobalOrderId, null, self::MAX_PAGE_SIZE);
        foreach ($gen as $page) {
            foreach ($page->subscriptions as $s) {
                $out[] = $s;
            }
        }
        if ($gen->getReturn() !== true) {
            throw new ProviderResponseInvalid('list_subscriptions', 'too many subscriptions for one order');
        }
        return $out;
    }

    /**
     * POST /subscriptions/{id}/_confirmDelivery — needed for long credit only (the provider answers
     * 204 "accepted but not processed" for split payments). $operator: UPS, DHL, CHRONOPOST,
     * LA_POSTE, DPD, RELAIS_COLIS, MONDIAL_RELAY, FEDEX, GLS, UNKNOWN.
     */
    public function confirmDelivery(string $subscriptionId, ?string $trackingNumber = null, ?string $operator = null): void
    {
        $id = $this->subscriptionIdArg($subscriptionId);
        $body = ['isDelivered' => true];
        if ($trackingNumber !== null) {
            if ($trackingNumber === '' || \strlen($trackingNumber) > 100) {
                throw new \InvalidArgumentException('trackingNumber must be 1..100 characters');
            }
            $body['trackingNumber'] = $trackingNumber;
        }
        if ($operator !== null) {
            $ops = ['UPS', 'DHL', 'CHRONOPOST', 'LA_POSTE', 'DPD', 'RELAIS_COLIS', 'MONDIAL_RELAY', 'FEDEX', 'GLS', 'UNKNOWN'];
            if (!\in_array($operator, $ops, true)) {
                throw new \InvalidArgumentException('unknown delivery operator');
            }
            $body['operator'] = $operator;
        }
        $this->call('confirm_delivery', 'POST', '/subscriptions/' . $id . '/_confirmDelivery', null, $body, true, [200, 201, 202, 204]);
    }

    /**
     * POST /subscriptions/{id}/_cancel — full cancellation when $cancelledAmount equals the
     * financed amount (status becomes CANCELLED), partial when lower (status stays ACCEPTED, the
     * financed amount decreases; the provider allows one partial cancellation only).
     *
     * Not retried once the request may have reached the provider.
     */
    public function cancel(
        string $subscriptionId,
        string $cancelledAmount,
        ?string $cancelledItem = null,
        ?string $cancellationReason = null,
    ): CancellationResult {
        $id = $this->subscriptionIdArg($subscriptionId);
        $amount = $this->amountArg($cancelledAmount, 'cancelledAmount');
        if (Decimal::compare($amount, '0') <= 0) {
            throw new \InvalidArgumentException('cancelledAmount must be positive');
        }
        $body = ['cancelledAmount' => new RawNumber($amount)];
        if ($cancelledItem !== null) {
            $body['cancelledItem'] = $cancelledItem;
        }
        if ($cancellationReason !== null) {
            $body['cancellationReason'] = $cancellationReason;
        }
        $res = $this->call('cancel', 'POST', '/subscriptions/' . $id . '/_cancel', null, $body, false, [200, 201, 202, 204]);
        if ($res->status === 204 || \trim($res->body) === '') {
            return new CancellationResult(null, null);
        }
        return $this->parse('cancel', $res, static function (mixed $doc): CancellationResult {
            if (!\is_array($doc)) {
                throw new \UnexpectedValueException('body must be an object');
            }
            return new CancellationResult(Fields::optAmount($doc, 'financedAmount', self::SCALE), Fields::optString($doc, 'status'));
        });
    }

    /** Full cancellation: reads the current financed amount, then cancels all of it. */
    public function cancelInFull(string $subscriptionId, ?string $cancellationReason = null): CancellationResult
    {
        $sub = $this->getSubscription($subscriptionId);
        if ($sub->financedAmount === null) {
            throw new ProviderResponseInvalid('get_subscription', 'subscription carries no financed amount');
        }
        return $this->cancel($subscriptionId, $sub->financedAmount, null, $cancellationReason);
    }

    /** Drops the cached access token (e.g. after the credentials were changed). */
    public function forgetToken(): void
    {
        $this->token = null;
        $this->tokenValidUntil = 0;
    }

    // ---------------------------------------------------------------------------------------

    /**
     * @param array<string, string>|null $query
     * @param list<int> $okStatuses
     */
    private function call(string $operation, string $method, string $path, ?array $query, mixed $jsonBody, bool $idempotent, array $okStatuses): HttpResponse
    {
        $url = $this->config->eFinancingUrl() . $path;
        if ($query !== null && $query !== []) {
            $url .= '?' . \http_build_query($query, '', '&', \PHP_QUERY_RFC3986);
        }
        $body = $jsonBody === null ? null : Json::encode($jsonBody);
        $renewedToken = false;

        $attempt = 0;
        while (true) {
            $attempt++;
            $headers = [
                'Authorization' => 'Bearer ' . $this->accessToken(),
                'Accept' => 'application/json',
            ];
            if ($body !== null) {
                $headers['Content-Type'] = 'application/json';
            }
            $request = new HttpRequest($method, $url, $headers, $body, $this->config->connectTimeoutMs, $this->config->timeoutMs);
            $outcome = $this->attempt($operation, $request, $path, $attempt);

            if ($outcome instanceof TransportError) {
                $retryable = $idempotent || !$outcome->requestSent;
                if ($retryable && $attempt < $this->config->maxAttempts) {
                    $this->backoff($operation, $attempt, null);
                    continue;
                }
                throw new ProviderUnavailable(
                    $operation,
                    "{$operation}: provider unreachable ({$outcome->kind}) after {$attempt} attempt(s)",
                    null,
                    $attempt,
                    !$idempotent && $outcome->requestSent,
                    $outcome,
                );
            }

            $status = $outcome->status;
            if (\in_array($status, $okStatuses, true)) {
                return $outcome;
            }
            if ($status === 401 && !$renewedToken) {
                // The cached token was revoked or expired early; the call was refused before
                // processing, so one replay with a fresh token is safe for every operation.
                $renewedToken = true;
                $this->forgetToken();
                $attempt--;
                continue;
            }
            if ($status === 429 || \in_array($status, self::RETRYABLE_5XX, true)) {
                $retryable = $status === 429 || $idempotent;
                if ($retryable && $attempt < $this->config->maxAttempts) {
                    $this->backoff($operation, $attempt, $outcome->header('retry-after'));
                    continue;
                }
                throw new ProviderUnavailable(
                    $operation,
                    "{$operation}: provider answered HTTP {$status} after {$attempt} attempt(s)",
                    $status,
                    $attempt,
                    !$idempotent && $status !== 429,
                );
            }
            if ($status >= 400 && $status < 500) {
                [$code, $message] = self::errorDetails($outcome->body);
                throw new ProviderRejected($operation, $status, $code, $message);
            }
            if ($status >= 500) {
                throw new ProviderUnavailable($operation, "{$operation}: provider answered HTTP {$status}", $status, $attempt, !$idempotent);
            }
            throw new ProviderResponseInvalid($operation, "{$operation}: unexpected HTTP {$status}");
        }
    }

    private function attempt(string $operation, HttpRequest $request, string $path, int $attempt): HttpResponse|TransportError
    {
        $t0 = \hrtime(true);
        try {
            $res = $this->transport->send($request);
        } catch (TransportError $e) {
            ($this->logger)('warning', 'scalexpert request failed', [
                'operation' => $operation, 'method' => $request->method, 'path' => $path,
                'attempt' => $attempt, 'error' => $e->kind, 'requestSent' => $e->requestSent,
                'durationMs' => \intdiv(\hrtime(true) - $t0, 1_000_000),
            ]);
            return $e;
        }
        ($this->logger)($res->status >= 400 ? 'warning' : 'info', 'scalexpert request', [
            'operation' => $operation, 'method' => $request->method, 'path' => $path,
            'attempt' => $attempt, 'status' => $res->status,
            'durationMs' => \intdiv(\hrtime(true) - $t0, 1_000_000),
        ]);
        return $res;
    }

    private function backoff(string $operation, int $attempt, ?string $retryAfter): void
    {
        $cap = \min($this->config->backoffMaxMs, $this->config->backoffBaseMs * (2 ** ($attempt - 1)));
        $half = \intdiv($cap, 2);
        $delay = $cap - $half + ($this->jitter)($half); // "equal jitter": [cap/2, cap]
        if ($retryAfter !== null && \preg_match('/^\d{1,6}$/D', \trim($retryAfter)) === 1) {
            $delay = \max($delay, \min($this->config->backoffMaxMs, (int) \trim($retryAfter) * 1000));
        }
        ($this->logger)('info', 'scalexpert retry scheduled', ['operation' => $operation, 'attempt' => $attempt, 'delayMs' => $delay]);
        ($this->sleeper)($delay);
    }

    /** OAuth2 client credentials (scope e-financing:rw), cached until expiry minus the margin. */
    private function accessToken(): string
    {
        $now = ($this->clock)();
        if ($this->token !== null && $now < $this->tokenValidUntil) {
            return $this->token;
        }
        $this->token = null;
        $body = \http_build_query(['grant_type' => 'client_credentials', 'scope' => $this->config->scope], '', '&', \PHP_QUERY_RFC1738);
        $headers = [
            'Authorization' => $this->config->basicAuthorization(),
            'Content-Type' => 'application/x-www-form-urlencoded',
            'Accept' => 'application/json',
        ];
        $request = new HttpRequest('POST', $this->config->tokenEndpoint(), $headers, $body, $this->config->connectTimeoutMs, $this->config->timeoutMs);
        $path = '/auth-server/api/v1/oauth2/token';

        $attempt = 0;
        while (true) {
            $attempt++;
            $outcome = $this->attempt('token', $request, $path, $attempt);
            if ($outcome instanceof TransportError) {
                if ($attempt < $this->config->maxAttempts) {
                    $this->backoff('token', $attempt, null);
                    continue;
                }
                throw new ProviderUnavailable('token', "token: provider unreachable ({$outcome->kind}) after {$attempt} attempt(s)", null, $attempt, false, $outcome);
            }
            $status = $outcome->status;
            if ($status === 429 || \in_array($status, self::RETRYABLE_5XX, true)) {
                if ($attempt < $this->config->maxAttempts) {
                    $this->backoff('token', $attempt, $outcome->header('retry-after'));
                    continue;
                }
                throw new ProviderUnavailable('token', "token: provider answered HTTP {$status} after {$attempt} attempt(s)", $status, $attempt);
            }
            if ($status !== 200) {
                [$code, $message] = self::errorDetails($outcome->body);
                if ($status >= 400 && $status < 500) {
                    throw new ProviderRejected('token', $status, $code, $message);
                }
                throw new ProviderUnavailable('token', "token: provider answered HTTP {$status}", $status, $attempt);
            }
            break;
        }

        [$token, $expiresIn] = $this->parse('token', $outcome, static function (mixed $doc): array {
            if (!\is_array($doc)) {
                throw new \UnexpectedValueException('body must be an object');
            }
            $token = Fields::string($doc, 'access_token');
            $type = Fields::optString($doc, 'token_type');
            if ($type !== null && \strcasecmp($type, 'bearer') !== 0) {
                throw new \UnexpectedValueException('token_type must be Bearer');
            }
            $exp = $doc['expires_in'] ?? 300; // RFC 6749: RECOMMENDED; assume a short life when absent
            if (\is_string($exp) && \preg_match('/^\d{1,9}$/D', $exp) === 1) {
                $exp = (int) $exp;
            }
            if (!\is_int($exp) || $exp < 1) {
                throw new \UnexpectedValueException('expires_in must be a positive integer');
            }
            return [$token, $exp];
        });
        $margin = \min($this->config->tokenExpiryMarginS, \intdiv($expiresIn, 2));
        $this->token = $token;
        $this->tokenValidUntil = $now + $expiresIn - $margin;
        return $token;
    }

    /**
     * @template T
     * @param \Closure(mixed): T $map
     * @return T
     */
    private function parse(string $operation, HttpResponse $res, \Closure $map): mixed
    {
        try {
            $doc = Json::decode($res->body);
            return $map($doc);
        } catch (JsonSyntaxError $e) {
            throw new ProviderResponseInvalid($operation, "{$operation}: response is not valid JSON", $e);
        } catch (\UnexpectedValueException $e) {
            throw new ProviderResponseInvalid($operation, "{$operation}: " . $e->getMessage(), $e);
        }
    }

    /** @return array{0: ?string, 1: ?string} applicative error code and message from an error body */
    private static function errorDetails(string $body): array
    {
        if (\trim($body) === '' || \strlen($body) > 65536) {
            return [null, null];
        }
        try {
            $doc = Json::decode($body);
        } catch (JsonSyntaxError) {
            return [null, null];
        }
        if (!\is_array($doc)) {
            return [null, null];
        }
        $code = null;
        if (isset($doc['errorCode']) && \is_string($doc['errorCode'])) {
            $code = $doc['errorCode'];
        } elseif (isset($doc['errors'][0]['code']) && \is_string($doc['errors'][0]['code'])) {
            $code = $doc['errors'][0]['code'];
        } elseif (isset($doc['error']) && \is_string($doc['error'])) {
            $code = $doc['error']; // OAuth2 error body (invalid_client, invalid_scope...)
        }
        $message = null;
        foreach (['errorMessage', 'error_description'] as $k) {
            if (isset($doc[$k]) && \is_string($doc[$k])) {
                $message = $doc[$k];
                break;
            }
        }
        return [$code, $message];
    }

    private function assertCurrency(string $currency): void
    {
        if ($currency !== self::CURRENCY) {
            throw new \InvalidArgumentException('Scalexpert e-financing amounts are in EUR only');
        }
    }

    private function amountArg(string $amount, string $name): string
    {
        try {
            $n = Decimal::normalize($amount, self::SCALE);
        } catch (\InvalidArgumentException $e) {
            throw new \InvalidArgumentException("{$name}: " . $e->getMessage(), 0, $e);
        }
        if ($n[0] === '-') {
            throw new \InvalidArgumentException("{$name} must not be negative");
        }
        return $n;
    }

    private function subscriptionIdArg(string $id): string
    {
        if (\preg_match(self::UUID_RE, $id) !== 1) {
            throw new \InvalidArgumentException('subscription id must be a UUID');
        }
        return $id;
    }

    /**
     * Validates the money fields of an InitiateCreditSubscriptionRequest and turns them into
     * JSON number literals.
     *
     * @param array<string, mixed> $request
     * @return array<string, mixed>
     */
    private function prepareSubscriptionRequest(array $request): array
    {
        foreach (['solutionCode', 'merchantBasketId', 'merchantGlobalOrderId', 'merchantBuyerId'] as $k) {
            if (!isset($request[$k]) || !\is_string($request[$k]) || $request[$k] === '') {
                throw new \InvalidArgumentException("{$k} is required");
            }
        }
        if (!isset($request['financedAmount']) || !\is_string($request['financedAmount'])) {
            throw new \InvalidArgumentException('financedAmount is required as a decimal string');
        }
        $request['financedAmount'] = new RawNumber($this->amountArg($request['financedAmount'], 'financedAmount'));
        if (!isset($request['merchantUrls']['confirmation']) || !\is_string($request['merchantUrls']['confirmation'])) {
            throw new \InvalidArgumentException('merchantUrls.confirmation is required');
        }
        $buyers = $request['buyers'] ?? null;
        if (!\is_array($buyers) || !\array_is_list($buyers) || \count($buyers) < 1 || \count($buyers) > 100) {
            throw new \InvalidArgumentException('buyers must be a list of 1..100 buyers');
        }
        $items = $request['basketDetails']['basketItems'] ?? null;
        if (!\is_array($items) || !\array_is_list($items) || $items === []) {
            throw new \InvalidArgumentException('basketDetails.basketItems must be a non-empty list');
        }
        foreach ($items as $i => $item) {
            if (!\is_array($item) || !isset($item['price']) || !\is_string($item['price'])) {
                throw new \InvalidArgumentException("basketItems[{$i}].price is required as a decimal string");
            }
            if (($item['currencyCode'] ?? self::CURRENCY) !== self::CURRENCY) {
                throw new \InvalidArgumentException("basketItems[{$i}].currencyCode must be EUR");
            }
            $item['price'] = new RawNumber($this->amountArg($item['price'], "basketItems[{$i}].price"));
            $items[$i] = $item;
        }
        $request['basketDetails']['basketItems'] = $items;
        return $request;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\FakeProvider;

use ShopCredit\Financing\Decimal;
use ShopCredit\Financing\Json;
use ShopCredit\Financing\JsonSyntaxError;
use ShopCredit\Financing\RawNumber;
use ShopCredit\Financing\WebhookVerifier;

// The fake reuses the bridge's float-free JSON codec and the signature function.
\spl_autoload_register(static function (string $class): void {
    $prefix = 'ShopCredit\\Financing\\';
    if (\str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/../src/Financing/' . \str_replace('\\', '/', \substr($class, \strlen($prefix))) . '.php';
        if (\is_file($file)) {
            require_once $file;
        }
    }
});

/**
 * A local stand-in for Scalexpert (e-financing API 1.7.1 + merchant webhooks 1.0.6), for tests,
 * the demo and end-to-end scripts. Serve it with
 *
 *     FAKE_SCALEXPERT_STATE=/tmp/fake-scalexpert.json php -S 127.0.0.1:8765 php-bridge/fake-provider/router.php
 *
 * Environment: FAKE_SCALEXPERT_STATE (state file, required), FAKE_SCALEXPERT_CLIENT_ID /
 * FAKE_SCALEXPERT_CLIENT_SECRET (defaults test-client / test-secret), FAKE_SCALEXPERT_TOKEN_TTL_S
 * (default 3600). Set PHP_CLI_SERVER_WORKERS=4 when a test makes the fake sleep (timeouts) or when
 * a webhook receiver calls back into the fake.
 *
 * Provider routes (same paths as behind the real gateway base URL):
 *   POST /auth-server/api/v1/oauth2/token                         client credentials, scope e-financing:rw
 *   GET  /e-financing/api/v1/eligible-solutions                   ?financedAmount=&buyerBillingCountry=
 *   POST /e-financing/api/v1/subscriptions?language=fr-FR          → 201 {id, redirect{type:url,value}}
 *   GET  /e-financing/api/v1/subscriptions                        ?merchantGlobalOrderId=&merchantBasketId=&page=&pageSize=
 *   GET  /e-financing/api/v1/subscriptions/{id}
 *   POST /e-financing/api/v1/subscriptions/{id}/_confirmDelivery  → 204; 409 ALREADY_DELIVERED the second time
 *   POST /e-financing/api/v1/subscriptions/{id}/_cancel           → 200 {financedAmount, status}; split
 *        payment only (long credit: 400 CANCELLATION_NOT_AVAILABLE), ACCEPTED only, within 90 days
 *        of the acceptance (400 CANCELLATION_PERIOD_EXPIRED), full → CANCELLED, partial (status
 *        unchanged, financed amount lowered) once only (400 PARTIAL_CANCELLATION_ALREADY_MADE)
 *
 * Admin routes (JSON bodies):
 *   POST /_fake/advance  {subscriptionId, status, subStatus?, force?}   move along the life cycle
 *   POST /_fake/webhook  {subscriptionId, eventCode?, url, keyForSignature?, secret?, duplicate?,
 *                         signatureTimestamp?, includeSubscriptionId?}
 *        sends a signed event `duplicate` times (same event id, as Scalexpert replays do).
 *        `keyForSignature` signs (X-BAAS-SIGNATURE); `secret` goes in X-BAAS-SECRET; when only
 *        `secret` is given it is used for both.
 *   POST /_fake/webhook-config {url, keyForSignature, secret?} | {url: null}  auto-send an event on
 *        every status change (advance, cancel), like an active Scalexpert webhook configuration
 *   POST /_fake/fail     {endpoint, status?, times?, delayMs?, retryAfterS?}  next `times` calls of
 *        `endpoint` (token, eligible_solutions, create_subscription, list_subscriptions,
 *        get_subscription, confirm_delivery, cancel) sleep delayMs and/or answer `status`
 *   POST /_fake/age      {subscriptionId, days}   registered/accepted `days` earlier (90-day window)
 *   POST /_fake/config   {tokenTtlS?}
 *   GET  /_fake/stats    call counters per endpoint, subscription count, sent webhooks
 *   POST /_fake/reset    forget everything
 *   GET  /_fake/journey/{id}[?decision=accept|reject|abort]  the lender page the buyer is sent to
 */
final class FakeScalexpert
{
    private const SCOPE = 'e-financing:rw';
    private const UUID_RE = '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/D';
    /** Split payments can be cancelled within this many days of their acceptance (cancellation journey). */
    private const CANCEL_WINDOW_DAYS = 90;

    /** status → statuses it may move to (e-financing-status-life-cycle.md) */
    private const TRANSITIONS = [
        'INITIALIZED' => ['PRE_ACCEPTED', 'ACCEPTED', 'REJECTED', 'ABORTED'],
        'PRE_ACCEPTED' => ['ACCEPTED', 'REJECTED', 'CANCELLED', 'ABORTED'],
        'ACCEPTED' => ['ACCEPTED', 'CANCELLED'],
        'REJECTED' => [],
        'ABORTED' => [],
        'CANCELLED' => [],
    ];

    /** @var array<string, array<string, mixed>> */
    private array $catalog;

    public function __construct(
        private readonly string $statePath,
        private readonly string $clientId = 'test-client',
        private readonly string $clientSecret = 'test-secret',
        private readonly int $defaultTokenTtlS = 3600,
    ) {
        $this->catalog = require __DIR__ . '/catalog.php';
    }

    public static function fromEnv(): self
    {
        $state = \getenv('FAKE_SCALEXPERT_STATE');
        if ($state === false || $state === '') {
            $state = \sys_get_temp_dir() . '/fake-scalexpert-' . ($_SERVER['SERVER_PORT'] ?? '0') . '.json';
        }
        return new self(
            $state,
            (string) (\getenv('FAKE_SCALEXPERT_CLIENT_ID') ?: 'test-client'),
            (string) (\getenv('FAKE_SCALEXPERT_CLIENT_SECRET') ?: 'test-secret'),
            (int) (\getenv('FAKE_SCALEXPERT_TOKEN_TTL_S') ?: 3600),
        );
    }

    /** Entry point for router.php. */
    public function serveGlobals(): void
    {
        $method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
        $uri = $_SERVER['REQUEST_URI'] ?? '/';
        $headers = [];
        foreach ($_SERVER as $k => $v) {
            if (\is_string($v) && \str_starts_with($k, 'HTTP_')) {
                $headers[\strtolower(\str_replace('_', '-', \substr($k, 5)))] = $v;
            }
        }
        if (isset($_SERVER['CONTENT_TYPE'])) {
            $headers['content-type'] = (string) $_SERVER['CONTENT_TYPE'];
        }
        $body = (string) \file_get_contents('php://input');
        [$status, $respHeaders, $respBody] = $this->handle($method, $uri, $headers, $body);
        \http_response_code($status);
        foreach ($respHeaders as $name => $value) {
            \header($name . ': ' . $value);
        }
        echo $respBody;
    }

    /**
     * @param array<string, string> $headers lower-case names
     * @return array{0: int, 1: array<string, string>, 2: string}
     */
    public function handle(string $method, string $uri, array $headers, string $body): array
    {
        $path = (string) \parse_url($uri, \PHP_URL_PATH);
        \parse_str((string) \parse_url($uri, \PHP_URL_QUERY), $query);
        try {
            if (\str_starts_with($path, '/_fake/')) {
                return $this->admin($method, $path, $query, $body);
            }
            $endpoint = $this->endpointName($method, $path);
            if ($endpoint === null) {
                return $this->error(404, 'NOT_FOUND', 'no such route', $method, $path);
            }
            $injected = $this->consumeFailure($endpoint);
            if ($injected !== null) {
                return $injected;
            }
            if ($endpoint === 'token') {
                return $this->token($method, $headers, $body);
            }
            $auth = $this->authorize($headers);
            if ($auth !== null) {
                return $auth;
            }
            return match ($endpoint) {
                'eligible_solutions' => $this->eligibleSolutions($query),
                'create_subscription' => $this->createSubscription($query, $body, $headers),
                'list_subscriptions' => $this->listSubscriptions($query),
                'get_subscription' => $this->getSubscription($this->idFromPath($path)),
                'confirm_delivery' => $this->confirmDelivery($this->idFromPath($path), $body),
                'cancel' => $this->cancel($this->idFromPath($path), $body),
            };
        } catch (HttpError $e) {
            return $this->error($e->status, $e->errorCode, $e->getMessage(), $method, $path);
        }
    }

    // ------------------------------------------------------------------ routing

    private function endpointName(string $method, string $path): ?string
    {
        $base = '/e-financing/api/v1';
        if ($method === 'POST' && $path === '/auth-server/api/v1/oauth2/token') {
            return 'token';
        }
        if ($method === 'GET' && $path === $base . '/eligible-solutions') {
            return 'eligible_solutions';
        }
        if ($path === $base . '/subscriptions') {
            return $method === 'POST' ? 'create_subscription' : ($method === 'GET' ? 'list_subscriptions' : null);
        }
        if (\preg_match('#^' . \preg_quote($base, '#') . '/subscriptions/[^/]+(/_confirmDelivery|/_cancel)?$#', $path, $m) === 1) {
            $suffix = $m[1] ?? '';
            if ($suffix === '' && $method === 'GET') {
                return 'get_subscription';
            }
            if ($suffix === '/_confirmDelivery' && $method === 'POST') {
                return 'confirm_delivery';
            }
            if ($suffix === '/_cancel' && $method === 'POST') {
                return 'cancel';
            }
        }
        return null;
    }

    private function idFromPath(string $path): string
    {
        \preg_match('#/subscriptions/([^/]+)#', $path, $m);
        $id = \rawurldecode($m[1] ?? '');
        if (\preg_match(self::UUID_RE, $id) !== 1) {
            throw new HttpError(400, 'INVALID_CREDIT_SUBSCRIPTION_ID', 'creditSubscriptionId must be a UUID');
        }
        return $id;
    }

    /** @return array{0: int, 1: array<string, string>, 2: string}|null */
    private function consumeFailure(string $endpoint): ?array
    {
        $hit = null;
        $this->transaction(function (array &$s) use ($endpoint, &$hit): void {
            $s['calls'][$endpoint] = ($s['calls'][$endpoint] ?? 0) + 1;
            foreach ($s['failures'] as $i => $f) {
                if ($f['endpoint'] === $endpoint && $f['times'] > 0) {
                    $s['failures'][$i]['times']--;
                    $hit = $f;
                    break;
                }
            }
            $s['failures'] = \array_values(\array_filter($s['failures'], static fn (array $f): bool => $f['times'] > 0));
        });
        if ($hit === null) {
            return null;
        }
        if ($hit['delayMs'] > 0) {
            \usleep($hit['delayMs'] * 1000);
        }
        if ($hit['status'] === 0) {
            return null; // delay only, then answer normally
        }
        $headers = ['Content-Type' => 'application/json'];
        if ($hit['retryAfterS'] !== null) {
            $headers['Retry-After'] = (string) $hit['retryAfterS'];
        }
        [$st, $h, $b] = $this->error($hit['status'], 'INJECTED_FAILURE', 'failure injected by /_fake/fail', 'ANY', $endpoint);
        return [$st, $headers + $h, $b];
    }

    // ------------------------------------------------------------------ provider endpoints

    /** @param array<string, string> $headers */
    private function token(string $method, array $headers, string $body): array
    {
        $auth = $headers['authorization'] ?? '';
        $expected = 'Basic ' . \base64_encode($this->clientId . ':' . $this->clientSecret);
        if (!\hash_equals($expected, $auth)) {
            return $this->json(401, ['error' => 'invalid_client', 'error_description' => 'client authentication failed']);
        }
        \parse_str($body, $form);
        if (($form['grant_type'] ?? null) !== 'client_credentials') {
            return $this->json(400, ['error' => 'unsupported_grant_type']);
        }
        $scopes = \array_values(\array_filter(\explode(' ', (string) ($form['scope'] ?? ''))));
        foreach ($scopes as $sc) {
            if (!\in_array($sc, [self::SCOPE, 'insurance:rw'], true)) {
                return $this->json(400, ['error' => 'invalid_scope']);
            }
        }
        $token = \bin2hex(\random_bytes(24));
        $ttl = 0;
        $this->transaction(function (array &$s) use ($token, $scopes, &$ttl): void {
            $ttl = $s['config']['tokenTtlS'] ?? $this->defaultTokenTtlS;
            $now = \time();
            foreach ($s['tokens'] as $t => $info) {
                if ($info['expiresAt'] < $now) {
                    unset($s['tokens'][$t]);
                }
            }
            $s['tokens'][$token] = ['expiresAt' => $now + $ttl, 'scopes' => $scopes];
        });
        return $this->json(200, ['access_token' => $token, 'token_type' => 'Bearer', 'expires_in' => $ttl, 'scope' => \implode(' ', $scopes)]);
    }

    /** @param array<string, string> $headers */
    private function authorize(array $headers): ?array
    {
        $auth = $headers['authorization'] ?? '';
        if (!\str_starts_with($auth, 'Bearer ')) {
            return $this->json(401, ['httpStatusCode' => 401, 'httpStatusMessage' => 'Unauthorized', 'errorCode' => 'MISSING_TOKEN']);
        }
        $token = \substr($auth, 7);
        $state = $this->read();
        $info = $state['tokens'][$token] ?? null;
        if ($info === null || $info['expiresAt'] < \time()) {
            return $this->json(401, ['httpStatusCode' => 401, 'httpStatusMessage' => 'Unauthorized', 'errorCode' => 'INVALID_TOKEN']);
        }
        if (!\in_array(self::SCOPE, $info['scopes'], true)) {
            return $this->json(403, ['httpStatusCode' => 403, 'httpStatusMessage' => 'Forbidden', 'errorCode' => 'MISSING_SCOPE']);
        }
        return null;
    }

    /** @param array<string, mixed> $query */
    private function eligibleSolutions(array $query): array
    {
        $country = $query['buyerBillingCountry'] ?? null;
        if (!\is_string($country) || \preg_match('/^[A-Z]{2}$/D', $country) !== 1) {
            throw new HttpError(400, 'INVALID_BUYER_BILLING_COUNTRY', 'buyerBillingCountry must be ISO 3166-1 alpha-2');
        }
        $minor = $this->amountFromQuery($query['financedAmount'] ?? null);
        $solutions = [];
        foreach ($this->catalog as $code => $sol) {
            if ($sol['market'] === $country && $minor >= $sol['minMinor'] && $minor <= $sol['maxMinor']) {
                $solutions[] = $this->solutionView($code, $sol);
            }
        }
        // "An empty json object is returned if not eligible."
        return $solutions === [] ? $this->raw(200, '{}') : $this->json(200, ['solutions' => $solutions]);
    }

    /** @param array<string, mixed> $sol */
    private function solutionView(string $code, array $sol): array
    {
        return [
            'solutionCode' => $code,
            'familyCode' => 'SC',
            'marketCode' => $sol['market'],
            'conditions' => $sol['conditions'],
            'communicationKit' => [
                'solutionCode' => $code,
                'visualTitle' => $sol['title'],
                'visualDescription' => 'Fake Scalexpert solution for tests',
                'visualInformationIcon' => 'https://example.invalid/info.svg',
                'visualAdditionalInformation' => 'From ' . Decimal::fromMinor($sol['minMinor'], 2) . ' to ' . Decimal::fromMinor($sol['maxMinor'], 2) . ' EUR',
                'visualLegalText' => 'Un crédit vous engage et doit être remboursé.',
                'visualLogo' => 'https://example.invalid/logo.svg',
            ],
        ];
    }

    /**
     * @param array<string, mixed> $query
     * @param array<string, string> $headers
     */
    private function createSubscription(array $query, string $body, array $headers): array
    {
        $language = $query['language'] ?? null;
        if (!\is_string($language) || \preg_match('/^[a-z]{2}-[A-Z]{2}$/D', $language) !== 1) {
            throw new HttpError(400, 'INVALID_LANGUAGE', 'language query parameter is required');
        }
        $req = $this->decodeBody($body);
        foreach (['solutionCode', 'merchantBasketId', 'merchantGlobalOrderId', 'merchantBuyerId'] as $k) {
            if (!isset($req[$k]) || !\is_string($req[$k]) || $req[$k] === '') {
                throw new HttpError(400, 'MISSING_' . \strtoupper($k), $k . ' is required');
            }
        }
        $sol = $this->catalog[$req['solutionCode']] ?? null;
        if ($sol === null) {
            throw new HttpError(400, 'UNKNOWN_SOLUTION_CODE', 'solutionCode is not available for this merchant');
        }
        $minor = $this->amountFromJson($req['financedAmount'] ?? null, 'financedAmount');
        if (!isset($req['merchantUrls']['confirmation']) || !\is_string($req['merchantUrls']['confirmation'])) {
            throw new HttpError(400, 'MISSING_MERCHANT_URLS', 'merchantUrls.confirmation is required');
        }
        $buyers = $req['buyers'] ?? null;
        if (!\is_array($buyers) || $buyers === [] || !\is_array($buyers[0] ?? null)) {
            throw new HttpError(400, 'MISSING_BUYERS', 'buyers must hold 1..100 buyers');
        }
        $country = $buyers[0]['billingAddress']['countryCode'] ?? null;
        if ($country !== $sol['market']) {
            throw new HttpError(400, 'SOLUTION_NOT_AVAILABLE_FOR_COUNTRY', 'billing country does not match the solution market');
        }
        if ($minor < $sol['minMinor'] || $minor > $sol['maxMinor']) {
            throw new HttpError(400, 'FINANCED_AMOUNT_OUT_OF_RANGE', 'financedAmount is outside the solution bounds');
        }
        $items = $req['basketDetails']['basketItems'] ?? null;
        if (!\is_array($items) || $items === []) {
            throw new HttpError(400, 'MISSING_BASKET_ITEMS', 'basketDetails.basketItems is required');
        }
        foreach ($items as $item) {
            $this->amountFromJson(\is_array($item) ? ($item['price'] ?? null) : null, 'basketItems.price');
        }

        $id = self::uuid4();
        $now = self::nowIso();
        $sub = [
            'creditSubscriptionId' => $id,
            'registrationTimestamp' => $now,
            'lastUpdateTimestamp' => $now,
            'solutionCode' => $req['solutionCode'],
            'familyCode' => 'SC',
            'marketTypeCode' => $sol['market'],
            'implementationCode' => $sol['installments'] !== null ? $sol['installments'] . 'X' : null,
            'merchantBasketId' => $req['merchantBasketId'],
            'merchantGlobalOrderId' => $req['merchantGlobalOrderId'],
            'merchantBuyerId' => $req['merchantBuyerId'],
            'financedMinor' => $minor,
            'initialFinancedMinor' => $minor,
            'consolidatedStatus' => 'INITIALIZED',
            'consolidatedSubstatus' => 'SUBSCRIPTION IN PROGRESS',
            'cancellationStatus' => null,
            'cancellationAlreadyMade' => false,
            'partialCancellationMade' => false,
            'isDelivered' => false,
            'isReturned' => false,
            'language' => $language,
            'confirmationUrl' => $req['merchantUrls']['confirmation'],
            'buyer' => $buyers[0],
            'basketDetails' => \json_encode(['items' => \count($items)]),
        ];
        $this->transaction(static function (array &$s) use ($id, $sub): void {
            $s['subscriptions'][$id] = $sub;
        });
        $host = $headers['host'] ?? '127.0.0.1';
        return $this->json(201, [
            'id' => $id,
            'redirect' => ['type' => 'url', 'value' => 'http://' . $host . '/_fake/journey/' . $id],
        ]);
    }

    /** @param array<string, mixed> $query */
    private function listSubscriptions(array $query): array
    {
        $page = $this->intParam($query, 'page', 1);
        $pageSize = $this->intParam($query, 'pageSize', 20);
        if ($page < 1 || $pageSize < 1 || $pageSize > 100) {
            throw new HttpError(400, 'INVALID_PAGINATION', 'page must be >= 1 and pageSize within 1..100');
        }
        $state = $this->read();
        $matching = [];
        foreach ($state['subscriptions'] as $sub) {
            if (isset($query['merchantGlobalOrderId']) && $sub['merchantGlobalOrderId'] !== (string) $query['merchantGlobalOrderId']) {
                continue;
            }
            if (isset($query['merchantBasketId']) && $sub['merchantBasketId'] !== (string) $query['merchantBasketId']) {
                continue;
            }
            $matching[] = $sub;
        }
        $slice = \array_slice($matching, ($page - 1) * $pageSize, $pageSize);
        return $this->json(200, [
            'totalItemCount' => \count($matching),
            'subscriptions' => \array_map([$this, 'listView'], $slice),
        ]);
    }

    private function getSubscription(string $id): array
    {
        return $this->json(200, $this->detailView($this->mustFind($this->read(), $id)));
    }

    private function confirmDelivery(string $id, string $body): array
    {
        $req = $this->decodeBody($body);
        if (!isset($req['isDelivered']) || !\is_bool($req['isDelivered'])) {
            throw new HttpError(400, 'MISSING_IS_DELIVERED', 'isDelivered is required');
        }
        if (isset($req['trackingNumber']) && (!\is_string($req['trackingNumber']) || $req['trackingNumber'] === '' || \strlen($req['trackingNumber']) > 100)) {
            throw new HttpError(400, 'INVALID_TRACKING_NUMBER', 'trackingNumber must be 1..100 characters');
        }
        $this->transaction(function (array &$s) use ($id, $req): void {
            $sub = $this->mustFind($s, $id);
            $kind = $this->catalog[$sub['solutionCode']]['kind'];
            if ($kind === 'split') {
                return; // 204: "request accepted but not processed (short term credit)"
            }
            if ($sub['consolidatedStatus'] !== 'ACCEPTED') {
                throw new HttpError(400, 'SUBSCRIPTION_NOT_ACCEPTED', 'delivery can only be confirmed for an accepted subscription');
            }
            if (!$req['isDelivered']) {
                return; // "not delivered": nothing to record
            }
            if ($sub['isDelivered']) {
                throw new HttpError(409, 'ALREADY_DELIVERED', 'the delivery of this subscription was already confirmed');
            }
            $sub['isDelivered'] = true;
            $sub['trackingNumber'] = $req['trackingNumber'] ?? null;
            $sub['operator'] = $req['operator'] ?? null;
            $sub['consolidatedSubstatus'] = 'AWAITING PAYMENT TO MERCHANT';
            $sub['lastUpdateTimestamp'] = self::nowIso();
            $s['subscriptions'][$id] = $sub;
        });
        return [204, [], ''];
    }

    private function cancel(string $id, string $body): array
    {
        $req = $this->decodeBody($body);
        $minor = $this->amountFromJson($req['cancelledAmount'] ?? null, 'cancelledAmount');
        if ($minor <= 0) {
            throw new HttpError(400, 'INVALID_CANCELLED_AMOUNT', 'cancelledAmount must be positive');
        }
        $result = null;
        $this->transaction(function (array &$s) use ($id, $minor, &$result): void {
            $sub = $this->mustFind($s, $id);
            if ($this->catalog[$sub['solutionCode']]['kind'] !== 'split') {
                throw new HttpError(400, 'CANCELLATION_NOT_AVAILABLE', 'cancellation via API is only available for split payment; for long credit, contact the financing institution (FRANFINANCE)');
            }
            if ($sub['consolidatedStatus'] !== 'ACCEPTED') {
                throw new HttpError(400, 'SUBSCRIPTION_NOT_CANCELLABLE', 'only an accepted subscription can be cancelled');
            }
            if ($this->nowMs() - self::acceptedAtMs($sub) > self::CANCEL_WINDOW_DAYS * 86_400_000) {
                throw new HttpError(400, 'CANCELLATION_PERIOD_EXPIRED', 'a split payment can only be cancelled within 90 days');
            }
            if ($minor > $sub['financedMinor']) {
                throw new HttpError(400, 'CANCELLED_AMOUNT_TOO_HIGH', 'cancelledAmount is more than the financedAmount');
            }
            $full = $minor === $sub['financedMinor'];
            if (!$full && $sub['partialCancellationMade']) {
                throw new HttpError(400, 'PARTIAL_CANCELLATION_ALREADY_MADE', 'a subscription can only be partially cancelled once');
            }
            $sub['financedMinor'] -= $minor;
            $sub['cancellationAlreadyMade'] = true;
            if ($full) {
                $sub['consolidatedStatus'] = 'CANCELLED';
                $sub['consolidatedSubstatus'] = 'CANCELLED BY CUSTOMER';
                $sub['cancellationStatus'] = 'CANCELLATION_ACCEPTED';
            } else {
                $sub['partialCancellationMade'] = true;
                $sub['cancellationStatus'] = 'PARTIAL_CANCELLATION_ACCEPTED';
            }
            $sub['lastCancelledMinor'] = $minor;
            $sub['lastUpdateTimestamp'] = self::nowIso();
            $s['subscriptions'][$id] = $sub;
            $result = $sub;
        });
        $code = $result['consolidatedStatus'] === 'CANCELLED'
            ? 'SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED'
            : 'SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED';
        $this->autoWebhook($result, $code);
        return $this->json(200, ['financedAmount' => $this->money($result['financedMinor']), 'status' => 'ACCEPTED']);
    }

    // ------------------------------------------------------------------ admin endpoints

    /** @param array<string, mixed> $query */
    private function admin(string $method, string $path, array $query, string $body): array
    {
        if ($method === 'GET' && \preg_match('#^/_fake/journey/([^/]+)$#', $path, $m) === 1) {
            return $this->journey($m[1], $query);
        }
        if ($method === 'GET' && $path === '/_fake/stats') {
            $s = $this->read();
            return $this->json(200, [
                'calls' => (object) $s['calls'],
                'subscriptions' => \count($s['subscriptions']),
                'webhooks' => $s['webhooks'],
                'pendingFailures' => $s['failures'],
            ]);
        }
        if ($method !== 'POST') {
            throw new HttpError(404, 'NOT_FOUND', 'no such admin route');
        }
        $req = $body === '' ? [] : $this->decodeBody($body);
        switch ($path) {
            case '/_fake/reset':
                $this->transaction(static function (array &$s): void {
                    $s = self::emptyState();
                });
                return $this->json(200, ['ok' => true]);
            case '/_fake/config':
                $this->transaction(static function (array &$s) use ($req): void {
                    if (isset($req['tokenTtlS'])) {
                        $s['config']['tokenTtlS'] = (int) $req['tokenTtlS'];
                    }
                });
                return $this->json(200, ['ok' => true]);
            case '/_fake/fail':
                $endpoint = $req['endpoint'] ?? null;
                $known = ['token', 'eligible_solutions', 'create_subscription', 'list_subscriptions', 'get_subscription', 'confirm_delivery', 'cancel'];
                if (!\in_array($endpoint, $known, true)) {
                    throw new HttpError(400, 'UNKNOWN_ENDPOINT', 'endpoint must be one of ' . \implode(', ', $known));
                }
                $f = [
                    'endpoint' => $endpoint,
                    'status' => (int) ($req['status'] ?? 0),
                    'times' => \max(1, (int) ($req['times'] ?? 1)),
                    'delayMs' => \max(0, (int) ($req['delayMs'] ?? 0)),
                    'retryAfterS' => isset($req['retryAfterS']) ? (int) $req['retryAfterS'] : null,
                ];
                $this->transaction(static function (array &$s) use ($f): void {
                    $s['failures'][] = $f;
                });
                return $this->json(200, ['ok' => true]);
            case '/_fake/advance':
                return $this->advance($req);
            case '/_fake/age':
                return $this->age($req);
            case '/_fake/webhook':
                return $this->sendWebhookCommand($req);
            case '/_fake/webhook-config':
                $cfg = null;
                if (isset($req['url']) && \is_string($req['url'])) {
                    $key = $req['keyForSignature'] ?? $req['secret'] ?? null;
                    if (!\is_string($key) || $key === '') {
                        throw new HttpError(400, 'MISSING_KEY', 'keyForSignature is required');
                    }
                    $cfg = ['url' => $req['url'], 'keyForSignature' => $key, 'secret' => $req['secret'] ?? null];
                }
                $this->transaction(static function (array &$s) use ($cfg): void {
                    $s['webhookConfig'] = $cfg;
                });
                return $this->json(200, ['ok' => true]);
        }
        throw new HttpError(404, 'NOT_FOUND', 'no such admin route');
    }

    /** @param array<string, mixed> $req */
    private function advance(array $req): array
    {
        $id = (string) ($req['subscriptionId'] ?? '');
        $to = (string) ($req['status'] ?? '');
        if (!isset(self::TRANSITIONS[$to])) {
            throw new HttpError(400, 'UNKNOWN_STATUS', 'status must be one of ' . \implode(', ', \array_keys(self::TRANSITIONS)));
        }
        $force = ($req['force'] ?? false) === true;
        $subStatus = isset($req['subStatus']) ? (string) $req['subStatus'] : null;
        $result = null;
        $this->transaction(function (array &$s) use ($id, $to, $force, $subStatus, &$result): void {
            $sub = $this->mustFind($s, $id);
            $from = $sub['consolidatedStatus'];
            if (!$force && !\in_array($to, self::TRANSITIONS[$from], true)) {
                throw new HttpError(409, 'TRANSITION_NOT_ALLOWED', "{$from} cannot move to {$to}");
            }
            $kind = $this->catalog[$sub['solutionCode']]['kind'];
            if ($to === 'ACCEPTED' && $from !== 'ACCEPTED') {
                $sub['acceptedAtMs'] = $this->nowMs();
            }
            $sub['consolidatedStatus'] = $to;
            $sub['consolidatedSubstatus'] = $subStatus ?? self::defaultSubstatus($to, $kind);
            if ($to === 'CANCELLED') {
                $sub['cancellationStatus'] = $sub['cancellationStatus'] ?? null;
            }
            $sub['lastUpdateTimestamp'] = self::nowIso();
            $s['subscriptions'][$id] = $sub;
            $result = $sub;
        });
        $this->autoWebhook($result, 'SC_SUBSCRIPTION_' . $to);
        return $this->json(200, $this->detailView($result));
    }

    /**
     * Moves a subscription back in time by `days` (its registration and acceptance), so tests can
     * reach the end of the 90-day cancellation window without waiting.
     * @param array<string, mixed> $req {subscriptionId, days}
     */
    private function age(array $req): array
    {
        $days = $req['days'] ?? null;
        if (!\is_int($days) || $days < 0 || $days > 3650) {
            throw new HttpError(400, 'INVALID_DAYS', 'days must be an integer within 0..3650');
        }
        $id = (string) ($req['subscriptionId'] ?? '');
        $result = null;
        $this->transaction(function (array &$s) use ($id, $days, &$result): void {
            $sub = $this->mustFind($s, $id);
            $shift = $days * 86_400_000;
            $registered = (int) (new \DateTimeImmutable($sub['registrationTimestamp']))->format('Uv');
            $sub['registrationTimestamp'] = WebhookVerifier::formatTimestamp($registered - $shift);
            if (isset($sub['acceptedAtMs'])) {
                $sub['acceptedAtMs'] -= $shift;
            }
            $s['subscriptions'][$id] = $sub;
            $result = $sub;
        });
        return $this->json(200, $this->detailView($result));
    }

    /** When the subscription was accepted (its registration when it was never seen accepted). */
    private static function acceptedAtMs(array $sub): int
    {
        return (int) ($sub['acceptedAtMs'] ?? (new \DateTimeImmutable($sub['registrationTimestamp']))->format('Uv'));
    }

    private function nowMs(): int
    {
        return (int) (new \DateTimeImmutable('now'))->format('Uv');
    }

    private static function defaultSubstatus(string $status, string $kind): string
    {
        return match ($status) {
            'INITIALIZED' => 'SUBSCRIPTION IN PROGRESS',
            'PRE_ACCEPTED' => 'SUBSCRIPTION PRE-APPROVED BY PRODUCER WAITING FOR CONTRACT SIGNATURE',
            'ACCEPTED' => $kind === 'split' ? 'SUBSCRIPTION APPROVED BY PRODUCER' : 'WAITING FOR THE DELIVERY CONFIRMATION',
            'REJECTED' => 'SUBSCRIPTION REJECTED BY PRODUCER',
            'ABORTED' => 'ABORTED BY CUSTOMER',
            'CANCELLED' => 'CANCELLED BY CUSTOMER',
        };
    }

    /** @param array<string, mixed> $query */
    private function journey(string $id, array $query): array
    {
        $state = $this->read();
        $sub = $this->mustFind($state, \rawurldecode($id));
        $decision = $query['decision'] ?? null;
        if (\is_string($decision)) {
            $kind = $this->catalog[$sub['solutionCode']]['kind'];
            $to = match ($decision) {
                'accept' => $kind === 'split' ? 'ACCEPTED' : 'PRE_ACCEPTED',
                'reject' => 'REJECTED',
                'abort' => 'ABORTED',
                default => throw new HttpError(400, 'UNKNOWN_DECISION', 'decision must be accept, reject or abort'),
            };
            $this->advance(['subscriptionId' => $sub['creditSubscriptionId'], 'status' => $to]);
            return [302, ['Location' => $sub['confirmationUrl']], ''];
        }
        $h = static fn (string $s): string => \htmlspecialchars($s, \ENT_QUOTES | \ENT_SUBSTITUTE, 'UTF-8');
        $base = '/_fake/journey/' . \rawurlencode($sub['creditSubscriptionId']) . '?decision=';
        $html = '<!doctype html><html><head><meta charset="utf-8"><title>Fake Scalexpert</title></head><body>'
            . '<h1>Fake Scalexpert — ' . $h($sub['solutionCode']) . '</h1>'
            . '<p>Order ' . $h($sub['merchantGlobalOrderId']) . ', financed amount ' . $h($this->money($sub['financedMinor'])->literal) . ' EUR</p>'
            . '<p><a id="accept" href="' . $h($base . 'accept') . '">Accept</a> · '
            . '<a id="reject" href="' . $h($base . 'reject') . '">Reject</a> · '
            . '<a id="abort" href="' . $h($base . 'abort') . '">Abort</a></p></body></html>';
        return [200, ['Content-Type' => 'text/html; charset=utf-8'], $html];
    }

    /** @param array<string, mixed> $req */
    private function sendWebhookCommand(array $req): array
    {
        $url = $req['url'] ?? null;
        if (!\is_string($url) || \preg_match('#^https?://#', $url) !== 1) {
            throw new HttpError(400, 'MISSING_URL', 'url (http or https) is required');
        }
        $key = $req['keyForSignature'] ?? $req['secret'] ?? null;
        if (!\is_string($key) || $key === '') {
            throw new HttpError(400, 'MISSING_KEY', 'keyForSignature (or secret) is required');
        }
        $secret = isset($req['secret']) && \is_string($req['secret']) ? $req['secret'] : null;
        $sub = $this->mustFind($this->read(), (string) ($req['subscriptionId'] ?? ''));
        $eventCode = isset($req['eventCode']) ? (string) $req['eventCode'] : 'SC_SUBSCRIPTION_' . $sub['consolidatedStatus'];
        $times = \max(1, \min(20, (int) ($req['duplicate'] ?? 1)));
        $event = $this->buildEvent($sub, $eventCode, ($req['includeSubscriptionId'] ?? false) === true);
        $deliveries = [];
        for ($i = 0; $i < $times; $i++) {
            $ts = isset($req['signatureTimestamp']) ? (string) $req['signatureTimestamp'] : self::nowIso();
            $deliveries[] = $this->deliver($url, $event, $key, $secret, $ts);
        }
        return $this->json(200, ['eventId' => $event['id'], 'eventCode' => $eventCode, 'deliveries' => $deliveries]);
    }

    /** @param array<string, mixed>|null $sub */
    private function autoWebhook(?array $sub, string $eventCode): void
    {
        if ($sub === null) {
            return;
        }
        $cfg = $this->read()['webhookConfig'];
        if ($cfg === null) {
            return;
        }
        $this->deliver($cfg['url'], $this->buildEvent($sub, $eventCode, false), $cfg['keyForSignature'], $cfg['secret'], self::nowIso());
    }

    /**
     * The event body as Scalexpert documents it (how-to-subscribe-use-webhooks.md, "Event request
     * Body structure"); amounts are JSON numbers written from integer cents.
     *
     * @param array<string, mixed> $sub
     * @return array<string, mixed>
     */
    private function buildEvent(array $sub, string $eventCode, bool $includeSubscriptionId): array
    {
        $type = \str_starts_with($eventCode, 'SC_CANCEL_REQUEST') ? 'SC_CANCEL_REQUEST' : 'SC_SUBSCRIPTION';
        $data = [
            'eventTypeCode' => $type,
            'eventCode' => $eventCode,
            'merchantGlobalOrderId' => $sub['merchantGlobalOrderId'],
            'financedAmount' => $this->money($sub['financedMinor']),
            'consolidatedStatus' => $sub['consolidatedStatus'],
        ];
        if ($type === 'SC_CANCEL_REQUEST') {
            $data['cancelledAmount'] = $this->money($sub['lastCancelledMinor'] ?? 0);
            $data['cancellationStatus'] = $sub['cancellationStatus'];
        }
        if ($includeSubscriptionId) {
            $data['creditSubscriptionId'] = $sub['creditSubscriptionId'];
        }
        return [
            'timestamp' => $sub['lastUpdateTimestamp'],
            'id' => self::uuid4(),
            'correlationId' => \bin2hex(\random_bytes(16)),
            'eventTypeCode' => $type,
            'eventCode' => $eventCode,
            'data' => $data,
        ];
    }

    /**
     * Sends one signed delivery: X-BAAS-SIGNATURE = hex(HMAC-SHA256(key, timestamp + "." + body)).
     * Runs outside the state lock, so the receiver may call back into the fake.
     *
     * @param array<string, mixed> $event
     * @return array<string, mixed>
     */
    private function deliver(string $url, array $event, string $key, ?string $secret, string $timestamp): array
    {
        $body = Json::encode($event);
        $headers = [
            'Content-Type: application/json',
            WebhookVerifier::HEADER_SIGNATURE . ': ' . WebhookVerifier::computeSignature($timestamp, $body, $key),
            WebhookVerifier::HEADER_TIMESTAMP . ': ' . $timestamp,
            'Expect:',
        ];
        if ($secret !== null) {
            $headers[] = WebhookVerifier::HEADER_SECRET . ': ' . $secret;
        }
        $ch = \curl_init($url);
        \curl_setopt_array($ch, [
            \CURLOPT_POST => true,
            \CURLOPT_POSTFIELDS => $body,
            \CURLOPT_HTTPHEADER => $headers,
            \CURLOPT_RETURNTRANSFER => true,
            \CURLOPT_CONNECTTIMEOUT_MS => 2000,
            \CURLOPT_TIMEOUT_MS => 10000,
        ]);
        $resp = \curl_exec($ch);
        $status = (int) \curl_getinfo($ch, \CURLINFO_RESPONSE_CODE);
        $error = $resp === false ? \curl_error($ch) : null;
        \curl_close($ch);
        $record = [
            'eventId' => $event['id'],
            'eventCode' => $event['eventCode'],
            'url' => $url,
            'httpStatus' => $status,
            'error' => $error,
            'responseBody' => \is_string($resp) ? \substr($resp, 0, 2000) : null,
        ];
        $this->transaction(static function (array &$s) use ($record): void {
            $s['webhooks'][] = $record;
            $s['webhooks'] = \array_slice($s['webhooks'], -200);
        });
        return $record;
    }

    // ------------------------------------------------------------------ views

    /** @param array<string, mixed> $sub */
    private function listView(array $sub): array
    {
        return [
            'creditSubscriptionId' => $sub['creditSubscriptionId'],
            'registrationTimestamp' => $sub['registrationTimestamp'],
            'lastUpdateTimestamp' => $sub['lastUpdateTimestamp'],
            'solutionCode' => $sub['solutionCode'],
            'marketTypeCode' => $sub['marketTypeCode'],
            'implementationCode' => $sub['implementationCode'],
            'merchantBasketId' => $sub['merchantBasketId'],
            'merchantGlobalOrderId' => $sub['merchantGlobalOrderId'],
            'buyerFinancedAmount' => $this->money($sub['financedMinor']),
            'consolidatedStatus' => $sub['consolidatedStatus'],
            'consolidatedSubstatus' => $sub['consolidatedSubstatus'],
            'cancellationStatus' => $sub['cancellationStatus'],
            'cancellationAlreadyMade' => $sub['cancellationAlreadyMade'],
            'isDelivered' => $sub['isDelivered'],
            'isReturned' => $sub['isReturned'],
        ];
    }

    /** @param array<string, mixed> $sub */
    private function detailView(array $sub): array
    {
        return [
            'creditSubscriptionId' => $sub['creditSubscriptionId'],
            'registrationTimestamp' => $sub['registrationTimestamp'],
            'lastUpdateTimestamp' => $sub['lastUpdateTimestamp'],
            'solutionCode' => $sub['solutionCode'],
            'familyCode' => $sub['familyCode'],
            'marketTypeCode' => $sub['marketTypeCode'],
            'implementationCode' => $sub['implementationCode'],
            'merchantBasketId' => $sub['merchantBasketId'],
            'merchantGlobalOrderId' => $sub['merchantGlobalOrderId'],
            'merchantBuyerId' => $sub['merchantBuyerId'],
            'financedAmount' => $this->money($sub['financedMinor']),
            'consolidatedStatus' => $sub['consolidatedStatus'],
            'cancellationStatus' => $sub['cancellationStatus'],
            'cancellationAlreadyMade' => $sub['cancellationAlreadyMade'],
            'buyer' => $sub['buyer'],
            'basketDetails' => $sub['basketDetails'],
            'consolidatedSubstatus' => $sub['consolidatedSubstatus'],
            'isReturned' => $sub['isReturned'],
            'isDelivered' => $sub['isDelivered'],
        ];
    }

    // ------------------------------------------------------------------ helpers

    private function money(int $minor): RawNumber
    {
        return new RawNumber(Decimal::fromMinor($minor, 2));
    }

    private function amountFromQuery(mixed $v): int
    {
        if (!\is_string($v)) {
            throw new HttpError(400, 'INVALID_FINANCED_AMOUNT', 'financedAmount is required');
        }
        try {
            $minor = Decimal::toMinor($v, 2);
        } catch (\InvalidArgumentException) {
            throw new HttpError(400, 'INVALID_FINANCED_AMOUNT', 'financedAmount must have at most 2 fraction digits');
        }
        if ($minor <= 0) {
            throw new HttpError(400, 'INVALID_FINANCED_AMOUNT', 'financedAmount must be positive');
        }
        return $minor;
    }

    private function amountFromJson(mixed $v, string $field): int
    {
        if (!\is_int($v) && !\is_string($v)) {
            throw new HttpError(400, 'INVALID_AMOUNT', $field . ' must be a number');
        }
        try {
            return Decimal::toMinor(Decimal::fromJsonNumber($v, 2), 2);
        } catch (\InvalidArgumentException) {
            throw new HttpError(400, 'INVALID_AMOUNT', $field . ' must have at most 2 fraction digits');
        }
    }

    /** @return array<string, mixed> */
    private function decodeBody(string $body): array
    {
        try {
            $doc = Json::decode($body);
        } catch (JsonSyntaxError) {
            throw new HttpError(400, 'INVALID_JSON', 'request body is not valid JSON');
        }
        if (!\is_array($doc)) {
            throw new HttpError(400, 'INVALID_JSON', 'request body must be an object');
        }
        return $doc;
    }

    /** @param array<string, mixed> $query */
    private function intParam(array $query, string $name, int $default): int
    {
        if (!isset($query[$name])) {
            return $default;
        }
        $v = $query[$name];
        if (!\is_string($v) || \preg_match('/^-?\d{1,9}$/D', $v) !== 1) {
            throw new HttpError(400, 'INVALID_PAGINATION', $name . ' must be an integer');
        }
        return (int) $v;
    }

    /** @param array<string, mixed> $state @return array<string, mixed> */
    private function mustFind(array $state, string $id): array
    {
        if (\preg_match(self::UUID_RE, $id) !== 1) {
            throw new HttpError(400, 'INVALID_CREDIT_SUBSCRIPTION_ID', 'creditSubscriptionId must be a UUID');
        }
        $sub = $state['subscriptions'][$id] ?? null;
        if ($sub === null) {
            throw new HttpError(404, 'SUBSCRIPTION_NOT_FOUND', 'the parameter creditSubscriptionId is unknown');
        }
        return $sub;
    }

    /** @return array{0: int, 1: array<string, string>, 2: string} */
    private function error(int $status, string $code, string $message, string $method, string $path): array
    {
        return $this->json($status, [
            'timestamp' => self::nowIso(),
            'httpStatusCode' => $status,
            'httpStatusMessage' => self::reason($status),
            'errorCode' => $code,
            'errorMessage' => $message,
            'requestMethod' => $method,
            'requestURI' => $path,
        ]);
    }

    /** @return array{0: int, 1: array<string, string>, 2: string} */
    private function json(int $status, mixed $doc): array
    {
        return [$status, ['Content-Type' => 'application/json'], Json::encode($doc)];
    }

    /** @return array{0: int, 1: array<string, string>, 2: string} */
    private function raw(int $status, string $body): array
    {
        return [$status, ['Content-Type' => 'application/json'], $body];
    }

    private static function reason(int $status): string
    {
        return match ($status) {
            400 => 'Bad Request', 401 => 'Unauthorized', 403 => 'Forbidden', 404 => 'Not Found',
            409 => 'Conflict', 429 => 'Too Many Requests', 500 => 'Internal Server Error',
            502 => 'Bad Gateway', 503 => 'Service Unavailable', 504 => 'Gateway Timeout',
            default => 'Error',
        };
    }

    private static function nowIso(): string
    {
        return WebhookVerifier::formatTimestamp((int) (new \DateTimeImmutable('now'))->format('Uv'));
    }

    private static function uuid4(): string
    {
        $b = \random_bytes(16);
        $b[6] = \chr((\ord($b[6]) & 0x0f) | 0x40);
        $b[8] = \chr((\ord($b[8]) & 0x3f) | 0x80);
        $h = \bin2hex($b);
        return \substr($h, 0, 8) . '-' . \substr($h, 8, 4) . '-' . \substr($h, 12, 4) . '-' . \substr($h, 16, 4) . '-' . \substr($h, 20);
    }

    // ------------------------------------------------------------------ state file

    /** @return array<string, mixed> */
    private static function emptyState(): array
    {
        return ['subscriptions' => [], 'tokens' => [], 'failures' => [], 'calls' => [], 'webhooks' => [], 'webhookConfig' => null, 'config' => []];
    }

    /** @return array<string, mixed> */
    private function read(): array
    {
        $state = null;
        $this->transaction(static function (array &$s) use (&$state): void {
            $state = $s;
        }, false);
        return $state;
    }

    /**
     * Runs $fn on the state under an exclusive lock and writes it back atomically (the state
     * holds only strings, ints, bools and nulls — amounts are integer cents).
     *
     * @param \Closure(array<string, mixed>&): void $fn
     */
    private function transaction(\Closure $fn, bool $write = true): void
    {
        $lock = \fopen($this->statePath . '.lock', 'c');
        if ($lock === false || !\flock($lock, \LOCK_EX)) {
            throw new HttpError(500, 'STATE_LOCK_FAILED', 'cannot lock the fake state');
        }
        try {
            $state = self::emptyState();
            $raw = @\file_get_contents($this->statePath);
            if (\is_string($raw) && $raw !== '') {
                $decoded = \json_decode($raw, true, 512, \JSON_THROW_ON_ERROR | \JSON_BIGINT_AS_STRING);
                $state = $decoded + $state;
            }
            $fn($state);
            if ($write) {
                $tmp = $this->statePath . '.tmp' . \getmypid();
                \file_put_contents($tmp, \json_encode($state, \JSON_THROW_ON_ERROR | \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE | \JSON_PRETTY_PRINT));
                \rename($tmp, $this->statePath);
            }
        } finally {
            \flock($lock, \LOCK_UN);
            \fclose($lock);
        }
    }
}

/** @internal an HTTP error answer inside the fake */
final class HttpError extends \RuntimeException
{
    public function __construct(public readonly int $status, public readonly string $errorCode, string $message)
    {
        parent::__construct($message);
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing;

use PHPUnit\Framework\TestCase;
use ShopCredit\Financing\HttpRequest;
use ShopCredit\Financing\ProviderRejected;
use ShopCredit\Financing\ProviderResponseInvalid;
use ShopCredit\Financing\ProviderUnavailable;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Financing\TransportError;
use ShopCredit\Tests\Financing\Support\ScriptedTransport;

require_once __DIR__ . '/Support/ScriptedTransport.php';

/** ScalexpertClient over an injected HttpTransport: exact wire format and failure handling. */
final class ScalexpertClientTransportTest extends TestCase
{
    private const SUB_ID = '1b8cb15b-fbd3-4a65-9a39-ab81f6307b81';

    /** @var list<int> */
    private array $sleeps = [];

    private function client(ScriptedTransport $t, array $cfg = [], ?\Closure $clock = null): ScalexpertClient
    {
        $config = new ScalexpertConfig(...($cfg + [
            'clientId' => 'merchant-id',
            'clientSecret' => 'merchant-secret',
            'baseUrl' => ScalexpertConfig::BASE_URL_SANDBOX,
            'backoffBaseMs' => 100,
            'backoffMaxMs' => 1000,
        ]));
        return new ScalexpertClient($config, $t, null, $clock, function (int $ms): void {
            $this->sleeps[] = $ms;
        }, static fn (int $max): int => $max); // deterministic "jitter": the top of the range
    }

    private static function subscriptionJson(string $amountLiteral): string
    {
        return '{"creditSubscriptionId":"' . self::SUB_ID . '","registrationTimestamp":"2024-04-22T10:00:19.077Z",'
            . '"lastUpdateTimestamp":"2024-04-22T10:00:19.077Z","solutionCode":"SCFRSP-4XPS","familyCode":"SC",'
            . '"marketTypeCode":"FR","merchantBasketId":"b","merchantGlobalOrderId":"o","merchantBuyerId":"u",'
            . '"financedAmount":' . $amountLiteral . ',"consolidatedStatus":"ACCEPTED","cancellationAlreadyMade":false,'
            . '"buyer":{},"basketDetails":"FR"}';
    }

    public function testTokenRequestFollowsTheSwagger(): void
    {
        $t = new ScriptedTransport([ScriptedTransport::json(200, '{}')]);
        $this->client($t)->eligibleSolutions('999.99', 'FR');
        $token = $t->requests[0];
        self::assertSame('POST', $token->method);
        self::assertSame('https://api.scalexpert.uatc.societegenerale.com/baas/uatc/auth-server/api/v1/oauth2/token', $token->url);
        self::assertSame('grant_type=client_credentials&scope=e-financing%3Arw', $token->body);
        self::assertSame('Basic ' . \base64_encode('merchant-id:merchant-secret'), $token->headers['Authorization']);
        $call = $t->requests[1];
        self::assertSame('GET', $call->method);
        self::assertSame('https://api.scalexpert.uatc.societegenerale.com/baas/uatc/e-financing/api/v1/eligible-solutions?financedAmount=999.99&buyerBillingCountry=FR', $call->url);
        self::assertSame('Bearer tok-1', $call->headers['Authorization']);
        self::assertStringNotContainsString('merchant-secret', \print_r($token, true), '__debugInfo hides headers');
    }

    public function testAmountsAreWrittenAsExactJsonNumbers(): void
    {
        $t = new ScriptedTransport([ScriptedTransport::json(201, '{"id":"' . self::SUB_ID . '","redirect":{"type":"url","value":"https://lender.example/x"}}')]);
        $req = [
            'solutionCode' => 'SCFRSP-3XTS', 'merchantBasketId' => 'b', 'merchantGlobalOrderId' => 'o', 'merchantBuyerId' => 'u',
            'financedAmount' => '1234.5', 'merchantUrls' => ['confirmation' => 'https://shop.example/r'],
            'buyers' => [['contactAddress' => ['streetNumber' => 147]]],
            'basketDetails' => ['basketItems' => [['id' => 'A', 'price' => '0.1', 'currencyCode' => 'EUR'], ['id' => 'B', 'price' => '1234.40']]],
        ];
        $created = $this->client($t)->createSubscription($req, 'fr-FR');
        self::assertSame('https://lender.example/x', $created->redirectUrl());
        $body = $t->apiRequests()[0]->body;
        self::assertStringContainsString('"financedAmount":1234.50,', $body);
        self::assertStringContainsString('"price":0.10,', $body);
        self::assertStringContainsString('"price":1234.40}', $body);
        self::assertStringContainsString('"streetNumber":147', $body);
        self::assertStringEndsWith('/subscriptions?language=fr-FR', $t->apiRequests()[0]->url);
    }

    public function testFloatsAndBadAmountsInRequestsAreRefused(): void
    {
        $c = $this->client(new ScriptedTransport([]));
        $base = [
            'solutionCode' => 'S', 'merchantBasketId' => 'b', 'merchantGlobalOrderId' => 'o', 'merchantBuyerId' => 'u',
            'financedAmount' => '10.00', 'merchantUrls' => ['confirmation' => 'https://x'], 'buyers' => [[]],
            'basketDetails' => ['basketItems' => [['price' => '10.00']]],
        ];
        $bad = [
            ['financedAmount' => 10.0],
            ['financedAmount' => '10.001'],
            ['basketDetails' => ['basketItems' => [['price' => '10.00', 'currencyCode' => 'USD']]]],
            ['buyers' => [['vipScore' => 1.5]]],
            ['buyers' => []],
        ];
        foreach ($bad as $i => $override) {
            try {
                $c->createSubscription(\array_replace($base, $override), 'fr-FR');
                self::fail("case {$i} accepted");
            } catch (\InvalidArgumentException) {
                self::addToAssertionCount(1);
            }
        }
    }

    public function testProviderAmountsAreReadWithoutFloats(): void
    {
        $t = new ScriptedTransport([
            ScriptedTransport::json(200, self::subscriptionJson('119.9')),
            ScriptedTransport::json(200, self::subscriptionJson('1.5E3')),
            ScriptedTransport::json(200, self::subscriptionJson('12345678901234567.89')),
            ScriptedTransport::json(200, self::subscriptionJson('119.89999999999999')),
        ]);
        $c = $this->client($t);
        self::assertSame('119.90', $c->getSubscription(self::SUB_ID)->financedAmount);
        self::assertSame('1500.00', $c->getSubscription(self::SUB_ID)->financedAmount);
        self::assertSame('12345678901234567.89', $c->getSubscription(self::SUB_ID)->financedAmount, 'beyond float precision, still exact');
        $this->expectException(ProviderResponseInvalid::class);
        $c->getSubscription(self::SUB_ID); // never rounded silently
    }

    public function testInvalidJsonFromProviderIsTyped(): void
    {
        $t = new ScriptedTransport([ScriptedTransport::json(200, '{"solutions": [}')]);
        $this->expectException(ProviderResponseInvalid::class);
        $this->client($t)->eligibleSolutions('10.00', 'FR');
    }

    public function testRejectionCarriesStatusAndBodyCode(): void
    {
        $t = new ScriptedTransport([ScriptedTransport::json(400, '{"httpStatusCode":400,"errors":[{"code":"INVALID_EMAIL","message":"bad"}]}')]);
        try {
            $this->client($t)->getSubscription(self::SUB_ID);
            self::fail('no exception');
        } catch (ProviderRejected $e) {
            self::assertSame(400, $e->httpStatus);
            self::assertSame('INVALID_EMAIL', $e->errorCode);
            self::assertSame('get_subscription', $e->operation);
        }
        self::assertCount(1, $t->apiRequests(), '4xx is never retried');
    }

    public function test401RenewsTheTokenOnlyOnce(): void
    {
        $t = new ScriptedTransport([
            ScriptedTransport::json(401, '{}'),
            ScriptedTransport::json(401, '{"errorCode":"INVALID_TOKEN"}'),
        ]);
        try {
            $this->client($t)->getSubscription(self::SUB_ID);
            self::fail('no exception');
        } catch (ProviderRejected $e) {
            self::assertSame(401, $e->httpStatus);
            self::assertSame('INVALID_TOKEN', $e->errorCode);
        }
        self::assertSame(2, $t->tokensIssued);
        self::assertSame('Bearer tok-2', $t->apiRequests()[1]->headers['Authorization']);
    }

    public function testNonIdempotentCallsRetryOnlyWhenNothingWasSent(): void
    {
        $ok = ScriptedTransport::json(200, '{"financedAmount":0,"status":"ACCEPTED"}');
        // connection refused twice: the request never left, so even cancel is retried
        $t = new ScriptedTransport([
            new TransportError(TransportError::KIND_CONNECT, false, 'refused'),
            new TransportError(TransportError::KIND_CONNECT, false, 'refused'),
            $ok,
        ]);
        $r = $this->client($t)->cancel(self::SUB_ID, '10.00');
        self::assertSame('0.00', $r->financedAmount);
        self::assertSame([100, 200], $this->sleeps);

        // reset after the request was written: unknown outcome, no retry
        $t = new ScriptedTransport([new TransportError(TransportError::KIND_NETWORK, true, 'reset'), $ok]);
        try {
            $this->client($t)->cancel(self::SUB_ID, '10.00');
            self::fail('no exception');
        } catch (ProviderUnavailable $e) {
            self::assertTrue($e->outcomeUnknown);
            self::assertSame(1, $e->attempts);
        }
        self::assertCount(1, $t->apiRequests());

        // the same failure on a GET is retried
        $t = new ScriptedTransport([new TransportError(TransportError::KIND_TIMEOUT, true, 'timeout'), ScriptedTransport::json(200, self::subscriptionJson('10'))]);
        self::assertSame('10.00', $this->client($t)->getSubscription(self::SUB_ID)->financedAmount);
    }

    public function testBackoffGrowsExponentiallyAndIsCapped(): void
    {
        $fail = ScriptedTransport::json(503, '');
        $t = new ScriptedTransport([$fail, $fail, $fail, $fail, $fail, $fail, ScriptedTransport::json(200, '{}')]);
        $this->client($t, ['maxAttempts' => 7, 'backoffBaseMs' => 100, 'backoffMaxMs' => 1000])->eligibleSolutions('10.00', 'FR');
        self::assertSame([100, 200, 400, 800, 1000, 1000], $this->sleeps);
    }

    public function testJitterStaysWithinTheUpperHalf(): void
    {
        $config = new ScalexpertConfig('id', 'secret', ScalexpertConfig::BASE_URL_PROD, null, ScalexpertConfig::SCOPE_E_FINANCING, 1000, 1000, 4, 400, 400);
        $sleeps = [];
        $fail = ScriptedTransport::json(500, '');
        for ($i = 0; $i < 20; $i++) {
            $t = new ScriptedTransport([$fail, ScriptedTransport::json(200, '{}')]);
            (new ScalexpertClient($config, $t, null, null, function (int $ms) use (&$sleeps): void {
                $sleeps[] = $ms;
            }))->eligibleSolutions('10.00', 'FR');
        }
        self::assertGreaterThanOrEqual(200, \min($sleeps));
        self::assertLessThanOrEqual(400, \max($sleeps));
    }

    public function testShortTokenLifetimeShrinksTheMargin(): void
    {
        $now = 1000;
        $t = new ScriptedTransport([
            static fn (HttpRequest $r) => ScriptedTransport::json(200, '{"access_token":"short","token_type":"Bearer","expires_in":30}'),
            ScriptedTransport::json(200, '{}'),
            ScriptedTransport::json(200, '{}'),
            ScriptedTransport::json(200, '{"access_token":"next","expires_in":"3600"}'),
            ScriptedTransport::json(200, '{}'),
        ], true);
        $c = $this->client($t, ['tokenExpiryMarginS' => 60], static function () use (&$now): int {
            return $now;
        });
        $c->eligibleSolutions('10.00', 'FR');
        $now += 14; // margin = min(60, 30/2) = 15 → still valid
        $c->eligibleSolutions('10.00', 'FR');
        $now += 1;
        $c->eligibleSolutions('10.00', 'FR');
        self::assertSame('Bearer next', $t->requests[4]->headers['Authorization']);
    }

    public function testConfigGuardsCredentialsInTransit(): void
    {
        self::assertSame('https://api.scalexpert.societegenerale.com/baas/prod/e-financing/api/v1', (new ScalexpertConfig('a', 'b'))->eFinancingUrl());
        new ScalexpertConfig('a', 'b', 'http://127.0.0.1:8080/');
        new ScalexpertConfig('a', 'b', 'http://localhost:8080');
        $this->expectException(\InvalidArgumentException::class);
        new ScalexpertConfig('a', 'b', 'http://api.scalexpert.example');
    }

    public function testPathParametersMustBeUuids(): void
    {
        $c = $this->client(new ScriptedTransport([]));
        foreach (['', 'abc', self::SUB_ID . '/../x', "1b8cb15b-fbd3-4a65-9a39-ab81f6307b81\n"] as $id) {
            try {
                $c->getSubscription($id);
                self::fail('accepted ' . \json_encode($id));
            } catch (\InvalidArgumentException) {
                self::addToAssertionCount(1);
            }
        }
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing;

use PHPUnit\Framework\TestCase;
use ShopCredit\Financing\WebhookEvent;
use ShopCredit\Financing\WebhookRejected;
use ShopCredit\Financing\WebhookVerifier;

final class WebhookVerifierTest extends TestCase
{
    private const KEY = 'e5399af3ebcde0f3ead45086e13e932f36b1e5a1db002c8bb6a2870a1d22a7b6';
    private const NOW_MS = 1_718_000_000_000; // 2024-06-10T06:13:20.000Z

    private static function verifier(array $args = []): WebhookVerifier
    {
        return new WebhookVerifier(...($args + ['keyForSignature' => self::KEY, 'clockMs' => static fn (): int => self::NOW_MS]));
    }

    private static function body(array $data = [], array $top = []): string
    {
        return \json_encode($top + [
            'timestamp' => '2024-06-10T06:10:00.123Z',
            'id' => '44f5060e-a89c-11ed-afa1-0242ac120002',
            'correlationId' => '7d9670fe-a0cf-4073-afde-bdc61ca49f75',
            'eventTypeCode' => 'SC_SUBSCRIPTION',
            'eventCode' => 'SC_SUBSCRIPTION_ACCEPTED',
            'data' => $data + [
                'eventTypeCode' => 'SC_SUBSCRIPTION',
                'eventCode' => 'SC_SUBSCRIPTION_ACCEPTED',
                'merchantGlobalOrderId' => 'MYORDER-12345',
                'consolidatedStatus' => 'ACCEPTED',
            ],
        ], \JSON_UNESCAPED_SLASHES);
    }

    /** @return array<string, string> */
    private static function headers(string $body, ?string $ts = null, string $key = self::KEY): array
    {
        $ts ??= WebhookVerifier::formatTimestamp(self::NOW_MS - 2000);
        return ['X-BAAS-SIGNATURE' => WebhookVerifier::computeSignature($ts, $body, $key), 'X-BAAS-SIGNATURE-TIMESTAMP' => $ts];
    }

    private static function assertRejected(string $code, \Closure $fn): void
    {
        try {
            $fn();
            self::fail("expected {$code}");
        } catch (WebhookRejected $e) {
            self::assertSame($code, $e->reason, $e->getMessage());
        }
    }

    public function testKnownAnswerFromTheReferenceAlgorithm(): void
    {
        // hex(HMAC-SHA256(key, timestampHeader + "." + body)), computed independently (Python hmac)
        $body = '{"timestamp":"2024-12-13T15:20:26.391Z","id":"03e14f55-845c-470e-bfec-eef18c76b111","eventTypeCode":"HELLO_WORLD","data":{"eventTypeCode":"HELLO_WORLD","helloWorldMessage":"Hello World !"}}';
        $ts = '2024-12-13T15:20:26.391Z';
        self::assertSame('90943c8d64463c6be393d6d07f998e3c66fd8662633d24bfb4e7acee6e07eab6', WebhookVerifier::computeSignature($ts, $body, '123456'));

        $v = new WebhookVerifier('123456', 300, static fn (): int => 1_734_103_226_391 + 1000);
        $event = $v->verify($body, ['x-baas-signature' => '90943C8D64463C6BE393D6D07F998E3C66FD8662633D24BFB4E7ACEE6E07EAB6', 'x-baas-signature-timestamp' => $ts]);
        self::assertTrue($event->isTest(), 'upper-case hex accepted: the reference compares equalsIgnoreCase');
        self::assertSame('HELLO_WORLD', $event->eventCode);
    }

    public function testValidEventIsNormalized(): void
    {
        $body = self::body(['financedAmount' => 'AMOUNT']);
        $body = \str_replace('"AMOUNT"', '500.00', $body); // a JSON number, as Scalexpert sends it
        $event = self::verifier()->verify($body, self::headers($body));
        self::assertInstanceOf(WebhookEvent::class, $event);
        self::assertSame('44f5060e-a89c-11ed-afa1-0242ac120002', $event->eventId);
        self::assertSame('SC_SUBSCRIPTION', $event->eventTypeCode);
        self::assertSame('SC_SUBSCRIPTION_ACCEPTED', $event->eventCode);
        self::assertNull($event->subscriptionId, 'the documented payload has no creditSubscriptionId');
        self::assertSame('MYORDER-12345', $event->merchantGlobalOrderId);
        self::assertSame('ACCEPTED', $event->consolidatedStatus);
        self::assertSame('500.00', $event->financedAmount);
        self::assertSame('2024-06-10T06:10:00.123Z', $event->timestamp);
        self::assertTrue($event->knownEventCode);
        self::assertSame('500.00', $event->payload['data']['financedAmount'], 'raw payload numbers stay exact strings');
        self::assertSame($body, $event->rawBody);
        self::assertSame('{"v":1,"op":"financing.webhook","input":' . $body . '}', $event->coreRequestJson());
        self::assertSame('MYORDER-12345', $event->toArray()['merchantGlobalOrderId']);
    }

    public function testSubscriptionIdIsTakenWhenTheProviderSendsOne(): void
    {
        $body = self::body(['creditSubscriptionId' => '1b8cb15b-fbd3-4a65-9a39-ab81f6307b81']);
        self::assertSame('1b8cb15b-fbd3-4a65-9a39-ab81f6307b81', self::verifier()->verify($body, self::headers($body))->subscriptionId);
    }

    public function testCancelRequestEventCarriesAmounts(): void
    {
        $body = self::body(
            ['eventTypeCode' => 'SC_CANCEL_REQUEST', 'eventCode' => 'SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED', 'cancelledAmount' => 'C', 'financedAmount' => 'F', 'cancellationStatus' => 'PARTIAL_CANCELLATION_ACCEPTED'],
            ['eventTypeCode' => 'SC_CANCEL_REQUEST', 'eventCode' => 'SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED'],
        );
        $body = \str_replace(['"C"', '"F"'], ['100.1', '199.9'], $body);
        $e = self::verifier()->verify($body, self::headers($body));
        self::assertSame('100.10', $e->cancelledAmount);
        self::assertSame('199.90', $e->financedAmount);
        self::assertSame('PARTIAL_CANCELLATION_ACCEPTED', $e->cancellationStatus);
    }

    public function testTamperedBodyIsRejected(): void
    {
        $body = self::body();
        $headers = self::headers($body);
        $tampered = \str_replace('ACCEPTED', 'REJECTED', $body);
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($tampered, $headers));
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($body . ' ', $headers));
    }

    public function testTimestampIsPartOfTheSignedMessage(): void
    {
        $body = self::body();
        $headers = self::headers($body);
        $headers['X-BAAS-SIGNATURE-TIMESTAMP'] = WebhookVerifier::formatTimestamp(self::NOW_MS - 1000);
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($body, $headers));
    }

    public function testWrongKeyIsRejectedAndRotationAcceptsEitherKey(): void
    {
        $body = self::body();
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($body, self::headers($body, null, 'another-key')));
        $rotating = self::verifier(['keyForSignature' => ['new-key', self::KEY]]);
        self::assertSame('SC_SUBSCRIPTION_ACCEPTED', $rotating->verify($body, self::headers($body))->eventCode);
        self::assertSame('SC_SUBSCRIPTION_ACCEPTED', $rotating->verify($body, self::headers($body, null, 'new-key'))->eventCode);
    }

    public function testMissingHeaders(): void
    {
        $body = self::body();
        $h = self::headers($body);
        self::assertRejected('signature_missing', static fn () => self::verifier()->verify($body, []));
        self::assertRejected('signature_missing', static fn () => self::verifier()->verify($body, ['X-BAAS-SIGNATURE-TIMESTAMP' => $h['X-BAAS-SIGNATURE-TIMESTAMP']]));
        self::assertRejected('signature_missing', static fn () => self::verifier()->verify($body, ['X-BAAS-SIGNATURE' => '']));
        self::assertRejected('signature_missing', static fn () => self::verifier()->verify($body, ['X-BAAS-SIGNATURE' => $h['X-BAAS-SIGNATURE']]));
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($body, ['X-BAAS-SIGNATURE' => 'sha256=abc'] + $h));
    }

    public function testSharedSecretHeaderWhenConfigured(): void
    {
        $body = self::body();
        $v = self::verifier(['expectedSecret' => 'mySuperSecret']);
        self::assertRejected('signature_missing', static fn () => $v->verify($body, self::headers($body)));
        self::assertRejected('signature_invalid', static fn () => $v->verify($body, self::headers($body) + ['X-BAAS-SECRET' => 'guess']));
        self::assertSame('SC_SUBSCRIPTION_ACCEPTED', $v->verify($body, self::headers($body) + ['X-BAAS-SECRET' => 'mySuperSecret'])->eventCode);
    }

    public function testStaleAndFutureTimestamps(): void
    {
        $body = self::body();
        $at = static fn (int $offsetMs): array => self::headers($body, WebhookVerifier::formatTimestamp(self::NOW_MS + $offsetMs));
        self::assertRejected('timestamp_stale', static fn () => self::verifier()->verify($body, $at(-300_001)));
        self::assertRejected('timestamp_stale', static fn () => self::verifier()->verify($body, $at(+300_001)));
        self::verifier()->verify($body, $at(-300_000));
        self::verifier()->verify($body, $at(+299_000));
        // configurable tolerance
        self::assertRejected('timestamp_stale', static fn () => self::verifier(['toleranceS' => 60])->verify($body, $at(-61_000)));
        // a signed but unparseable timestamp
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($body, self::headers($body, '1718000000')));
        // freshness uses the header, not the payload's event time (replays keep the old payload)
        $old = self::body([], ['timestamp' => '2024-06-05T00:00:00.000Z']);
        self::assertSame('2024-06-05T00:00:00.000Z', self::verifier()->verify($old, self::headers($old))->timestamp);
    }

    public function testOversizedBodyIsRejectedBeforeAnyWork(): void
    {
        $body = self::body(['merchantGlobalOrderId' => \str_repeat('x', 65536)]);
        self::assertRejected('body_too_large', static fn () => self::verifier()->verify($body, []));
        $small = self::verifier(['maxBodyBytes' => 100]);
        self::assertRejected('body_too_large', static fn () => $small->verify(self::body(), self::headers(self::body())));
    }

    public function testMalformedJsonIsRejectedAfterTheSignature(): void
    {
        foreach (['{"id":', '[]', '"x"', '{"id":"a","id":"b"}', "{\"a\":1}\n{\"b\":2}", '{"timestamp":"2024-06-10T06:10:00Z","id":"x","eventTypeCode":"SC_SUBSCRIPTION","data":{"financedAmount":1.005,"eventCode":"SC_SUBSCRIPTION_ACCEPTED"}}'] as $body) {
            self::assertRejected('body_invalid', static fn () => self::verifier()->verify($body, self::headers($body)));
        }
        $noId = self::body([], ['id' => '']);
        self::assertRejected('body_invalid', static fn () => self::verifier()->verify($noId, self::headers($noId)));
        $badId = self::body([], ['id' => "x' OR '1'='1"]);
        self::assertRejected('body_invalid', static fn () => self::verifier()->verify($badId, self::headers($badId)));
        $mismatch = self::body(['eventCode' => 'SC_SUBSCRIPTION_REJECTED']);
        self::assertRejected('body_invalid', static fn () => self::verifier()->verify($mismatch, self::headers($mismatch)));
        $foreign = self::body([], ['eventCode' => 'SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED']);
        self::assertRejected('body_invalid', static fn () => self::verifier()->verify($foreign, self::headers($foreign)));
    }

    public function testUnsupportedEventTypes(): void
    {
        $body = self::body(['eventTypeCode' => 'CI_SUBSCRIPTION', 'eventCode' => 'CI_SUBSCRIPTION_SUBSCRIBED'], ['eventTypeCode' => 'CI_SUBSCRIPTION', 'eventCode' => 'CI_SUBSCRIPTION_SUBSCRIBED']);
        try {
            self::verifier()->verify($body, self::headers($body));
            self::fail('accepted');
        } catch (WebhookRejected $e) {
            self::assertSame('event_unsupported', $e->reason);
            self::assertSame(200, $e->httpStatus(), 'acknowledge, or Scalexpert replays it for 5 days');
        }
        // a new code of a known type passes through, flagged, for the core to alert on
        $new = self::body(['eventCode' => 'SC_SUBSCRIPTION_SOMETHING_NEW'], ['eventCode' => 'SC_SUBSCRIPTION_SOMETHING_NEW']);
        self::assertFalse(self::verifier()->verify($new, self::headers($new))->knownEventCode);
    }

    public function testSqlLookingStringsPassThroughAsDataOnly(): void
    {
        $evil = "MYORDER-1'; DROP TABLE ps_orders; --";
        $status = "ACCEPTED\" OR 1=1 /*";
        $body = self::body(['merchantGlobalOrderId' => $evil, 'consolidatedStatus' => $status]);
        $e = self::verifier()->verify($body, self::headers($body));
        self::assertSame($evil, $e->merchantGlobalOrderId);
        self::assertSame($status, $e->consolidatedStatus);
        self::assertSame($evil, $e->payload['data']['merchantGlobalOrderId']);
    }

    public function testRejectionMessagesNeverQuoteTheInput(): void
    {
        $body = self::body(['merchantGlobalOrderId' => 'PERSONAL-DATA-123']);
        try {
            self::verifier()->verify($body, ['X-BAAS-SIGNATURE' => \str_repeat('0', 64), 'X-BAAS-SIGNATURE-TIMESTAMP' => 'TS-VALUE']);
            self::fail('accepted');
        } catch (WebhookRejected $e) {
            self::assertStringNotContainsString('PERSONAL-DATA', $e->getMessage());
            self::assertStringNotContainsString('TS-VALUE', $e->getMessage());
            self::assertSame(401, $e->httpStatus());
        }
    }

    public function testDuplicatedHeaderWithDifferentValuesIsRefused(): void
    {
        $body = self::body();
        $h = self::headers($body);
        $h['x-baas-signature'] = \str_repeat('a', 64);
        self::assertRejected('signature_invalid', static fn () => self::verifier()->verify($body, $h));
    }

    public function testHeadersFromServerAndTimestampParsing(): void
    {
        self::assertSame(
            ['X-BAAS-SIGNATURE' => 'abc', 'X-BAAS-SIGNATURE-TIMESTAMP' => 't'],
            WebhookVerifier::headersFromServer(['HTTP_X_BAAS_SIGNATURE' => 'abc', 'HTTP_X_BAAS_SIGNATURE_TIMESTAMP' => 't', 'HTTP_HOST' => 'x']),
        );
        self::assertSame(1_734_103_226_391, WebhookVerifier::parseTimestampMs('2024-12-13T15:20:26.391Z'));
        self::assertSame(1_734_103_226_000, WebhookVerifier::parseTimestampMs('2024-12-13T16:20:26+01:00'));
        self::assertSame(1_734_103_226_391, WebhookVerifier::parseTimestampMs('2024-12-13T15:20:26.391999Z'));
        self::assertNull(WebhookVerifier::parseTimestampMs('2024-02-30T00:00:00Z'));
        self::assertNull(WebhookVerifier::parseTimestampMs('2024-12-13 15:20:26Z'));
        self::assertSame('2024-12-13T15:20:26.391Z', WebhookVerifier::formatTimestamp(1_734_103_226_391));
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Tests\Financing\Support\FakeProviderTestCase;

require_once __DIR__ . '/Support/FakeProviderTestCase.php';

/**
 * The fake provider sends signed webhooks over HTTP to a receiver that runs WebhookVerifier:
 * the same path a shop's webhook controller takes.
 */
final class WebhookEndToEndTest extends FakeProviderTestCase
{
    private const KEY = 'shop-signing-key-0123456789';
    private static ?PhpServer $receiver = null;
    private static string $log = '';

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        self::$log = (string) \tempnam(\sys_get_temp_dir(), 'webhook-log-');
        self::$receiver = PhpServer::start(__DIR__ . '/fixtures/webhook-receiver.php', ['WEBHOOK_KEY' => self::KEY, 'WEBHOOK_LOG' => self::$log], 2);
    }

    public static function tearDownAfterClass(): void
    {
        self::$receiver?->stop();
        self::$receiver = null;
        @\unlink(self::$log);
        parent::tearDownAfterClass();
    }

    protected function setUp(): void
    {
        parent::setUp();
        \file_put_contents(self::$log, '');
    }

    /** @return list<array<string, mixed>> */
    private static function received(): array
    {
        $rows = [];
        foreach (\file(self::$log, \FILE_IGNORE_NEW_LINES | \FILE_SKIP_EMPTY_LINES) as $line) {
            $rows[] = \json_decode($line, true, 512, \JSON_THROW_ON_ERROR);
        }
        return $rows;
    }

    private function acceptedSubscription(string $orderId, string $amount = '450.00'): string
    {
        $id = $this->client()->createSubscription(self::subscriptionRequest($orderId, $amount), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        return $id;
    }

    public function testSignedEventIsVerifiedAndDuplicatesKeepTheirEventId(): void
    {
        $id = $this->acceptedSubscription('ORDER-WH', '450.1');
        $res = self::$fake->post('/_fake/webhook', [
            'subscriptionId' => $id, 'url' => self::$receiver->baseUrl . '/webhooks/scalexpert',
            'keyForSignature' => self::KEY, 'duplicate' => 3,
        ]);
        self::assertSame('SC_SUBSCRIPTION_ACCEPTED', $res['eventCode']);
        self::assertSame([200, 200, 200], \array_column($res['deliveries'], 'httpStatus'));
        self::assertSame(['', '', ''], \array_column($res['deliveries'], 'responseBody'), 'the response body must be empty');

        $rows = self::received();
        self::assertCount(3, $rows);
        self::assertSame([true, true, true], \array_column($rows, 'ok'));
        self::assertSame([false, true, true], \array_column($rows, 'duplicate'));
        self::assertCount(1, \array_unique(\array_column($rows, 'eventId')));
        self::assertSame($res['eventId'], $rows[0]['eventId']);
        self::assertSame('ORDER-WH', $rows[0]['merchantGlobalOrderId']);
        self::assertSame('ACCEPTED', $rows[0]['consolidatedStatus']);
        self::assertSame('450.10', $rows[0]['financedAmount']);
        self::assertNull($rows[0]['subscriptionId']);
    }

    public function testWrongKeyAndStaleTimestampAreRefused(): void
    {
        $id = $this->acceptedSubscription('ORDER-BAD');
        $url = self::$receiver->baseUrl . '/webhooks/scalexpert';
        $wrong = self::$fake->post('/_fake/webhook', ['subscriptionId' => $id, 'url' => $url, 'secret' => 'not-the-key']);
        self::assertSame(401, $wrong['deliveries'][0]['httpStatus']);
        $stale = self::$fake->post('/_fake/webhook', ['subscriptionId' => $id, 'url' => $url, 'keyForSignature' => self::KEY, 'signatureTimestamp' => '2020-01-01T00:00:00.000Z']);
        self::assertSame(401, $stale['deliveries'][0]['httpStatus']);
        self::assertSame([['ok' => false, 'reason' => 'signature_invalid'], ['ok' => false, 'reason' => 'timestamp_stale']], self::received());
    }

    public function testActiveWebhookConfigurationFollowsTheLifeCycle(): void
    {
        self::$fake->post('/_fake/webhook-config', ['url' => self::$receiver->baseUrl . '/hook', 'keyForSignature' => self::KEY]);
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-AUTO', '300.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        $c->cancel($id, '100.00');
        $c->cancelInFull($id);

        $rows = self::received();
        self::assertSame(
            ['SC_SUBSCRIPTION_ACCEPTED', 'SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED', 'SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED'],
            \array_column($rows, 'eventCode'),
        );
        self::assertSame(['300.00', '200.00', '0.00'], \array_column($rows, 'financedAmount'));
        self::assertSame([null, '100.00', '200.00'], \array_column($rows, 'cancelledAmount'));
        self::assertSame('CANCELLED', $rows[2]['consolidatedStatus']);
        self::assertCount(3, \array_unique(\array_column($rows, 'eventId')));
    }

    public function testJourneyPageDrivesTheBuyerDecision(): void
    {
        $c = $this->client();
        $created = $c->createSubscription(self::subscriptionRequest('ORDER-J', '1500.00', 'SCFRLT-TXPS'), 'fr-FR');
        $ch = \curl_init($created->redirectUrl() . '?decision=accept');
        \curl_setopt_array($ch, [\CURLOPT_RETURNTRANSFER => true, \CURLOPT_FOLLOWLOCATION => false]);
        \curl_exec($ch);
        self::assertSame(302, \curl_getinfo($ch, \CURLINFO_RESPONSE_CODE));
        self::assertSame('https://shop.example/return?order=ORDER-J', \curl_getinfo($ch, \CURLINFO_REDIRECT_URL));
        \curl_close($ch);
        self::assertSame('PRE_ACCEPTED', $c->getSubscription($created->subscriptionId)->consolidatedStatus, 'long credit: pre-accepted first');
    }
}

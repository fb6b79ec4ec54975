<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service\Support;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Service\FixedClock;

require_once __DIR__ . '/../../../fake-provider/PhpServer.php';

/**
 * The fake provider over HTTP for the after-sale tests (AfterSaleTest, OrderAfterSaleTest): one
 * server per test class, reset before each test, with the client and the long-credit solution they
 * both configure. Used by ServiceTestCase subclasses (setUp calls their parent's).
 */
trait FakeProviderFixture
{
    private const LONG_CREDIT = ['solutionCode' => 'SCFRLT-TXPS', 'label' => 'Long credit', 'kind' => 'credit', 'minAmount' => '1000.00', 'maxAmount' => '10000.00', 'countries' => ['FR'], 'currency' => 'EUR'];

    private static ?PhpServer $fake = null;
    private ScalexpertClient $client;

    public static function setUpBeforeClass(): void
    {
        self::$fake = PhpServer::startFakeScalexpert(null, [], 3);
    }

    public static function tearDownAfterClass(): void
    {
        self::$fake?->stop();
        self::$fake = null;
    }

    protected function setUp(): void
    {
        parent::setUp();
        self::$fake->post('/_fake/reset');
        // The provider stamps its updates with the real time: the shop's clock starts there too.
        $this->clock = new FixedClock(\time());
    }

    /** A client of the fake provider with short timeouts and backoffs (the tests drive retries themselves). */
    private static function fakeProviderClient(): ScalexpertClient
    {
        return new ScalexpertClient(new ScalexpertConfig('test-client', 'test-secret', self::$fake->baseUrl, connectTimeoutMs: 1000, timeoutMs: 1500, maxAttempts: 2, backoffBaseMs: 5, backoffMaxMs: 10));
    }

    /** How many requests the fake provider received on one endpoint since the last reset. */
    private static function calls(string $endpoint): int
    {
        return (int) (self::$fake->get('/_fake/stats')['calls'][$endpoint] ?? 0);
    }
}

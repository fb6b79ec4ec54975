<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing\Support;

use PHPUnit\Framework\TestCase;
use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;

require_once __DIR__ . '/../../../fake-provider/PhpServer.php';

/**
 * Starts the fake Scalexpert once per test class (php -S on a free port, via proc_open), resets
 * its state before every test and stops it (with all its workers) after the class.
 */
abstract class FakeProviderTestCase extends TestCase
{
    protected static ?PhpServer $fake = null;
    /** @var list<array{0: string, 1: string, 2: array<string, mixed>}> */
    protected array $logs = [];
    /** @var list<int> */
    protected array $sleeps = [];

    public static function setUpBeforeClass(): void
    {
        self::$fake = PhpServer::startFakeScalexpert(null, [], 4);
    }

    public static function tearDownAfterClass(): void
    {
        self::$fake?->stop();
        self::$fake = null;
    }

    protected function setUp(): void
    {
        self::$fake->post('/_fake/reset');
        $this->logs = [];
        $this->sleeps = [];
    }

    protected function tearDown(): void
    {
        // a failed test may leave injected failures behind; the next setUp resets them too
        if ($this->hasFailed() && self::$fake !== null) {
            \fwrite(\STDERR, "\n--- fake provider log ---\n" . \substr(self::$fake->log(), -1500) . "\n");
        }
    }

    /** @param array<string, mixed> $overrides named ScalexpertConfig arguments */
    protected function client(array $overrides = [], ?\Closure $clock = null): ScalexpertClient
    {
        $args = $overrides + [
            'clientId' => 'test-client',
            'clientSecret' => 'test-secret',
            'baseUrl' => self::$fake->baseUrl,
            'connectTimeoutMs' => 1000,
            'timeoutMs' => 5000,
            'backoffBaseMs' => 10,
            'backoffMaxMs' => 100,
        ];
        return new ScalexpertClient(
            new ScalexpertConfig(...$args),
            null,
            function (string $level, string $message, array $context): void {
                $this->logs[] = [$level, $message, $context];
            },
            $clock,
            function (int $ms): void {
                $this->sleeps[] = $ms;
                \usleep($ms * 1000);
            },
        );
    }

    /** @return array<string, int> */
    protected function calls(): array
    {
        return self::$fake->get('/_fake/stats')['calls'];
    }

    /** A minimal valid InitiateCreditSubscriptionRequest (amounts as decimal strings). */
    protected static function subscriptionRequest(string $orderId, string $amount, string $solutionCode = 'SCFRSP-3XTS', string $country = 'FR'): array
    {
        $address = [
            'locationType' => 'BILLING_ADDRESS',
            'streetNumber' => 147,
            'streetName' => 'main street',
            'zipCode' => '92060',
            'cityName' => 'Paris',
            'regionName' => 'Île-de-France',
            'countryCode' => $country,
        ];
        $contact = [
            'firstName' => 'Paul',
            'lastName' => 'Dupont',
            'commonTitle' => 'MR',
            'email' => 'paul.dupont@mail.com',
            'mobilePhoneNumber' => '+33723456789',
        ];
        return [
            'solutionCode' => $solutionCode,
            'merchantBasketId' => 'basket-' . $orderId,
            'merchantGlobalOrderId' => $orderId,
            'merchantBuyerId' => 'buyer-42',
            'financedAmount' => $amount,
            'merchantUrls' => ['confirmation' => 'https://shop.example/return?order=' . $orderId],
            'buyers' => [[
                'contact' => $contact, 'contactAddress' => ['locationType' => 'MAIN_ADDRESS'] + $address,
                'billingContact' => $contact, 'billingAddress' => $address,
                'deliveryContact' => $contact, 'deliveryAddress' => ['locationType' => 'DELIVERY_ADDRESS'] + $address,
            ]],
            'basketDetails' => ['basketItems' => [[
                'id' => 'SKU-1', 'quantity' => 1, 'model' => '5KPM5', 'label' => 'Robot pâtissier',
                'price' => $amount, 'currencyCode' => 'EUR', 'orderId' => $orderId, 'brandName' => 'KitchenAid',
                'description' => 'Robot', 'specifications' => '315 W', 'category' => 'Small appliance', 'isFinanced' => true,
            ]]],
        ];
    }
}

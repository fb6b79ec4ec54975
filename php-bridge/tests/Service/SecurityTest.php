<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Financing\WebhookRejected;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\MoneyFormatException;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * Issue 17 at the bridge: forged webhooks are counted, not logged one line each; typed amounts
 * with more decimals than the currency are refused, never rounded; one open credit-increase
 * request per customer; paged request lists; the provider URL limited to the provider's hosts.
 */
final class SecurityTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testForgedWebhooksAreCountedNotLoggedOrStoredPerRequest(string $dialect): void
    {
        $logged = [];
        $sc = $this->boot($dialect, ['logger' => static function (string $level, string $message, array $context) use (&$logged): void {
            $logged[] = [$level, $message, $context];
        }]);
        [$body] = $this->webhook('evt-1', 'ACCEPTED', 'o-1', '2026-11-02T08:59:59.000Z');
        $refused = 0;
        for ($i = 0; $i < 200; $i++) {
            try {
                $sc->financing()->receiveWebhook('1', $body, ['x-scalexpert-signature' => 'sha256=' . str_repeat('0', 64), 'x-scalexpert-timestamp' => '2026-11-02T08:59:59.000Z']);
            } catch (WebhookRejected) {
                $refused++;
            }
        }
        self::assertSame(200, $refused);
        // 200 forged deliveries: three log lines (the 1st, 10th and 100th of the hour), one counter row, nothing in the inbox.
        self::assertSame([1, 10, 100], array_map(static fn ($l) => $l[2]['thisHour'], $logged));
        self::assertSame(1, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {webhook_rejections}'));
        self::assertSame(0, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {financing_inbox}'));
        $summary = $sc->overview()->webhookRejections('1');
        self::assertSame(200, $summary['total']);
        self::assertSame(hash('sha256', $body), $summary['lastSha256']);
        self::assertSame(strlen($body), $summary['lastBytes']);
        self::assertCount(1, $summary['byReason']);

        // The next hour opens a new counter (and logs its first rejection again).
        $this->clock->advance(3600);
        try {
            $sc->financing()->receiveWebhook('1', '{}', []);
        } catch (WebhookRejected) {
        }
        self::assertCount(4, $logged);
        self::assertSame(2, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {webhook_rejections}'));
        self::assertSame(201, $sc->overview()->webhookRejections('1')['total']);
        self::assertSame(0, $sc->overview()->webhookRejections('2')['total'], 'per shop');
    }

    public function testTypedAmountsWithTooManyDecimalsAreRefusedNeverRounded(): void
    {
        foreach (['10.005' => 'EUR', '10.001' => 'EUR', '1.5' => 'JPY', '0.0001' => 'KWD', '1,000' => 'EUR'] as $typed => $cur) {
            try {
                MoneyFormat::fromTyped($typed, $cur);
                self::fail("$typed $cur was accepted");
            } catch (MoneyFormatException $e) {
                self::assertSame('too_many_decimals', $e->errorCode, "$typed $cur");
            }
        }
        foreach (['-1', '1e3', '12.50 EUR', '', '.'] as $typed) {
            try {
                MoneyFormat::fromTyped($typed, 'EUR');
                self::fail("'$typed' was accepted");
            } catch (MoneyFormatException $e) {
                self::assertSame('invalid_amount', $e->errorCode, $typed);
            }
        }
        self::assertSame(['10.00', '10.50', '12.50', '1234.50', '5', '0.125'], [
            MoneyFormat::fromTyped('10', 'EUR'), MoneyFormat::fromTyped('10.500', 'EUR'), MoneyFormat::fromTyped(' 12,5 ', 'EUR'),
            MoneyFormat::fromTyped("1\u{a0}234.5", 'EUR'), MoneyFormat::fromTyped('5.0', 'JPY'), MoneyFormat::fromTyped('0.125', 'KWD'),
        ]);
        try {
            MoneyFormat::fromTyped('99999999999999999', 'EUR');
            self::fail('accepted an amount above the books\' maximum');
        } catch (MoneyFormatException $e) {
            self::assertSame('amount_too_large', $e->errorCode);
        }
    }

    /** @dataProvider dialects */
    public function testOneOpenCreditIncreaseRequestPerCustomerASecondUpdatesIt(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $credit = $sc->credit();
        $first = $credit->requestIncrease('1', '7', 'EUR', 'cir-a', '1500.00', 'first');
        self::assertTrue($first['accepted']);
        self::assertFalse($first['updated']);
        $second = $credit->requestIncrease('1', '7', 'EUR', 'cir-b', '2500.00', 'new season');
        self::assertTrue($second['accepted']);
        self::assertTrue($second['updated']);
        self::assertSame('cir-a', $second['request']['requestId']);
        $rows = $sc->overview()->requests('credit_increase', '1');
        self::assertCount(1, $rows);
        self::assertSame(['2500.00', 'new season', 'requested'], [$rows[0]['requested_limit'], $rows[0]['message'], $rows[0]['state']]);
        // An invalid amount changes nothing.
        self::assertFalse($credit->requestIncrease('1', '7', 'EUR', 'cir-c', '500.00', 'lower')['accepted']);
        self::assertSame('2500.00', $sc->overview()->requests('credit_increase', '1')[0]['requested_limit']);
        // Once decided, the next request is a new one.
        self::assertTrue($credit->decideIncrease('cir-a', 'decline', 'admin:1')['accepted']);
        $third = $credit->requestIncrease('1', '7', 'EUR', 'cir-d', '1800.00', 'again');
        self::assertFalse($third['updated']);
        self::assertSame(['cir-d', 'cir-a'], array_column($sc->overview()->requests('credit_increase', '1'), 'id'));
        // Another customer has their own open request.
        $this->creditLine($sc, '8', 100000);
        self::assertFalse($credit->requestIncrease('1', '8', 'EUR', 'cir-e', '1800.00')['updated']);
    }

    /** @dataProvider dialects */
    public function testRequestListsArePagedWithTheTotal(string $dialect): void
    {
        $sc = $this->boot($dialect);
        for ($i = 1; $i <= 7; $i++) {
            $this->creditLine($sc, "c$i", 10000);
            $this->clock->advance(1);
            $sc->credit()->requestIncrease('1', "c$i", 'EUR', "cir-$i", '200.00', "please $i");
        }
        $p1 = $sc->overview()->requestPage('credit_increase', '1', [], 3, 0);
        $p3 = $sc->overview()->requestPage('credit_increase', '1', [], 3, 6);
        self::assertSame(7, $p1['total']);
        self::assertSame(['cir-7', 'cir-6', 'cir-5'], array_column($p1['rows'], 'id'));
        self::assertSame(['cir-1'], array_column($p3['rows'], 'id'));
        self::assertSame('please 1', $p3['rows'][0]['message']);
        self::assertSame(1, $sc->overview()->requestPage('credit_increase', '1', ['customer_id' => 'c2'])['total']);
    }

    /** @dataProvider dialects */
    public function testWidgetFactsGiveTheSameDecisionsWithoutRiskLevelPolicyOrAccountIds(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $sc->credit()->setProfile('1', '7', 'EUR', ['risk_level' => 'high', 'company_name' => 'Acme Secret Holdings'], 'admin:1');
        $sc->wallet()->bonus('1', '7', 'EUR', 'b-1', 'bonus', '25.00', 'welcome', 'admin:1');
        $raw = $sc->checkout()->facts('1', self::customer('7'), 'EUR');
        $widget = \ShopCredit\Service\Facts::forWidget($raw);
        $json = (string) json_encode($widget);
        self::assertStringNotContainsString('"riskLevel":"high"', $json, 'no risk level');
        self::assertStringNotContainsString('Acme Secret', $json);
        self::assertStringNotContainsString('credit:1:7', $json, 'no internal account id');
        self::assertStringNotContainsString('wallet:1:7', $json);
        self::assertSame(['manual_approval'], array_values(array_unique($widget['creditLine']['credit']['settings']['riskEffects'])), 'only the effect that applies to this customer');
        $now = self::NOW;
        foreach (['100.00', '2000.00'] as $total) {
            $cart = ['cart' => ['currency' => 'EUR', 'total' => $total, 'billingCountry' => 'FR']];
            self::assertEquals(
                \ShopCredit\Core::call('eligibility.evaluate', $raw + $cart, $now),
                \ShopCredit\Core::call('eligibility.evaluate', $widget + $cart, $now),
                "same checkout preview for $total"
            );
        }
        $status = static fn (array $f): array => array_diff_key(\ShopCredit\Core::call('credit.status', ['credit' => $f['creditLine']['credit']], $now), ['accountId' => 1, 'riskLevel' => 1, 'companyName' => 1]);
        self::assertEquals($status($raw), $status($widget));
        self::assertSame(\ShopCredit\Core::call('wallet.balance', ['wallet' => $raw['wallet']['account']], $now)['balance'], \ShopCredit\Core::call('wallet.balance', ['wallet' => $widget['wallet']['account']], $now)['balance']);
    }

    public function testProviderUrlIsTheProvidersUnlessSandboxOrCustomIsEnabled(): void
    {
        self::assertNull(ScalexpertConfig::urlProblem('', false));
        self::assertNull(ScalexpertConfig::urlProblem(ScalexpertConfig::BASE_URL_PROD, false));
        foreach ([ScalexpertConfig::BASE_URL_SANDBOX, 'http://127.0.0.1:8091', 'https://attacker.example/baas', 'https://api.scalexpert.societegenerale.com.attacker.example/', 'https://api.scalexpert.societegenerale.com:8443/baas'] as $url) {
            self::assertSame('provider_url_not_allowed', ScalexpertConfig::urlProblem($url, false), $url);
        }
        self::assertNull(ScalexpertConfig::urlProblem(ScalexpertConfig::BASE_URL_SANDBOX, true));
        self::assertNull(ScalexpertConfig::urlProblem('http://127.0.0.1:8091', true));
        self::assertSame('provider_url_invalid', ScalexpertConfig::urlProblem('http://attacker.example/', true), 'clear http only on loopback');
        self::assertSame('provider_url_invalid', ScalexpertConfig::urlProblem('https://user:pw@api.scalexpert.societegenerale.com/', true));
    }
}

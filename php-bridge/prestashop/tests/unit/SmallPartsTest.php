<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditPs\Availability;
use ShopCreditPs\ConfigDefaults;
use ShopCreditPs\CronToken;
use ShopCreditPs\Db;
use ShopCreditPs\PaymentChoice;
use ShopCreditPs\Summary;
use ShopCreditPs\Texts;

final class SmallPartsTest extends TestCase
{
    public function testCronTokenIsComparedOnlyWhenConfiguredAndLongEnough(): void
    {
        $t = CronToken::generate();
        self::assertSame(48, strlen($t));
        self::assertNotSame($t, CronToken::generate());
        self::assertTrue(CronToken::matches($t, $t));
        self::assertFalse(CronToken::matches($t, substr($t, 0, -1) . 'x'));
        self::assertFalse(CronToken::matches($t, ''));
        self::assertFalse(CronToken::matches($t, [$t]), 'an array from ?token[]= is refused');
        self::assertFalse(CronToken::matches('', ''), 'no token configured: closed');
        self::assertFalse(CronToken::matches('short', 'short'));
    }

    /** @dataProvider servers */
    public function testDsnFromPrestaShopsDbServer(string $server, string $dsn): void
    {
        self::assertSame($dsn, Db::dsn($server, 'ps'));
    }

    public static function servers(): array
    {
        return [
            ['127.0.0.1:3307', 'mysql:host=127.0.0.1;port=3307;dbname=ps;charset=utf8mb4'],
            ['localhost', 'mysql:host=localhost;dbname=ps;charset=utf8mb4'],
            ['localhost:/run/mysqld/mysqld.sock', 'mysql:unix_socket=/run/mysqld/mysqld.sock;dbname=ps;charset=utf8mb4'],
            ['[::1]:3307', 'mysql:host=::1;port=3307;dbname=ps;charset=utf8mb4'],
            ['db.internal', 'mysql:host=db.internal;dbname=ps;charset=utf8mb4'],
        ];
    }

    public function testTablePrefix(): void
    {
        self::assertSame('ps_shopcredit_', Db::tablePrefix('ps_'));
        $this->expectException(InvalidArgumentException::class);
        Db::tablePrefix('a_very_long_prefix_for_a_shop_');
    }

    public function testSummaryIsOnlyTheLoggedInCustomersAndOnlyTheFigures(): void
    {
        self::assertSame('5', Summary::subject(5, true));
        self::assertNull(Summary::subject(5, false), 'a customer id in the cookie without a login is nobody');
        self::assertNull(Summary::subject(0, true));
        $payload = Summary::payload([
            'available' => true, 'currency' => 'EUR',
            'credit' => ['limit' => '500.00', 'exposure' => '47.04', 'remaining' => '452.96', 'accountId' => 'credit:1:5:EUR', 'audit' => ['x']],
            'wallet' => ['balance' => '10.00', 'available' => '10.00', 'reserved' => '0.00', 'incoming' => '0.00', 'accountId' => 'wallet:1:5:EUR'],
            'receivables' => [['orderRef' => 'ps-c7', 'customerId' => '5', 'amount' => '47.04', 'paid' => '0.00', 'remaining' => '47.04', 'dueDate' => null, 'state' => 'open', 'lastReminderLevel' => 0]],
        ], 'fr-FR', 1700000000);
        self::assertSame(['available' => true, 'currency' => 'EUR',
            'credit' => ['limit' => '500.00', 'exposure' => '47.04', 'remaining' => '452.96'],
            'wallet' => ['balance' => '10.00', 'available' => '10.00', 'reserved' => '0.00', 'incoming' => '0.00'],
            'receivables' => [['orderRef' => 'ps-c7', 'amount' => '47.04', 'paid' => '0.00', 'remaining' => '47.04', 'dueDate' => null, 'state' => 'open']],
            'locale' => 'fr-FR', 'now' => 1700000000], $payload);
        self::assertSame(['available' => false, 'reason' => 'runtime_unavailable'], Summary::payload(['available' => false]));
    }

    public function testAvailabilityIsFailClosed(): void
    {
        $a = new Availability(['methods' => [
            ['method' => 'credit_line', 'available' => true, 'display' => 'shown', 'reasons' => [], 'remainingCredit' => '452.96'],
            ['method' => 'wallet_full', 'available' => false, 'display' => 'disabled', 'reasons' => ['wallet_insufficient_funds'], 'balance' => '5.00'],
            ['method' => 'wallet_partial', 'available' => true, 'display' => 'shown', 'covers' => '5.00', 'balance' => '5.00'],
            ['method' => 'financing', 'solutionCode' => 'SCFRSP-3XTS', 'available' => false, 'display' => 'hidden', 'reasons' => ['amount_below_minimum']],
        ]]);
        self::assertTrue($a->isAvailable('credit_line'));
        self::assertSame('452.96', $a->figure('credit_line'));
        self::assertFalse($a->isAvailable('wallet_full'));
        self::assertTrue($a->isListed('wallet_full'), 'shown disabled with its reason');
        self::assertSame(['wallet_insufficient_funds'], $a->reasons('wallet_full'));
        self::assertSame('5.00', $a->partialCovers());
        self::assertFalse($a->isListed('financing', 'SCFRSP-3XTS'), 'hidden');
        self::assertFalse($a->isAvailable('financing', 'SCFRSP-4XTS'), 'absent means unavailable');
        self::assertSame(['method_not_offered'], $a->reasons('financing', 'SCFRSP-4XTS'));
        self::assertCount(1, $a->financingSolutions());
        $none = new Availability(\ShopCredit\Service\CheckoutService::unavailable('EUR', '10.00'));
        foreach (['credit_line', 'wallet_full', 'wallet_partial'] as $m) {
            self::assertFalse($none->isAvailable($m));
            self::assertFalse($none->isListed($m));
        }
        self::assertNull($none->partialCovers());
    }

    public function testPaymentChoices(): void
    {
        self::assertSame('credit_line', PaymentChoice::coreMethod('account'));
        self::assertSame('partial', PaymentChoice::controller('partial'));
        self::assertNull(PaymentChoice::coreMethod('cheque'));
        self::assertSame('SCFRSP-3XTS', PaymentChoice::solutionCode('SCFRSP-3XTS'));
        self::assertNull(PaymentChoice::solutionCode("SCFRSP-3XTS'--"));
        self::assertNull(PaymentChoice::solutionCode(['SCFRSP-3XTS']));
    }

    public function testInstallDefaultsUseTheShopsStatesAndSecretTokens(): void
    {
        $v = ConfigDefaults::values(['PS_OS_PREPARATION' => 3, 'PS_OS_SHIPPING' => 4, 'PS_OS_BANKWIRE' => 10, 'PS_OS_PAYMENT' => 2], 'tok', 'key');
        self::assertSame(3, $v['SHOPCREDIT_OS_ACCOUNT_OK']);
        self::assertSame(4, $v['SHOPCREDIT_OS_DUE_START']);
        self::assertSame(0, $v['SHOPCREDIT_OS_SHIPPED'], 'a financed order is shipped at the first state PrestaShop counts as shipped');
        self::assertSame(10, $v['SHOPCREDIT_OS_PARTIAL']);
        self::assertSame(2, $v['SHOPCREDIT_OS_PAID']);
        self::assertSame('tok', $v['SHOPCREDIT_CRON_TOKEN']);
        self::assertSame('auto', $v['SHOPCREDIT_RUNTIME']);
        foreach (ConfigDefaults::SECRETS as $k) {
            self::assertArrayHasKey($k, $v);
        }
    }

    public function testReasonSentences(): void
    {
        $s = Texts::sentence(['exceeds_credit_limit', 'not_a_known_code'], static fn (string $x): string => strtoupper($x));
        self::assertSame('THIS ORDER EXCEEDS YOUR REMAINING CREDIT. not_a_known_code', $s);
        foreach (['stale_choice', 'runtime_unavailable', 'wallet_insufficient_funds'] as $c) {
            self::assertArrayHasKey($c, Texts::reasons());
        }
    }
}

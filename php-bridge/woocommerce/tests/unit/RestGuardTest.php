<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\RestGuard;

final class RestGuardTest extends TestCase
{
    public function testOnlyALoggedInCustomerReadsASummary(): void
    {
        self::assertFalse(RestGuard::summaryAllowed(0));
        self::assertTrue(RestGuard::summaryAllowed(7));
    }

    public function testTheSubjectIsAlwaysTheCaller(): void
    {
        self::assertSame('7', RestGuard::summarySubject(7, ['customer_id' => '8', 'customerId' => '9', 'user' => '10']));
        self::assertNull(RestGuard::summarySubject(0, ['customer_id' => '8']));
    }

    public function testAdminCapability(): void
    {
        $asked = [];
        self::assertFalse(RestGuard::adminAllowed(static function (string $cap) use (&$asked): bool {
            $asked[] = $cap;
            return false;
        }));
        self::assertSame(['manage_woocommerce'], $asked);
        self::assertTrue(RestGuard::adminAllowed(static fn (string $cap): bool => $cap === 'manage_woocommerce'));
    }

    public function testThePayloadKeepsOnlyTheWidgetsFigures(): void
    {
        $p = RestGuard::summaryPayload([
            'available' => true, 'currency' => 'EUR',
            'credit' => ['limit' => '500.00', 'exposure' => '240.00', 'remaining' => '260.00', 'account' => ['id' => 'credit:1:7:EUR'], 'totalPaid' => '0.00'],
            'wallet' => ['balance' => '50.00', 'available' => '50.00', 'reserved' => '0.00', 'incoming' => '0.00', 'accountId' => 'wallet:1:7:EUR'],
            'receivables' => [['orderRef' => 'wc-1']],
        ]);
        self::assertSame(['available', 'currency', 'credit', 'wallet', 'receivables'], array_keys($p));
        self::assertSame([['orderRef' => 'wc-1']], $p['receivables']);
        self::assertSame(['limit' => '500.00', 'exposure' => '240.00', 'remaining' => '260.00'], $p['credit']);
        self::assertArrayNotHasKey('accountId', $p['wallet']);
        self::assertSame(['available' => false, 'reason' => 'runtime_unavailable'], RestGuard::summaryPayload(['available' => false, 'reason' => 'runtime_unavailable', 'credit' => ['limit' => '1']]));
    }

    public function testFinancingTimelineOnlyForTheCallersOwnOrder(): void
    {
        $timeline = [['orderRef' => 'wc-9', 'solutionCode' => 'SCFRSP-3XTS', 'status' => 'REJECTED', 'final' => true, 'history' => []]];
        $asked = 0;
        $ask = static function () use ($timeline, &$asked): array {
            $asked++;
            return $timeline;
        };
        self::assertSame([], RestGuard::financingPayload(7, 8, $ask), 'another customer\'s order');
        self::assertSame([], RestGuard::financingPayload(0, 0, $ask), 'a visitor');
        self::assertSame(0, $asked, 'the books are not even read for someone else\'s order');
        self::assertSame($timeline, RestGuard::financingPayload(7, 7, $ask));
    }
}

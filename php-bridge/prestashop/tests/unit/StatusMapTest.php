<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditPs\StatusMap;

final class StatusMapTest extends TestCase
{
    /** @dataProvider words */
    public function testCoreWordsBecomePrestaShopStates(string $word, ?string $key): void
    {
        self::assertSame($key, StatusMap::toConfigKey($word, 'SHOPCREDIT_OS_ACCOUNT_OK'));
    }

    public static function words(): array
    {
        return [
            ['pending_credit_check', 'SHOPCREDIT_OS_PENDING_CHECK'],
            ['failed_credit_check', 'SHOPCREDIT_OS_FAILED_CHECK'],
            ['awaiting_financing', 'SHOPCREDIT_OS_AWAITING_FINANCING'],
            ['processing', 'SHOPCREDIT_OS_ACCOUNT_OK'],
            ['paid', 'SHOPCREDIT_OS_ACCOUNT_OK'],
            ['completed', 'PS_OS_DELIVERED'],
            ['cancelled', 'PS_OS_CANCELED'],
            ['payment_error', 'PS_OS_ERROR'],
            ['refunded', 'PS_OS_REFUND'],
            ['something_new', null],
        ];
    }

    public function testTheNaturalStateIsTheCallersChoice(): void
    {
        self::assertSame('SHOPCREDIT_OS_PAID', StatusMap::toConfigKey('paid', 'SHOPCREDIT_OS_PAID'));
        self::assertSame('PS_OS_PAYMENT', StatusMap::toConfigKey('paid'));
    }

    public function testSettlementFollowsThePaidFlagAndTheReleasingStates(): void
    {
        $releasing = [6, 8, 16];
        self::assertSame('paid', StatusMap::settlementOutcome(2, true, $releasing));
        self::assertNull(StatusMap::settlementOutcome(10, false, $releasing), 'awaiting bank wire: nothing yet');
        self::assertSame('cancelled', StatusMap::settlementOutcome(6, false, $releasing));
        self::assertSame('cancelled', StatusMap::settlementOutcome(16, false, $releasing), 'failed credit check releases');
        // A releasing state wins even if a merchant flagged it paid.
        self::assertSame('cancelled', StatusMap::settlementOutcome(8, true, $releasing));
        self::assertSame('cancelled', StatusMap::settlementOutcome(6, false, ['6']), 'ids from Configuration are strings');
    }

    public function testNaturalStatusForTheCore(): void
    {
        self::assertSame('completed', StatusMap::naturalForCore(true));
        self::assertSame('processing', StatusMap::naturalForCore(false));
    }
}

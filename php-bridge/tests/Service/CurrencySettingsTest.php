<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/../Storage/Support/StorageTestCase.php';

/**
 * Balance amounts per currency: settings saved in a EUR shop say so, a yen top-up is refused
 * before payment until the shop gives yen amounts (its own, or a recorded rate), and never
 * judged on the euro figures (the ¥10,000 top-up that was paid and then refused).
 */
final class CurrencySettingsTest extends StorageTestCase
{
    /** @dataProvider dialects */
    public function testAYenTopUpIsJudgedOnYenAmountsOnly(string $dialect): void
    {
        $sc = ShopCredit::boot(['connection' => $this->installed($dialect), 'clock' => new FixedClock(1_793_610_000)]);
        $sc->settings()->installDefaults('1', 'EUR', 'install');
        self::assertSame('EUR', $sc->settings()->get('1', 'wallet')['currency'], 'the defaults say their currency');
        $wallet = ['enabled' => true, 'allowTopUp' => true, 'minTopUp' => '5.00', 'maxTopUp' => '1000.00'];
        self::assertTrue($sc->settings()->save('1', ['wallet' => $wallet], 'EUR', 'admin:1')['saved']);
        self::assertSame('EUR', $sc->settings()->get('1', 'wallet')['currency'], 'amounts typed in a euro shop are euros');
        self::assertTrue($sc->wallet()->checkTopUp('1', 'EUR', '50.00')['accepted']);
        $yen = $sc->wallet()->checkTopUp('1', 'JPY', '10000');
        self::assertSame([false, ['currency_not_supported']], [$yen['accepted'], $yen['reasons']], 'not 1000.00 read as ¥1000');

        $sc->settings()->save('1', ['wallet' => $wallet + ['perCurrency' => ['JPY' => ['minTopUp' => '500', 'maxTopUp' => '150000']]]], 'EUR', 'admin:1');
        self::assertTrue($sc->wallet()->checkTopUp('1', 'JPY', '10000')['accepted']);
        self::assertSame(['amount_above_maximum'], $sc->wallet()->checkTopUp('1', 'JPY', '150001')['reasons']);

        $sc->settings()->save('1', ['wallet' => $wallet + ['rates' => ['USD' => ['rate' => '1.08', 'asOf' => '2026-11-01']]]], 'EUR', 'admin:1');
        self::assertSame(['amount_above_maximum'], $sc->wallet()->checkTopUp('1', 'USD', '1080.01')['reasons'], '1000.00 EUR × 1.08');
        self::assertTrue($sc->wallet()->checkTopUp('1', 'USD', '1080.00')['accepted']);
        self::assertSame(['currency_not_supported'], $sc->wallet()->checkTopUp('1', 'JPY', '10000')['reasons'], 'yen amounts removed again');
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/../Storage/Support/StorageTestCase.php';

/**
 * Multishop settings: a shop created later runs on the shared defaults before anyone saves its
 * settings; one shop's save never changes another shop's values; "all shops" defaults reach only
 * the shops without a value of their own.
 */
final class MultishopSettingsTest extends StorageTestCase
{
    /** @dataProvider dialects */
    public function testAShopsSaveNeverOverwritesAnothersAndNewShopsGetDefaults(string $dialect): void
    {
        $sc = ShopCredit::boot(['connection' => $this->installed($dialect), 'clock' => new FixedClock(1_793_610_000)]);
        $settings = $sc->settings();
        $written = $settings->installGlobalDefaults('EUR', 'install');
        self::assertContains('wallet', $written);
        self::assertSame([], $settings->installGlobalDefaults('EUR', 'install'), 'a reinstall keeps what is there');
        $settings->installDefaults('1', 'EUR', 'install');
        self::assertTrue($settings->save('1', ['financing.enabled' => true, 'wallet' => ['enabled' => true, 'minTopUp' => '20.00', 'allowTopUp' => true]], 'EUR', 'admin:1')['saved']);

        // Shop 2 was created after the install: no row of its own, it runs on the defaults.
        self::assertSame([], $sc->settings->all('2'));
        self::assertTrue($sc->facts->creditEnabled('2'), 'credit lines on, from the shared defaults');
        self::assertSame('5.00', $sc->facts->walletSettings('2')['minTopUp']);
        self::assertFalse($sc->facts->financingEnabled('2'));
        self::assertSame($settings->defaults('EUR')['wallet'], $settings->effective('2')['wallet'], 'what its settings form shows');

        // Its first save (only the balance settings, financing switched off there) changes shop 2 only.
        $r = $settings->save('2', ['wallet' => ['enabled' => true, 'minTopUp' => '7.00', 'allowTopUp' => true], 'financing.enabled' => false], 'EUR', 'admin:2');
        self::assertSame(['wallet', 'financing.enabled'], $r['changed']);
        self::assertTrue($sc->facts->financingEnabled('1'), "shop 1's financing stays on");
        self::assertSame('20.00', $sc->facts->walletSettings('1')['minTopUp']);
        self::assertSame('7.00', $sc->facts->walletSettings('2')['minTopUp']);

        // "All shops": the defaults change for shops without their own value only.
        self::assertTrue($settings->saveDefaults(['credit.enabled' => false, 'wallet' => ['enabled' => true, 'minTopUp' => '3.00', 'allowTopUp' => true]], 'EUR', 'admin:1')['saved']);
        self::assertSame('3.00', $sc->facts->walletSettings('3')['minTopUp'], 'a shop created later');
        self::assertFalse($sc->facts->creditEnabled('3'));
        self::assertSame('20.00', $sc->facts->walletSettings('1')['minTopUp']);
        self::assertSame('7.00', $sc->facts->walletSettings('2')['minTopUp']);
        self::assertTrue($sc->facts->creditEnabled('1'), 'shop 1 has its own credit.enabled from installDefaults');
        self::assertFalse($sc->facts->creditEnabled('2'), 'shop 2 never set it: it follows the defaults');
        try {
            $settings->saveDefaults(['wallet' => ['enabled' => true, 'minTopUp' => '9.00', 'maxTopUp' => '1.00']], 'EUR', 'admin:1');
            self::fail('the defaults are checked like a shop\'s settings');
        } catch (InvalidRequest $e) {
            self::assertSame('wallet.maxTopUp', $e->field);
        }
        self::assertSame('3.00', $sc->facts->walletSettings('3')['minTopUp'], 'nothing changed');

        // A save without one shop's id (an "all shops" context, a host that lost its shop id)
        // is refused: it would change every shop that runs on the defaults.
        foreach (['*', '', 'shop:1'] as $noShop) {
            try {
                $settings->save($noShop, ['financing.enabled' => true], 'EUR', 'admin:1');
                self::fail("save('$noShop') must be refused");
            } catch (InvalidRequest $e) {
                self::assertSame(['invalid_id', 'shopId'], [$e->errorCode, $e->field]);
            }
        }
        self::assertFalse($sc->facts->financingEnabled('2'), 'nothing changed');
        self::assertFalse($sc->facts->financingEnabled('3'));
    }

    /**
     * What both hosts call on install (installDefaults for their shop) is enough: a shop created
     * later runs on the defaults from its first request, and its first save is its own.
     * @dataProvider dialects
     */
    public function testAShopsInstallGivesEveryLaterShopTheDefaults(string $dialect): void
    {
        $sc = ShopCredit::boot(['connection' => $this->installed($dialect), 'clock' => new FixedClock(1_793_610_000)]);
        $settings = $sc->settings();
        self::assertContains('credit', $settings->installDefaults('1', 'EUR', 'install'));
        self::assertSame([], $sc->settings->all('2'), 'shop 2 was created later');
        self::assertTrue($sc->facts->creditEnabled('2'));
        self::assertSame($settings->defaults('EUR')['wallet'], $sc->facts->walletSettings('2'));
        $elig = $sc->checkout()->eligibility('2', ['customerId' => '7', 'groupIds' => [], 'loggedIn' => true], ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR']);
        self::assertSame(['no_wallet'], \array_column($elig['methods'], null, 'method')['wallet_full']['reasons'], 'its checkout runs on the defaults');
        self::assertTrue($settings->save('2', ['financing.enabled' => true, 'credit.enabled' => false], 'EUR', 'admin:2')['saved']);
        self::assertSame([true, false], [$sc->facts->creditEnabled('1'), $sc->facts->creditEnabled('2')]);
        self::assertFalse($sc->facts->financingEnabled('1'), "shop 2's save is its own");
        self::assertSame([], $settings->installDefaults('1', 'EUR', 'install'), 'a reinstall keeps every value');
        self::assertSame([], $settings->installGlobalDefaults('EUR', 'install'), 'the shared defaults are there already');
    }
}

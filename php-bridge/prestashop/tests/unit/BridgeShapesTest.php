<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\Admin\SettingsForm;
use ShopCreditPs\Availability;
use ShopCreditPs\Requests;

/**
 * The shapes the hooks and controllers build, through the real bridge and core (SQLite in
 * memory): what the checkout, refunds and the settings page send is what the core accepts.
 */
final class BridgeShapesTest extends TestCase
{
    private ShopCredit $sc;

    protected function setUp(): void
    {
        $this->sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $this->sc->settings()->installDefaults('1', 'EUR', 'install');
    }

    public function testCheckoutShapesArePlacedByOrdersAndPassTheCheck(): void
    {
        $this->sc->credit()->setLimit('1', '3', 'EUR', '500.00', 'admin:1');
        $customer = Requests::customer(3, [3], false);
        $cart = Requests::cart('EUR', 23.52 * 2, 'FR', false);
        $avail = new Availability($this->sc->checkout()->eligibility('1', $customer, $cart));
        self::assertTrue($avail->isAvailable('credit_line'));
        self::assertSame('500.00', $avail->figure('credit_line'));
        $placed = ['customer' => ['customerId' => (string) $customer['customerId'], 'groupIds' => $customer['groupIds']], 'currency' => 'EUR', 'stockHeld' => false];
        $a = $this->sc->orders()->place('1', Requests::orderRef(7), $placed + ['method' => 'credit_line', 'total' => $cart['total']], 'placed:ab12');
        self::assertTrue($a['accepted'], json_encode($a['reasons']));
        self::assertSame('on_account', $a['order']['status']);
        // A second order over the remaining credit is refused at placement: nothing booked.
        $r2 = $this->sc->orders()->place('1', Requests::orderRef(8), $placed + ['method' => 'credit_line', 'total' => '460.00'], 'placed:ef01');
        self::assertFalse($r2['accepted']);
        self::assertSame(['exceeds_credit_limit'], $r2['reasons']);
        self::assertSame([], $this->sc->transfers->findByOrderRef(Requests::orderRef(8)));
    }

    public function testAnUnchangedSettingsFormChangesNothing(): void
    {
        $current = $this->sc->settings()->all('1');
        $values = SettingsForm::coreValues(SettingsForm::postFromSettings($current), $current, 'EUR');
        $r = $this->sc->settings()->save('1', $values, 'EUR', 'admin:1');
        self::assertTrue($r['saved'], json_encode($r['violations']));
        self::assertSame([], $r['changed'], 'the form round-trips the stored settings');
        // Turning one checkbox off changes exactly that setting.
        $post = SettingsForm::postFromSettings($current);
        unset($post['wallet_partial']);
        $r2 = $this->sc->settings()->save('1', SettingsForm::coreValues($post, $current, 'EUR'), 'EUR', 'admin:1');
        self::assertSame(['wallet'], $r2['changed']);
        self::assertFalse($this->sc->settings()->get('1', 'wallet')['allowPartial']);
    }

    public function testTheSettingsFormSavesWhatTheCoreAccepts(): void
    {
        $current = $this->sc->settings()->all('1');
        $post = [
            'credit_enabled' => '1', 'credit_terms_days' => '45', 'credit_block_overdue' => '1', 'risk_medium' => 'manual_approval',
            'wallet_enabled' => '1', 'wallet_partial' => '1', 'wallet_topup' => '1', 'wallet_withdrawal' => '1',
            'wallet_min_withdrawal' => '20,00', 'wallet_groups' => '3, 4', 'wallet_topup_vat' => 'none',
            'financing_enabled' => '1', 'display' => 'hide',
            'map_ACCEPTED' => 'paid', 'paid_ACCEPTED' => '1', 'map_REJECTED' => 'payment_error',
        ];
        $values = SettingsForm::coreValues($post, $current, 'EUR');
        $r = $this->sc->settings()->save('1', $values, 'EUR', 'admin:1');
        self::assertTrue($r['saved'], json_encode($r['violations']));
        self::assertSame(45, $this->sc->settings()->get('1', 'credit')['defaultPaymentTermsDays']);
        self::assertSame('20.00', $this->sc->settings()->get('1', 'wallet')['minWithdrawal']);
        self::assertSame(['3', '4'], $this->sc->settings()->get('1', 'wallet')['allowedGroups']);
        self::assertSame('hide', $this->sc->settings()->get('1', 'checkout.display'));
        // A non-final provider status marked paid is refused by the core; nothing is stored.
        $bad = SettingsForm::coreValues(['map_INITIALIZED' => 'paid', 'paid_INITIALIZED' => '1'] + $post, $this->sc->settings()->all('1'), 'EUR');
        $r2 = $this->sc->settings()->save('1', $bad, 'EUR', 'admin:1');
        self::assertFalse($r2['saved']);
        self::assertNotSame([], $r2['violations']);
        self::assertSame('financing.mapping INITIALIZED: non_final_status_mapped_to_paid', SettingsForm::violationText($r2['violations'][0]));
        self::assertFalse($this->sc->settings()->get('1', 'financing.mapping')['INITIALIZED']['isPaid']);
    }
}

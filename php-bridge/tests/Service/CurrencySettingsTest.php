<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\AccountRepository;
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

    /**
     * A ¥10,000 top-up end to end through Orders, in yen only: the amount the cart gets is the
     * one the customer chose (checkTopUp: credit ¥10,000, no conversion), the rules are the yen
     * ones from `perCurrency` (a ¥200,000 top-up is refused before payment), and the capture
     * credits ¥10,000 to the customer's yen balance. One source: a `wallet.currency.jpy` row
     * (the old per-currency setting) is never read.
     * @dataProvider dialects
     */
    public function testAYenTopUpIsPricedCheckedAndCreditedInYenThroughOrders(string $dialect): void
    {
        $sc = ShopCredit::boot(['connection' => $this->installed($dialect), 'clock' => new FixedClock(1_793_610_000)]);
        $wallet = ['enabled' => true, 'allowTopUp' => true, 'minTopUp' => '5.00', 'maxTopUp' => '1000.00'];
        $sc->settings()->save('1', ['wallet' => $wallet + ['perCurrency' => ['JPY' => ['minTopUp' => '500', 'maxTopUp' => '150000']]]], 'EUR', 'admin:1');
        $sc->settings->set('1', 'wallet.currency.jpy', ['enabled' => true, 'allowTopUp' => true, 'maxTopUp' => '100']);
        $sc->settings->set('1', 'orders.top_up_methods', ['stripe']);

        $cart = $sc->wallet()->checkTopUp('1', 'JPY', '10000');
        self::assertSame([true, [], '10000', '0'], [$cart['accepted'], $cart['reasons'], $cart['credit'], $cart['vat']], 'the cart gets ¥10,000, not a converted euro price');
        $placement = static fn (string $total): array => ['customer' => ['customerId' => '42'], 'method' => 'external', 'kind' => 'top_up', 'paymentMethod' => 'stripe', 'currency' => 'JPY', 'total' => $total];

        $tooMuch = $sc->orders()->place('1', 'topup-big', $placement('200000'));
        self::assertSame([false, ['amount_above_maximum']], [$tooMuch['accepted'], $tooMuch['reasons']], 'refused before anyone pays');
        self::assertNull($sc->orders()->summary('1', 'topup-big'));

        $placed = $sc->orders()->place('1', 'topup-1', $placement('10000'));
        self::assertTrue($placed['accepted'], \json_encode($placed));
        self::assertSame(['10000', '10000', '0'], [$placed['order']['topUp']['price'], $placed['order']['topUp']['credit'], $placed['order']['topUp']['vat']]);
        $available = static fn (string $id): string => (string) $sc->books->ask('wallet.balance', ['wallet' => AccountRepository::toWire($sc->accounts->find($id))])['available'];
        self::assertSame('0', $available('wallet:1:42:JPY'), 'nothing credited before the money arrives');

        $captured = $sc->orders()->paymentCaptured('1', 'topup-1', 'pi_1');
        self::assertSame([true, '10000'], [$captured['accepted'], $captured['order']['topUp']['credited']]);
        self::assertSame('10000', $available('wallet:1:42:JPY'));
        self::assertNull($sc->accounts->find('wallet:1:42:EUR'), 'no euro movement anywhere');

        // Without yen amounts the same top-up is refused at placement, never judged on euro figures.
        $sc->settings()->save('1', ['wallet' => $wallet], 'EUR', 'admin:1');
        self::assertSame(['currency_not_supported'], $sc->orders()->place('1', 'topup-2', $placement('10000'))['reasons']);
    }
}

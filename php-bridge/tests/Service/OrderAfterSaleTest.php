<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\ScriptedHost;
use ShopCredit\Tests\Service\Support\FakeProviderFixture;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';
require_once __DIR__ . '/Support/ScriptedHost.php';
require_once __DIR__ . '/Support/FakeProviderFixture.php';

/**
 * After the sale through the order lifecycle, against the fake provider over HTTP: a scripted
 * host ships, cancels and refunds financed orders the way a real adapter does (one Orders call
 * per host event); Orders asks the provider (queued with the event, sent after the commit,
 * retried by the jobs) and the provider's answer comes back as the merchant's note, once.
 * Every delivery is made again at the end: nothing more reaches the provider, no note twice.
 */
final class OrderAfterSaleTest extends ServiceTestCase
{
    use FakeProviderFixture;

    /** @return array<string, array{string, string}> */
    public static function hosts(): array
    {
        $out = [];
        foreach (['sqlite', 'mysql'] as $d) {
            foreach ([ScriptedHost::WOOCOMMERCE, ScriptedHost::PRESTASHOP] as $h) {
                $out["$h on $d"] = [$d, $h];
            }
        }
        return $out;
    }

    private function shop(string $dialect, string $host, ?ShopCredit &$sc = null): ScriptedHost
    {
        $this->client = self::fakeProviderClient();
        $sc = $this->boot($dialect, ['scalexpert' => $this->client]);
        $sc->settings->set('*', 'financing.solutions', [...self::SOLUTIONS, self::LONG_CREDIT]);
        // PrestaShop's merchant chose "Shipped" (not "Delivered"); WooCommerce keeps the default: any fulfilled status.
        if ($host === ScriptedHost::PRESTASHOP) {
            $sc->settings->set('*', 'orders.shipped_status', 'ps-shipped');
        }
        return new ScriptedHost($sc->orders(), $host);
    }

    /** Checkout with financing, the customer back from the provider with an ACCEPTED subscription. */
    private function financedOrder(ShopCredit $sc, ScriptedHost $shop, string $orderRef, string $amount, string $solution = 'SCFRSP-3XTS'): string
    {
        $shop->checkout($orderRef, ['customer' => self::customer('42'), 'method' => 'financing', 'currency' => 'EUR', 'total' => $amount], ScriptedHost::SET[$shop->host]['pending_payment']);
        $id = $sc->financing()->start('1', $orderRef, $solution, $amount, 'EUR', '42',
            ['firstName' => 'Paul', 'lastName' => 'Dupont', 'email' => 'paul@example.test', 'phone' => '+33 6 12 34 56 78'],
            ['street' => '147 main street', 'zip' => '75001', 'city' => 'Paris', 'country' => 'FR'], null,
            [['id' => 'SKU-1', 'label' => 'Robot', 'quantity' => 1, 'price' => $amount]], "https://shop.example/return?order=$orderRef")['subscriptionId'];
        if ($solution !== 'SCFRSP-3XTS') {
            self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'PRE_ACCEPTED']);
        }
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        $r = $sc->financing()->customerReturn($id);
        $sc->orders()->perform($r['order']['actions'] ?? [], $shop);
        self::assertSame(ScriptedHost::SET[$shop->host]['paid'], $shop->status[$orderRef]);
        return $id;
    }

    /** @return list<string> the order's notes about the financing after the sale, in order */
    private static function providerNotes(ScriptedHost $shop, string $orderRef): array
    {
        $afterSale = static fn (string $l): bool => \str_starts_with($l, 'note:financing_') && !\in_array($l, ['note:financing_started', 'note:financing_accepted'], true);
        return \array_values(\array_filter($shop->log($orderRef), $afterSale));
    }

    /** Every host event again, out of order, and the jobs: nothing more is sent, noted or booked. */
    private function assertNothingHappensTwice(ShopCredit $sc, ScriptedHost $shop): void
    {
        $calls = [self::calls('confirm_delivery'), self::calls('cancel')];
        $performed = $shop->performed;
        foreach ($shop->redeliverAll() as $a) {
            self::assertSame([], $a['actions'], \json_encode($a));
        }
        $this->clock->advance(3600);
        $jobs = $sc->jobs()->runAll('1', $shop);
        self::assertSame([], $jobs['errors']);
        self::assertSame(['done' => 0, 'refused' => 0, 'waiting' => 0, 'reported' => 0], $jobs['providerRequests']);
        self::assertSame($calls, [self::calls('confirm_delivery'), self::calls('cancel')]);
        self::assertSame($performed, $shop->performed, 'no host action performed again');
    }

    /** @dataProvider hosts */
    public function testLongCreditShippedConfirmsTheDeliveryOnceWithTheProviderDownThenUp(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $id = $this->financedOrder($sc, $shop, 'o-lt', '1500.00', 'SCFRLT-TXPS');
        self::$fake->post('/_fake/fail', ['endpoint' => 'confirm_delivery', 'status' => 503, 'times' => 2]);
        $shipped = $host === ScriptedHost::PRESTASHOP ? 'ps-shipped' : 'wc-completed';
        $shop->setStatus('o-lt', $shipped);
        self::assertSame(2, self::calls('confirm_delivery'), 'sent at once; both attempts of the client failed');
        $block = $sc->afterSale()->forOrder('1', 'o-lt');
        self::assertSame([['confirm_delivery', 'pending', 'provider_unavailable']], \array_map(static fn ($r) => [$r['kind'], $r['state'], $r['reason']], $block), 'the financing block shows it waiting');
        self::assertSame([], self::providerNotes($shop, 'o-lt'));
        self::assertSame('requested', $sc->orders()->summary('1', 'o-lt')['delivery']);

        // Another status (PrestaShop: "Delivered", fulfilled too but not the merchant's "shipped"), then shipped again by hand.
        $shop->setStatus('o-lt', $host === ScriptedHost::PRESTASHOP ? 'ps-delivered' : 'wc-processing');
        $shop->setStatus('o-lt', $shipped);
        self::assertCount(1, $sc->afterSale()->forOrder('1', 'o-lt'), 'asked once');
        self::assertSame(2, self::calls('confirm_delivery'), 'the job waits for the next attempt time');

        $this->clock->advance(61);
        $jobs = $sc->jobs()->runAll('1', $shop);
        self::assertSame(['done' => 1, 'refused' => 0, 'waiting' => 0, 'reported' => 1], $jobs['providerRequests']);
        self::assertSame(3, self::calls('confirm_delivery'));
        self::assertTrue($this->client->getSubscription($id)->isDelivered);
        self::assertSame(['note:financing_delivery_confirmed'], self::providerNotes($shop, 'o-lt'));
        self::assertSame('confirmed', $sc->orders()->summary('1', 'o-lt')['delivery']);
        $this->assertNothingHappensTwice($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testSplitPaymentRefundsCancelOnceInPartThenTheCancellationTakesTheRest(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $id = $this->financedOrder($sc, $shop, 'o-sp', '600.00');
        $shop->setStatus('o-sp', ScriptedHost::SET[$host]['fulfilled']);
        self::assertSame(0, self::calls('confirm_delivery'), 'a split payment needs no delivery confirmation');
        self::assertSame('not_needed', $sc->orders()->summary('1', 'o-sp')['delivery']);

        $shop->refundScreen('o-sp', '100.00');
        self::assertSame(['ACCEPTED', '500.00'], [$this->client->getSubscription($id)->consolidatedStatus, $this->client->getSubscription($id)->financedAmount]);
        self::assertNotContains('refund_external:100.00', $shop->log('o-sp'), 'the provider gives it back, not a payment method');
        $shop->refundScreen('o-sp', '50.00');
        self::assertSame(1, self::calls('cancel'), 'the second partial cancellation is refused before anything is sent');
        $notes = \array_values(\array_filter($shop->performed, static fn ($p) => $p['orderRef'] === 'o-sp' && $p['type'] === 'note' && \str_starts_with((string) $p['code'], 'financing_cancel')));
        self::assertSame([
            ['financing_cancelled_in_part', ['amount' => '100.00', 'financedAfter' => '500.00']],
            ['financing_cancel_refused', ['amount' => '50.00', 'providerMessage' => '', 'reason' => 'financing_partial_cancel_used']],
        ], \array_map(static fn ($n) => [$n['code'], $n['params']], $notes));

        $shop->setStatus('o-sp', ScriptedHost::SET[$host]['cancelled']);
        self::assertSame(['CANCELLED', '0.00'], [$this->client->getSubscription($id)->consolidatedStatus, $this->client->getSubscription($id)->financedAmount]);
        self::assertSame(2, self::calls('cancel'));
        self::assertSame(['note:financing_cancelled_in_part', 'note:financing_cancel_refused', 'note:financing_cancelled'], self::providerNotes($shop, 'o-sp'));
        $order = $sc->orders()->summary('1', 'o-sp');
        self::assertSame(['cancelled', '600.00', '150.00', '450.00', '0.00'], [$order['financing'], $order['external']['paid'], $order['external']['refunded'], $order['external']['restored'], $order['external']['held']]);
        self::assertSame(['none', 'done', 'refused', 'done'], \array_column($sc->afterSale()->forOrder('1', 'o-sp'), 'state'), 'the delivery confirmation a split payment does not need, two cancellations, the refused one');
        $this->assertNothingHappensTwice($sc, $shop);
    }

    /** @dataProvider hosts */
    public function testLongCreditAndLateCancellationsTellTheMerchantWhatToDo(string $dialect, string $host): void
    {
        $shop = $this->shop($dialect, $host, $sc);
        $this->financedOrder($sc, $shop, 'o-lc', '1500.00', 'SCFRLT-TXPS');
        $shop->setStatus('o-lc', ScriptedHost::SET[$host]['cancelled']);
        self::assertSame(0, self::calls('cancel'), 'long credit cannot be cancelled through the API');
        $ask = \array_values(\array_filter($shop->performed, static fn ($p) => $p['orderRef'] === 'o-lc' && ($p['code'] ?? '') === 'financing_cancel_ask_lender'));
        self::assertSame([['amount' => '1500.00']], \array_map(static fn ($n) => $n['params'], $ask));

        // The provider's clock says 90 days passed while ours does not: its code and words are the merchant's.
        $id = $this->financedOrder($sc, $shop, 'o-late', '120.00');
        self::$fake->post('/_fake/age', ['subscriptionId' => $id, 'days' => 91]);
        $shop->refundScreen('o-late', '20.00');
        $refused = \array_values(\array_filter($shop->performed, static fn ($p) => $p['orderRef'] === 'o-late' && ($p['code'] ?? '') === 'financing_cancel_refused'));
        self::assertCount(1, $refused);
        self::assertSame(['20.00', 'provider_refused'], [$refused[0]['params']['amount'], $refused[0]['params']['reason']]);
        self::assertStringContainsString('90 days', $refused[0]['params']['providerMessage']);
        self::assertSame('CANCELLATION_PERIOD_EXPIRED', $sc->afterSale()->forOrder('1', 'o-late')[0]['providerCode'], 'the provider\'s code is in the financing block');
        // Our own clock past 90 days: refused by the rules, nothing sent.
        $this->clock->advance(91 * 86400);
        $shop->setStatus('o-late', ScriptedHost::SET[$host]['cancelled']);
        self::assertSame(1, self::calls('cancel'));
        self::assertSame(['refused', 'refused'], \array_column($sc->afterSale()->forOrder('1', 'o-late'), 'state'));
        self::assertSame('financing_cancel_period_over', $sc->afterSale()->forOrder('1', 'o-late')[1]['reason']);
        $this->assertNothingHappensTwice($sc, $shop);
    }

    /** @dataProvider dialects */
    public function testACallerThatPerformsTheActionsItselfGetsTheProvidersAnswerInTheSameAnswer(string $dialect): void
    {
        // PrestaShop's hooks call Orders without a host and perform the answer's actions at the end
        // of the request: the note of the provider's answer must be among them, not left to the jobs.
        $shop = $this->shop($dialect, ScriptedHost::PRESTASHOP, $sc);
        $this->financedOrder($sc, $shop, 'o-ps', '300.00');
        $a = $sc->orders()->refunded('1', 'o-ps', 'slip-1', '100.00', false);
        $notes = \array_values(\array_filter($a['actions'], static fn ($x) => $x['type'] === 'note' && $x['code'] === 'financing_cancelled_in_part'));
        self::assertCount(1, $notes, \json_encode($a['actions']));
        self::assertSame(['amount' => '100.00', 'financedAfter' => '200.00'], $notes[0]['params']);
        self::assertSame(\count($a['actions']), $sc->orders()->perform($a['actions'], $shop));
        self::assertSame(['note:financing_cancelled_in_part'], self::providerNotes($shop, 'o-ps'));
        $this->clock->advance(3600);
        self::assertSame(0, $sc->orders()->redrive($shop, 0)['performed'], 'nothing left for the jobs');
        self::assertSame(['note:financing_cancelled_in_part'], self::providerNotes($shop, 'o-ps'));
    }

    /** @dataProvider dialects */
    public function testARequestQueuedByAnEventWhoseCallerStoppedIsSentAndReportedByTheJobs(string $dialect): void
    {
        $shop = $this->shop($dialect, ScriptedHost::WOOCOMMERCE, $sc);
        $id = $this->financedOrder($sc, $shop, 'o-q', '300.00');
        // The event committed; the process stopped before sending (no after-the-commit part ran).
        $sc->connection->transaction(fn () => $sc->afterSale()->queue('1', 'o-q', 'o:1:o-q:99', 'cancel', null, 'EUR'));
        self::assertSame('queued', $sc->afterSale()->forOrder('1', 'o-q')[0]['state']);
        $jobs = $sc->jobs()->runAll('1', $shop);
        self::assertSame(['done' => 1, 'refused' => 0, 'waiting' => 0, 'reported' => 1], $jobs['providerRequests']);
        self::assertSame('CANCELLED', $this->client->getSubscription($id)->consolidatedStatus);
        self::assertContains('note:financing_cancelled', $shop->log('o-q'));
        self::assertSame('cancelled', $sc->orders()->summary('1', 'o-q')['financing']);
        self::assertSame(['done' => 0, 'refused' => 0, 'waiting' => 0, 'reported' => 0], $sc->jobs()->runAll('1', $shop)['providerRequests']);
        self::assertSame(1, self::calls('cancel'));
    }
}

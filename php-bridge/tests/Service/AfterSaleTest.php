<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\FakeProviderFixture;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';
require_once __DIR__ . '/Support/FakeProviderFixture.php';

/**
 * Delivery confirmations and cancellations at the provider (AfterSale) against the fake provider
 * over HTTP, which enforces the provider's rules on its own: each request is sent once, retried by
 * the jobs while the provider is down, reconciled (never resent blind) when a cancellation's answer
 * is lost; the provider's rules refuse what they forbid before anything is sent, and what the
 * provider itself refuses is kept with its reason for the merchant.
 */
final class AfterSaleTest extends ServiceTestCase
{
    use FakeProviderFixture;

    private function shop(string $dialect): ShopCredit
    {
        $this->client = self::fakeProviderClient();
        $sc = $this->boot($dialect, ['scalexpert' => $this->client]);
        $sc->settings->set('*', 'financing.solutions', [...self::SOLUTIONS, self::LONG_CREDIT]);
        return $sc;
    }

    /** A financed order whose subscription the shop saw ACCEPTED. @return string its subscription id */
    private function acceptedOrder(ShopCredit $sc, string $orderRef, string $solution = 'SCFRSP-3XTS', string $amount = '600.00'): string
    {
        $id = $sc->financing()->start('1', $orderRef, $solution, $amount, 'EUR', '42',
            ['firstName' => 'Paul', 'lastName' => 'Dupont', 'email' => 'paul@example.test', 'phone' => '+33 6 12 34 56 78'],
            ['street' => '147 main street', 'zip' => '75001', 'city' => 'Paris', 'country' => 'FR'], null,
            [['id' => 'SKU-1', 'label' => 'Robot', 'quantity' => 1, 'price' => $amount]], "https://shop.example/return?order=$orderRef")['subscriptionId'];
        if ($solution !== 'SCFRSP-3XTS') {
            self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'PRE_ACCEPTED']);
        }
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        self::assertTrue($sc->financing()->customerReturn($id)['applied']);
        return $id;
    }

    private function provider(string $id): \ShopCredit\Financing\Subscription
    {
        return $this->client->getSubscription($id);
    }

    /** @dataProvider dialects */
    public function testDeliveryIsConfirmedOnceWithTheProviderDownThenUp(string $dialect): void
    {
        $sc = $this->shop($dialect);
        $id = $this->acceptedOrder($sc, 'o-LT1', 'SCFRLT-TXPS', '1500.00');
        self::$fake->post('/_fake/fail', ['endpoint' => 'confirm_delivery', 'status' => 503, 'times' => 2]);

        $r = $sc->afterSale()->confirmDelivery('1', 'o-LT1', 'o-LT1:shipped');
        self::assertSame(['pending', 'provider_unavailable', false], [$r['state'], $r['reason'], $r['replay']]);
        self::assertSame(2, self::calls('confirm_delivery'), 'both attempts of the client failed');
        self::assertSame([], $sc->jobs()->runAll('1')['errors']);
        self::assertSame(2, self::calls('confirm_delivery'), 'the job waits for the next attempt time');

        $this->clock->advance(61);
        self::assertSame(['done' => 1, 'refused' => 0, 'waiting' => 0], $sc->afterSale()->retryDue());
        self::assertSame(3, self::calls('confirm_delivery'));
        self::assertTrue($this->provider($id)->isDelivered);
        self::assertSame('AWAITING PAYMENT TO MERCHANT', $this->provider($id)->consolidatedSubstatus);

        // The same event again, another shipping event, the job again: nothing more is sent.
        $again = $sc->afterSale()->confirmDelivery('1', 'o-LT1', 'o-LT1:shipped');
        self::assertSame(['done', true], [$again['state'], $again['replay']]);
        $other = $sc->afterSale()->confirmDelivery('1', 'o-LT1', 'o-LT1:delivered');
        self::assertSame(['none', 'delivery_already_confirmed'], [$other['state'], $other['reason']]);
        self::assertSame(['done' => 0, 'refused' => 0, 'waiting' => 0], $sc->afterSale()->retryDue());
        self::assertSame(3, self::calls('confirm_delivery'));
        self::assertSame(['done', 'none'], \array_column($sc->afterSale()->forOrder('1', 'o-LT1'), 'state'));
    }

    /** @dataProvider dialects */
    public function testAlreadyDeliveredCountsAsDoneAndSplitPaymentsNeedNoConfirmation(string $dialect): void
    {
        $sc = $this->shop($dialect);
        $id = $this->acceptedOrder($sc, 'o-LT2', 'SCFRLT-TXPS', '1500.00');
        $this->client->confirmDelivery($id); // confirmed in the provider's portal meanwhile
        $r = $sc->afterSale()->confirmDelivery('1', 'o-LT2', 'o-LT2:shipped');
        self::assertSame(['done', 'delivery_already_confirmed'], [$r['state'], $r['reason']], 'the 409 "already delivered" is done');
        self::assertTrue($sc->financing()->subscription($id)['delivered']);

        $this->acceptedOrder($sc, 'o-SP1');
        $split = $sc->afterSale()->confirmDelivery('1', 'o-SP1', 'o-SP1:shipped');
        self::assertSame(['none', 'delivery_confirmation_not_needed'], [$split['state'], $split['reason']]);
        self::assertSame(2, self::calls('confirm_delivery'), 'one by the portal, one answered 409; nothing for the split payment');
    }

    /** @dataProvider dialects */
    public function testFullPartialAndSecondPartialCancellations(string $dialect): void
    {
        $sc = $this->shop($dialect);
        $id = $this->acceptedOrder($sc, 'o-C1');
        $partial = $sc->afterSale()->cancel('1', 'o-C1', 'refund-1', '100.00');
        self::assertSame(['done', '100.00', '500.00', false], [$partial['state'], $partial['amount'], $partial['financedAfter'], $partial['fullCancel']]);
        self::assertSame(['ACCEPTED', '500.00'], [$this->provider($id)->consolidatedStatus, $this->provider($id)->financedAmount]);

        $second = $sc->afterSale()->cancel('1', 'o-C1', 'refund-2', '50.00');
        self::assertSame(['refused', 'financing_partial_cancel_used'], [$second['state'], $second['reason']]);
        self::assertSame(1, self::calls('cancel'), 'the second partial cancellation is refused before anything is sent');
        self::assertSame('500.00', $this->provider($id)->financedAmount);

        $replay = $sc->afterSale()->cancel('1', 'o-C1', 'refund-1', '100.00');
        self::assertSame(['done', true], [$replay['state'], $replay['replay']]);
        try {
            $sc->afterSale()->cancel('1', 'o-C1', 'refund-1', '120.00');
            self::fail('a key reused for another amount must be refused');
        } catch (\ShopCredit\Service\InvalidRequest $e) {
            self::assertSame('exists_with_different_amount', $e->errorCode);
        }

        $full = $sc->afterSale()->cancel('1', 'o-C1', 'o-C1:cancelled');
        self::assertSame(['done', '500.00', '0.00', true], [$full['state'], $full['amount'], $full['financedAfter'], $full['fullCancel']]);
        self::assertSame(['CANCELLED', '0.00'], [$this->provider($id)->consolidatedStatus, $this->provider($id)->financedAmount]);
        self::assertSame(2, self::calls('cancel'));
        self::assertSame(0, $sc->financing()->subscription($id)['financed_amount']);
    }

    /** @dataProvider dialects */
    public function testCancellationsAfter90DaysAndOfLongCreditAreRefusedWithTheirReason(string $dialect): void
    {
        $sc = $this->shop($dialect);
        $this->acceptedOrder($sc, 'o-C90');
        $this->clock->advance(91 * 86400);
        $late = $sc->afterSale()->cancel('1', 'o-C90', 'o-C90:cancelled');
        self::assertSame(['refused', 'financing_cancel_period_over'], [$late['state'], $late['reason']]);

        $this->acceptedOrder($sc, 'o-LT3', 'SCFRLT-TXPS', '1500.00');
        $lt = $sc->afterSale()->cancel('1', 'o-LT3', 'o-LT3:cancelled');
        self::assertSame(['refused', 'financing_cancel_by_lender_only'], [$lt['state'], $lt['reason']]);
        self::assertSame(0, self::calls('cancel'), 'nothing the rules forbid reaches the provider');

        // The provider's own clock says 90 days passed while ours does not: its refusal and
        // reason are what the merchant sees.
        $this->clock->advance(-91 * 86400);
        $id = $this->acceptedOrder($sc, 'o-CP');
        self::$fake->post('/_fake/age', ['subscriptionId' => $id, 'days' => 91]);
        $refused = $sc->afterSale()->cancel('1', 'o-CP', 'o-CP:cancelled');
        self::assertSame(['refused', 'provider_refused', 'CANCELLATION_PERIOD_EXPIRED'], [$refused['state'], $refused['reason'], $refused['providerCode']]);
        self::assertStringContainsString('90 days', (string) $refused['providerMessage']);
        self::assertSame('ACCEPTED', $this->provider($id)->consolidatedStatus);
        $shown = $sc->afterSale()->forOrder('1', 'o-CP');
        self::assertSame('CANCELLATION_PERIOD_EXPIRED', $shown[0]['providerCode']);
    }

    /** @dataProvider dialects */
    public function testALostCancellationAnswerIsReadBackNeverResentBlind(string $dialect): void
    {
        $sc = $this->shop($dialect);
        // Processed by the provider, but the answer comes after the client gave up.
        $id = $this->acceptedOrder($sc, 'o-L1');
        self::$fake->post('/_fake/fail', ['endpoint' => 'cancel', 'delayMs' => 2500, 'times' => 1]);
        $r = $sc->afterSale()->cancel('1', 'o-L1', 'o-L1:cancelled');
        self::assertSame('unknown', $r['state']);
        // Wait until the fake has finished its work (no fixed sleep: machine speed); a generous bound.
        $deadline = \hrtime(true) + 60_000_000_000;
        while ($this->provider($id)->consolidatedStatus !== 'CANCELLED' && \hrtime(true) < $deadline) {
            \usleep(100_000);
        }
        self::assertSame(['done' => 1, 'refused' => 0, 'waiting' => 0], $sc->afterSale()->retryDue());
        self::assertSame(1, self::calls('cancel'), 'read back, not sent again');
        self::assertSame('CANCELLED', $this->provider($id)->consolidatedStatus);

        // Refused before processing (503 on a cancellation: outcome unknown): read back, then sent.
        $id2 = $this->acceptedOrder($sc, 'o-L2');
        self::$fake->post('/_fake/fail', ['endpoint' => 'cancel', 'status' => 503, 'times' => 1]);
        self::assertSame('unknown', $sc->afterSale()->cancel('1', 'o-L2', 'refund-9', '60.00')['state']);
        self::assertSame(['done' => 1, 'refused' => 0, 'waiting' => 0], $sc->afterSale()->retryDue());
        self::assertSame(3, self::calls('cancel'));
        self::assertSame('540.00', $this->provider($id2)->financedAmount);
        self::assertSame(['done' => 0, 'refused' => 0, 'waiting' => 0], $sc->afterSale()->retryDue());
    }
}

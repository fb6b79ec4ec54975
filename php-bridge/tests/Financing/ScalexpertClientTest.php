<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Financing;

use ShopCredit\Financing\ProviderRejected;
use ShopCredit\Financing\ProviderUnavailable;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Financing\Subscription;
use ShopCredit\Financing\SubscriptionPage;
use ShopCredit\Financing\TransportError;
use ShopCredit\Tests\Financing\Support\FakeProviderTestCase;

require_once __DIR__ . '/Support/FakeProviderTestCase.php';

/** ScalexpertClient against the fake provider over real HTTP (curl → php -S). */
final class ScalexpertClientTest extends FakeProviderTestCase
{
    public function testEligibleSolutionsFollowMarketAndAmountBounds(): void
    {
        $c = $this->client();
        $codes = static fn (array $sols): array => \array_map(static fn ($s) => $s->solutionCode, $sols);

        self::assertSame(['SCFRSP-3XTS', 'SCFRSP-4XTS', 'SCFRLT-TXPS'], $codes($c->eligibleSolutions('1500.00', 'FR')));
        self::assertSame(['SCFRSP-3XTS', 'SCFRSP-4XTS'], $codes($c->eligibleSolutions('999.99', 'FR')));
        self::assertSame(['SCBESP-3XTS', 'SCBESP-4XTS'], $codes($c->eligibleSolutions('100', 'BE')));
        self::assertSame([], $c->eligibleSolutions('49.99', 'FR'), 'below every minimum: the provider answers {}');
        self::assertSame([], $c->eligibleSolutions('500.00', 'IT'), 'unknown market');
        $sol = $c->eligibleSolutions('1500.00', 'FR')[2];
        self::assertSame('SC', $sol->familyCode);
        self::assertSame('From 1000.00 to 10000.00 EUR', $sol->communicationKit['visualAdditionalInformation']);
    }

    public function testAmountsAreValidatedBeforeAnyRequest(): void
    {
        $c = $this->client();
        foreach ([['1.005', 'EUR'], ['abc', 'EUR'], ['-5.00', 'EUR'], ['10.00', 'USD']] as [$amount, $cur]) {
            try {
                $c->eligibleSolutions($amount, 'FR', $cur);
                self::fail("{$amount} {$cur} accepted");
            } catch (\InvalidArgumentException) {
            }
        }
        self::assertArrayNotHasKey('eligible_solutions', $this->calls());
    }

    public function testCreateGetRoundTripKeepsAmountsExact(): void
    {
        $c = $this->client();
        $created = $c->createSubscription(self::subscriptionRequest('ORDER-1', '1234.5'), 'fr-FR');
        self::assertMatchesRegularExpression('/^[0-9a-f-]{36}$/', $created->subscriptionId);
        self::assertSame('url', $created->redirectType);
        self::assertSame(self::$fake->baseUrl . '/_fake/journey/' . $created->subscriptionId, $created->redirectUrl());

        $sub = $c->getSubscription($created->subscriptionId);
        self::assertSame('1234.50', $sub->financedAmount);
        self::assertSame('INITIALIZED', $sub->consolidatedStatus);
        self::assertSame('SUBSCRIPTION IN PROGRESS', $sub->consolidatedSubstatus);
        self::assertSame('ORDER-1', $sub->merchantGlobalOrderId);
        self::assertSame('3X', $sub->raw['implementationCode']);
        self::assertNotNull($sub->lastUpdateTimestamp);
    }

    public function testTokenIsFetchedOnceAndCachedUntilExpiryMinusMargin(): void
    {
        $now = 1_700_000_000;
        $c = $this->client(['tokenExpiryMarginS' => 60], static function () use (&$now): int {
            return $now;
        });
        $c->eligibleSolutions('100.00', 'FR');
        $c->eligibleSolutions('200.00', 'FR');
        $c->listSubscriptionsPage();
        self::assertSame(1, $this->calls()['token']);

        $now += 3600 - 61; // still inside expires_in (3600) minus the margin
        $c->eligibleSolutions('100.00', 'FR');
        self::assertSame(1, $this->calls()['token']);

        $now += 1; // margin reached: renew before the provider would refuse it
        $c->eligibleSolutions('100.00', 'FR');
        self::assertSame(2, $this->calls()['token']);
    }

    public function testRevokedTokenIsRenewedOnceOn401(): void
    {
        $c = $this->client();
        $c->eligibleSolutions('100.00', 'FR');
        self::$fake->post('/_fake/reset'); // the provider forgets every token
        self::assertCount(2, $c->eligibleSolutions('100.00', 'FR'));
        self::assertSame(1, $this->calls()['token']); // counters were reset with the state
        self::assertSame(2, $this->calls()['eligible_solutions']); // the 401 and the replay
    }

    public function testWrongCredentialsAreRejectedWithoutLeakingTheSecret(): void
    {
        $c = $this->client(['clientSecret' => 'S3cr3t-value-never-logged']);
        try {
            $c->eligibleSolutions('100.00', 'FR');
            self::fail('accepted');
        } catch (ProviderRejected $e) {
            self::assertSame('token', $e->operation);
            self::assertSame(401, $e->httpStatus);
            self::assertSame('invalid_client', $e->errorCode);
            self::assertStringNotContainsString('S3cr3t', $e->getMessage());
        }
        self::assertStringNotContainsString('S3cr3t', \serialize($this->logs));
        self::assertStringNotContainsString('S3cr3t', \print_r(new ScalexpertConfig('id', 'S3cr3t-value-never-logged'), true));
    }

    public function testLogsCarryNoTokenNoSecretNoBodyNoQuery(): void
    {
        $c = $this->client();
        $created = $c->createSubscription(self::subscriptionRequest('ORDER-LOG', '321.87'), 'fr-FR');
        $c->getSubscription($created->subscriptionId);
        $c->listSubscriptionsPage(1, 20, 'ORDER-LOG');
        $dump = \json_encode($this->logs);
        self::assertNotEmpty($this->logs);
        foreach (['test-secret', 'Bearer', 'Basic', 'paul.dupont', 'ORDER-LOG', '321.87', '321,87'] as $needle) {
            self::assertStringNotContainsString($needle, $dump, "logs leak {$needle}");
        }
        self::assertSame('create_subscription', $this->logs[1][2]['operation']);
        self::assertSame(201, $this->logs[1][2]['status']);
    }

    public function testPaginationIsLazyAndBounded(): void
    {
        $c = $this->client();
        for ($i = 0; $i < 7; $i++) {
            $c->createSubscription(self::subscriptionRequest('ORDER-PAGED', '100.00'), 'fr-FR');
        }
        $c->createSubscription(self::subscriptionRequest('ORDER-OTHER', '100.00'), 'fr-FR');

        $gen = $c->listSubscriptions('ORDER-PAGED', null, 3);
        $sizes = [];
        foreach ($gen as $pageNo => $page) {
            self::assertInstanceOf(SubscriptionPage::class, $page);
            self::assertSame($pageNo, $page->page);
            self::assertSame(7, $page->totalItemCount);
            $sizes[] = \count($page->subscriptions);
        }
        self::assertSame([3, 3, 1], $sizes);
        self::assertTrue($gen->getReturn(), 'exhausted');
        self::assertSame(3, $this->calls()['list_subscriptions']);

        // bounded: two pages then stop, and say so
        $bounded = $c->listSubscriptions('ORDER-PAGED', null, 3, 2);
        $seen = 0;
        foreach ($bounded as $page) {
            $seen += \count($page->subscriptions);
        }
        self::assertSame(6, $seen);
        self::assertFalse($bounded->getReturn());

        // lazy: nothing is fetched until the generator is consumed
        $before = $this->calls()['list_subscriptions'];
        $lazy = $c->listSubscriptions(null, null, 2);
        self::assertSame($before, $this->calls()['list_subscriptions']);
        $lazy->current();
        self::assertSame($before + 1, $this->calls()['list_subscriptions']);

        $all = $c->findSubscriptionsByOrder('ORDER-PAGED');
        self::assertCount(7, $all);
        self::assertContainsOnlyInstancesOf(Subscription::class, $all);
        self::assertSame('100.00', $all[0]->financedAmount, 'list uses buyerFinancedAmount');
    }

    public function testIdempotentGetIsRetriedOn503ThenSucceeds(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-R', '150.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/fail', ['endpoint' => 'get_subscription', 'status' => 503, 'times' => 2]);

        $sub = $c->getSubscription($id);
        self::assertSame('150.00', $sub->financedAmount);
        self::assertSame(3, $this->calls()['get_subscription']);
        self::assertCount(2, $this->sleeps);
        // equal jitter: attempt n waits within [cap/2, cap], cap = min(100, 10 * 2^(n-1))
        self::assertGreaterThanOrEqual(5, $this->sleeps[0]);
        self::assertLessThanOrEqual(10, $this->sleeps[0]);
        self::assertGreaterThanOrEqual(10, $this->sleeps[1]);
        self::assertLessThanOrEqual(20, $this->sleeps[1]);
    }

    public function testRetriesStopAtMaxAttempts(): void
    {
        $c = $this->client(['maxAttempts' => 3]);
        self::$fake->post('/_fake/fail', ['endpoint' => 'eligible_solutions', 'status' => 502, 'times' => 10]);
        try {
            $c->eligibleSolutions('100.00', 'FR');
            self::fail('no exception');
        } catch (ProviderUnavailable $e) {
            self::assertSame(502, $e->httpStatus);
            self::assertSame(3, $e->attempts);
            self::assertFalse($e->outcomeUnknown);
        }
        self::assertSame(3, $this->calls()['eligible_solutions']);
    }

    public function testRetryAfterIsHonouredWithinTheBackoffCap(): void
    {
        $c = $this->client(['backoffMaxMs' => 1500]);
        self::$fake->post('/_fake/fail', ['endpoint' => 'list_subscriptions', 'status' => 429, 'times' => 1, 'retryAfterS' => 1]);
        $c->listSubscriptionsPage();
        self::assertSame([1000], $this->sleeps);
    }

    public function testCreateIsNotRetriedOn503AndTheOutcomeIsUnknown(): void
    {
        $c = $this->client();
        self::$fake->post('/_fake/fail', ['endpoint' => 'create_subscription', 'status' => 503, 'times' => 1]);
        try {
            $c->createSubscription(self::subscriptionRequest('ORDER-NR', '200.00'), 'fr-FR');
            self::fail('no exception');
        } catch (ProviderUnavailable $e) {
            self::assertSame(1, $e->attempts);
            self::assertSame(503, $e->httpStatus);
            self::assertTrue($e->outcomeUnknown, 'caller must reconcile before creating again');
        }
        self::assertSame(1, $this->calls()['create_subscription']);
        self::assertSame([], $this->sleeps);
        self::assertSame([], $c->findSubscriptionsByOrder('ORDER-NR'));
    }

    public function testCreateIsRetriedOn429BecauseNothingWasProcessed(): void
    {
        $c = $this->client();
        self::$fake->post('/_fake/fail', ['endpoint' => 'create_subscription', 'status' => 429, 'times' => 1]);
        $c->createSubscription(self::subscriptionRequest('ORDER-429', '200.00'), 'fr-FR');
        self::assertSame(2, $this->calls()['create_subscription']);
        self::assertCount(1, $c->findSubscriptionsByOrder('ORDER-429'));
    }

    public function testTimeoutOnCreateIsNotRetriedAndTheProviderMayStillHaveCreatedIt(): void
    {
        // Timeouts far above a loaded machine's answer time: only the delayed call may time out.
        $c = $this->client(['timeoutMs' => 3000]);
        self::$fake->post('/_fake/fail', ['endpoint' => 'create_subscription', 'delayMs' => 6000, 'times' => 1]);
        try {
            $c->createSubscription(self::subscriptionRequest('ORDER-TO', '200.00'), 'fr-FR');
            self::fail('no exception');
        } catch (ProviderUnavailable $e) {
            self::assertTrue($e->outcomeUnknown);
            self::assertSame(1, $e->attempts);
            self::assertInstanceOf(TransportError::class, $e->getPrevious());
            self::assertSame(TransportError::KIND_TIMEOUT, $e->getPrevious()->kind);
        }
        // KIND_TIMEOUT above is the proof the timeout cut the call (no wall-clock bound: machine speed).
        // The fake finishes the request after its delay: exactly why a blind resend is unsafe.
        // A generous wait: it ends as soon as the fake has finished, however loaded the machine.
        $deadline = \hrtime(true) + 60_000_000_000;
        do {
            \usleep(100_000);
            $found = $c->findSubscriptionsByOrder('ORDER-TO');
        } while ($found === [] && \hrtime(true) < $deadline);
        self::assertCount(1, $found);
    }

    public function testTimeoutOnGetIsRetried(): void
    {
        // The retry must answer within the timeout: far above a loaded machine's answer time.
        $c = $this->client(['timeoutMs' => 3000]);
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-TG', '200.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/fail', ['endpoint' => 'get_subscription', 'delayMs' => 6000, 'times' => 1]);
        self::assertSame('200.00', $c->getSubscription($id)->financedAmount);
        self::assertSame(2, $this->calls()['get_subscription']);
    }

    public function testUnreachableProviderIsRetriedEvenForCreateBecauseNothingWasSent(): void
    {
        $closed = \stream_socket_server('tcp://127.0.0.1:0');
        $name = (string) \stream_socket_get_name($closed, false);
        \fclose($closed);
        $c = $this->client(['baseUrl' => 'http://' . $name, 'maxAttempts' => 3]);
        try {
            $c->createSubscription(self::subscriptionRequest('ORDER-X', '200.00'), 'fr-FR');
            self::fail('no exception');
        } catch (ProviderUnavailable $e) {
            self::assertSame('token', $e->operation);
            self::assertSame(3, $e->attempts);
            self::assertFalse($e->outcomeUnknown);
        }
        self::assertCount(2, $this->sleeps);
    }

    public function testConfirmDeliveryForLongCredit(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-LT', '1500.00', 'SCFRLT-TXPS'), 'fr-FR')->subscriptionId;
        try {
            $c->confirmDelivery($id, 'TRACK-1', 'DHL');
            self::fail('delivery confirmed before acceptance');
        } catch (ProviderRejected $e) {
            self::assertSame(400, $e->httpStatus);
            self::assertSame('SUBSCRIPTION_NOT_ACCEPTED', $e->errorCode);
        }
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'PRE_ACCEPTED']);
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        self::assertSame('WAITING FOR THE DELIVERY CONFIRMATION', $c->getSubscription($id)->consolidatedSubstatus);

        $c->confirmDelivery($id, 'TRACK-1', 'DHL');
        try {
            $c->confirmDelivery($id, 'TRACK-1', 'DHL');
            self::fail('a second confirmation was not answered "already delivered"');
        } catch (ProviderRejected $e) {
            self::assertSame([409, 'ALREADY_DELIVERED'], [$e->httpStatus, $e->errorCode]);
        }
        $sub = $c->getSubscription($id);
        self::assertTrue($sub->isDelivered);
        self::assertSame('AWAITING PAYMENT TO MERCHANT', $sub->consolidatedSubstatus);

        $this->expectException(\InvalidArgumentException::class);
        $c->confirmDelivery($id, 'TRACK-1', 'PIGEON');
    }

    public function testConfirmDeliveryIsRetriedOn503(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-CD', '300.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        self::$fake->post('/_fake/fail', ['endpoint' => 'confirm_delivery', 'status' => 503, 'times' => 1]);
        $c->confirmDelivery($id); // split payment: 204 accepted but not processed
        self::assertSame(2, $this->calls()['confirm_delivery']);
    }

    public function testPartialThenFullCancellation(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-C', '300.00'), 'fr-FR')->subscriptionId;
        try {
            $c->cancel($id, '100.00');
            self::fail('cancelled before acceptance');
        } catch (ProviderRejected $e) {
            self::assertSame('SUBSCRIPTION_NOT_CANCELLABLE', $e->errorCode);
        }
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);

        $partial = $c->cancel($id, '100.1', 'SKU-1', 'too big');
        self::assertSame('199.90', $partial->financedAmount);
        self::assertSame('ACCEPTED', $partial->status);
        $sub = $c->getSubscription($id);
        self::assertSame('ACCEPTED', $sub->consolidatedStatus);
        self::assertSame('PARTIAL_CANCELLATION_ACCEPTED', $sub->cancellationStatus);
        self::assertTrue($sub->cancellationAlreadyMade);

        try {
            $c->cancel($id, '50.00');
            self::fail('second partial cancellation accepted');
        } catch (ProviderRejected $e) {
            self::assertSame('PARTIAL_CANCELLATION_ALREADY_MADE', $e->errorCode);
        }
        try {
            $c->cancel($id, '500.00');
            self::fail('more than financed');
        } catch (ProviderRejected $e) {
            self::assertSame('CANCELLED_AMOUNT_TOO_HIGH', $e->errorCode);
        }

        $full = $c->cancelInFull($id);
        self::assertSame('0.00', $full->financedAmount);
        self::assertSame('CANCELLED', $c->getSubscription($id)->consolidatedStatus);
    }

    public function testLongCreditCannotBeCancelledThroughTheApi(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-LTC', '1500.00', 'SCFRLT-TXPS'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'PRE_ACCEPTED']);
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        try {
            $c->cancel($id, '1500.00');
            self::fail('long credit cancelled through the API');
        } catch (ProviderRejected $e) {
            self::assertSame([400, 'CANCELLATION_NOT_AVAILABLE'], [$e->httpStatus, $e->errorCode]);
            self::assertStringContainsString('split payment', (string) $e->errorMessage);
        }
        self::assertSame('ACCEPTED', $c->getSubscription($id)->consolidatedStatus);
    }

    public function testSplitPaymentCancellationWindowIs90Days(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-90', '300.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        self::$fake->post('/_fake/age', ['subscriptionId' => $id, 'days' => 89]);
        self::assertSame('200.00', $c->cancel($id, '100.00')->financedAmount, 'day 89: still cancellable');
        self::$fake->post('/_fake/age', ['subscriptionId' => $id, 'days' => 2]);
        try {
            $c->cancelInFull($id);
            self::fail('cancelled after 90 days');
        } catch (ProviderRejected $e) {
            self::assertSame('CANCELLATION_PERIOD_EXPIRED', $e->errorCode);
        }
        self::assertSame(['ACCEPTED', '200.00'], [$c->getSubscription($id)->consolidatedStatus, $c->getSubscription($id)->financedAmount]);
    }

    public function testCancelIsNotRetriedOn503(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-C5', '300.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
        self::$fake->post('/_fake/fail', ['endpoint' => 'cancel', 'status' => 503, 'times' => 1]);
        try {
            $c->cancel($id, '300.00');
            self::fail('no exception');
        } catch (ProviderUnavailable $e) {
            self::assertTrue($e->outcomeUnknown);
        }
        self::assertSame(1, $this->calls()['cancel']);
    }

    public function testUnknownSubscriptionAndProviderValidation(): void
    {
        $c = $this->client();
        try {
            $c->getSubscription('00000000-0000-4000-8000-000000000000');
            self::fail('found');
        } catch (ProviderRejected $e) {
            self::assertSame(404, $e->httpStatus);
            self::assertSame('SUBSCRIPTION_NOT_FOUND', $e->errorCode);
        }
        try {
            $c->createSubscription(self::subscriptionRequest('ORDER-BIG', '5000.00'), 'fr-FR');
            self::fail('out of bounds accepted');
        } catch (ProviderRejected $e) {
            self::assertSame('FINANCED_AMOUNT_OUT_OF_RANGE', $e->errorCode);
        }
        $this->expectException(\InvalidArgumentException::class);
        $c->getSubscription('../../_fake/reset');
    }

    public function testFakeLifeCycleRefusesImpossibleTransitions(): void
    {
        $c = $this->client();
        $id = $c->createSubscription(self::subscriptionRequest('ORDER-LC', '300.00'), 'fr-FR')->subscriptionId;
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'REJECTED']);
        try {
            self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
            self::fail('REJECTED is final');
        } catch (\RuntimeException $e) {
            self::assertStringContainsString('TRANSITION_NOT_ALLOWED', $e->getMessage());
        }
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED', 'force' => true]);
        self::assertSame('ACCEPTED', $c->getSubscription($id)->consolidatedStatus);
    }
}

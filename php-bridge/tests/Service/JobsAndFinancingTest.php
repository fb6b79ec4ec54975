<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';
require_once __DIR__ . '/../../fake-provider/PhpServer.php';

/**
 * The scheduled jobs and the financing journey through the services, against the fake provider
 * over HTTP: start (server re-check, one journey per order), the customer's return, polling only
 * open and recent requests, reservation expiry, the admin's credit decisions and CSV exports.
 */
final class JobsAndFinancingTest extends ServiceTestCase
{
    private static ?PhpServer $fake = null;

    public static function setUpBeforeClass(): void
    {
        self::$fake = PhpServer::startFakeScalexpert(null, [], 2);
    }

    public static function tearDownAfterClass(): void
    {
        self::$fake?->stop();
        self::$fake = null;
    }

    protected function setUp(): void
    {
        parent::setUp();
        self::$fake->post('/_fake/reset');
    }

    private function bootWithProvider(string $dialect): ShopCredit
    {
        $client = new ScalexpertClient(new ScalexpertConfig('test-client', 'test-secret', self::$fake->baseUrl, connectTimeoutMs: 1000, timeoutMs: 5000, backoffBaseMs: 10, backoffMaxMs: 50));
        return $this->boot($dialect, ['scalexpert' => $client]);
    }

    private static function startOrder(ShopCredit $sc, string $orderRef, string $amount = '600.00', string $country = 'FR'): array
    {
        return $sc->financing()->start('1', $orderRef, 'SCFRSP-3XTS', $amount, 'EUR', '42',
            ['firstName' => 'Paul', 'lastName' => 'Dupont', 'email' => 'paul@example.test', 'phone' => '+33 6 12 34 56 78'],
            ['street' => '147 main street', 'zip' => '75001', 'city' => 'Paris', 'country' => $country], null,
            [['id' => 'SKU-1', 'label' => 'Robot pâtissier', 'quantity' => 2, 'price' => '300.00']],
            "https://shop.example/return?order=$orderRef");
    }

    /** @dataProvider dialects */
    public function testFinancingJourneyStartReturnAndPolling(string $dialect): void
    {
        $sc = $this->bootWithProvider($dialect);
        $started = self::startOrder($sc, 'o-F1');
        self::assertFalse($started['replay']);
        self::assertStringContainsString('/_fake/journey/', (string) $started['redirectUrl']);
        $again = self::startOrder($sc, 'o-F1');
        self::assertTrue($again['replay'], 'a double click answers the same journey');
        self::assertSame([$started['subscriptionId'], $started['redirectUrl']], [$again['subscriptionId'], $again['redirectUrl']]);
        self::assertSame(1, self::$fake->get('/_fake/stats')['calls']['create_subscription'] ?? null);

        // The server re-checks: Germany is not a country this solution serves; nothing is created.
        try {
            self::startOrder($sc, 'o-F9', '600.00', 'DE');
            self::fail('a solution not available for the cart must be refused');
        } catch (InvalidRequest $e) {
            self::assertSame('solution_not_available', $e->errorCode);
            self::assertSame('country_not_supported', $e->field);
        }
        self::assertSame([], $sc->financingRepository->findByOrder('1', 'o-F9'));

        $id = $started['subscriptionId'];
        $back = $sc->financing()->customerReturn($id);
        self::assertTrue($back['applied']);
        self::assertSame('INITIALIZED', $sc->financing()->subscription($id)['status']);

        $second = self::startOrder($sc, 'o-F2', '300.00');
        $old = self::startOrder($sc, 'o-F3', '300.00');
        self::$fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED', 'force' => true]);
        self::$fake->post('/_fake/advance', ['subscriptionId' => $second['subscriptionId'], 'status' => 'REJECTED', 'force' => true]);
        // o-F3 becomes too old to poll: only requests of the last 30 days are followed.
        $sc->connection->execute('UPDATE {financing_subscriptions} SET created_at = ? WHERE subscription_id = ?', [self::NOW - 31 * 86400, $old['subscriptionId']]);

        $this->clock->advance(1000);
        $run = $sc->jobs()->pollFinancing(20, 900);
        self::assertSame(['polled' => 2, 'applied' => 2, 'errors' => 0], $run);
        self::assertSame('ACCEPTED', $sc->financing()->subscription($id)['status']);
        self::assertSame('REJECTED', $sc->financing()->subscription($second['subscriptionId'])['status']);
        self::assertSame('NONE', $sc->financing()->subscription($old['subscriptionId'])['status']);

        $this->clock->advance(1000);
        // REJECTED is final: never polled again. ACCEPTED stays open (it may still be cancelled).
        self::assertSame(['polled' => 1, 'applied' => 0, 'errors' => 0], $sc->jobs()->pollFinancing(20, 900));
        // Polled just now: not due again before $olderThanS.
        self::assertSame(['polled' => 0, 'applied' => 0, 'errors' => 0], $sc->jobs()->pollFinancing(20, 900));

        $history = $sc->overview()->financingForOrder('1', 'o-F1');
        self::assertSame('600.00', $history[0]['amount']);
        self::assertSame(['INITIALIZED', 'ACCEPTED'], \array_column($history[0]['history'], 'status'));
    }

    /** @dataProvider dialects */
    public function testExpiredReservationsAreReleasedOnce(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'tu-1', 'o-tu', '100.00');
        $r = $sc->checkout()->reserve('1', 'co-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '30.00'], ['wallet' => '30.00'], 60);
        self::assertTrue($r['accepted']);
        self::assertSame('70.00', $sc->overview()->customer('1', '42', 'EUR')['wallet']['available']);
        self::assertSame(['expired' => 0], $sc->jobs()->expireReservations(), 'not before its timeout');
        $this->clock->advance(61);
        self::assertSame(['expired' => 1], $sc->jobs()->expireReservations());
        self::assertSame(['expired' => 0], $sc->jobs()->expireReservations(), 'a second run finds nothing');
        self::assertSame(['dp' => '0.00', 'd' => '0.00', 'cp' => '0.00', 'c' => '100.00'], self::balances($sc, 'wallet:1:42:EUR'));
        // Settling the expired order afterwards moves nothing.
        $late = $sc->checkout()->settle('o-1', 'paid');
        self::assertSame('100.00', $sc->overview()->customer('1', '42', 'EUR')['wallet']['available'], \json_encode($late));
        $rec = $sc->reconciliation()->run();
        self::assertTrue($rec['consistent'], \json_encode($rec['drift']));
    }

    /** @dataProvider dialects */
    public function testRunAllDoesEveryJobAndReportsWhatCouldNotRun(string $dialect): void
    {
        $sc = $this->bootWithProvider($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'tu-1', 'o-tu', '100.00');
        $sc->checkout()->reserve('1', 'co-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '30.00'], ['wallet' => '30.00'], 60);
        $this->creditLine($sc, '7', 100000);
        $sc->checkout()->reserve('1', 'co-2', 'o-2', self::customer('7'), ['currency' => 'EUR', 'total' => '200.00'], ['creditLine' => '200.00']);
        $sc->credit()->checkRun('1', '7', 'chk-2', 'o-2', 'EUR', '200.00', 'processing', 'co-2:credit');
        $sc->credit()->dueDate('1', 'o-2', '2026-10-01');
        $started = self::startOrder($sc, 'o-F1');
        self::$fake->post('/_fake/advance', ['subscriptionId' => $started['subscriptionId'], 'status' => 'ACCEPTED', 'force' => true]);
        $this->clock->advance(1000);

        $r = $sc->jobs()->runAll('1');
        self::assertSame([], $r['errors']);
        self::assertSame(1, $r['expired']);
        self::assertSame(['polled' => 1, 'applied' => 1, 'errors' => 0], $r['financing']);
        self::assertSame(['o-2'], \array_column($r['reminders'], 'orderRef'));
        // Twice: nothing left to do.
        $again = $sc->jobs()->runAll('1');
        self::assertSame([0, []], [$again['expired'], $again['reminders']]);

        // The provider down: polling is reported, the other jobs still ran.
        self::$fake->post('/_fake/fail', ['endpoint' => 'get_subscription', 'status' => 503, 'times' => 100]);
        $this->clock->advance(1000);
        $down = $sc->jobs()->runAll('1');
        self::assertSame(0, $down['expired']);
        self::assertSame(1, $down['financing']['errors'] ?? null, \json_encode($down));
    }

    /** @dataProvider dialects */
    public function testCreditIncreaseAndLimitDecisionsAreAudited(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $credit = $sc->credit();
        $req = $credit->requestIncrease('1', '7', 'EUR', 'cir-1', '2500.00', 'new season');
        self::assertTrue($req['accepted']);
        self::assertTrue($credit->requestIncrease('1', '7', 'EUR', 'cir-1', '2500.00', 'new season')['replay']);
        self::assertSame('2500.00', $sc->overview()->requests('credit_increase', '1')[0]['requested_limit']);
        self::assertSame(['7', '2500.00'], [$sc->overview()->request('credit_increase', 'cir-1')['customer_id'], $sc->overview()->request('credit_increase', 'cir-1')['requested_limit']]);
        self::assertNull($sc->overview()->request('withdrawal', 'cir-1'));

        $ok = $credit->decideIncrease('cir-1', 'approve', 'admin:1', '2000.00');
        self::assertTrue($ok['accepted']);
        self::assertSame('2000.00', $credit->status('1', '7', 'EUR')['limit']);
        $twice = $credit->decideIncrease('cir-1', 'decline', 'admin:2');
        self::assertSame(['request_already_decided'], $twice['reasons']);
        self::assertSame('2000.00', $credit->status('1', '7', 'EUR')['limit']);

        $set = $credit->setLimit('1', '7', 'EUR', '500.00', 'admin:1');
        self::assertSame('500.00', $set['account']['limit']);
        $actions = \array_column($sc->connection->fetchAll('SELECT action FROM {audit_log} ORDER BY id'), 'action');
        self::assertSame(['credit_increase_requested', 'credit_increase_approved', 'credit_limit_changed'], \array_values(\array_filter($actions, static fn (string $a): bool => \str_starts_with($a, 'credit_'))));
    }

    /** @dataProvider dialects */
    public function testCsvExportsStreamEveryMovementAndReceivable(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100000);
        $sc->wallet()->topUp('1', '42', 'EUR', 'tu-1', 'o-tu', '100.00');
        $this->clock->advance(60); // oldest first
        $sc->wallet()->pay('1', 'pay-1', 'o-2', self::customer('42'), ['currency' => 'EUR', 'total' => '25.50'], 'full', '25.50');
        $sc->checkout()->reserve('1', 'co-3', '@o-3', self::customer('7'), ['currency' => 'EUR', 'total' => '300.00'], ['creditLine' => '300.00']);
        $sc->credit()->checkRun('1', '7', 'chk-3', '@o-3', 'EUR', '300.00', 'processing', 'co-3:credit');

        $out = \fopen('php://memory', 'w+');
        self::assertSame(2, $sc->export()->movements($out, ['wallet:1:42:EUR']));
        \rewind($out);
        $rows = [];
        while (($row = \fgetcsv($out)) !== false) {
            $rows[] = $row;
        }
        self::assertCount(3, $rows);
        self::assertSame(['100.00', 'credit'], [$rows[1][5], $rows[1][3]]);
        self::assertSame(['25.50', 'debit'], [$rows[2][5], $rows[2][3]]);

        $out = \fopen('php://memory', 'w+');
        self::assertSame(1, $sc->export()->receivables($out, '1'));
        $csv = \stream_get_contents($out, -1, 0);
        // A spreadsheet must not run an order reference as a formula.
        self::assertStringNotContainsString("\n@o-3", $csv);
        self::assertStringContainsString("'@o-3", $csv);
        self::assertStringContainsString('300.00', $csv);
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\FactsQuery;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * The checkout's facts (settings, balance, credit line, its open receivables summed as of the
 * shop's today) come from one statement (FactsQuery) and are the same facts the repositories'
 * own reads give, in a shop whose today is UTC's yesterday, today or tomorrow.
 */
final class FactsInOneStatementTest extends ServiceTestCase
{
    /** @return iterable<string, array{string, string, int}> */
    public static function dialectsAndZones(): iterable
    {
        foreach (self::dialects() as $name => [$dialect]) {
            // 2026-11-02 09:00 UTC is 11-01 22:00 in Pago Pago (−11 h) and 10:00 in Paris; 13:00 UTC is 11-03 03:00 on Kiritimati (+14 h)
            foreach (['Pacific/Pago_Pago' => self::NOW, 'Europe/Paris' => self::NOW, 'Pacific/Kiritimati' => self::NOW + 4 * 3600] as $zone => $now) {
                yield "$name $zone" => [$dialect, $zone, $now];
            }
        }
    }

    /** @dataProvider dialectsAndZones */
    public function testTheOneStatementReadsWhatTheRepositoriesRead(string $dialect, string $zone, int $now): void
    {
        $this->clock = new FixedClock($now);
        $sc = $this->boot($dialect);
        $sc->time->setTimezone('1', $zone);
        $sc->settings->set('1', 'financing.enabled', false); // the shop's row wins over the global one
        $this->creditLine($sc, '7', 500_00);
        $sc->wallet()->topUp('1', '7', 'EUR', 'top', 'o-top', '40.00');
        $this->openReceivables($sc);
        $customer = self::customer('7', ['b2b']);

        $fresh = $this->fresh($sc);
        $facts = $fresh->checkout()->facts('1', $customer, 'EUR');

        $expected = $this->fresh($sc);
        $credit = $expected->accounts->find('credit:1:7:EUR');
        self::assertNotNull($credit);
        self::assertSame([
            'customer' => $customer, 'display' => 'show_disabled',
            'wallet' => ['settings' => self::WALLET_SETTINGS, 'account' => AccountRepository::toWire((array) $expected->accounts->find('wallet:1:7:EUR'))],
            'creditLine' => ['enabled' => true, 'credit' => $expected->facts->creditContext('1', $credit, 0)],
            'financing' => ['enabled' => false, 'solutions' => self::SOLUTIONS],
        ], $facts);
        $summary = $facts['creditLine']['credit']['openSummary'];
        self::assertSame(['Pacific/Pago_Pago' => '2026-11-01', 'Europe/Paris' => '2026-11-02', 'Pacific/Kiritimati' => '2026-11-03'][$zone], $summary['asOf']);
        self::assertSame(['count' => 4, 'outstanding' => '40.00', 'paid' => '15.00'], \array_intersect_key($summary, \array_flip(['count', 'outstanding', 'paid'])));
        self::assertSame(['2026-11-01' => 1, '2026-11-02' => 2, '2026-11-03' => 3][$summary['asOf']], $summary['overdueCount'], 'overdue as of the shop\'s today');
    }

    /** @dataProvider dialects */
    public function testACustomerWithoutAccountsAndAGuestGetTheSettingsOnly(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $facts = $this->fresh($sc)->checkout()->facts('1', self::customer('8'), 'EUR');
        self::assertArrayNotHasKey('account', $facts['wallet']);
        self::assertArrayNotHasKey('account', $facts['creditLine']['credit']);
        self::assertSame([], $facts['creditLine']['credit']['receivables']);
        $guest = $this->fresh($sc)->checkout()->facts('1', ['customerId' => null, 'groupIds' => [], 'loggedIn' => false], 'EUR');
        self::assertSame(self::SOLUTIONS, $guest['financing']['solutions']);
        self::assertArrayNotHasKey('account', $guest['wallet']);
    }

    /** @dataProvider dialects */
    public function testACheckoutDecisionReadsItsFactsInOneStatement(string $dialect): void
    {
        if ($dialect !== 'mysql') {
            self::markTestSkipped('statements are counted by the MySQL server (Questions)');
        }
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 500_00);
        $this->openReceivables($sc);
        $fresh = $this->fresh($sc);
        $questions = static fn (): int => (int) $fresh->connection->fetchOne("SHOW SESSION STATUS LIKE 'Questions'")['Value'];
        $before = $questions();
        $fresh->checkout()->facts('1', self::customer('7'), 'EUR');
        // the statement, then the SHOW itself
        self::assertSame(2, $questions() - $before);
    }

    /** @dataProvider dialects */
    public function testADisplayOfNullIsTheShopsSettingReadWithTheFacts(string $dialect): void
    {
        $sc = $this->boot($dialect);
        self::assertSame('show_disabled', $this->fresh($sc)->checkout()->facts('1', self::customer('7'), 'EUR', null)['display']);
        $sc->settings->set('1', 'checkout.display', 'hide');
        self::assertSame('hide', $this->fresh($sc)->checkout()->facts('1', self::customer('7'), 'EUR', null)['display']);
        self::assertSame('show_disabled', $this->fresh($sc)->checkout()->facts('1', self::customer('7'), 'EUR')['display'], 'as given');
        $cart = ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR'];
        $hidden = \array_column($this->fresh($sc)->checkout()->eligibility('1', self::customer('7'), $cart, null)['methods'], 'display', 'method');
        self::assertSame('hidden', $hidden['credit_line'], 'no credit line: hidden, not shown disabled');
    }

    /**
     * A server without JSON_OBJECT refuses the one statement: the facts then come from the
     * repositories' own reads and are the same.
     *
     * @dataProvider dialects
     */
    public function testAServerWithoutJsonObjectGetsTheSameFactsFromTheRepositories(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->settings->set('1', 'financing.enabled', false);
        $this->creditLine($sc, '7', 500_00);
        $sc->wallet()->topUp('1', '7', 'EUR', 'top', 'o-top', '40.00');
        $this->openReceivables($sc);
        $customer = self::customer('7', ['b2b']);
        $oneStatement = $this->fresh($sc)->checkout()->facts('1', $customer, 'EUR');

        $refusing = $this->fresh($sc);
        $query = (new \ReflectionProperty($refusing->facts, 'query'))->getValue($refusing->facts);
        (new \ReflectionProperty($query, 'refused'))->setValue($query, true);
        self::assertSame($oneStatement, $refusing->checkout()->facts('1', $customer, 'EUR'));
    }

    /** What counts as the server not knowing the statement, and what is a real failure (rethrown). */
    public function testOnlyAnUnknownStatementOrFunctionIsARefusal(): void
    {
        $isRefusal = new \ReflectionMethod(FactsQuery::class, 'isRefusal');
        $error = static function (string $message, ?array $info): \PDOException {
            $e = new \PDOException($message);
            $e->errorInfo = $info;
            return $e;
        };
        self::assertTrue($isRefusal->invoke(null, $error('SQLSTATE[42000]: Syntax error', ['42000', 1064, 'near JSON_OBJECT'])));
        self::assertTrue($isRefusal->invoke(null, $error('SQLSTATE[42000]: FUNCTION db.JSON_OBJECT does not exist', ['42000', 1305, ''])));
        self::assertTrue($isRefusal->invoke(null, $error('SQLSTATE[HY000]: General error: 1 no such function: JSON_OBJECT', ['HY000', 1, ''])));
        self::assertFalse($isRefusal->invoke(null, $error('SQLSTATE[40001]: Deadlock found', ['40001', 1213, ''])));
        self::assertFalse($isRefusal->invoke(null, $error('SQLSTATE[HY000] [2002] Connection refused', null)));
    }

    /** A new request: nothing kept from the set-up (settings are kept per ShopCredit). */
    private function fresh(ShopCredit $sc): ShopCredit
    {
        return ShopCredit::boot(['connection' => $sc->connection, 'clock' => $this->clock]);
    }

    /** Open: due 2026-10-31, 11-01 (5.00 of 15.00 paid), 11-02, 11-03, and one without a due date paid in full; one closed as paid. */
    private function openReceivables(ShopCredit $sc): void
    {
        $rows = [['r-1', '2026-10-31', 10_00, 0, 'open'], ['r-2', '2026-11-01', 15_00, 5_00, 'open'], ['r-3', '2026-11-02', 10_00, 0, 'open'],
            ['r-4', '2026-11-03', 10_00, 0, 'open'], ['r-5', null, 10_00, 10_00, 'open'], ['r-6', '2026-10-01', 10_00, 10_00, 'paid']];
        foreach ($rows as [$ref, $due, $amount, $paid, $state]) {
            $sc->receivables->create(['shop_id' => '1', 'order_ref' => $ref, 'customer_id' => '7', 'account_id' => 'credit:1:7:EUR',
                'currency' => 'EUR', 'amount' => $amount, 'paid' => $paid, 'due_date' => $due, 'state' => $state, 'created_at' => self::NOW], self::NOW);
        }
    }
}

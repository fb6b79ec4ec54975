<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * A customer with 1,500 unpaid orders on account (the credit context used to name at most 1,000,
 * oldest created first, and silently drop the rest): the one overdue order, created last, still
 * blocks the checkout; the status counts and sums all of them; credit.check still finds its own
 * order among them.
 */
final class CreditFactsTest extends ServiceTestCase
{
    private const N = 1500;
    private const CREDIT = 'credit:1:7:EUR';

    /** @dataProvider dialects */
    public function testEveryUnpaidOrderCountsHoweverManyThereAre(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100_000_000);
        [$outstanding, $paid] = $this->receivables($sc);
        $customer = self::customer('7', ['b2b']);
        $cart = ['currency' => 'EUR', 'total' => '10.00', 'billingCountry' => 'FR'];

        $methods = \array_column($sc->checkout()->eligibility('1', $customer, $cart)['methods'], null, 'method');
        self::assertSame(['order_overdue'], $methods['credit_line']['reasons']);
        $cart = ['currency' => 'EUR', 'total' => '10.00'];
        $r = $sc->checkout()->reserve('1', 'co-1', 'o-new', $customer, $cart, ['creditLine' => '10.00']);
        self::assertFalse($r['accepted']);
        self::assertSame(['order_overdue'], $r['reasons']);
        self::assertSame(0, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE id = 'co-1:credit'"));

        $status = $sc->credit()->status('1', '7', 'EUR');
        self::assertSame(self::N + 1, $status['openReceivables']);
        self::assertSame(MoneyFormat::format($outstanding, 'EUR'), $status['totalExpected']);
        self::assertSame(MoneyFormat::format($paid, 'EUR'), $status['totalPaid']);
        self::assertSame('2026-11-03', $status['nextDueDate'], 'the earliest due date from today on, among all');
        // the overdue order has the oldest due date: it is named, the summed rest has none overdue
        self::assertSame(['o-late'], \array_column($status['overdue'], 'orderRef'));
        self::assertSame(['amountDue' => '0.00', 'count' => 0], $status['unlistedOverdue']);
        self::assertSame(['order_overdue'], $status['blockingReasons']);

        // Paid: nothing is overdue any more, orders on account pass again.
        $sc->credit()->markPaid('1', 'o-late', 'pay-late');
        self::assertTrue($sc->checkout()->reserve('1', 'co-2', 'o-new2', $customer, $cart, ['creditLine' => '10.00'])['accepted']);
    }

    /** @dataProvider dialects */
    public function testTheStatusSumsWhatItDoesNotName(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 100_000_000);
        [$outstanding] = $this->receivables($sc, overdueFrom: 200);
        $status = $sc->credit()->status('1', '7', 'EUR');
        self::assertSame(self::N + 1, $status['openReceivables']);
        self::assertSame(MoneyFormat::format($outstanding, 'EUR'), $status['totalExpected']);
        // 1,300 + the late one are overdue: the 1,000 named are all overdue (oldest due first) ...
        self::assertCount(1000, $status['overdue']);
        self::assertSame('o-late', $status['overdue'][0]['orderRef']);
        // ... and what is not named is counted and summed
        $named = \array_sum(\array_map(static fn (array $o): int => MoneyFormat::toMinor($o['amountDue'], 'EUR'), $status['overdue']));
        $late = $sc->connection->fetchAll("SELECT amount - paid AS due FROM {receivables} WHERE due_date < '2026-11-02'");
        self::assertCount(1301, $late);
        self::assertSame(\count($late) - 1000, $status['unlistedOverdue']['count']);
        self::assertSame(MoneyFormat::format(\array_sum(\array_map('intval', \array_column($late, 'due'))) - $named, 'EUR'), $status['unlistedOverdue']['amountDue']);
        self::assertSame('2026-11-03', $status['nextDueDate']);
    }

    /**
     * N open receivables due from 2026-11-03 on, some partly paid, created oldest first; then
     * 'o-late' due 2026-10-01 (overdue, the oldest due date), created last. With $overdueFrom, the orders from that
     * index on are due in October too.
     * @return array{int, int} outstanding and paid, in minor units, over every open receivable
     */
    private function receivables(ShopCredit $sc, ?int $overdueFrom = null): array
    {
        $outstanding = 0;
        $paid = 0;
        $sc->connection->transaction(function () use ($sc, $overdueFrom, &$outstanding, &$paid): void {
            for ($i = 0; $i <= self::N; $i++) {
                $late = $i === self::N;
                $amount = 1_000 + $i;
                $p = $i % 4 === 0 ? 250 : 0;
                $due = match (true) {
                    $late => '2026-10-01',
                    $overdueFrom !== null && $i >= $overdueFrom => '2026-10-' . \sprintf('%02d', 2 + $i % 28),
                    default => \gmdate('Y-m-d', self::NOW + 86400 * (1 + $i % 200)),
                };
                $sc->receivables->create(['shop_id' => '1', 'order_ref' => $late ? 'o-late' : "o-$i", 'customer_id' => '7', 'account_id' => self::CREDIT,
                    'currency' => 'EUR', 'amount' => $amount, 'paid' => $p, 'due_date' => $due, 'state' => 'open', 'created_at' => self::NOW + $i], self::NOW + $i);
                $outstanding += $amount - $p;
                $paid += $p;
            }
        });
        return [$outstanding, $paid];
    }
}

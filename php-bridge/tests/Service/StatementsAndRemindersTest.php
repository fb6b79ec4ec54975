<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Document\StatementCsv;
use ShopCredit\Document\StatementLabels;
use ShopCredit\Document\StatementPdf;
use ShopCredit\Service\Facts;
use ShopCredit\Service\Ids;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * A B2B customer's statement of account (movements with the running balance, open items with
 * due dates and purchase-order numbers, CSV and PDF), and the overdue reminders: one per step of
 * the schedule, none once the order is paid.
 */
final class StatementsAndRemindersTest extends ServiceTestCase
{
    private const DAY = 86400;

    /** Two orders on account (1,200.00 and 300.00) with due dates, a payment and a credit note. */
    private function history(ShopCredit $sc): void
    {
        $this->creditLine($sc, '7', 500000);
        $credit = $sc->credit();
        $sc->purchaseOrders()->set('1', 'o-1', '7', ' PO-2026/114 ');
        self::assertSame('passed', $credit->checkRun('1', '7', 'chk-1', 'o-1', 'EUR', '1200.00', 'processing')['outcome']);
        $credit->dueDate('1', 'o-1', '2026-11-02');
        $this->clock->advance(5 * self::DAY);
        self::assertSame('passed', $credit->checkRun('1', '7', 'chk-2', 'o-2', 'EUR', '300.00', 'processing')['outcome']);
        $credit->dueDate('1', 'o-2', '2026-11-07');
        $this->clock->advance(5 * self::DAY);
        self::assertTrue($credit->recordPayment('1', 'o-1', 'pay-1', '500.00', 'bank_transfer', 'VIR-1')['accepted']);
    }

    /** @dataProvider dialects */
    public function testStatementOfAccountWithRunningBalanceOpenItemsAndDownloads(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->history($sc);
        self::assertSame('po_number_invalid', $sc->purchaseOrders()->check('1', "PO\u{0007}"));
        self::assertNull($sc->purchaseOrders()->check('1', ''), 'optional by default');
        $sc->settings->set('1', 'orders.po_number', 'required');
        self::assertSame('po_number_required', $sc->purchaseOrders()->check('1', '  '));

        $s = $sc->statements()->statement('1', '7', 'EUR', self::NOW - self::DAY, $this->clock->now() + 1);
        self::assertSame('0.00', $s['openingBalance']);
        self::assertSame([['invoice', '1200.00', '0.00', '1200.00', 'PO-2026/114'], ['invoice', '300.00', '0.00', '1500.00', null], ['payment', '0.00', '500.00', '1000.00', 'PO-2026/114']],
            \array_map(static fn (array $l): array => [$l['kind'], $l['debit'], $l['credit'], $l['balance'], $l['poNumber']], $s['lines']));
        self::assertSame(['1000.00', '1000.00', '1000.00'], [$s['closingBalance'], $s['balanceNow'], $s['totalDue']]);
        self::assertSame([['o-1', '2026-12-02', '700.00', 'PO-2026/114'], ['o-2', '2026-12-07', '300.00', null]],
            \array_map(static fn (array $i): array => [$i['orderRef'], $i['dueDate'], $i['remaining'], $i['poNumber']], $s['openItems']));

        // A later period starts from the balance the earlier movements left.
        $late = $sc->statements()->statement('1', '7', 'EUR', self::NOW + 3 * self::DAY, $this->clock->now() + 1);
        self::assertSame(['1200.00', 2, '1000.00'], [$late['openingBalance'], \count($late['lines']), $late['closingBalance']]);

        $csv = \fopen('php://memory', 'w+');
        self::assertSame(11, StatementCsv::write($s, StatementLabels::english(), $csv));
        \rewind($csv);
        $rows = \array_map('str_getcsv', \array_filter(\explode("\n", (string) \stream_get_contents($csv))));
        self::assertSame(['2026-11-12', 'Payment received', 'o-1', 'PO-2026/114', '0.00', '500.00', '1000.00', 'EUR'], $rows[4]);

        $pdf = StatementPdf::render($s, StatementLabels::english('fr-FR'), self::NOW);
        self::assertStringStartsWith('%PDF-1.4', $pdf);
        self::assertStringContainsString('(Statement of account)', $pdf);
        self::assertStringContainsString('(PO-2026/114)', $pdf);
        self::assertStringContainsString('(1 000,00 ' . "\x80" . ')', $pdf, 'French money format, euro sign in WinAnsi');
        self::assertPdfXrefPointsAtObjects($pdf);

        try {
            $sc->statements()->statement('1', '8', 'EUR', self::NOW, self::NOW + 1);
            self::fail('a customer without a credit line has no statement');
        } catch (InvalidRequest $e) {
            self::assertSame('not_found', $e->errorCode);
        }
    }

    /** @dataProvider dialects */
    public function testRemindersGoOncePerStepAndStopWhenPaid(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->history($sc); // o-1 due 2026-12-02 (700.00 left), o-2 due 2026-12-07
        // Offsets -3, 0, 7, 14 days around the due date.
        $levels = [];
        foreach (['2026-11-25', '2026-11-26', '2026-11-26', '2026-11-30', '2026-12-02', '2026-12-09', '2026-12-09'] as $day) {
            $this->clock->set((int) (new \DateTimeImmutable("$day 08:00:00Z"))->format('U'));
            foreach ($sc->jobs()->reminders() as $r) {
                $levels[] = "$day {$r['orderRef']} {$r['level']}";
            }
        }
        self::assertSame(['2026-11-30 o-1 1', '2026-12-02 o-1 2', '2026-12-09 o-1 3', '2026-12-09 o-2 2'], $levels, 'each step once; a late first run sends the highest step reached only');

        $sc->credit()->recordPayment('1', 'o-1', 'pay-2', '700.00', 'cheque', 'CHQ-9');
        $this->clock->set((int) (new \DateTimeImmutable('2026-12-20 08:00:00Z'))->format('U'));
        self::assertSame(['o-2'], \array_column($sc->jobs()->reminders(), 'orderRef'), 'the paid order is not reminded again');
        self::assertSame([], $sc->jobs()->reminders());
    }

    /**
     * The job walks every account with a due order, a page at a time: accounts whose orders were
     * already reminded at every step so far (the first page) do not hide the ones after them.
     * @dataProvider dialects
     */
    public function testRemindersReachEveryAccountPastTheFirstPage(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $customers = ['7', '8', '9', '10', '11'];
        foreach ($customers as $customer) {
            $this->creditLine($sc, $customer, 500000);
            self::assertSame('passed', $sc->credit()->checkRun('1', $customer, "chk-$customer", "o-$customer", 'EUR', '100.00', 'processing')['outcome']);
            $sc->credit()->dueDate('1', "o-$customer", '2026-11-02'); // due 30 days later: 2026-12-02
        }
        $this->clock->set((int) (new \DateTimeImmutable('2026-12-09 08:00:00Z'))->format('U'));
        $sent = \array_column($sc->jobs()->reminders(3, 2), 'customerId');
        \sort($sent);
        self::assertSame(['7', '8', '9', '10', '11'], $sent, 'one reminder per account, pages of 2');
        self::assertSame([], $sc->jobs()->reminders(3, 2), 'each once');

        // Two more weeks: the next step for everyone, though every account's order was reminded before.
        $this->clock->advance(7 * self::DAY);
        self::assertCount(5, $sc->jobs()->reminders(3, 2));
    }

    /**
     * One customer with more due orders than a page of the core's request holds: every one of them
     * is reminded (pages of 2 here; of Facts::LISTED = 1,000 by default), each once.
     * @dataProvider dialects
     */
    public function testRemindersReachEveryOrderOfAnAccountPastTheFirstPage(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 500000);
        $orders = ['o-a', 'o-b', 'o-c', 'o-d', 'o-e'];
        foreach ($orders as $n => $order) {
            self::assertSame('passed', $sc->credit()->checkRun('1', '7', "chk-$order", $order, 'EUR', '100.00', 'processing')['outcome']);
            // Due 30 days later: 2026-12-02 for the first two (same date: the page boundary is on the id), then one a day.
            $sc->credit()->dueDate('1', $order, \max('2026-11-02', \sprintf('2026-11-%02d', $n + 1)));
        }
        $this->clock->set((int) (new \DateTimeImmutable('2026-12-20 08:00:00Z'))->format('U'));
        $sent = \array_column($sc->jobs()->reminders(3, 500, 2), 'orderRef');
        \sort($sent);
        self::assertSame($orders, $sent, 'every due order of the account, pages of 2');
        self::assertSame([], $sc->jobs()->reminders(3, 500, 2), 'each once');
    }

    /**
     * More due orders than the default page (Facts::LISTED): before, the 1,001st was never
     * reminded while the first 1,000 stayed open. The orders are stored as rows directly (a
     * thousand checkouts would only make the test slow).
     * @dataProvider dialects
     */
    public function testACustomerWithMoreDueOrdersThanOnePageIsRemindedOfEveryOne(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '7', 500000);
        $rows = [];
        for ($i = 1; $i <= Facts::LISTED + 1; $i++) {
            $rows[] = ['shop_id' => '1', 'order_ref' => "o-$i", 'customer_id' => '7', 'account_id' => Ids::credit('1', '7', 'EUR'), 'currency' => 'EUR',
                'amount' => 1000, 'paid' => 0, 'due_date' => '2026-12-02', 'state' => 'open', 'created_at' => self::NOW, 'updated_at' => self::NOW];
        }
        foreach (\array_chunk($rows, 250) as $chunk) {
            $sc->connection->insertRows('receivables', $chunk);
        }
        $this->clock->set((int) (new \DateTimeImmutable('2026-12-20 08:00:00Z'))->format('U'));
        $sent = $sc->jobs()->reminders();
        self::assertCount(Facts::LISTED + 1, $sent);
        self::assertCount(Facts::LISTED + 1, \array_unique(\array_column($sent, 'orderRef')));
        self::assertSame([], $sc->jobs()->reminders(), 'each once');
    }

    /** Every xref offset must point at "n 0 obj": a viewer finds each object where it is said to be. */
    private static function assertPdfXrefPointsAtObjects(string $pdf): void
    {
        self::assertSame(1, \preg_match('/startxref\n(\d+)\n%%EOF\n$/', $pdf, $m));
        $xref = \substr($pdf, (int) $m[1]);
        self::assertStringStartsWith('xref', $xref);
        \preg_match_all('/^(\d{10}) 00000 n $/m', $xref, $offsets);
        foreach ($offsets[1] as $i => $offset) {
            self::assertSame(($i + 1) . ' 0 obj', \substr($pdf, (int) $offset, \strlen(($i + 1) . ' 0 obj')));
        }
        self::assertGreaterThan(5, \count($offsets[1]));
    }
}

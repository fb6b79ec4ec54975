<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\InvalidRequest;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * Mass debit of 1,201 customers added page by page: a preview that books nothing, steps that a
 * scheduler drives with the progress after each, every customer booked or skipped once with the
 * reason, no cap on how many.
 */
final class MassAdjustmentsTest extends ServiceTestCase
{
    private const N = 1201;

    /** @dataProvider dialects */
    public function testPreviewThenStepsUntilEveryCustomerIsDoneOnce(string $dialect): void
    {
        $sc = $this->boot($dialect);
        for ($i = 1; $i <= 100; $i++) {
            $sc->wallet()->topUp('1', "c$i", 'EUR', "tu-$i", "o-$i", '10.00');
        }
        $m = $sc->massAdjustments();
        $s = $m->create('1', 'mass-1', 'debit', 'EUR', '5.00', 'Annual fee', 'admin:1');
        self::assertSame(['open', 0], [$s['state'], $s['total']]);
        $ids = \array_map(static fn (int $i): string => "c$i", \range(1, self::N));
        $m->addCustomers('mass-1', \array_slice($ids, 0, 500));
        $m->addCustomers('mass-1', [...\array_slice($ids, 500, 500), 'c1']); // c1 again: not added twice
        $s = $m->addCustomers('mass-1', \array_slice($ids, 1000));
        self::assertSame(self::N, $s['total']);

        $steps = 0;
        do {
            $s = $m->preview('mass-1', 500);
            $steps++;
        } while (!$s['previewDone'] && $steps < 10);
        self::assertSame([3, 100, ['wallet_insufficient_funds' => self::N - 100], '500.00'], [$steps, $s['wouldApply'], $s['wouldSkip'], $s['wouldMove']]);
        self::assertSame('10.00', self::balances($sc, 'wallet:1:c1:EUR')['c'], 'the preview booked nothing');
        self::assertSame(0, $s['processed']);

        $s = $m->run('mass-1', 500);
        self::assertSame(['running', 500, 41], [$s['state'], $s['processed'], $s['percent']]);
        try {
            $m->addCustomers('mass-1', ['late']);
            self::fail('a started batch takes no more customers');
        } catch (InvalidRequest $e) {
            self::assertSame('batchKey', $e->field);
        }
        $steps = 1;
        while ($s['state'] !== 'done' && $steps < 10) {
            $s = $m->run('mass-1', 500);
            $steps++;
        }
        self::assertSame([3, self::N, 100, 0, ['wallet_insufficient_funds' => self::N - 100], '500.00', 100],
            [$steps, $s['processed'], $s['applied'], $s['alreadyDone'], $s['skipped'], $s['moved'], $s['percent']]);
        self::assertSame(['dp' => '0.00', 'd' => '5.00', 'cp' => '0.00', 'c' => '10.00'], self::balances($sc, 'wallet:1:c1:EUR'));
        self::assertSame(100, (int) $sc->connection->fetchValue("SELECT COUNT(*) FROM {transfers} WHERE id LIKE 'mass-1:%'"));

        $again = $m->run('mass-1');
        self::assertSame($s, $again, 'a finished batch books nothing more');
        self::assertSame($s['total'], $m->create('1', 'mass-1', 'debit', 'EUR', '5.00', 'Annual fee', 'admin:1')['total'], 'the same batch again: its status');
        self::assertSame(100, $m->items('mass-1', ['result' => 'ok'])['total']);
        self::assertSame(['customerId' => 'c101', 'preview' => 'wallet_insufficient_funds', 'result' => 'wallet_insufficient_funds'], $m->items('mass-1', ['result' => 'wallet_insufficient_funds'], 1)['rows'][0]);
        try {
            $m->create('1', 'mass-1', 'debit', 'EUR', '6.00', 'Annual fee', 'admin:1');
            self::fail('a batch key reused with another amount');
        } catch (InvalidRequest $e) {
            self::assertSame('exists_with_different_amount', $e->errorCode);
        }
        try {
            $m->addCustomers('mass-2', \array_fill(0, 10_001, 'x'));
            self::fail('more than a page per call is refused, never cut');
        } catch (InvalidRequest $e) {
            self::assertSame('too_many_items', $e->errorCode);
        }
    }

    /** @dataProvider dialects */
    public function testAStepIsBookedOnceWhenItIsRepeated(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $m = $sc->massAdjustments();
        $m->create('1', 'gift', 'credit', 'JPY', '500', 'Gift', 'admin:1');
        $m->addCustomers('gift', ['a', 'b', 'c']);
        // A step whose answer was lost: the books already hold a's transfer (same key).
        $sc->wallet()->massAdjust('1', 'gift', 'credit', 'JPY', '500', 'Gift', ['a'], 'admin:1');
        $s = $m->run('gift', 10);
        self::assertSame(['done', 2, 1, '1500'], [$s['state'], $s['applied'], $s['alreadyDone'], $s['moved']]);
        self::assertSame('500', self::balances($sc, 'wallet:1:a:JPY')['c']);
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Service\InvalidRequest;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * One clock: the shop's date in the shop's time zone comes from ShopTime, and the core decides
 * with the same date (due dates, overdue checks), whatever PHP's default time zone is.
 */
final class ShopTimeTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testTheShopsDateIsTheCoresDate(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $before = \date_default_timezone_get();
        \date_default_timezone_set('America/Los_Angeles'); // a host's PHP default must not matter
        try {
            $this->clock->set(self::NOW + 4 * 3600); // 2026-11-02 13:00 UTC = 2026-11-03 02:00 in Auckland
            self::assertSame('2026-11-02', $sc->time->today('1'), 'without a zone: the credit settings\' +01:00');
            $sc->time->setTimezone('1', 'Pacific/Auckland');
            self::assertSame(['2026-11-03', 13 * 3600], [$sc->time->today('1'), $sc->time->utcOffsetS('1')]);
            $this->creditLine($sc, '42', 100_000);
            $sc->checkout()->reserve('1', 'k-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '100.00'], ['creditLine' => '100.00']);
            $sc->credit()->checkRun('1', '42', 'ck-1', 'o-1', 'EUR', '100.00', 'processing', 'k-1:credit');
            $due = $sc->credit()->dueDate('1', 'o-1');
            self::assertSame('2026-12-03', $due['receivable']['dueDate'], 'the core counts the 30 days from the shop\'s date, not UTC\'s');
        } finally {
            \date_default_timezone_set($before);
        }
        $this->expectException(InvalidRequest::class);
        $sc->time->setTimezone('1', 'Mars/Olympus_Mons');
    }
}

<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditPs\Admin\StatementDownload;

/** The merchant's statement download: the period read from the page's two dates, in the shop's time zone (not PHP's). */
final class StatementDownloadTest extends TestCase
{
    private const NOW = 1_764_590_400; // 2025-12-01 12:00 UTC

    private static function paris(): \DateTimeZone
    {
        return new \DateTimeZone('Europe/Paris');
    }

    public function testTwoDaysGiveTheWholeOfBothInTheShopsTimeZone(): void
    {
        [$from, $to] = StatementDownload::period('2025-10-01', '2025-10-31', self::NOW, self::paris());
        self::assertSame(strtotime('2025-10-01 00:00:00 Europe/Paris'), $from);
        self::assertSame(strtotime('2025-11-01 00:00:00 Europe/Paris'), $to, 'the last day is included');
    }

    public function testNoDatesGiveTheLast90DaysUpToNow(): void
    {
        self::assertSame([self::NOW + 1 - 90 * 86400, self::NOW + 1], StatementDownload::period('', '', self::NOW, self::paris()));
    }

    public function testOnlyAStartRunsToNowAndOnlyAnEndGoes90DaysBack(): void
    {
        self::assertSame([strtotime('2025-11-20 00:00:00 Europe/Paris'), self::NOW + 1], StatementDownload::period('2025-11-20', '', self::NOW, self::paris()));
        $end = strtotime('2025-06-01 00:00:00 Europe/Paris');
        self::assertSame([$end - 90 * 86400, $end], StatementDownload::period('', '2025-05-31', self::NOW, self::paris()));
    }

    public function testTheShopsTimeZoneWinsOverPhps(): void
    {
        $php = date_default_timezone_get();
        date_default_timezone_set('UTC');
        try {
            self::assertSame(strtotime('2025-10-01 00:00:00 Europe/Paris'), StatementDownload::period('2025-10-01', '', self::NOW, self::paris())[0]);
        } finally {
            date_default_timezone_set($php);
        }
    }

    public function testMalformedDatesAreIgnoredAndAReversedPeriodIsEmpty(): void
    {
        self::assertSame(StatementDownload::period('', '', self::NOW, self::paris()), StatementDownload::period('yesterday', '2025-13-45x', self::NOW, self::paris()));
        [$from, $to] = StatementDownload::period('2025-10-31', '2025-10-01', self::NOW, self::paris());
        self::assertSame($to, $from, 'from after to: nothing in between, never a negative period');
    }
}

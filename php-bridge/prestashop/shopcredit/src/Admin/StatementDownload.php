<?php
/**
 * The merchant's download of one customer's statement of account (PDF or CSV, in the shop's
 * words and money format), from the customer's page in Customers > Credit & balance: the same
 * document the customer gets in My account, for any period (default: the last 90 days). A
 * download like the ledger's CSV: the admin token guards it, a view-only profile may download it.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\Document\StatementCsv;
use ShopCredit\Document\StatementPdf;
use ShopCredit\Service\InvalidRequest;
use ShopCreditPs\Bridge;
use ShopCreditPs\OnAccount;

final class StatementDownload
{
    public const DAYS = 90;
    public const FORMATS = ['pdf', 'csv'];

    /**
     * [from, to) from two YYYY-MM-DD days (to included) in the shop's time zone (the bridge's
     * clock, the one the statement's dates are written in), else the last 90 days.
     * @return array{0: int, 1: int}
     */
    public static function period(string $from, string $to, int $now, \DateTimeZone $tz): array
    {
        $day = static function (string $ymd, int $plus) use ($tz): ?int {
            if (preg_match('/^\d{4}-\d{2}-\d{2}$/', $ymd) !== 1) {
                return null;
            }
            $d = date_create_immutable($ymd . ' 00:00:00', $tz);
            return $d === false ? null : $d->modify("+$plus day")->getTimestamp();
        };
        $end = $day($to, 1) ?? $now + 1;
        $start = $day($from, 0) ?? $end - self::DAYS * 86400;
        return [min($start, $end), $end];
    }

    /**
     * Sends the document and ends the request; returns an error message (in words) when there
     * is nothing to send (no credit line, a period with too many movements).
     * @param array<string, mixed> $query the page's query: format (pdf|csv), from, to (YYYY-MM-DD)
     */
    public static function send(\Module $module, int $customerId, string $iso, array $query): string
    {
        $format = (string) ($query['format'] ?? '');
        if (!in_array($format, self::FORMATS, true) || $customerId <= 0) {
            return $module->l('Choose PDF or CSV for a customer.', 'statementdownload');
        }
        $sc = Bridge::sc();
        [$fromS, $toS] = self::period((string) ($query['from'] ?? ''), (string) ($query['to'] ?? ''), time(), $sc->time->timezone(Bridge::shopId()));
        try {
            $s = $sc->statements()->statement(Bridge::shopId(), (string) $customerId, $iso, $fromS, $toS);
        } catch (InvalidRequest $e) {
            return $e->errorCode === 'not_found'
                ? $module->l('This customer has no credit line: there is no statement of account.', 'statementdownload')
                : $module->l('Too many movements in this period: choose a later start.', 'statementdownload');
        }
        $labels = OnAccount::labels($module);
        $name = 'statement-' . $customerId . '-' . $s['toDate'];
        if ($format === 'csv') {
            header('Content-Type: text/csv; charset=utf-8');
            header('Content-Disposition: attachment; filename="' . $name . '.csv"');
            StatementCsv::write($s, $labels, fopen('php://output', 'w'));
        } else {
            header('Content-Type: application/pdf');
            header('Content-Disposition: attachment; filename="' . $name . '.pdf"');
            echo StatementPdf::render($s, $labels, time());
        }
        exit;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Document;

/**
 * A statement as CSV for the buyer's accounting: one row per movement with the running balance,
 * then the open items. Amounts are plain decimal strings (what accounting software imports);
 * headers and descriptions are in the reader's language.
 */
final class StatementCsv
{
    /**
     * @param array<string, mixed> $s Statements::statement()'s answer
     * @param resource $out
     * @return int rows written (headers included)
     */
    public static function write(array $s, StatementLabels $l, $out): int
    {
        $cur = (string) $s['currency'];
        $rows = [[
            $l->word('date'), $l->word('description'), $l->word('order'), $l->word('poNumber'), $l->word('debit'),
            $l->word('credit'), $l->word('balance'), 'currency',
        ]];
        $rows[] = [$s['fromDate'], $l->word('openingBalance'), '', '', '', '', $s['openingBalance'], $cur];
        foreach ($s['lines'] as $line) {
            $rows[] = [
                $line['date'], $l->kind((string) $line['kind']), self::cell($l->order($line['orderRef'] ?? null)), self::cell($line['poNumber'] ?? ''),
                $line['debit'], $line['credit'], $line['balance'], $cur,
            ];
        }
        $rows[] = [$s['toDate'], $l->word('closingBalance'), '', '', '', '', $s['closingBalance'], $cur];
        $rows[] = [];
        $rows[] = [$l->word('openItems'), $l->word('order'), $l->word('poNumber'), $l->word('dueDate'), $l->word('amount'), $l->word('paid'), $l->word('remaining'), $l->word('daysOverdue')];
        foreach ($s['openItems'] as $i) {
            $rows[] = ['', self::cell($l->order($i['orderRef'])), self::cell($i['poNumber'] ?? ''), $i['dueDate'] ?? '', $i['amount'], $i['paid'], $i['remaining'], (string) $i['daysOverdue']];
        }
        $rows[] = [$l->word('totalDue'), '', '', '', '', '', $s['totalDue'], $cur];
        foreach ($rows as $r) {
            \fputcsv($out, $r);
        }
        return \count($rows);
    }

    /** Spreadsheet formula injection: a text cell starting with = + - @ is prefixed with '. */
    private static function cell(string $v): string
    {
        return $v !== '' && \in_array($v[0], ['=', '+', '-', '@', "\t", "\r"], true) ? "'" . $v : $v;
    }
}

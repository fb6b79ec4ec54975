<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\Connection;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\TransferRepository;

/** CSV exports written row by row to a stream (php://output, a file): never built in memory. */
final class Export
{
    public const MOVEMENT_COLUMNS = ['timestamp', 'id', 'account_id', 'direction', 'counterparty', 'amount', 'currency', 'code', 'order_ref', 'pending_status', 'flags'];
    public const RECEIVABLE_COLUMNS = ['order_ref', 'customer_id', 'account_id', 'currency', 'amount', 'paid', 'due', 'due_date', 'state', 'last_reminder_level'];

    public function __construct(private readonly Connection $c, private readonly TransferRepository $transfers)
    {
    }

    /**
     * One line per movement of the accounts, oldest first, seen from each account.
     * @param resource $out
     * @param list<string> $accountIds
     * @param array<string, mixed> $filters TransferRepository::streamForAccounts filters
     * @return int rows written
     */
    public function movements($out, array $accountIds, array $filters = []): int
    {
        $set = \array_flip($accountIds);
        \fputcsv($out, self::MOVEMENT_COLUMNS);
        $n = 0;
        foreach ($this->transfers->streamForAccounts($accountIds, $filters) as $t) {
            foreach ([[$t['debitAccountId'], 'debit', $t['creditAccountId']], [$t['creditAccountId'], 'credit', $t['debitAccountId']]] as [$acc, $dir, $other]) {
                if (!isset($set[$acc])) {
                    continue;
                }
                \fputcsv($out, [
                    \gmdate('Y-m-d\TH:i:s\Z', $t['timestampS']), $t['id'], $acc, $dir, $other, $t['amount'], $t['currency'],
                    $t['code'], self::cell($t['orderRef'] ?? ''), $t['pendingStatus'], \implode('|', $t['flags']),
                ]);
                $n++;
            }
        }
        return $n;
    }

    /**
     * A shop's receivables, oldest first, in keyset pages.
     * @param resource $out
     * @param list<string>|null $states
     * @return int rows written
     */
    public function receivables($out, string $shopId, ?array $states = null, int $pageSize = 500): int
    {
        \fputcsv($out, self::RECEIVABLE_COLUMNS);
        $n = 0;
        $after = 0;
        do {
            $sql = 'SELECT * FROM {receivables} WHERE shop_id = ? AND id > ?';
            $params = [$shopId, $after];
            if ($states !== null && $states !== []) {
                $sql .= ' AND state IN (' . Connection::placeholders(\count($states)) . ')';
                \array_push($params, ...\array_values($states));
            }
            $rows = $this->c->fetchAll($sql . ' ORDER BY id LIMIT ?', [...$params, \max(1, $pageSize)]);
            foreach ($rows as $r) {
                $cur = (string) $r['currency'];
                \fputcsv($out, [
                    self::cell((string) $r['order_ref']), self::cell((string) $r['customer_id']), $r['account_id'], $cur,
                    MoneyFormat::format((int) $r['amount'], $cur), MoneyFormat::format((int) $r['paid'], $cur),
                    MoneyFormat::format((int) $r['amount'] - (int) $r['paid'], $cur),
                    $r['due_date'] ?? '', $r['state'], (int) $r['last_reminder_level'],
                ]);
                $n++;
                $after = (int) $r['id'];
            }
        } while (\count($rows) === $pageSize);
        return $n;
    }

    /** Spreadsheet formula injection: a cell starting with = + - @ is prefixed with '. */
    private static function cell(string $v): string
    {
        return $v !== '' && \in_array($v[0], ['=', '+', '-', '@', "\t", "\r"], true) ? "'" . $v : $v;
    }
}

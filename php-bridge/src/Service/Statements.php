<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\TransferRepository;

/**
 * Statements of account of B2B customers: `credit.statement` over the credit line's movements
 * (the core works the running balance and the open items out), with each order's purchase-order
 * number. Host pages pass the logged-in customer's own id (My account) or the one the merchant
 * picked (back office); the CSV and PDF downloads render the same answer (Document\Statement*).
 */
final class Statements
{
    /** Movements one statement reads at most (its period and everything after it). */
    public const MAX_TRANSFERS = 10_000;

    public function __construct(
        private readonly Connection $c,
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly AccountRepository $accounts,
        private readonly ReceivableRepository $receivables,
        private readonly PurchaseOrders $purchaseOrders,
    ) {
    }

    /**
     * The statement of one customer's credit line over [$fromS, $toS).
     * @return array<string, mixed> credit.statement's answer (openingBalance, lines with balance,
     *         closingBalance, openItems with dueDate/paid/remaining/daysOverdue, totalDue,
     *         overdueTotal, today, fromDate, toDate) + customerId, companyName; every line and
     *         open item carries `poNumber` (null when none)
     * @throws InvalidRequest not_found (no credit line), too_many_items (choose a shorter period)
     */
    public function statement(string $shopId, string $customerId, string $currency, int $fromS, int $toS): array
    {
        $accountId = Ids::credit($shopId, $customerId, Ids::currency($currency));
        return $this->c->snapshot(function () use ($shopId, $customerId, $accountId, $fromS, $toS): array {
            $account = $this->accounts->find($accountId) ?? throw new InvalidRequest('not_found', "customer $customerId has no credit line", 'customerId');
            $rows = $this->c->fetchAll(
                'SELECT * FROM {transfers} WHERE debit_account_id = ? AND timestamp_s >= ?
                 UNION ALL SELECT * FROM {transfers} WHERE credit_account_id = ? AND timestamp_s >= ?
                 ORDER BY timestamp_s, id LIMIT ' . (self::MAX_TRANSFERS + 1),
                [$accountId, $fromS, $accountId, $fromS],
            );
            if (\count($rows) > self::MAX_TRANSFERS) {
                throw new InvalidRequest('too_many_items', 'more than ' . self::MAX_TRANSFERS . ' movements since the start of the period: choose a later start', 'fromS');
            }
            $settings = $this->facts->creditSettings($shopId);
            $out = $this->books->ask('credit.statement', [
                'account' => AccountRepository::toWire($account),
                'transfers' => \array_map([TransferRepository::class, 'toWire'], $rows),
                'fromS' => $fromS, 'toS' => $toS, 'utcOffsetS' => (int) ($settings['utcOffsetS'] ?? 0),
                'receivables' => \array_map([Facts::class, 'receivableWire'], $this->receivables->listForAccount($accountId, null, 1000)),
            ]);
            $refs = [...\array_column($out['lines'], 'orderRef'), ...\array_column($out['openItems'], 'orderRef')];
            $po = $this->purchaseOrders->forOrders($shopId, \array_values(\array_filter($refs, 'is_string')));
            foreach (['lines', 'openItems'] as $list) {
                foreach ($out[$list] as &$item) {
                    $item['poNumber'] = \is_string($item['orderRef'] ?? null) ? ($po[$item['orderRef']] ?? null) : null;
                }
                unset($item);
            }
            return $out + ['customerId' => $customerId, 'companyName' => $account['company_name'] ?? null];
        });
    }
}

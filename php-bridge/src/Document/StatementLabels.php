<?php

declare(strict_types=1);

namespace ShopCredit\Document;

use ShopCredit\Money\LocalizedAmount;

/**
 * The words and formats of a statement document, in the reader's language: hosts fill them from
 * their translations and their own money and date formats (english() is the fallback).
 */
final class StatementLabels
{
    /**
     * @param array<string, string> $words title, shop, customer, period, date, description, order,
     *        poNumber, dueDate, debit, credit, balance, openingBalance, closingBalance, openItems,
     *        amount, paid, remaining, totalDue, overdue, daysOverdue, none, page
     * @param array<string, string> $kinds invoice, payment, credit_note, cancellation, adjustment
     * @param \Closure(string, string): string $money decimal string + currency → what people read
     * @param \Closure(string): string $date YYYY-MM-DD → what people read
     * @param (\Closure(string): string)|null $order the bridge's order reference → the order number people know
     */
    public function __construct(
        public readonly array $words,
        public readonly array $kinds,
        public readonly \Closure $money,
        public readonly \Closure $date,
        public readonly ?\Closure $order = null,
    ) {
    }

    public function order(?string $orderRef): string
    {
        return $orderRef === null ? '' : ($this->order === null ? $orderRef : ($this->order)($orderRef));
    }

    public static function english(string $locale = 'en-GB'): self
    {
        return new self(
            [
                'title' => 'Statement of account', 'shop' => '', 'customer' => 'Customer', 'period' => 'Period',
                'date' => 'Date', 'description' => 'Description', 'order' => 'Order', 'poNumber' => 'PO number',
                'dueDate' => 'Due date', 'debit' => 'Debit', 'credit' => 'Credit', 'balance' => 'Balance',
                'openingBalance' => 'Opening balance', 'closingBalance' => 'Closing balance', 'openItems' => 'Open items',
                'amount' => 'Amount', 'paid' => 'Paid', 'remaining' => 'Still due', 'totalDue' => 'Total due',
                'overdue' => 'Overdue', 'daysOverdue' => 'Days late', 'none' => 'Nothing is due.', 'page' => 'Page',
                'instructions' => '',
            ],
            ['invoice' => 'Order on account', 'payment' => 'Payment received', 'credit_note' => 'Credit note', 'cancellation' => 'Order cancelled', 'adjustment' => 'Adjustment'],
            static fn (string $amount, string $currency): string => LocalizedAmount::format($amount, $currency, $locale),
            static fn (string $ymd): string => $ymd,
        );
    }

    public function word(string $key): string
    {
        return $this->words[$key] ?? $key;
    }

    public function kind(string $kind): string
    {
        return $this->kinds[$kind] ?? $kind;
    }

    public function money(string $amount, string $currency): string
    {
        return ($this->money)($amount, $currency);
    }

    public function date(?string $ymd): string
    {
        return $ymd === null ? '' : ($this->date)($ymd);
    }
}

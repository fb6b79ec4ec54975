<?php

declare(strict_types=1);

namespace ShopCredit\Document;

/**
 * A statement of account as a PDF: heading (shop, customer, period), the movements with their
 * running balance between the opening and the closing balance, the open items with their due
 * dates, what is due, and the merchant's payment instructions. Tables continue on new pages with
 * their headers repeated.
 */
final class StatementPdf
{
    private const LEFT = 40.0;
    private const RIGHT = 555.0;
    private const BOTTOM = 790.0;
    private const ROW = 14.0;
    /** Movement columns: [label key, x, align] (right-aligned columns end at x). */
    private const MOVES = [['date', 40, 'left'], ['description', 100, 'left'], ['order', 215, 'left'], ['poNumber', 285, 'left'], ['debit', 420, 'right'], ['credit', 487, 'right'], ['balance', 555, 'right']];
    private const ITEMS = [['order', 40, 'left'], ['poNumber', 110, 'left'], ['dueDate', 215, 'left'], ['amount', 345, 'right'], ['paid', 415, 'right'], ['remaining', 485, 'right'], ['daysOverdue', 555, 'right']];

    private PdfWriter $pdf;
    private float $y = 0;

    private function __construct(private readonly StatementLabels $l, private readonly string $currency)
    {
    }

    /** @param array<string, mixed> $s Statements::statement()'s answer */
    public static function render(array $s, StatementLabels $l, ?int $createdAtS = null): string
    {
        $r = new self($l, (string) $s['currency']);
        $r->pdf = new PdfWriter($l->word('title'), $createdAtS);
        $r->heading($s);
        $r->movements($s);
        $r->openItems($s);
        $r->instructions();
        return $r->pdf->output();
    }

    /** @param array<string, mixed> $s */
    private function heading(array $s): void
    {
        $this->newPage();
        $this->pdf->text(self::LEFT, 60, $this->l->word('title'), 18, true);
        if ($this->l->word('shop') !== '') {
            $this->pdf->text(self::RIGHT, 60, $this->l->word('shop'), 11, true, 'right');
        }
        $who = \trim(((string) ($s['companyName'] ?? '')) . ' (' . $s['customerId'] . ')');
        $this->pdf->text(self::LEFT, 84, $this->l->word('customer') . ': ' . $who, 10);
        $this->pdf->text(self::LEFT, 98, $this->l->word('period') . ': ' . $this->l->date($s['fromDate']) . ' – ' . $this->l->date($s['toDate']), 10);
        $this->y = 124;
    }

    /** @param array<string, mixed> $s */
    private function movements(array $s): void
    {
        $this->tableHeader(self::MOVES);
        $this->row(self::MOVES, [$this->l->date($s['fromDate']), $this->l->word('openingBalance'), '', '', '', '', $this->money($s['openingBalance'])], true);
        foreach ($s['lines'] as $line) {
            $this->ensureRoom(self::MOVES);
            $this->row(self::MOVES, [
                $this->l->date($line['date']), $this->l->kind((string) $line['kind']), $this->l->order($line['orderRef'] ?? null),
                (string) ($line['poNumber'] ?? ''), $line['debit'] === self::zero($line['debit']) ? '' : $this->money($line['debit']),
                $line['credit'] === self::zero($line['credit']) ? '' : $this->money($line['credit']), $this->money($line['balance']),
            ]);
        }
        $this->ensureRoom(self::MOVES);
        $this->row(self::MOVES, [$this->l->date($s['toDate']), $this->l->word('closingBalance'), '', '', '', '', $this->money($s['closingBalance'])], true);
        $this->y += self::ROW;
    }

    /** @param array<string, mixed> $s */
    private function openItems(array $s): void
    {
        $this->ensureRoom(self::ITEMS, 4);
        $this->pdf->text(self::LEFT, $this->y, $this->l->word('openItems'), 12, true);
        $this->y += self::ROW + 2;
        if ($s['openItems'] === []) {
            $this->pdf->text(self::LEFT, $this->y, $this->l->word('none'), 10);
            $this->y += self::ROW * 2;
            return;
        }
        $this->tableHeader(self::ITEMS);
        foreach ($s['openItems'] as $i) {
            $this->ensureRoom(self::ITEMS);
            $late = (int) $i['daysOverdue'];
            $this->row(self::ITEMS, [
                $this->l->order($i['orderRef']), (string) ($i['poNumber'] ?? ''), $this->l->date($i['dueDate'] ?? null), $this->money($i['amount']),
                $this->money($i['paid']), $this->money($i['remaining']), $late > 0 ? (string) $late : '',
            ], $late > 0);
        }
        $this->ensureRoom(self::ITEMS, 2);
        $this->pdf->line(self::LEFT, $this->y - 10, self::RIGHT, $this->y - 10);
        $this->pdf->text(self::LEFT, $this->y + 2, $this->l->word('totalDue'), 11, true);
        $this->pdf->text(485, $this->y + 2, $this->money($s['totalDue']), 11, true, 'right');
        if ($s['overdueTotal'] !== self::zero($s['overdueTotal'])) {
            $this->y += self::ROW;
            $this->pdf->text(self::LEFT, $this->y + 2, $this->l->word('overdue'), 10, true);
            $this->pdf->text(485, $this->y + 2, $this->money($s['overdueTotal']), 10, true, 'right');
        }
        $this->y += self::ROW * 2;
    }

    private function instructions(): void
    {
        $text = $this->l->word('instructions');
        if ($text === '' || $text === 'instructions') {
            return;
        }
        foreach (PdfWriter::wrap($text, self::RIGHT - self::LEFT, 9) as $line) {
            if ($this->y > self::BOTTOM) {
                $this->newPage();
            }
            $this->pdf->text(self::LEFT, $this->y, $line, 9);
            $this->y += 12;
        }
    }

    /** @param list<array{0: string, 1: int, 2: string}> $cols */
    private function tableHeader(array $cols): void
    {
        $this->pdf->band(self::LEFT - 4, $this->y - 11, self::RIGHT - self::LEFT + 8, 16);
        foreach ($cols as [$key, $x, $align]) {
            $this->pdf->text($x, $this->y, $this->l->word($key), 9, true, $align);
        }
        $this->y += self::ROW + 2;
    }

    /**
     * @param list<array{0: string, 1: int, 2: string}> $cols
     * @param list<string> $cells
     */
    private function row(array $cols, array $cells, bool $bold = false): void
    {
        foreach ($cols as $n => [, $x, $align]) {
            $text = $cells[$n];
            $max = ($cols[$n + 1][1] ?? (int) self::RIGHT) - $x - 4;
            if ($align === 'left' && PdfWriter::width($text, 9, $bold) > $max) {
                $text = PdfWriter::wrap($text, $max - 6, 9, $bold)[0] . '…';
            }
            $this->pdf->text($x, $this->y, $text, 9, $bold, $align);
        }
        $this->y += self::ROW;
    }

    /** @param list<array{0: string, 1: int, 2: string}> $cols */
    private function ensureRoom(array $cols, int $rows = 1): void
    {
        if ($this->y + $rows * self::ROW > self::BOTTOM) {
            $this->newPage();
            $this->y = 60;
            $this->tableHeader($cols);
        }
    }

    private function newPage(): void
    {
        $this->pdf->addPage();
        $this->pdf->text(self::RIGHT, 815, $this->l->word('page') . ' ' . $this->pdf->pageCount(), 8, false, 'right');
    }

    private function money(string $amount): string
    {
        return $this->l->money($amount, $this->currency);
    }

    /** "0.00" in the amount's own number of decimals. */
    private static function zero(string $amount): string
    {
        $dot = \strpos($amount, '.');
        return $dot === false ? '0' : '0.' . \str_repeat('0', \strlen($amount) - $dot - 1);
    }
}

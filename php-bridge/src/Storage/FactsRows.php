<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * What FactsQuery read: the customer's accounts (null where there is none) and the credit line's
 * open receivables, summed as of the shop's today on request.
 */
final class FactsRows
{
    /**
     * @param array<string, array<string, mixed>|null> $accounts id → AccountRepository::find()'s row
     * @param array<string, mixed>|null $open the sums for the three $dates (null: read them on request)
     * @param list<string> $dates the candidate todays the sums were made for
     */
    public function __construct(
        public readonly array $accounts,
        private readonly ?string $creditId,
        private readonly ?array $open,
        private readonly array $dates,
        private readonly ReceivableRepository $receivables,
    ) {
    }

    /** @return array<string, mixed>|null the row, null when there is no such account */
    public function account(string $id): ?array
    {
        if (!\array_key_exists($id, $this->accounts)) {
            throw new \LogicException("account $id was not read"); // absent is not the same as not asked
        }
        return $this->accounts[$id];
    }

    /**
     * The credit line's open receivables, none named, all summed (null: none is open).
     * @return array<string, mixed>|null ReceivableRepository::openSummary()'s shape
     */
    public function openSummary(string $creditId, string $currency, string $asOf): ?array
    {
        if ($this->creditId !== $creditId) {
            throw new \LogicException("the receivables of $creditId were not read");
        }
        $i = \array_search($asOf, $this->dates, true);
        if ($this->open === null || $i === false) {
            // Read one by one, or the shop's today is none of the three (the clock moved on since).
            return $this->receivables->openSummary($this->creditId, $currency, $asOf);
        }
        $o = $this->open;
        return ReceivableRepository::summaryOf([
            'n_rows' => $o['n_rows'], 'n' => $o['n'], 'outstanding' => $o['outstanding'], 'paid' => $o['paid'], 'oldest' => $o['oldest'],
            'next' => $o["next_$i"], 'overdue_n' => $o["overdue_n_$i"], 'overdue' => $o["overdue_$i"],
        ], $currency, $asOf);
    }

    /** How many receivables of the credit line are open (null: not known without reading them). */
    public function openCount(): ?int
    {
        return $this->open === null ? null : (int) $this->open['n_rows'];
    }
}

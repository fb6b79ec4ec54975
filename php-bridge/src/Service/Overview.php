<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\FactsRows;
use ShopCredit\Storage\FinancingRepository;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\RequestRepository;
use ShopCredit\Storage\TransferRepository;
use ShopCredit\Storage\WebhookRejectionRepository;

/**
 * What the pages show: the customer's own summary (widget endpoint, My account), the admin's
 * lists (accounts, movements, receivables, requests, financing) and statistics. Read only; the
 * figures that are decisions (remaining credit, spendable balance, overdue, blocking reasons)
 * come from the core, so the page shows what the checkout will decide.
 */
final class Overview
{
    public function __construct(
        private readonly Connection $c,
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
        private readonly ReceivableRepository $receivables,
        private readonly RequestRepository $requests,
        private readonly FinancingRepository $financing,
        private readonly ?WebhookRejectionRepository $rejections = null,
    ) {
    }

    /**
     * Rejected webhook deliveries of the last $hours hours, for the doctor on the settings page:
     * the total, per reason, and the last one's time, size and digest (never its body).
     * @return array{total: int, byReason: array<string, int>, lastAt: ?int, lastBytes: ?int, lastSha256: ?string, hours: int}
     */
    public function webhookRejections(string $shopId, int $hours = 24): array
    {
        $out = ['total' => 0, 'byReason' => [], 'lastAt' => null, 'lastBytes' => null, 'lastSha256' => null, 'hours' => $hours];
        foreach ($this->rejections?->since($shopId, $this->books->now() - $hours * 3600) ?? [] as $w) {
            $out['total'] += $w['hits'];
            $out['byReason'][$w['reason']] = ($out['byReason'][$w['reason']] ?? 0) + $w['hits'];
            if ($out['lastAt'] === null || $w['lastAt'] > $out['lastAt']) {
                $out = ['lastAt' => $w['lastAt'], 'lastBytes' => $w['lastBytes'], 'lastSha256' => $w['lastSha256']] + $out;
            }
        }
        return $out;
    }

    /**
     * One customer's credit line and store balance in one currency. Host endpoints must pass the
     * logged-in customer's own id, never one from the request.
     *
     * @return array{available: bool, reason?: string, currency: string, credit: ?array<string, mixed>, wallet: ?array<string, mixed>, receivables: list<array<string, mixed>>}
     *   credit: `credit.status` (limit, exposure, remaining, overdue, blockingReasons, nextDueDate,
     *   totalPaid, totalExpected, paymentTermsDays, ...) or null when the shop has no credit lines
     *   or the customer none; wallet: `wallet.balance` (balance, reserved, available, incoming) or
     *   null when the balance is off; receivables: the open orders on account with paid/remaining.
     *   When the core cannot run: available=false, reason=runtime_unavailable, nothing else.
     * @param ?FactsRows $rows customerRows() of this customer, else read here
     */
    public function customer(string $shopId, string $customerId, string $currency, ?FactsRows $rows = null): array
    {
        $currency = Ids::currency($currency);
        try {
            $creditId = Ids::credit($shopId, $customerId, $currency);
            $walletId = Ids::wallet($shopId, $customerId, $currency);
            $rows ??= $this->customerRows($shopId, $customerId, $currency);
            $credit = null;
            $receivables = [];
            $creditRow = $rows->account($creditId);
            if ($creditRow !== null && $this->facts->creditEnabled($shopId)) {
                [$context, $open] = $this->creditContext($shopId, $creditRow, $rows->openCount());
                $credit = $this->books->ask('credit.status', ['credit' => $context]);
                // The widget and the hosts' pages still read `remaining` (credit.status says remainingCredit).
                $credit['remaining'] = $credit['remainingCredit'];
                $receivables = \array_map([self::class, 'receivableRow'], $open ?? $this->receivables->listForAccount($creditId, ['open'], self::OPEN_LISTED));
            }
            $wallet = null;
            if (($this->facts->walletSettings($shopId)['enabled'] ?? false) === true) {
                // No balance yet reads as an empty one: the widget shows 0, not nothing.
                $wire = AccountRepository::toWire($rows->account($walletId) ?? [
                    'id' => $walletId, 'kind' => 'wallet', 'currency' => $currency,
                    'debits_pending' => 0, 'debits_posted' => 0, 'credits_pending' => 0, 'credits_posted' => 0,
                    'credit_limit' => 0, 'closed' => false,
                ]);
                $wallet = $this->books->ask('wallet.balance', ['wallet' => $wire]);
            }
            return ['available' => true, 'currency' => $currency, 'credit' => $credit, 'wallet' => $wallet, 'receivables' => $receivables];
        } catch (RuntimeUnavailable | RuntimeFailure) {
            return ['available' => false, 'reason' => 'runtime_unavailable', 'currency' => $currency, 'credit' => null, 'wallet' => null, 'receivables' => []];
        }
    }

    /**
     * What customer() reads, in one statement: the customer's balance and credit line, the credit
     * line's open receivables summed, the shop's settings. The badge's endpoint passes it to
     * customer() and to CheckoutService::facts() (whose customer must be this one), which then
     * read nothing of it again.
     */
    public function customerRows(string $shopId, string $customerId, string $currency): FactsRows
    {
        $currency = Ids::currency($currency);
        $creditId = Ids::credit($shopId, $customerId, $currency);
        return $this->facts->read($shopId, [Ids::wallet($shopId, $customerId, $currency), $creditId], $creditId);
    }

    /** The open orders on account customer() lists (oldest created first). */
    private const OPEN_LISTED = 200;

    /**
     * The credit context of customer()'s credit.status, and its open receivables oldest created
     * first when every one of them was read for it (null: list them with their own query). Knowing
     * how many are open ($openCount, from Facts::read()) spares the reads when none is.
     * @param array<string, mixed> $creditRow
     * @return array{array<string, mixed>, list<array<string, mixed>>|null}
     */
    private function creditContext(string $shopId, array $creditRow, ?int $openCount): array
    {
        if ($openCount === 0) {
            return [$this->facts->creditContext($shopId, $creditRow, Facts::LISTED, null, ['receivables' => []]), []];
        }
        $named = $this->receivables->openOldestDue((string) $creditRow['id'], Facts::LISTED);
        if (\count($named) >= Facts::LISTED) {
            return [$this->facts->creditContext($shopId, $creditRow), null];
        }
        // Every open one is named: nothing is left to sum (Facts::receivables() says the same).
        $context = $this->facts->creditContext($shopId, $creditRow, Facts::LISTED, null, ['receivables' => \array_map([Facts::class, 'receivableWire'], $named)]);
        if (\count($named) > self::OPEN_LISTED) {
            return [$context, null];
        }
        \usort($named, static fn (array $a, array $b): int => [$a['created_at'], $a['id']] <=> [$b['created_at'], $b['id']]);
        return [$context, $named];
    }

    /** Sort keys of accounts() → SQL over the stored counters (the same figures the core answers). */
    private const ACCOUNT_SORTS = [
        'customer' => self::CUSTOMER_NUMBER, 'currency' => 'currency', 'company' => 'company_name', 'limit' => 'credit_limit',
        'exposure' => '(debits_posted + debits_pending - credits_posted)',
        'remaining' => '(credit_limit - debits_posted - debits_pending + credits_posted)',
        'balance' => '(credits_posted - debits_posted)', 'available' => '(credits_posted - debits_posted - debits_pending)',
        'risk' => "(CASE acc.risk_level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)",
        // The receivables open past their due date (index rcv_account: account_id, state, due_date).
        'overdue' => self::OVERDUE_COUNT,
        // On hold first, then with overdue orders, then in good standing (what "Status" shows first).
        'status' => '(CASE WHEN acc.on_hold = 1 THEN 2 WHEN ' . self::OVERDUE_COUNT . ' > 0 THEN 1 ELSE 0 END)',
    ];
    /**
     * Host customer ids are numbers kept as text: shorter first, so customer 7 comes before 44 (not
     * after it, as text order would put it). `%1$s` is the direction.
     */
    private const CUSTOMER_NUMBER = 'LENGTH(customer_id) %1$s, customer_id';
    /** Needs the shop's today as its one parameter (sortParams()). */
    private const OVERDUE_COUNT = "(SELECT COUNT(*) FROM {receivables} r WHERE r.account_id = acc.id AND r.state = 'open' AND r.due_date IS NOT NULL AND r.due_date < ?)";

    /**
     * The admin's accounts list: one row per customer credit line (and, with kind=wallet, per
     * balance) in every currency (or the one filtered), with the core's figures, a page of it
     * sorted on the server, and the totals of the whole filtered set per currency. Host search:
     * resolve what the merchant typed to customer ids with the host's own customer search and
     * pass them as `customer_ids`; show `customerId` as the host's name and link.
     * @param array{currency?: string, customer_id?: string, customer_ids?: list<string>, on_hold?: bool, risk_level?: string, overdue?: bool, search?: string, kind?: 'credit_line'|'wallet'} $filters
     *        overdue: only accounts with (true) / without (false) an order open past its due date (the shop's today)
     * @param 'customer'|'currency'|'company'|'limit'|'exposure'|'remaining'|'balance'|'available'|'risk'|'overdue'|'status' $sort
     *        risk: low < medium < high; overdue: the number of overdue orders; status: in good standing < with overdue orders < on hold
     * @return array{rows: list<array<string, mixed>>, total: int, totals: array<string, array<string, mixed>>}
     *   totals[CUR]: credit lines {count, authorized, exposure}; balances {count, balance, reserved, available}
     */
    public function accounts(string $shopId, array $filters = [], int $limit = 50, int $offset = 0, string $sort = 'customer', string $dir = 'asc'): array
    {
        $kind = $filters['kind'] ?? 'credit_line';
        if (!\in_array($kind, ['credit_line', 'wallet'], true)) {
            throw new InvalidRequest('invalid_value', 'kind must be credit_line or wallet', 'kind');
        }
        $where = 'shop_id = ? AND kind = ?';
        $params = [$shopId, $kind];
        if (isset($filters['currency'])) {
            $where .= ' AND currency = ?';
            $params[] = Ids::currency((string) $filters['currency']);
        }
        if (isset($filters['customer_id'])) {
            $where .= ' AND customer_id = ?';
            $params[] = (string) $filters['customer_id'];
        }
        if (isset($filters['customer_ids'])) {
            $ids = \array_values(\array_unique(\array_map('strval', (array) $filters['customer_ids'])));
            if (\count($ids) > 1000) {
                throw new InvalidRequest('too_many_items', 'at most 1000 customer ids', 'customer_ids');
            }
            // No customer matched the host's search: an empty page, not every account.
            $where .= $ids === [] ? ' AND 1 = 0' : ' AND customer_id IN (' . Connection::placeholders(\count($ids)) . ')';
            \array_push($params, ...$ids);
        }
        if (isset($filters['on_hold'])) {
            $where .= ' AND on_hold = ?';
            $params[] = $filters['on_hold'] ? 1 : 0;
        }
        if (isset($filters['risk_level'])) {
            $where .= ' AND risk_level = ?';
            $params[] = (string) $filters['risk_level'];
        }
        if (isset($filters['overdue'])) {
            // Accounts with (true) or without (false) an order open past its due date.
            $where .= ' AND ' . self::OVERDUE_COUNT . ($filters['overdue'] ? ' > 0' : ' = 0');
            $params[] = $this->facts->today($shopId);
        }
        if (isset($filters['search']) && $filters['search'] !== '') {
            $where .= " AND (customer_id = ? OR company_name LIKE ? ESCAPE '!')";
            $params[] = (string) $filters['search'];
            $params[] = '%' . \strtr((string) $filters['search'], ['!' => '!!', '%' => '!%', '_' => '!_']) . '%';
        }
        $order = self::ACCOUNT_SORTS[$sort] ?? throw new InvalidRequest('invalid_value', 'sort must be one of ' . \implode(', ', \array_keys(self::ACCOUNT_SORTS)), 'sort');
        $dir = \strtolower($dir) === 'desc' ? 'DESC' : (\strtolower($dir) === 'asc' ? 'ASC' : throw new InvalidRequest('invalid_value', 'dir must be asc or desc', 'dir'));
        $totals = $this->accountTotals($kind, $where, $params);
        $total = \array_sum(\array_column($totals, 'count'));
        $orderParams = \substr_count($order, '?') > 0 ? [$this->facts->today($shopId)] : [];
        $rows = $this->c->fetchAll(
            // Amounts of different currencies are never compared: money sorts keep currencies apart.
            "SELECT acc.* FROM {accounts} acc WHERE $where ORDER BY " . (\in_array($sort, ['customer', 'currency', 'company', 'risk', 'overdue', 'status'], true) ? '' : 'currency, ')
                . \sprintf($order, $dir) . " $dir, " . \sprintf(self::CUSTOMER_NUMBER, 'ASC') . ', currency LIMIT ? OFFSET ?',
            [...$params, ...$orderParams, \max(1, \min(500, $limit)), \max(0, $offset)],
        );
        $out = [];
        foreach ($rows as $row) {
            $row = $this->accounts->find((string) $row['id']) ?? $row; // typed columns
            $cur = (string) $row['currency'];
            $item = [
                'accountId' => (string) $row['id'], 'customerId' => (string) $row['customer_id'], 'currency' => $cur,
                'companyName' => $row['company_name'] ?? null, 'riskLevel' => $row['risk_level'] ?? null,
                'onHold' => (bool) ($row['on_hold'] ?? false), 'paymentTermsDays' => $row['payment_terms_days'] ?? null,
            ];
            if ($kind === 'credit_line') {
                $s = $this->books->ask('credit.status', ['credit' => $this->facts->creditContext($shopId, $row)]);
                $item += [
                    'authorized' => $s['limit'], 'exposure' => $s['exposure'], 'remaining' => $s['remainingCredit'], 'remainingCredit' => $s['remainingCredit'],
                    'totalPaid' => $s['totalPaid'], 'totalExpected' => $s['totalExpected'], 'overdue' => $s['overdue'],
                    'blocksNewOrders' => $s['blocksNewOrders'], 'blockingReasons' => $s['blockingReasons'],
                    'nextDueDate' => $s['nextDueDate'] ?? null,
                ];
            } else {
                $item += $this->books->ask('wallet.balance', ['wallet' => AccountRepository::toWire($row)]);
            }
            $out[] = $item;
        }
        return ['rows' => $out, 'total' => $total, 'totals' => $totals];
    }

    /**
     * Sums of the filtered accounts per currency, by the database.
     * @param list<int|string> $params
     * @return array<string, array<string, mixed>>
     */
    private function accountTotals(string $kind, string $where, array $params): array
    {
        $out = [];
        $sums = $kind === 'credit_line'
            ? 'SUM(credit_limit) AS authorized, SUM(debits_posted + debits_pending - credits_posted) AS exposure'
            : 'SUM(credits_posted - debits_posted) AS balance, SUM(debits_pending) AS reserved, SUM(credits_posted - debits_posted - debits_pending) AS available';
        foreach ($this->c->fetchAll("SELECT currency, COUNT(*) AS n, $sums FROM {accounts} acc WHERE $where GROUP BY currency ORDER BY currency", $params) as $r) {
            $cur = (string) $r['currency'];
            $t = ['count' => (int) $r['n']];
            foreach (['authorized', 'exposure', 'balance', 'reserved', 'available'] as $k) {
                if (\array_key_exists($k, $r)) {
                    $t[$k] = MoneyFormat::formatSum($r[$k] ?? 0, $cur);
                }
            }
            $out[$cur] = $t;
        }
        return $out;
    }

    /**
     * A page of one account's movements, newest first; `direction` says whether each moved money
     * into (credit) or out of (debit) this account. Pass the returned nextCursor for the next page.
     * @param array{code?: string|list<string>, from_s?: int, to_s?: int, order_ref?: string, pending_status?: string|list<string>, order?: string} $filters
     * @return array{items: list<array<string, mixed>>, nextCursor: ?string}
     */
    public function movements(string $accountId, array $filters = [], int $limit = 50, ?string $cursor = null): array
    {
        $page = $this->transfers->listForAccount($accountId, $filters, $limit, $cursor);
        foreach ($page['items'] as &$t) {
            $t['direction'] = $t['creditAccountId'] === $accountId ? 'credit' : 'debit';
        }
        return $page;
    }

    /**
     * Receivables (orders on account) with what was paid and what remains, one page of them
     * sorted on the server (a list pages through every receivable, none left out).
     * @param array{state?: string|list<string>, customer_id?: string, customer_ids?: list<string>, currency?: string, overdue_on?: string} $filters
     *        customer_ids: the customers a host search found (empty: none); overdue_on: a shop-local date
     *        (YYYY-MM-DD): only open receivables due before it
     * @param string $sort due|amount|paid|remaining|created|customer|state (due: undated last)
     * @return array{rows: list<array<string, mixed>>, total: int}
     */
    public function receivables(string $shopId, array $filters = [], int $limit = 50, int $offset = 0, string $sort = 'due', string $dir = 'asc'): array
    {
        [$where, $params] = $this->receivableWhere($shopId, $filters);
        $column = self::RECEIVABLE_SORTS[$sort] ?? throw new InvalidRequest('invalid_value', 'sort must be one of ' . \implode(', ', \array_keys(self::RECEIVABLE_SORTS)), 'sort');
        $dir = $dir === 'desc' ? 'DESC' : 'ASC';
        // Receivables without a due date (not shipped yet) last either way; id breaks ties so pages never overlap.
        $order = $sort === 'due' ? "due_date IS NULL, due_date $dir, id $dir" : \sprintf($column, $dir) . " $dir, id $dir";
        $total = (int) $this->c->fetchValue("SELECT COUNT(*) FROM {receivables} WHERE $where", $params);
        $rows = $this->c->fetchAll(
            "SELECT * FROM {receivables} WHERE $where ORDER BY $order LIMIT ? OFFSET ?",
            [...$params, \max(1, \min(500, $limit)), \max(0, $offset)],
        );
        return ['rows' => \array_map([self::class, 'receivableRow'], $rows), 'total' => $total];
    }

    /** receivables() sort keys → SQL (fixed strings, never the caller's). */
    private const RECEIVABLE_SORTS = ['due' => 'due_date', 'amount' => 'amount', 'paid' => 'paid', 'remaining' => '(amount - paid)', 'created' => 'created_at', 'customer' => self::CUSTOMER_NUMBER, 'state' => 'state'];

    /** @return array{0: string, 1: list<string|int>} the WHERE of receivables() and its parameters */
    private function receivableWhere(string $shopId, array $filters): array
    {
        $where = 'shop_id = ?';
        $params = [$shopId];
        foreach (['state' => 'state', 'customer_ids' => 'customer_id'] as $key => $column) {
            if (isset($filters[$key])) {
                $values = \array_values(\array_map('strval', (array) $filters[$key]));
                if ($values === []) {
                    return ['1 = 0', []]; // a search that found no customer finds no receivable
                }
                if (\count($values) > 1000) {
                    throw new InvalidRequest('too_many_items', "$key: at most 1000", $key);
                }
                $where .= " AND $column IN (" . Connection::placeholders(\count($values)) . ')';
                \array_push($params, ...$values);
            }
        }
        if (isset($filters['customer_id'])) {
            $where .= ' AND customer_id = ?';
            $params[] = (string) $filters['customer_id'];
        }
        if (isset($filters['currency'])) {
            $where .= ' AND currency = ?';
            $params[] = Ids::currency((string) $filters['currency']);
        }
        if (isset($filters['overdue_on'])) {
            if (!\preg_match('/^\d{4}-\d{2}-\d{2}$/', (string) $filters['overdue_on'])) {
                throw new InvalidRequest('invalid_date', 'overdue_on must be YYYY-MM-DD', 'overdue_on');
            }
            $where .= " AND state = 'open' AND due_date IS NOT NULL AND due_date < ?";
            $params[] = (string) $filters['overdue_on'];
        }
        return [$where, $params];
    }

    /**
     * Credit-increase or withdrawal requests, newest first.
     * @param 'credit_increase'|'withdrawal' $kind
     * @param array{state?: string|list<string>, customer_id?: string, currency?: string} $filters
     * @return list<array<string, mixed>> amounts as decimal strings
     */
    public function requests(string $kind, string $shopId, array $filters = [], int $limit = 100, int $offset = 0): array
    {
        if (isset($filters['currency'])) {
            $filters['currency'] = Ids::currency((string) $filters['currency']);
        }
        $kind = $kind === 'credit_increase' ? RequestRepository::CREDIT_INCREASE : ($kind === 'withdrawal' ? RequestRepository::WITHDRAWAL : throw new InvalidRequest('invalid_value', 'kind must be credit_increase or withdrawal', 'kind'));
        return \array_map([self::class, 'requestRow'], $this->requests->list($kind, $shopId, $filters, \max(1, \min(500, $limit)), $offset));
    }

    /**
     * One page of requests for the admin lists: rows (newest first, with the customer's message)
     * and the total, so the page can offer the next ones.
     * @param 'credit_increase'|'withdrawal' $kind
     * @return array{rows: list<array<string, mixed>>, total: int}
     */
    public function requestPage(string $kind, string $shopId, array $filters = [], int $limit = 50, int $offset = 0): array
    {
        $rows = $this->requests($kind, $shopId, $filters, $limit, $offset); // checks the filters first
        return ['rows' => $rows, 'total' => $this->requests->count($kind === 'withdrawal' ? RequestRepository::WITHDRAWAL : RequestRepository::CREDIT_INCREASE, $shopId, $filters)];
    }

    /** @param array<string, mixed> $r a stored request @return array<string, mixed> */
    private static function requestRow(array $r): array
    {
        $cur = (string) $r['currency'];
        foreach (['amount', 'current_limit', 'requested_limit', 'granted_limit'] as $k) {
            if (\array_key_exists($k, $r) && $r[$k] !== null) {
                $r[$k] = MoneyFormat::format((int) $r[$k], $cur);
            }
        }
        return $r;
    }

    /**
     * One credit-increase or withdrawal request by id (amounts as decimal strings), or null.
     * @param 'credit_increase'|'withdrawal' $kind
     * @return array<string, mixed>|null
     */
    public function request(string $kind, string $id): ?array
    {
        $kind = $kind === 'credit_increase' ? RequestRepository::CREDIT_INCREASE : ($kind === 'withdrawal' ? RequestRepository::WITHDRAWAL : throw new InvalidRequest('invalid_value', 'kind must be credit_increase or withdrawal', 'kind'));
        $r = $this->requests->find($kind, $id);
        return $r === null ? null : self::requestRow($r);
    }

    /**
     * The financing subscriptions of one order: `history` = the status changes applied (oldest
     * first), `events` = every provider event received for it (webhooks, in arrival order).
     * @return list<array<string, mixed>>
     */
    public function financingForOrder(string $shopId, string $orderRef): array
    {
        $out = [];
        foreach ($this->financing->findByOrder($shopId, $orderRef) as $s) {
            $s['events'] = $this->financing->eventsFor((string) $s['subscription_id']);
            if (isset($s['amount'], $s['currency']) && \is_int($s['amount'])) {
                $s['amount'] = MoneyFormat::format($s['amount'], (string) $s['currency']);
            }
            $out[] = $s;
        }
        return $out;
    }

    /**
     * An order's financing requests as the storefront timeline shows them. The host checks the
     * order is the logged-in customer's before calling this (the books do not know who ordered).
     * @return list<array{orderRef: string, solutionCode: string, label: ?string, amount: string, currency: string, status: string, final: bool, orderStatus: ?string, history: list<array<string, mixed>>}>
     */
    public function financingTimeline(string $shopId, string $orderRef): array
    {
        $labels = \array_column($this->facts->financingSolutions($shopId), 'label', 'solutionCode');
        $mapping = $this->facts->financingMapping($shopId) ?? $this->books->ask('financing.defaultMapping', [])['mapping'];
        $out = [];
        foreach ($this->financingForOrder($shopId, $orderRef) as $s) {
            $status = (string) $s['status'];
            $out[] = [
                'orderRef' => (string) $s['order_ref'], 'solutionCode' => (string) $s['solution_code'],
                'label' => $labels[$s['solution_code']] ?? null, 'amount' => (string) $s['amount'], 'currency' => (string) $s['currency'],
                'status' => $status, 'final' => \in_array($status, FinancingService::FINAL_STATUSES, true),
                'orderStatus' => $mapping[$status]['orderStatus'] ?? null,
                'history' => \array_map(static fn (array $h): array => \array_intersect_key($h, \array_flip(['status', 'subStatus', 'atMs', 'source'])), $s['history']),
            ];
        }
        return $out;
    }

    /** Rows of sums per core request: 400+ periods of every movement type (the core takes 5,000). */
    private const STATS_ROWS = 4400;

    /**
     * Shop statistics in one currency: credit lines (authorized, exposure, customers on hold,
     * open and overdue receivables) and the balances' money in and out per period and movement
     * type. Every figure is an SQL aggregate, so the cost does not grow with what a page holds;
     * the core labels the periods in the shop's calendar and formats the exact sums
     * (`wallet.statsSums`). A window of more than about 400 periods comes in pages: pass
     * `wallets.nextCursor` back as $cursor for the next one (totals always cover the whole window).
     * @param 'day'|'week'|'month' $period
     * @return array<string, mixed>
     */
    public function statistics(string $shopId, string $currency, int $fromS, int $toS, string $today, string $period = 'month', int $utcOffsetS = 0, ?string $cursor = null): array
    {
        $currency = Ids::currency($currency);
        $shopId = Ids::part($shopId, 'shopId');
        if (!\preg_match('/^\d{4}-\d{2}-\d{2}$/', $today)) {
            throw new InvalidRequest('invalid_date', 'today must be YYYY-MM-DD', 'today');
        }
        if (!\in_array($period, ['day', 'week', 'month'], true)) {
            throw new InvalidRequest('invalid_value', 'period must be day, week or month', 'period');
        }
        if ($cursor !== null && !\preg_match('/^\d{1,9}$/', $cursor)) {
            throw new InvalidRequest('invalid_value', 'not a statistics cursor', 'cursor');
        }
        // Sums of stored minor units; the core owns every per-customer decision.
        $lines = $this->c->fetchOne(
            "SELECT COUNT(*) AS n, COALESCE(SUM(credit_limit), 0) AS authorized,
                    COALESCE(SUM(debits_posted + debits_pending - credits_posted), 0) AS exposure,
                    COALESCE(SUM(CASE WHEN on_hold = 1 THEN 1 ELSE 0 END), 0) AS on_hold
               FROM {accounts} WHERE shop_id = ? AND kind = 'credit_line' AND currency = ?",
            [$shopId, $currency],
        ) ?? [];
        $open = $this->c->fetchOne(
            "SELECT COUNT(*) AS n, COALESCE(SUM(amount - paid), 0) AS due,
                    COALESCE(SUM(CASE WHEN due_date IS NOT NULL AND due_date < ? THEN 1 ELSE 0 END), 0) AS overdue_n,
                    COALESCE(SUM(CASE WHEN due_date IS NOT NULL AND due_date < ? THEN amount - paid ELSE 0 END), 0) AS overdue
               FROM {receivables} WHERE shop_id = ? AND currency = ? AND state = 'open'",
            [$today, $today, $shopId, $currency],
        ) ?? [];
        $wallets = (int) $this->c->fetchValue(
            "SELECT COUNT(*) FROM {accounts} WHERE shop_id = ? AND kind = 'wallet' AND currency = ?",
            [$shopId, $currency],
        );
        $rows = $this->transfers->walletMovementSums($shopId, $currency, $fromS, $toS, $period, $utcOffsetS, $cursor === null ? null : (int) $cursor, self::STATS_ROWS + 1);
        $next = null;
        if (\count($rows) > self::STATS_ROWS) {
            // The last period may go on past this page: it starts the next one, whole.
            $next = $rows[self::STATS_ROWS]['periodKey'];
            $rows = \array_values(\array_filter($rows, static fn (array $r): bool => $r['periodKey'] < $next));
        }
        $stats = $this->books->ask('wallet.statsSums', [
            'currency' => $currency, 'period' => $period,
            'sums' => \array_map(static fn (array $r): array => \array_diff_key($r, ['periodKey' => true]), $rows),
            'totals' => $this->transfers->walletMovementTotals($shopId, $currency, $fromS, $toS),
        ]);
        $f = static fn (int|string $minor): string => MoneyFormat::formatSum($minor, $currency);
        return [
            'currency' => $currency,
            'creditLines' => [
                'count' => (int) ($lines['n'] ?? 0), 'authorized' => $f($lines['authorized'] ?? 0),
                'exposure' => $f($lines['exposure'] ?? 0), 'onHold' => (int) ($lines['on_hold'] ?? 0),
            ],
            'receivables' => [
                'open' => (int) ($open['n'] ?? 0), 'due' => $f($open['due'] ?? 0),
                'overdueCount' => (int) ($open['overdue_n'] ?? 0), 'overdue' => $f($open['overdue'] ?? 0),
            ],
            'wallets' => ['count' => $wallets, 'movements' => $stats, 'nextCursor' => $next === null ? null : (string) $next],
        ];
    }

    /** @param array<string, mixed> $r a stored receivable @return array<string, mixed> */
    public static function receivableRow(array $r): array
    {
        $cur = (string) $r['currency'];
        return [
            'orderRef' => (string) $r['order_ref'], 'customerId' => (string) $r['customer_id'], 'currency' => $cur,
            'amount' => MoneyFormat::format((int) $r['amount'], $cur), 'paid' => MoneyFormat::format((int) $r['paid'], $cur),
            'remaining' => MoneyFormat::format((int) $r['amount'] - (int) $r['paid'], $cur),
            'dueDate' => $r['due_date'] === null ? null : (string) $r['due_date'], 'state' => (string) $r['state'],
            'lastReminderLevel' => (int) ($r['last_reminder_level'] ?? 0),
        ];
    }
}

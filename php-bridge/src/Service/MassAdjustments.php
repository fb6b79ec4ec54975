<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\HouseAccounts;
use ShopCredit\Storage\Json;
use ShopCredit\Storage\MoneyFormat;

/**
 * Mass credit or debit of customers' balances in steps a host's scheduler drives (Action
 * Scheduler, PrestaShop ajax batches), with a preview first, progress after every step, and no
 * cap: the host adds its customers page by page, the batch remembers each one's result.
 *
 *     $m = $sc->massAdjustments();
 *     $m->create('1', 'mass-2026-11-a', 'credit', 'EUR', '5.00', 'Loyalty gift', 'admin:1');
 *     $m->addCustomers('mass-2026-11-a', $idsOfThisPage);        // as many calls as pages (≤ 10,000 ids each)
 *     do { $s = $m->preview('mass-2026-11-a'); } while (!$s['previewDone']);   // what would happen, nothing booked
 *     do { $s = $m->run('mass-2026-11-a'); } while ($s['state'] !== 'done');   // one step per scheduled action
 *     $m->items('mass-2026-11-a', ['result' => 'wallet_insufficient_funds']);  // who was skipped, and why
 *
 * Each step is one transaction: the batch row is locked, the next pending customers are booked
 * through `wallet.massAdjust` (transfer ids `{batchKey}:{customerId}`, so a replay answers
 * `exists`), their results and the counters are stored with the books — two overlapping steps
 * never book or count a customer twice. The preview asks the core the same question without
 * booking (balances may change before the run, which decides again). Status: see status().
 */
final class MassAdjustments
{
    public const DIRECTIONS = ['credit', 'debit'];
    public const MAX_IDS_PER_CALL = 10_000;
    public const MAX_STEP = 1000;

    public function __construct(
        private readonly Connection $c,
        private readonly Books $books,
        private readonly AccountRepository $accounts,
        private readonly WalletService $wallet,
    ) {
    }

    /**
     * A new batch (or the same one again: its status). A batch key reused with other terms is refused.
     * @param 'credit'|'debit' $direction
     * @return array<string, mixed> status()
     */
    public function create(string $shopId, string $batchKey, string $direction, string $currency, string $amount, string $reason, string $by): array
    {
        Ids::check($batchKey, 'batchKey', 64);
        Ids::part($shopId, 'shopId');
        $currency = Ids::currency($currency);
        if (!\in_array($direction, self::DIRECTIONS, true)) {
            throw new InvalidRequest('invalid_value', 'direction must be credit or debit', 'direction');
        }
        $minor = self::minor($amount, $currency);
        $row = [
            'batch_key' => $batchKey, 'shop_id' => $shopId, 'direction' => $direction, 'currency' => $currency, 'amount' => $minor,
            'reason' => \mb_substr($reason, 0, 255), 'created_by' => \mb_substr($by, 0, 255), 'state' => 'open',
            'created_at' => $this->books->now(), 'updated_at' => $this->books->now(),
        ];
        if (!$this->c->insertIfAbsent('mass_batches', $row)) {
            $have = $this->row($batchKey);
            foreach (['shop_id', 'direction', 'currency', 'amount'] as $k) {
                if ((string) $have[$k] !== (string) $row[$k]) {
                    throw new InvalidRequest($k === 'amount' ? 'exists_with_different_amount' : 'exists_with_different_event', "batch $batchKey exists with another $k", $k);
                }
            }
        }
        return $this->status($batchKey);
    }

    /**
     * Adds customers while the batch has not started (a customer already in it is not added twice).
     * @param list<string> $customerIds
     * @return array<string, mixed> status()
     */
    public function addCustomers(string $batchKey, array $customerIds): array
    {
        if (\count($customerIds) > self::MAX_IDS_PER_CALL) {
            throw new InvalidRequest('too_many_items', 'at most ' . self::MAX_IDS_PER_CALL . ' customers per call: add them page by page', 'customerIds');
        }
        foreach ($customerIds as $id) {
            Ids::part((string) $id, 'customerIds');
        }
        $this->c->transaction(function () use ($batchKey, $customerIds): void {
            $batch = $this->lock($batchKey);
            if ($batch['state'] !== 'open') {
                throw new InvalidRequest('invalid_value', "batch $batchKey has started: no customer can be added", 'batchKey');
            }
            $seq = (int) $this->c->fetchValue('SELECT COALESCE(MAX(seq), 0) FROM {mass_batch_items} WHERE batch_key = ?', [$batchKey]);
            $added = 0;
            foreach (\array_unique(\array_map('strval', $customerIds)) as $id) {
                if ($this->c->insertIfAbsent('mass_batch_items', ['batch_key' => $batchKey, 'seq' => $seq + 1, 'customer_id' => $id])) {
                    $seq++;
                    $added++;
                }
            }
            $this->c->execute('UPDATE {mass_batches} SET total = total + ?, updated_at = ? WHERE batch_key = ?', [$added, $this->books->now(), $batchKey]);
        });
        return $this->status($batchKey);
    }

    /**
     * Previews the next $max customers not previewed yet: what the run would do to each (the
     * core's answer on today's balances), nothing booked.
     * @return array<string, mixed> status()
     */
    public function preview(string $batchKey, int $max = 500): array
    {
        $max = \max(1, \min(self::MAX_STEP, $max));
        $batch = $this->row($batchKey);
        $items = $this->c->fetchAll('SELECT seq, customer_id FROM {mass_batch_items} WHERE batch_key = ? AND preview IS NULL ORDER BY seq LIMIT ?', [$batchKey, $max]);
        if ($items === []) {
            return $this->status($batchKey);
        }
        $cur = (string) $batch['currency'];
        $house = Ids::shop((string) $batch['shop_id'], 'bonus', $cur);
        $wire = [];
        foreach ($items as $i) {
            $id = Ids::wallet((string) $batch['shop_id'], (string) $i['customer_id'], $cur);
            $wire[] = ['customerId' => (string) $i['customer_id'], 'wallet' => AccountRepository::toWire($this->accounts->find($id) ?? self::emptyWallet($id, $cur))];
        }
        $answer = $this->books->ask('wallet.massAdjust', [
            'batchKey' => $batchKey, 'direction' => (string) $batch['direction'], 'currency' => $cur,
            'amount' => MoneyFormat::format((int) $batch['amount'], $cur), 'reason' => (string) $batch['reason'],
            'items' => $wire, 'shopAccount' => HouseAccounts::wire($house), 'transfers' => [],
        ]);
        $results = \array_column($answer['items'] ?? [], 'result', 'customerId');
        $this->c->transaction(function () use ($batchKey, $items, $results): void {
            $this->lock($batchKey);
            $apply = 0;
            $skip = [];
            foreach ($items as $i) {
                $r = (string) ($results[(string) $i['customer_id']] ?? 'internal_error');
                if ($this->c->execute('UPDATE {mass_batch_items} SET preview = ? WHERE batch_key = ? AND seq = ? AND preview IS NULL', [$r, $batchKey, (int) $i['seq']]) !== 1) {
                    continue; // another preview step took it meanwhile
                }
                if (\in_array($r, ['ok', 'exists'], true)) {
                    $apply++;
                } else {
                    $skip[$r] = ($skip[$r] ?? 0) + 1;
                }
            }
            $this->addCounts($batchKey, ['previewed' => $apply + \array_sum($skip), 'preview_apply' => $apply], 'preview_skip', $skip);
        });
        return $this->status($batchKey);
    }

    /**
     * Books the next $max customers not done yet (the batch then takes no more customers);
     * `state` becomes `done` when none is left. Safe to call again and to overlap.
     * @return array<string, mixed> status()
     */
    public function run(string $batchKey, int $max = 200, string $by = 'scheduler'): array
    {
        $max = \max(1, \min(self::MAX_STEP, $max));
        $this->c->transaction(function () use ($batchKey, $max, $by): void {
            $batch = $this->lock($batchKey);
            if ($batch['state'] === 'done') {
                return;
            }
            $items = $this->c->fetchAll('SELECT seq, customer_id FROM {mass_batch_items} WHERE batch_key = ? AND result IS NULL ORDER BY seq LIMIT ?', [$batchKey, $max]);
            $cur = (string) $batch['currency'];
            $booked = $items === [] ? ['items' => []] : $this->wallet->massAdjust(
                (string) $batch['shop_id'], $batchKey, (string) $batch['direction'], $cur, MoneyFormat::format((int) $batch['amount'], $cur),
                (string) $batch['reason'], \array_map(static fn (array $i): string => (string) $i['customer_id'], $items), $by, $max,
            );
            $results = \array_column($booked['items'], 'result', 'customerId');
            $counts = ['processed' => 0, 'applied' => 0, 'already_done' => 0];
            $skip = [];
            foreach ($items as $i) {
                $r = (string) ($results[(string) $i['customer_id']] ?? 'internal_error');
                $this->c->execute('UPDATE {mass_batch_items} SET result = ? WHERE batch_key = ? AND seq = ?', [$r, $batchKey, (int) $i['seq']]);
                $counts['processed']++;
                match ($r) {
                    'ok' => $counts['applied']++,
                    'exists' => $counts['already_done']++,
                    default => $skip[$r] = ($skip[$r] ?? 0) + 1,
                };
            }
            $left = (int) $this->c->fetchValue('SELECT COUNT(*) FROM {mass_batch_items} WHERE batch_key = ? AND result IS NULL', [$batchKey]);
            $this->c->execute('UPDATE {mass_batches} SET state = ? WHERE batch_key = ?', [$left === 0 ? 'done' : 'running', $batchKey]);
            $this->addCounts($batchKey, $counts, 'skipped', $skip);
        });
        return $this->status($batchKey);
    }

    /**
     * Where a batch stands: `state` open (taking customers) | running | done; `total` customers;
     * the preview (`previewed`, `previewDone`, `wouldApply`, `wouldSkip` reason → count,
     * `wouldMove` = wouldApply × amount); the run (`processed`, `applied`, `alreadyDone`,
     * `skipped` reason → count, `moved` = (applied + alreadyDone) × amount); `percent` done.
     * Reasons are codes for Words::reason(); amounts decimal strings in `currency`.
     * @return array<string, mixed>
     */
    public function status(string $batchKey): array
    {
        $b = $this->row($batchKey);
        $cur = (string) $b['currency'];
        $amount = (int) $b['amount'];
        $total = (int) $b['total'];
        $processed = (int) $b['processed'];
        return [
            'batchKey' => $batchKey, 'shopId' => (string) $b['shop_id'], 'direction' => (string) $b['direction'], 'currency' => $cur,
            'amount' => MoneyFormat::format($amount, $cur), 'reason' => (string) $b['reason'], 'createdBy' => (string) $b['created_by'],
            'state' => (string) $b['state'], 'total' => $total,
            'previewed' => (int) $b['previewed'], 'previewDone' => (int) $b['previewed'] >= $total,
            'wouldApply' => (int) $b['preview_apply'], 'wouldSkip' => self::counts($b['preview_skip']),
            'wouldMove' => MoneyFormat::formatSum(self::product((int) $b['preview_apply'], $amount), $cur),
            'processed' => $processed, 'applied' => (int) $b['applied'], 'alreadyDone' => (int) $b['already_done'],
            'skipped' => self::counts($b['skipped']),
            'moved' => MoneyFormat::formatSum(self::product((int) $b['applied'] + (int) $b['already_done'], $amount), $cur),
            'percent' => $total === 0 ? 100 : \intdiv($processed * 100, $total),
        ];
    }

    /**
     * The customers of a batch with their preview and run results, in the order they were added.
     * @param array{result?: string, preview?: string} $filters a result or preview code (`ok`, `exists`, a skip reason)
     * @return array{rows: list<array{customerId: string, preview: ?string, result: ?string}>, total: int}
     */
    public function items(string $batchKey, array $filters = [], int $limit = 50, int $offset = 0): array
    {
        $where = 'batch_key = ?';
        $params = [$batchKey];
        foreach (['result', 'preview'] as $k) {
            if (isset($filters[$k])) {
                $where .= " AND $k = ?";
                $params[] = (string) $filters[$k];
            }
        }
        $rows = $this->c->fetchAll("SELECT customer_id, preview, result FROM {mass_batch_items} WHERE $where ORDER BY seq LIMIT ? OFFSET ?", [...$params, \max(1, \min(500, $limit)), \max(0, $offset)]);
        return [
            'rows' => \array_map(static fn (array $r): array => ['customerId' => (string) $r['customer_id'], 'preview' => $r['preview'] === null ? null : (string) $r['preview'], 'result' => $r['result'] === null ? null : (string) $r['result']], $rows),
            'total' => (int) $this->c->fetchValue("SELECT COUNT(*) FROM {mass_batch_items} WHERE $where", $params),
        ];
    }

    /** @param array<string, int> $add column → increment @param array<string, int> $reasons added to the JSON column */
    private function addCounts(string $batchKey, array $add, string $jsonColumn, array $reasons): void
    {
        $b = $this->row($batchKey);
        $merged = self::counts($b[$jsonColumn]);
        foreach ($reasons as $r => $n) {
            $merged[$r] = ($merged[$r] ?? 0) + $n;
        }
        $set = [];
        $params = [];
        foreach ($add as $col => $n) {
            $set[] = "$col = $col + ?";
            $params[] = $n;
        }
        $this->c->execute('UPDATE {mass_batches} SET ' . \implode(', ', $set) . ", $jsonColumn = ?, updated_at = ? WHERE batch_key = ?",
            [...$params, $merged === [] ? null : Json::encode($merged), $this->books->now(), $batchKey]);
    }

    /** @return array<string, mixed> */
    private function lock(string $batchKey): array
    {
        return $this->c->fetchOne($this->c->lockForUpdate('SELECT * FROM {mass_batches} WHERE batch_key = ?'), [$batchKey])
            ?? throw new InvalidRequest('invalid_value', "no batch $batchKey", 'batchKey');
    }

    /** @return array<string, mixed> */
    private function row(string $batchKey): array
    {
        return $this->c->fetchOne('SELECT * FROM {mass_batches} WHERE batch_key = ?', [$batchKey])
            ?? throw new InvalidRequest('invalid_value', "no batch $batchKey", 'batchKey');
    }

    /** @return array<string, int> */
    private static function counts(mixed $json): array
    {
        $v = $json === null ? [] : Json::decode((string) $json);
        return \is_array($v) ? \array_map('intval', $v) : [];
    }

    /**
     * $count × $minor exactly, as a string of minor units (a PHP int product can overflow into a
     * float): $minor split at 10^9, each partial product fits in 64 bits.
     */
    private static function product(int $count, int $minor): string
    {
        $lo = $count * ($minor % 1_000_000_000);
        $hi = $count * \intdiv($minor, 1_000_000_000) + \intdiv($lo, 1_000_000_000);
        $low9 = (string) ($lo % 1_000_000_000);
        return $hi === 0 ? $low9 : $hi . \str_pad($low9, 9, '0', \STR_PAD_LEFT);
    }

    private static function minor(string $amount, string $currency): int
    {
        try {
            $minor = MoneyFormat::toMinorNonNegative($amount, $currency);
        } catch (\Throwable) {
            throw new InvalidRequest('invalid_amount', 'the amount must be a decimal string in the currency', 'amount');
        }
        if ($minor === 0) {
            throw new InvalidRequest('invalid_value', 'the amount must not be zero', 'amount');
        }
        return $minor;
    }

    /** @return array<string, mixed> a balance nobody has used yet, as a stored row */
    private static function emptyWallet(string $id, string $currency): array
    {
        return ['id' => $id, 'kind' => 'wallet', 'currency' => $currency, 'debits_pending' => 0, 'debits_posted' => 0,
            'credits_pending' => 0, 'credits_posted' => 0, 'credit_limit' => 0, 'closed' => false];
    }
}

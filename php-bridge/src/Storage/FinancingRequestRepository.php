<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Requests sent to the financing provider after the sale (delivery confirmations,
 * cancellations), one row per request key.
 *
 * States: `queued` (asked by an order event in its transaction, not decided yet: the provider's
 * rules are applied after the commit, under the subscription's lock), `pending` (to send; `next_attempt_at` says when), `sending` (claimed by one process),
 * `unknown` (a cancellation whose answer was lost: reconciled by reading the subscription, never
 * sent again blind), `done`, `refused` (the provider's rules or the provider said no: `reason`,
 * `provider_code`, `provider_message`), `none` (nothing had to be sent: `reason`).
 * `reported_at`: when a final answer was given to the order (Orders: `provider_answered`).
 */
final class FinancingRequestRepository
{
    private const INT_COLUMNS = ['id', 'amount', 'financed_after', 'attempts', 'next_attempt_at', 'claimed_at', 'done_at', 'created_at', 'updated_at', 'reported_at'];
    private const CHANGEABLE = ['subscription_id', 'state', 'reason', 'provider_code', 'provider_message', 'attempts', 'next_attempt_at', 'claimed_at', 'done_at', 'financed_after', 'amount', 'full_cancel'];
    public const FINAL = ['done', 'refused', 'none'];

    public function __construct(private Connection $c)
    {
    }

    /**
     * @param array<string, mixed> $r request_key, shop_id, order_ref, kind, currency, state; optional
     *        subscription_id, amount, full_cancel, financed_after, reason, next_attempt_at
     * @return bool false when a request with this key exists already (nothing written)
     */
    public function create(array $r, int $nowS): bool
    {
        foreach (['request_key', 'shop_id', 'order_ref', 'kind', 'currency', 'state'] as $k) {
            if (!isset($r[$k])) {
                throw new \InvalidArgumentException("financing request without '$k'");
            }
        }
        return $this->c->insertIfAbsent('financing_requests', $r + ['created_at' => $nowS, 'updated_at' => $nowS]);
    }

    /** @return array<string, mixed>|null */
    public function find(string $requestKey, bool $forUpdate = false): ?array
    {
        $sql = 'SELECT * FROM {financing_requests} WHERE request_key = ?';
        $row = $this->c->fetchOne($forUpdate ? $this->c->lockForUpdate($sql) : $sql, [$requestKey]);
        return $row === null ? null : self::typed($row);
    }

    /** @return list<array<string, mixed>> an order's requests, oldest first */
    public function forOrder(string $shopId, string $orderRef): array
    {
        return \array_map([self::class, 'typed'], $this->c->fetchAll(
            'SELECT * FROM {financing_requests} WHERE shop_id = ? AND order_ref = ? ORDER BY id',
            [$shopId, $orderRef],
        ));
    }

    /**
     * Requests the job should look at now: pending ones whose time came, lost answers, and
     * claims older than $staleClaimS (a process died while sending).
     * @return list<array<string, mixed>>
     */
    public function due(int $nowS, int $staleClaimS, int $limit): array
    {
        return \array_map([self::class, 'typed'], $this->c->fetchAll(
            "SELECT * FROM {financing_requests}
              WHERE (state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
                 OR state IN ('unknown', 'queued') OR (state = 'sending' AND claimed_at <= ?)
              ORDER BY id LIMIT ?",
            [$nowS, $nowS - $staleClaimS, \max(1, $limit)],
        ));
    }

    /**
     * Final requests whose answer was not given to their order yet, oldest first (one order's
     * when $shopId and $orderRef are given).
     * @return list<array<string, mixed>>
     */
    public function unreported(?string $shopId, ?string $orderRef, int $limit): array
    {
        $sql = 'SELECT * FROM {financing_requests} WHERE reported_at IS NULL AND state IN (' . Connection::placeholders(\count(self::FINAL)) . ')';
        $params = self::FINAL;
        if ($shopId !== null && $orderRef !== null) {
            $sql .= ' AND shop_id = ? AND order_ref = ?';
            \array_push($params, $shopId, $orderRef);
        }
        $params[] = \max(1, $limit);
        return \array_map([self::class, 'typed'], $this->c->fetchAll($sql . ' ORDER BY id LIMIT ?', $params));
    }

    public function markReported(string $requestKey, int $nowS): void
    {
        $this->c->execute('UPDATE {financing_requests} SET reported_at = ? WHERE request_key = ? AND reported_at IS NULL', [$nowS, $requestKey]);
    }

    /**
     * Takes a request for sending: only one process wins it.
     * @param list<string> $from the states it may be taken from
     */
    public function claim(string $requestKey, array $from, int $nowS, ?int $staleBeforeS = null): bool
    {
        $sql = 'UPDATE {financing_requests} SET state = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
                 WHERE request_key = ? AND (state IN (' . Connection::placeholders(\count($from)) . ')';
        $params = ['sending', $nowS, $nowS, $requestKey, ...$from];
        if ($staleBeforeS !== null) {
            $sql .= " OR (state = 'sending' AND claimed_at <= ?)";
            $params[] = $staleBeforeS;
        }
        return $this->c->execute($sql . ')', $params) === 1;
    }

    /** @param array<string, mixed> $changes */
    public function update(string $requestKey, array $changes, int $nowS): void
    {
        $unknown = \array_diff(\array_keys($changes), self::CHANGEABLE);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('not changeable on a financing request: ' . \implode(', ', $unknown));
        }
        if (isset($changes['provider_message'])) {
            $changes['provider_message'] = \mb_substr((string) $changes['provider_message'], 0, 255);
        }
        $this->c->update('financing_requests', $changes + ['updated_at' => $nowS], ['request_key' => $requestKey]);
    }

    /** @param array<string, mixed> $row */
    private static function typed(array $row): array
    {
        foreach (self::INT_COLUMNS as $k) {
            if (isset($row[$k])) {
                $row[$k] = (int) $row[$k];
            }
        }
        $row['full_cancel'] = (bool) $row['full_cancel'];
        return $row;
    }
}

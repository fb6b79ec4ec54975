<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Financing follow-up: one row per provider subscription, and the inbox of provider events.
 *
 * Events (webhooks, polling, customer returns) are stored first — store() is idempotent on the
 * provider's event id — and applied later by a job that hands them to the core, so nothing is lost
 * when the core cannot run at reception time.
 */
final class FinancingRepository
{
    private const SUB_COLUMNS = [
        'subscription_id', 'shop_id', 'order_ref', 'solution_code', 'status', 'sub_status', 'last_update_ms',
        'last_event_ids', 'partial_cancellation_applied', 'history', 'amount', 'currency', 'redirect',
        'financed_amount', 'delivered',
    ];
    private const EVENT_COLUMNS = ['event_id', 'subscription_id', 'source', 'event_type', 'payload', 'received_at'];

    public function __construct(private Connection $c)
    {
    }

    /** @return array<string, mixed>|null with last_event_ids and history decoded (lists) */
    public function find(string $subscriptionId, bool $forUpdate = false): ?array
    {
        $sql = 'SELECT * FROM {financing_subscriptions} WHERE subscription_id = ?';
        $row = $this->c->fetchOne($forUpdate ? $this->c->lockForUpdate($sql) : $sql, [$subscriptionId]);
        return $row === null ? null : self::subscription($row);
    }

    /** @return list<array<string, mixed>> */
    public function findByOrder(string $shopId, string $orderRef): array
    {
        return array_map([self::class, 'subscription'], $this->c->fetchAll(
            'SELECT * FROM {financing_subscriptions} WHERE shop_id = ? AND order_ref = ? ORDER BY created_at, subscription_id',
            [$shopId, $orderRef],
        ));
    }

    /**
     * Inserts or replaces a subscription's state (lock it with find(..., true) first when it
     * exists). last_event_ids and history are lists, stored as JSON.
     * @param array<string, mixed> $s subscription_id, shop_id, solution_code, status, amount (minor), currency, ...
     */
    public function save(array $s, ?int $nowS = null): void
    {
        $unknown = array_diff(array_keys($s), self::SUB_COLUMNS);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('unknown subscription column(s): ' . implode(', ', $unknown));
        }
        foreach (['subscription_id', 'shop_id', 'solution_code', 'status', 'amount', 'currency'] as $k) {
            if (!isset($s[$k])) {
                throw new \InvalidArgumentException("subscription without '$k'");
            }
        }
        MoneyFormat::exponent((string) $s['currency']);
        $now = $nowS ?? time();
        $row = [
            'subscription_id' => (string) $s['subscription_id'],
            'shop_id' => (string) $s['shop_id'],
            'order_ref' => isset($s['order_ref']) ? (string) $s['order_ref'] : null,
            'solution_code' => (string) $s['solution_code'],
            'status' => (string) $s['status'],
            'sub_status' => isset($s['sub_status']) ? (string) $s['sub_status'] : null,
            'last_update_ms' => (int) ($s['last_update_ms'] ?? 0),
            'last_event_ids' => Json::encode(array_values($s['last_event_ids'] ?? [])),
            'partial_cancellation_applied' => (bool) ($s['partial_cancellation_applied'] ?? false),
            'history' => Json::encode(array_values($s['history'] ?? [])),
            'amount' => (int) $s['amount'],
            'currency' => (string) $s['currency'],
            'updated_at' => $now,
        ];
        if (array_key_exists('redirect', $s)) {
            $row['redirect'] = Json::encodeNullable($s['redirect']);
        }
        // Written only when given, so a status update keeps what the after-sale requests learnt.
        if (array_key_exists('financed_amount', $s)) {
            $row['financed_amount'] = $s['financed_amount'] === null ? null : (int) $s['financed_amount'];
        }
        if (array_key_exists('delivered', $s)) {
            $row['delivered'] = (bool) $s['delivered'];
        }
        if (!$this->c->insertIfAbsent('financing_subscriptions', [...$row, 'created_at' => $now])) {
            $key = ['subscription_id' => $row['subscription_id']];
            unset($row['subscription_id']);
            $this->c->update('financing_subscriptions', $row, $key);
        }
    }

    // ---------------------------------------------------------------- inbox

    /**
     * Stores a provider event unless its event id is already there.
     * @param array<string, mixed> $event event_id, source (webhook|polling|return|...), payload
     *        (array or JSON string), received_at; optional subscription_id, event_type
     * @return bool true when stored now, false for a duplicate delivery
     */
    public function store(array $event): bool
    {
        $unknown = array_diff(array_keys($event), self::EVENT_COLUMNS);
        if ($unknown !== []) {
            throw new \InvalidArgumentException('unknown event column(s): ' . implode(', ', $unknown));
        }
        foreach (['event_id', 'source', 'payload', 'received_at'] as $k) {
            if (!isset($event[$k])) {
                throw new \InvalidArgumentException("event without '$k'");
            }
        }
        $payload = is_string($event['payload']) ? $event['payload'] : Json::encode($event['payload']);
        Json::decode($payload);
        return $this->c->insertIfAbsent('financing_inbox', [
            'event_id' => (string) $event['event_id'],
            'subscription_id' => isset($event['subscription_id']) ? (string) $event['subscription_id'] : null,
            'source' => (string) $event['source'],
            'event_type' => isset($event['event_type']) ? (string) $event['event_type'] : null,
            'payload' => $payload,
            'received_at' => (int) $event['received_at'],
            'attempts' => 0,
        ]);
    }

    /**
     * Events not applied yet, in arrival order (payload decoded).
     * @param int $maxAttempts skip events that failed this many times (0 = no limit): they wait
     *        for a human, the rest of the queue goes on
     * @return list<array<string, mixed>>
     */
    public function pending(int $limit = 100, int $maxAttempts = 0): array
    {
        $sql = 'SELECT * FROM {financing_inbox} WHERE applied_at IS NULL';
        $params = [];
        if ($maxAttempts > 0) {
            $sql .= ' AND attempts < ?';
            $params[] = $maxAttempts;
        }
        $params[] = max(1, $limit);
        return array_map([self::class, 'eventRow'], $this->c->fetchAll($sql . ' ORDER BY id LIMIT ?', $params));
    }

    public function event(string $eventId): ?array
    {
        $row = $this->c->fetchOne('SELECT * FROM {financing_inbox} WHERE event_id = ?', [$eventId]);
        return $row === null ? null : self::eventRow($row);
    }

    /** @return list<array<string, mixed>> a subscription's events in arrival order */
    public function eventsFor(string $subscriptionId): array
    {
        return array_map([self::class, 'eventRow'], $this->c->fetchAll(
            'SELECT * FROM {financing_inbox} WHERE subscription_id = ? ORDER BY id',
            [$subscriptionId],
        ));
    }

    /**
     * Marks an event applied with the core's result code (applied includes "ignored as stale or
     * duplicate": the code says which).
     * @return bool false when it was already applied (another worker got there first)
     */
    public function markApplied(string $eventId, string $resultCode, ?int $nowS = null): bool
    {
        return $this->c->execute(
            'UPDATE {financing_inbox} SET applied_at = ?, result_code = ?, attempts = attempts + 1, last_error = NULL
             WHERE event_id = ? AND applied_at IS NULL',
            [$nowS ?? time(), $resultCode, $eventId],
        ) === 1;
    }

    /** Counts a failed attempt (the event stays pending). */
    public function markFailed(string $eventId, string $error): void
    {
        $this->c->execute(
            'UPDATE {financing_inbox} SET attempts = attempts + 1, last_error = ? WHERE event_id = ? AND applied_at IS NULL',
            [mb_substr($error, 0, 255), $eventId],
        );
    }

    private static function subscription(array $row): array
    {
        foreach (['last_update_ms', 'amount', 'created_at', 'updated_at'] as $k) {
            $row[$k] = (int) $row[$k];
        }
        $row['partial_cancellation_applied'] = (bool) $row['partial_cancellation_applied'];
        $row['financed_amount'] = isset($row['financed_amount']) ? (int) $row['financed_amount'] : null;
        $row['delivered'] = (bool) ($row['delivered'] ?? false);
        $row['last_event_ids'] = Json::decode($row['last_event_ids']) ?? [];
        $row['history'] = Json::decode($row['history']) ?? [];
        $row['redirect'] = isset($row['redirect']) ? Json::decode($row['redirect']) : null;
        return $row;
    }

    private static function eventRow(array $row): array
    {
        foreach (['id', 'received_at', 'attempts'] as $k) {
            $row[$k] = (int) $row[$k];
        }
        $row['applied_at'] = $row['applied_at'] === null ? null : (int) $row['applied_at'];
        $row['payload'] = Json::decode($row['payload']);
        return $row;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Host orders as the order lifecycle keeps them: one row per order (the core's state, locked for
 * every event of the order), its keyed events, and its host actions (the outbox).
 */
final class OrderRepository
{
    public function __construct(private Connection $c)
    {
    }

    /**
     * Locks the order's row (SELECT ... FOR UPDATE; SQLite's BEGIN IMMEDIATE holds the write lock).
     * With $create, a missing row is inserted first (never a locking read of a missing key: that
     * takes an InnoDB gap lock, and two first events of one order would deadlock on it).
     * @param array<string, mixed>|null $create columns of a new row
     * @return array<string, mixed>|null the row, state and facts decoded
     */
    public function lock(string $shopId, string $orderRef, ?array $create = null, ?int $nowS = null): ?array
    {
        $this->c->assertInTransaction('OrderRepository::lock');
        $key = [$shopId, $orderRef];
        if ($create !== null && $this->c->fetchOne('SELECT order_ref FROM {orders} WHERE shop_id = ? AND order_ref = ?', $key) === null) {
            $now = $nowS ?? time();
            $this->c->insertIfAbsent('orders', ['shop_id' => $shopId, 'order_ref' => $orderRef, ...$create, 'created_at' => $now, 'updated_at' => $now]);
        }
        $row = $this->c->fetchOne($this->c->lockForUpdate('SELECT * FROM {orders} WHERE shop_id = ? AND order_ref = ?'), $key);
        return $row === null ? null : self::decode($row);
    }

    /** @return array<string, mixed>|null */
    public function find(string $shopId, string $orderRef): ?array
    {
        $row = $this->c->fetchOne('SELECT * FROM {orders} WHERE shop_id = ? AND order_ref = ?', [$shopId, $orderRef]);
        return $row === null ? null : self::decode($row);
    }

    /** @param array<string, mixed> $columns */
    public function save(string $shopId, string $orderRef, array $columns, int $nowS): void
    {
        foreach (['state', 'facts'] as $json) {
            if (array_key_exists($json, $columns)) {
                $columns[$json] = Json::encode($columns[$json]);
            }
        }
        $this->c->update('orders', $columns + ['updated_at' => $nowS], ['shop_id' => $shopId, 'order_ref' => $orderRef]);
    }

    /** @return array<string, mixed>|null the stored event (event and answer decoded) */
    public function event(string $shopId, string $orderRef, string $eventKey): ?array
    {
        $row = $this->c->fetchOne('SELECT * FROM {order_events} WHERE shop_id = ? AND order_ref = ? AND event_key = ?', [$shopId, $orderRef, $eventKey]);
        if ($row === null) {
            return null;
        }
        $row['event'] = Json::decode((string) $row['event']);
        $row['answer'] = Json::decode($row['answer'] === null ? null : (string) $row['answer']);
        return $row;
    }

    /**
     * Records an event: `applied` or `refused` with its answer, or `waiting` (the core could not
     * run; a job applies it later). Only a waiting row of the same key is updated.
     * @param array<string, mixed> $event
     * @param array<string, mixed>|null $answer
     */
    public function recordEvent(string $shopId, string $orderRef, string $eventKey, string $hash, array $event, string $state, ?array $answer, int $nowS, ?string $error = null): void
    {
        $row = [
            'shop_id' => $shopId, 'order_ref' => $orderRef, 'event_key' => $eventKey, 'event_hash' => $hash,
            'event' => Json::encode($event), 'state' => $state, 'answer' => Json::encodeNullable($answer),
            'received_at' => $nowS, 'applied_at' => $state === 'applied' ? $nowS : null, 'last_error' => $error === null ? null : mb_substr($error, 0, 250),
        ];
        if (!$this->c->insertIfAbsent('order_events', $row)) {
            $this->c->execute(
                "UPDATE {order_events} SET state = ?, answer = ?, applied_at = ?, attempts = attempts + 1, last_error = ? WHERE shop_id = ? AND order_ref = ? AND event_key = ? AND state = 'waiting'",
                [$state, $row['answer'], $row['applied_at'], $row['last_error'], $shopId, $orderRef, $eventKey],
            );
        }
    }

    /** @return list<array<string, mixed>> waiting events, oldest first */
    public function waitingEvents(int $limit): array
    {
        return array_map(static function (array $r): array {
            $r['event'] = Json::decode((string) $r['event']);
            return $r;
        }, $this->c->fetchAll("SELECT * FROM {order_events} WHERE state = 'waiting' ORDER BY id LIMIT ?", [max(1, $limit)]));
    }

    /**
     * Stores an event's host actions (the outbox) and returns them with their ids.
     * @param list<array<string, mixed>> $actions
     * @return list<array<string, mixed>>
     */
    public function addActions(string $shopId, string $orderRef, string $eventKey, array $actions, int $nowS): array
    {
        $out = [];
        foreach (array_values($actions) as $seq => $a) {
            $this->c->insert('order_actions', [
                'shop_id' => $shopId, 'order_ref' => $orderRef, 'event_key' => $eventKey, 'seq' => $seq,
                'action' => Json::encode($a), 'created_at' => $nowS,
            ]);
            $out[] = ['id' => $this->actionId($shopId, $orderRef, $eventKey, $seq)] + $a;
        }
        return $out;
    }

    private function actionId(string $shopId, string $orderRef, string $eventKey, int $seq): int
    {
        return (int) $this->c->fetchValue('SELECT id FROM {order_actions} WHERE shop_id = ? AND order_ref = ? AND event_key = ? AND seq = ?', [$shopId, $orderRef, $eventKey, $seq]);
    }

    /** Takes one action for this caller: true for exactly one caller, ever (until released). */
    public function claim(int $id, string $token, int $nowS): bool
    {
        return $this->c->execute('UPDATE {order_actions} SET claimed_by = ?, claimed_at = ? WHERE id = ? AND claimed_by IS NULL AND done_at IS NULL', [$token, $nowS, $id]) === 1;
    }

    public function done(int $id, string $token, int $nowS): void
    {
        $this->c->execute('UPDATE {order_actions} SET done_at = ? WHERE id = ? AND claimed_by = ?', [$nowS, $id, $token]);
    }

    /** The host could not perform it: free it for the job (at most $maxAttempts tries in all). */
    public function release(int $id, string $token, string $error): void
    {
        $this->c->execute(
            'UPDATE {order_actions} SET claimed_by = NULL, claimed_at = NULL, attempts = attempts + 1, last_error = ? WHERE id = ? AND claimed_by = ?',
            [mb_substr($error, 0, 250), $id, $token],
        );
    }

    /**
     * Actions nobody claimed (their caller stopped between the commit and performing them),
     * created at least $olderThanS ago, oldest first.
     * @return list<array<string, mixed>>
     */
    public function unclaimed(int $nowS, int $olderThanS, int $maxAttempts, int $limit): array
    {
        return array_map([self::class, 'actionRow'], $this->c->fetchAll(
            'SELECT * FROM {order_actions} WHERE done_at IS NULL AND claimed_at IS NULL AND created_at <= ? AND attempts < ? ORDER BY id LIMIT ?',
            [$nowS - $olderThanS, $maxAttempts, max(1, $limit)],
        ));
    }

    /**
     * Actions claimed but never confirmed done (the performer died mid-way): shown to the
     * merchant, never performed again automatically (at most once).
     * @return list<array<string, mixed>>
     */
    public function stuck(int $nowS, int $olderThanS, int $limit = 100, ?string $shopId = null): array
    {
        return array_map([self::class, 'actionRow'], $this->c->fetchAll(
            'SELECT * FROM {order_actions} WHERE done_at IS NULL AND claimed_at IS NOT NULL AND claimed_at <= ?' . ($shopId === null ? '' : ' AND shop_id = ?') . ' ORDER BY id LIMIT ?',
            [$nowS - $olderThanS, ...($shopId === null ? [] : [$shopId]), max(1, $limit)],
        ));
    }

    /**
     * Actions the host failed to perform $maxAttempts times: the job no longer tries them.
     * @return list<array<string, mixed>>
     */
    public function givenUp(string $shopId, int $maxAttempts, int $limit = 100): array
    {
        return array_map([self::class, 'actionRow'], $this->c->fetchAll(
            'SELECT * FROM {order_actions} WHERE done_at IS NULL AND claimed_at IS NULL AND attempts >= ? AND shop_id = ? ORDER BY id LIMIT ?',
            [$maxAttempts, $shopId, max(1, $limit)],
        ));
    }

    /** @return list<array<string, mixed>> every action of an order, in order */
    public function actionsOf(string $shopId, string $orderRef): array
    {
        return array_map([self::class, 'actionRow'], $this->c->fetchAll('SELECT * FROM {order_actions} WHERE shop_id = ? AND order_ref = ? ORDER BY id', [$shopId, $orderRef]));
    }

    /** @return array<string, mixed> */
    private static function actionRow(array $r): array
    {
        return ['id' => (int) $r['id'], 'shopId' => (string) $r['shop_id'], 'orderRef' => (string) $r['order_ref'], 'eventKey' => (string) $r['event_key'],
            'done' => $r['done_at'] !== null, 'claimed' => $r['claimed_at'] !== null, 'claimedAt' => $r['claimed_at'] === null ? null : (int) $r['claimed_at'],
            'attempts' => (int) $r['attempts']] + Json::decode((string) $r['action']);
    }

    /** @return array<string, mixed> */
    private static function decode(array $row): array
    {
        $row['state'] = Json::decode((string) $row['state']);
        $row['facts'] = Json::decode((string) $row['facts']);
        return $row;
    }
}

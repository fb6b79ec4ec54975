<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * One row per order that what must not run twice at once for the order (its refunds) writes
 * first in its transaction: the row lock makes a second one wait, and on a cluster the two
 * writes of one row conflict at commit, so one of them runs again and sees the other's work.
 */
final class OrderLocks
{
    public function __construct(private Connection $c)
    {
    }

    /** Locks the order's row (created on first use) until the transaction ends. */
    public function lock(string $shopId, string $orderRef): void
    {
        $this->c->assertInTransaction('OrderLocks::lock');
        $sql = $this->c->isMysql()
            ? 'INSERT INTO {order_locks} (shop_id, order_ref, n) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE n = n + 1'
            : 'INSERT INTO {order_locks} (shop_id, order_ref, n) VALUES (?, ?, 1) ON CONFLICT (shop_id, order_ref) DO UPDATE SET n = n + 1';
        $this->c->execute($sql, [$shopId, $orderRef]);
    }
}

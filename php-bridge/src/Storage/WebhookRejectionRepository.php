<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Rejected webhook deliveries, counted per shop, hour and reason (the doctor's summary). A
 * forged delivery adds one to a counter; it never adds a row or a log line of its own.
 */
final class WebhookRejectionRepository
{
    public const WINDOW_S = 3600;
    /** Counters older than this are deleted when a new window opens. */
    public const KEEP_S = 7 * 86400;

    public function __construct(private Connection $c)
    {
    }

    /** Counts one rejection; returns how many of this reason the current hour has seen. */
    public function hit(string $shopId, string $reason, int $nowS, int $bytes, string $sha256): int
    {
        $window = intdiv($nowS, self::WINDOW_S) * self::WINDOW_S;
        $key = ['shop_id' => $shopId, 'window_start' => $window, 'reason' => substr($reason, 0, 32)];
        $sql = 'UPDATE {webhook_rejections} SET hits = hits + 1, last_at = ?, last_bytes = ?, last_sha256 = ? WHERE shop_id = ? AND window_start = ? AND reason = ?';
        $params = [$nowS, $bytes, $sha256, ...array_values($key)];
        if ($this->c->execute($sql, $params) === 0) {
            if ($this->c->insertIfAbsent('webhook_rejections', $key + ['hits' => 1, 'first_at' => $nowS, 'last_at' => $nowS, 'last_bytes' => $bytes, 'last_sha256' => $sha256])) {
                $this->c->execute('DELETE FROM {webhook_rejections} WHERE window_start < ?', [$window - self::KEEP_S]);
                return 1;
            }
            $this->c->execute($sql, $params); // another request opened the window first
        }
        return (int) $this->c->fetchValue('SELECT hits FROM {webhook_rejections} WHERE shop_id = ? AND window_start = ? AND reason = ?', array_values($key));
    }

    /**
     * Counters of a shop since $sinceS, newest first.
     * @return list<array{windowStart: int, reason: string, hits: int, firstAt: int, lastAt: int, lastBytes: int, lastSha256: ?string}>
     */
    public function since(string $shopId, int $sinceS): array
    {
        $rows = $this->c->fetchAll('SELECT * FROM {webhook_rejections} WHERE shop_id = ? AND window_start >= ? ORDER BY window_start DESC, reason', [$shopId, intdiv($sinceS, self::WINDOW_S) * self::WINDOW_S]);
        return array_map(static fn (array $r): array => [
            'windowStart' => (int) $r['window_start'], 'reason' => (string) $r['reason'], 'hits' => (int) $r['hits'],
            'firstAt' => (int) $r['first_at'], 'lastAt' => (int) $r['last_at'], 'lastBytes' => (int) $r['last_bytes'],
            'lastSha256' => $r['last_sha256'] === null ? null : (string) $r['last_sha256'],
        ], $rows);
    }
}

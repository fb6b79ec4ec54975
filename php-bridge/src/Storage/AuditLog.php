<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Append-only trail of who changed what: merchant decisions, limit changes, adjustments,
 * settings. Write it in the same transaction as the change it describes.
 */
final class AuditLog
{
    public function __construct(private Connection $c)
    {
    }

    /**
     * @param string $actor who ("employee:12", "customer:42", "job:expiry", "webhook:scalexpert")
     * @param string $action what, snake_case ("credit_limit_changed")
     * @param string $subject on what (an account, request or order id)
     * @return int the entry's id
     */
    public function record(string $actor, string $action, string $subject, mixed $before = null, mixed $after = null, ?int $atS = null, ?string $shopId = null): int
    {
        $this->c->insert('audit_log', [
            'at' => $atS ?? time(),
            'shop_id' => $shopId,
            'actor' => mb_substr($actor, 0, 255),
            'action' => $action,
            'subject' => $subject,
            'before_json' => Json::encodeNullable($before),
            'after_json' => Json::encodeNullable($after),
        ]);
        return $this->c->lastInsertId();
    }

    /**
     * Newest first; pass the last id of a page as $beforeId for the next one.
     * @return list<array{id: int, at: int, shop_id: ?string, actor: string, action: string, subject: string, before: mixed, after: mixed}>
     */
    public function forSubject(string $subject, int $limit = 50, ?int $beforeId = null): array
    {
        return $this->page('subject = ?', [$subject], $limit, $beforeId);
    }

    /** @return list<array<string, mixed>> newest first, optionally one shop's */
    public function recent(int $limit = 50, ?int $beforeId = null, ?string $shopId = null): array
    {
        return $shopId === null ? $this->page('1 = 1', [], $limit, $beforeId) : $this->page('shop_id = ?', [$shopId], $limit, $beforeId);
    }

    private function page(string $where, array $params, int $limit, ?int $beforeId): array
    {
        if ($beforeId !== null) {
            $where .= ' AND id < ?';
            $params[] = $beforeId;
        }
        $params[] = max(1, min(1000, $limit));
        return array_map(static fn (array $r) => [
            'id' => (int) $r['id'],
            'at' => (int) $r['at'],
            'shop_id' => $r['shop_id'],
            'actor' => (string) $r['actor'],
            'action' => (string) $r['action'],
            'subject' => (string) $r['subject'],
            'before' => Json::decode($r['before_json']),
            'after' => Json::decode($r['after_json']),
        ], $this->c->fetchAll("SELECT * FROM {audit_log} WHERE $where ORDER BY id DESC LIMIT ?", $params));
    }
}

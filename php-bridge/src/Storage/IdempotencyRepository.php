<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Answers for replayed requests: a request's key, its operation and the hash of its body map to
 * the response first given. The same key with another body is a conflict, never a silent reuse.
 */
final class IdempotencyRepository
{
    public function __construct(private Connection $c)
    {
    }

    /** sha256 of the canonical JSON (object keys sorted), so key order does not matter. */
    public static function requestHash(mixed $request): string
    {
        return hash('sha256', Json::canonical($request));
    }

    /** @return array{key: string, op: string, requestHash: string, response: mixed, createdAt: int}|null */
    public function find(string $key): ?array
    {
        $r = $this->c->fetchOne('SELECT * FROM {idempotency} WHERE idem_key = ?', [$key]);
        return $r === null ? null : [
            'key' => (string) $r['idem_key'],
            'op' => (string) $r['op'],
            'requestHash' => (string) $r['request_hash'],
            'response' => Json::decode($r['response']),
            'createdAt' => (int) $r['created_at'],
        ];
    }

    /**
     * The stored response for a replay, or null when the key is new.
     * @return array{response: mixed}|null wrapped, so a stored null response is still "found"
     * @throws IdempotencyConflictException when the key was used for another op or body
     */
    public function lookup(string $key, string $op, string $requestHash): ?array
    {
        $found = $this->find($key);
        if ($found === null) {
            return null;
        }
        self::check($found, $key, $op, $requestHash);
        return ['response' => $found['response']];
    }

    /**
     * Stores the response for a key (inside the transaction that did the work).
     * @return bool true when stored now, false when the same request was stored before
     * @throws IdempotencyConflictException when the key was used for another op or body
     */
    public function remember(string $key, string $op, string $requestHash, mixed $response, ?int $nowS = null): bool
    {
        if ($this->c->insertIfAbsent('idempotency', [
            'idem_key' => $key, 'op' => $op, 'request_hash' => $requestHash,
            'response' => Json::encodeNullable($response), 'created_at' => $nowS ?? time(),
        ])) {
            return true;
        }
        self::check($this->find($key) ?? throw new StorageException("idempotency key '$key' vanished"), $key, $op, $requestHash);
        return false;
    }

    /** Forgets answers older than $cutoffS (the retention window). @return int rows deleted */
    public function purgeOlderThan(int $cutoffS): int
    {
        return $this->c->execute('DELETE FROM {idempotency} WHERE created_at < ?', [$cutoffS]);
    }

    private static function check(array $found, string $key, string $op, string $hash): void
    {
        if ($found['op'] !== $op || !hash_equals($found['requestHash'], $hash)) {
            throw new IdempotencyConflictException("idempotency key '$key' was used for another request ({$found['op']})");
        }
    }
}

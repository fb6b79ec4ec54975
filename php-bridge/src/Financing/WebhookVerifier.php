<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Verifies and normalizes a Scalexpert merchant-webhook delivery.
 *
 * What is signed (how-to-subscribe-use-webhooks.md, "Verify signature of webhooks events"):
 * when the endpoint is configured with a keyForSignature, every delivery carries
 * X-BAAS-SIGNATURE and X-BAAS-SIGNATURE-TIMESTAMP, and the reference implementation computes
 *
 *     payloadToSign = timestampInHttpHeaderAsString + "." + webhookEventForMerchantAsString
 *     hmac          = hex(HMAC-SHA256(key = keyForSignature bytes, message = payloadToSign bytes))
 *     valid         = hmac.equalsIgnoreCase(X-BAAS-SIGNATURE) && timestamp within 5 minutes
 *
 * i.e. the *raw header timestamp string*, a dot, and the *raw request body*, lower-case hex
 * output compared case-insensitively. We do the same over the exact bytes received (never a
 * re-encoded body), compare with hash_equals() (constant time), and check freshness against
 * X-BAAS-SIGNATURE-TIMESTAMP (the payload's own `timestamp` is the event time: Scalexpert replays
 * an undelivered event every 10 minutes for 5 days with the same payload, so it must not be used
 * for freshness). The reference only bounds the past; we also refuse timestamps more than the
 * tolerance in the future (clock skew allowance is the same tolerance).
 *
 * The reference treats an absent signature header as "nothing to check"; a shop that configured
 * a key must not accept unsigned events, so here an absent header is `signature_missing`.
 *
 * Checks, in order: body size → signature headers present → HMAC → timestamp freshness →
 * strict JSON → event shape → supported event type.
 */
final class WebhookVerifier
{
    public const HEADER_SIGNATURE = 'X-BAAS-SIGNATURE';
    public const HEADER_TIMESTAMP = 'X-BAAS-SIGNATURE-TIMESTAMP';
    public const HEADER_SECRET = 'X-BAAS-SECRET';
    public const DEFAULT_TOLERANCE_S = 300;
    public const MAX_BODY_BYTES = 65536;
    private const MAX_DEPTH = 16;

    /** @var list<string> */
    private array $keys;
    /** @var \Closure(): int */
    private \Closure $clockMs;

    /**
     * @param string|list<string> $keyForSignature the key configured in Scalexpert; a list
     *        accepts any of them (key rotation)
     * @param ?string $expectedSecret when set, X-BAAS-SECRET (sent with authMethod NONE) must
     *        match it too (missing → signature_missing, different → signature_invalid)
     * @param \Closure(): int|null $clockMs current time in unix milliseconds
     */
    public function __construct(
        #[\SensitiveParameter] string|array $keyForSignature,
        private readonly int $toleranceS = self::DEFAULT_TOLERANCE_S,
        ?\Closure $clockMs = null,
        #[\SensitiveParameter] private readonly ?string $expectedSecret = null,
        private readonly int $maxBodyBytes = self::MAX_BODY_BYTES,
    ) {
        $keys = \is_array($keyForSignature) ? \array_values($keyForSignature) : [$keyForSignature];
        foreach ($keys as $k) {
            if (!\is_string($k) || $k === '') {
                throw new \InvalidArgumentException('keyForSignature must be a non-empty string');
            }
        }
        if ($keys === []) {
            throw new \InvalidArgumentException('at least one keyForSignature is required');
        }
        if ($toleranceS < 1 || $maxBodyBytes < 1) {
            throw new \InvalidArgumentException('tolerance and body limit must be positive');
        }
        $this->keys = $keys;
        $this->clockMs = $clockMs ?? static fn (): int => (int) (new \DateTimeImmutable('now'))->format('Uv');
    }

    /**
     * The X-BAAS-SIGNATURE value for a body and a timestamp header (lower-case hex). Used by the
     * fake provider and tests; verification uses the same function.
     */
    public static function computeSignature(string $timestampHeader, string $body, #[\SensitiveParameter] string $key): string
    {
        return \hash_hmac('sha256', $timestampHeader . '.' . $body, $key);
    }

    /**
     * Current time in the format Scalexpert sends (Java ISO_INSTANT, millisecond precision).
     */
    public static function formatTimestamp(int $unixMs): string
    {
        $s = \intdiv($unixMs, 1000);
        $ms = $unixMs - $s * 1000;
        if ($ms < 0) {
            $s -= 1;
            $ms += 1000;
        }
        return \gmdate('Y-m-d\TH:i:s', $s) . \sprintf('.%03dZ', $ms);
    }

    /**
     * Headers from $_SERVER (HTTP_X_BAAS_SIGNATURE...) in the shape verify() takes.
     *
     * @param array<string, mixed> $server
     * @return array<string, string>
     */
    public static function headersFromServer(array $server): array
    {
        $out = [];
        foreach ([self::HEADER_SIGNATURE, self::HEADER_TIMESTAMP, self::HEADER_SECRET] as $name) {
            $key = 'HTTP_' . \str_replace('-', '_', $name);
            if (isset($server[$key]) && \is_string($server[$key])) {
                $out[$name] = $server[$key];
            }
        }
        return $out;
    }

    /**
     * @param string $body the raw request body (php://input), exactly as received
     * @param array<string, string|list<string>> $headers request headers, any name case
     * @throws WebhookRejected
     */
    public function verify(string $body, array $headers): WebhookEvent
    {
        if (\strlen($body) > $this->maxBodyBytes) {
            throw new WebhookRejected(WebhookRejected::BODY_TOO_LARGE, 'body exceeds ' . $this->maxBodyBytes . ' bytes');
        }
        $h = self::normalizeHeaders($headers);
        $signature = $h[\strtolower(self::HEADER_SIGNATURE)] ?? null;
        $timestamp = $h[\strtolower(self::HEADER_TIMESTAMP)] ?? null;
        if ($signature === null || \trim($signature) === '') {
            throw new WebhookRejected(WebhookRejected::SIGNATURE_MISSING, self::HEADER_SIGNATURE . ' header missing');
        }
        if ($timestamp === null || $timestamp === '') {
            throw new WebhookRejected(WebhookRejected::SIGNATURE_MISSING, self::HEADER_TIMESTAMP . ' header missing');
        }
        if ($this->expectedSecret !== null) {
            $secret = $h[\strtolower(self::HEADER_SECRET)] ?? null;
            if ($secret === null || $secret === '') {
                throw new WebhookRejected(WebhookRejected::SIGNATURE_MISSING, self::HEADER_SECRET . ' header missing');
            }
            if (!\hash_equals($this->expectedSecret, $secret)) {
                throw new WebhookRejected(WebhookRejected::SIGNATURE_INVALID, self::HEADER_SECRET . ' does not match');
            }
        }

        $given = \strtolower(\trim($signature)); // the reference compares equalsIgnoreCase
        if (\preg_match('/^[0-9a-f]{64}$/D', $given) !== 1) {
            throw new WebhookRejected(WebhookRejected::SIGNATURE_INVALID, 'signature is not 64 hex digits');
        }
        $match = false;
        foreach ($this->keys as $key) {
            // every key is tried (no early exit), so timing does not tell which key matched
            $match = \hash_equals(self::computeSignature($timestamp, $body, $key), $given) || $match;
        }
        if (!$match) {
            throw new WebhookRejected(WebhookRejected::SIGNATURE_INVALID, 'signature does not match');
        }

        $signedAtMs = self::parseTimestampMs($timestamp);
        if ($signedAtMs === null) {
            throw new WebhookRejected(WebhookRejected::SIGNATURE_INVALID, self::HEADER_TIMESTAMP . ' is not an ISO-8601 instant');
        }
        $nowMs = ($this->clockMs)();
        $toleranceMs = $this->toleranceS * 1000;
        if ($signedAtMs < $nowMs - $toleranceMs) {
            throw new WebhookRejected(WebhookRejected::TIMESTAMP_STALE, 'signature timestamp older than ' . $this->toleranceS . ' s');
        }
        if ($signedAtMs > $nowMs + $toleranceMs) {
            throw new WebhookRejected(WebhookRejected::TIMESTAMP_STALE, 'signature timestamp more than ' . $this->toleranceS . ' s in the future');
        }

        try {
            $doc = Json::decode($body, self::MAX_DEPTH);
        } catch (JsonSyntaxError $e) {
            throw new WebhookRejected(WebhookRejected::BODY_INVALID, $e->getMessage());
        }
        return $this->normalize($doc, $timestamp, $body);
    }

    private function normalize(mixed $doc, string $signatureTimestamp, string $body): WebhookEvent
    {
        if (!\is_array($doc) || ($doc !== [] && \array_is_list($doc))) {
            throw new WebhookRejected(WebhookRejected::BODY_INVALID, 'event must be a JSON object');
        }
        try {
            $id = Fields::string($doc, 'id');
            // same alphabet as the core's ids (src/api/wire.rs valid_id): it becomes a unique key
            if (\preg_match('#^[A-Za-z0-9:_.@/-]{1,128}$#D', $id) !== 1) {
                throw new \UnexpectedValueException('field id has an unexpected format');
            }
            $eventTime = Fields::string($doc, 'timestamp');
            if (self::parseTimestampMs($eventTime) === null) {
                throw new \UnexpectedValueException('field timestamp is not an ISO-8601 instant');
            }
            $type = Fields::string($doc, 'eventTypeCode');
            $data = $doc['data'] ?? null;
            if (!\is_array($data) || ($data !== [] && \array_is_list($data))) {
                throw new \UnexpectedValueException('field data must be an object');
            }
            $dataType = Fields::optString($data, 'eventTypeCode');
            if ($dataType !== null && $dataType !== $type) {
                throw new \UnexpectedValueException('data.eventTypeCode differs from eventTypeCode');
            }
            $code = Fields::optString($doc, 'eventCode');
            $dataCode = Fields::optString($data, 'eventCode');
            if ($code !== null && $dataCode !== null && $code !== $dataCode) {
                throw new \UnexpectedValueException('data.eventCode differs from eventCode');
            }
            $code ??= $dataCode;
            $correlationId = Fields::optString($doc, 'correlationId');

            if (!isset(WebhookEvent::KNOWN_EVENT_CODES[$type])) {
                throw new WebhookRejected(WebhookRejected::EVENT_UNSUPPORTED, 'event type is not an e-financing event type');
            }
            if ($type === WebhookEvent::TYPE_HELLO_WORLD) {
                $code ??= WebhookEvent::TYPE_HELLO_WORLD;
            }
            if ($code === null || $code === '') {
                throw new \UnexpectedValueException('field eventCode is required');
            }
            if (!\str_starts_with($code, $type)) {
                throw new \UnexpectedValueException('eventCode does not belong to eventTypeCode');
            }
            $known = \in_array($code, WebhookEvent::KNOWN_EVENT_CODES[$type], true);

            $subscriptionId = Fields::optString($data, 'creditSubscriptionId') ?? Fields::optString($doc, 'creditSubscriptionId');
            return new WebhookEvent(
                $id,
                $type,
                $code,
                $subscriptionId,
                Fields::optString($data, 'merchantGlobalOrderId'),
                Fields::optString($data, 'consolidatedStatus'),
                Fields::optString($data, 'cancellationStatus'),
                Fields::optAmount($data, 'financedAmount', ScalexpertClient::SCALE),
                Fields::optAmount($data, 'cancelledAmount', ScalexpertClient::SCALE),
                $eventTime,
                $signatureTimestamp,
                $correlationId,
                $known,
                $doc,
                $body,
            );
        } catch (\UnexpectedValueException $e) {
            throw new WebhookRejected(WebhookRejected::BODY_INVALID, $e->getMessage());
        }
    }

    /** @param array<string, string|list<string>> $headers @return array<string, string> */
    private static function normalizeHeaders(array $headers): array
    {
        $out = [];
        foreach ($headers as $name => $value) {
            $values = \is_array($value) ? \array_values($value) : [$value];
            $lname = \strtolower((string) $name);
            foreach ($values as $v) {
                if (!\is_string($v)) {
                    continue;
                }
                if (isset($out[$lname]) && $out[$lname] !== $v) {
                    // two different values for one header: ambiguous, treat as forged
                    throw new WebhookRejected(WebhookRejected::SIGNATURE_INVALID, 'header ' . $lname . ' sent twice');
                }
                $out[$lname] = $v;
            }
        }
        return $out;
    }

    /**
     * ISO-8601 instant (2024-12-13T15:20:26.391Z, fraction optional, Z or ±hh:mm) → unix ms.
     * Float-free; returns null when malformed.
     */
    public static function parseTimestampMs(string $ts): ?int
    {
        if (\preg_match('/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/D', $ts, $m) !== 1) {
            return null;
        }
        [$y, $mo, $d, $hh, $mi, $ss] = [(int) $m[1], (int) $m[2], (int) $m[3], (int) $m[4], (int) $m[5], (int) $m[6]];
        if (!\checkdate($mo, $d, $y) || $hh > 23 || $mi > 59 || $ss > 59) {
            return null;
        }
        $offset = 0;
        if ($m[8] !== 'Z') {
            $oh = (int) \substr($m[8], 1, 2);
            $om = (int) \substr($m[8], 4, 2);
            if ($oh > 23 || $om > 59) {
                return null;
            }
            $offset = ($oh * 3600 + $om * 60) * ($m[8][0] === '-' ? -1 : 1);
        }
        $seconds = \gmmktime($hh, $mi, $ss, $mo, $d, $y) - $offset;
        $ms = $m[7] !== '' ? (int) \str_pad(\substr($m[7], 0, 3), 3, '0') : 0;
        return $seconds * 1000 + $ms;
    }
}

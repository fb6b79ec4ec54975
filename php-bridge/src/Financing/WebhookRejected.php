<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * A webhook delivery refused by {@see WebhookVerifier}. $reason is one of the stable codes below
 * (never renumbered, never reworded); the message never quotes the body or a header value.
 */
final class WebhookRejected extends \RuntimeException
{
    public const SIGNATURE_MISSING = 'signature_missing';
    public const SIGNATURE_INVALID = 'signature_invalid';
    public const TIMESTAMP_STALE = 'timestamp_stale';
    public const BODY_TOO_LARGE = 'body_too_large';
    public const BODY_INVALID = 'body_invalid';
    public const EVENT_UNSUPPORTED = 'event_unsupported';

    public const CODES = [
        self::SIGNATURE_MISSING,
        self::SIGNATURE_INVALID,
        self::TIMESTAMP_STALE,
        self::BODY_TOO_LARGE,
        self::BODY_INVALID,
        self::EVENT_UNSUPPORTED,
    ];

    public function __construct(public readonly string $reason, string $detail)
    {
        if (!\in_array($reason, self::CODES, true)) {
            throw new \LogicException('unknown webhook rejection code');
        }
        parent::__construct($reason . ': ' . $detail);
    }

    /**
     * The HTTP status the endpoint should answer. Scalexpert redelivers every event not answered
     * 200/201 every 10 minutes for 5 days, so an authentic event we merely do not handle
     * (event_unsupported) is acknowledged with 200 and dropped; everything else is refused.
     */
    public function httpStatus(): int
    {
        return match ($this->reason) {
            self::EVENT_UNSUPPORTED => 200,
            self::BODY_TOO_LARGE => 413,
            self::SIGNATURE_MISSING, self::SIGNATURE_INVALID, self::TIMESTAMP_STALE => 401,
            default => 400,
        };
    }
}

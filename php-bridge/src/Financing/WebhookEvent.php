<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * A verified, normalized Scalexpert webhook event — the input the Rust core op
 * `financing.webhook` maps to a status update. Values are data only: nothing here is ever
 * interpolated into SQL, HTML or a shell by this class.
 *
 * The documented payloads (ScSubscriptionPayload, ScCancelRequestPayload) identify the credit by
 * merchantGlobalOrderId and carry no creditSubscriptionId: $subscriptionId is filled from
 * `data.creditSubscriptionId` (or a top-level `creditSubscriptionId`) when the provider sends one
 * and is null otherwise — match on $merchantGlobalOrderId then.
 */
final class WebhookEvent
{
    public const TYPE_SUBSCRIPTION = 'SC_SUBSCRIPTION';
    public const TYPE_CANCEL_REQUEST = 'SC_CANCEL_REQUEST';
    public const TYPE_HELLO_WORLD = 'HELLO_WORLD';

    /** Event codes listed in webhook-event-types.md for the e-financing event types. */
    public const KNOWN_EVENT_CODES = [
        self::TYPE_SUBSCRIPTION => [
            'SC_SUBSCRIPTION_INITIALIZED',
            'SC_SUBSCRIPTION_PRE_ACCEPTED',
            'SC_SUBSCRIPTION_ACCEPTED',
            'SC_SUBSCRIPTION_REJECTED',
            'SC_SUBSCRIPTION_CANCELLED',
            'SC_SUBSCRIPTION_ABORTED',
        ],
        self::TYPE_CANCEL_REQUEST => [
            'SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED',
            'SC_CANCEL_REQUEST_CANCELLATION_REJECTED',
            'SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED',
            'SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_REJECTED',
        ],
        self::TYPE_HELLO_WORLD => ['HELLO_WORLD'],
    ];

    /**
     * @param array<string, mixed> $payload the decoded body (numbers as int or exact literal strings)
     */
    public function __construct(
        /** `id`: unique per event, stable across redeliveries — the idempotency key */
        public readonly string $eventId,
        public readonly string $eventTypeCode,
        public readonly string $eventCode,
        public readonly ?string $subscriptionId,
        public readonly ?string $merchantGlobalOrderId,
        /** `data.consolidatedStatus` (INITIALIZED, PRE_ACCEPTED, ACCEPTED, ...), as sent */
        public readonly ?string $consolidatedStatus,
        /** `data.cancellationStatus` for SC_CANCEL_REQUEST events */
        public readonly ?string $cancellationStatus,
        /** `data.financedAmount` as an EUR decimal string ("500.00") */
        public readonly ?string $financedAmount,
        /** `data.cancelledAmount` as an EUR decimal string */
        public readonly ?string $cancelledAmount,
        /** `timestamp`: when the event happened (ISO-8601, as sent); order updates by it */
        public readonly string $timestamp,
        /** X-BAAS-SIGNATURE-TIMESTAMP: when this delivery was signed (as sent) */
        public readonly string $signatureTimestamp,
        public readonly ?string $correlationId,
        public readonly bool $knownEventCode,
        public readonly array $payload,
        /** the body exactly as received (what was signed) */
        public readonly string $rawBody,
    ) {
    }

    /** The HELLO_WORLD connectivity test: acknowledge it, change nothing. */
    public function isTest(): bool
    {
        return $this->eventTypeCode === self::TYPE_HELLO_WORLD;
    }

    /**
     * The request for the Rust core op `financing.webhook`, whose input is the provider payload
     * itself. The verified body is embedded verbatim, so the provider's numbers reach the core
     * exactly as sent (no decode/encode round trip).
     */
    public function coreRequestJson(int $protocolVersion = 1): string
    {
        return '{"v":' . $protocolVersion . ',"op":"financing.webhook","input":' . $this->rawBody . '}';
    }

    /**
     * Camel-case array for the core's JSON protocol (`financing.webhook` input); amounts stay
     * decimal strings.
     *
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        return [
            'eventId' => $this->eventId,
            'eventTypeCode' => $this->eventTypeCode,
            'eventCode' => $this->eventCode,
            'subscriptionId' => $this->subscriptionId,
            'merchantGlobalOrderId' => $this->merchantGlobalOrderId,
            'consolidatedStatus' => $this->consolidatedStatus,
            'cancellationStatus' => $this->cancellationStatus,
            'financedAmount' => $this->financedAmount,
            'cancelledAmount' => $this->cancelledAmount,
            'timestamp' => $this->timestamp,
            'signatureTimestamp' => $this->signatureTimestamp,
            'correlationId' => $this->correlationId,
            'knownEventCode' => $this->knownEventCode,
        ];
    }
}

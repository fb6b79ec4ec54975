<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * The provider could not be reached or answered 429/5xx, after the retries the call allowed.
 *
 * $outcomeUnknown is true when a non-idempotent request (create subscription, cancel) may have
 * been processed: the caller must reconcile (e.g. {@see ScalexpertClient::findSubscriptionsByOrder()})
 * before trying again, never blindly resend.
 */
final class ProviderUnavailable extends ProviderException
{
    public function __construct(
        string $operation,
        string $message,
        public readonly ?int $httpStatus = null,
        public readonly int $attempts = 1,
        public readonly bool $outcomeUnknown = false,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($operation, $message, $previous);
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * A credit subscription as returned by `GET /subscriptions/{id}` (CreditSubscriptionDtoResponse,
 * amount in `financedAmount`) or by the list (CreditSubscriptionDto, amount in
 * `buyerFinancedAmount`). Amounts are EUR decimal strings with 2 fraction digits.
 */
final class Subscription
{
    /**
     * @param array<string, mixed> $raw the decoded object (numbers as int or exact literal strings)
     */
    public function __construct(
        public readonly string $subscriptionId,
        public readonly string $solutionCode,
        public readonly ?string $marketTypeCode,
        public readonly ?string $merchantGlobalOrderId,
        public readonly ?string $merchantBasketId,
        public readonly ?string $financedAmount,
        /** INITIALIZED, REQUESTED, PRE_ACCEPTED, ACCEPTED, REJECTED, ABORTED, CANCELLED (as sent) */
        public readonly string $consolidatedStatus,
        public readonly ?string $consolidatedSubstatus,
        public readonly ?string $cancellationStatus,
        public readonly ?bool $cancellationAlreadyMade,
        public readonly ?bool $isDelivered,
        public readonly ?bool $isReturned,
        public readonly ?string $registrationTimestamp,
        /** ISO-8601 instant; the Rust core orders status updates by it (stale/backward = no-op) */
        public readonly ?string $lastUpdateTimestamp,
        public readonly array $raw,
    ) {
    }

    /** @param array<string, mixed> $a */
    public static function fromProvider(array $a): self
    {
        $amount = Fields::optAmount($a, 'financedAmount', 2) ?? Fields::optAmount($a, 'buyerFinancedAmount', 2);
        return new self(
            Fields::string($a, 'creditSubscriptionId'),
            Fields::string($a, 'solutionCode'),
            Fields::optString($a, 'marketTypeCode'),
            Fields::optString($a, 'merchantGlobalOrderId'),
            Fields::optString($a, 'merchantBasketId'),
            $amount,
            Fields::string($a, 'consolidatedStatus'),
            Fields::optString($a, 'consolidatedSubstatus'),
            Fields::optString($a, 'cancellationStatus'),
            Fields::optBool($a, 'cancellationAlreadyMade'),
            Fields::optBool($a, 'isDelivered'),
            Fields::optBool($a, 'isReturned'),
            Fields::optString($a, 'registrationTimestamp'),
            Fields::optString($a, 'lastUpdateTimestamp'),
            $a,
        );
    }
}

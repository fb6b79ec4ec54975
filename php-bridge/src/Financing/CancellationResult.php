<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** Answer of `POST /subscriptions/{id}/_cancel` (CreditCancellationResponse). */
final class CancellationResult
{
    public function __construct(
        /** New financed amount after the cancellation, decimal string ("0.00" after a full one), null if absent */
        public readonly ?string $financedAmount,
        /** ACCEPTED, REQUESTED, REJECTED, CANCEL_FULL_ACCEPTED... as sent */
        public readonly ?string $status,
    ) {
    }
}

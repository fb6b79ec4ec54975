<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** Answer of `POST /subscriptions` (InitiateCreditSubscriptionResponse). */
final class SubscriptionCreated
{
    public function __construct(
        public readonly string $subscriptionId,
        /** "url" (send the buyer to $redirectValue) or "page" (an HTML page to render); null if absent */
        public readonly ?string $redirectType,
        public readonly ?string $redirectValue,
    ) {
    }

    /** The URL to send the buyer to, when the provider answered with a URL redirect. */
    public function redirectUrl(): ?string
    {
        return $this->redirectType === 'url' ? $this->redirectValue : null;
    }
}

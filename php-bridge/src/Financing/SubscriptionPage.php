<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** One page of `GET /subscriptions` (PaginationCreditSubscriptionsDtoResponse); pages start at 1. */
final class SubscriptionPage
{
    /**
     * @param list<Subscription> $subscriptions
     */
    public function __construct(
        public readonly int $page,
        public readonly int $pageSize,
        public readonly int $totalItemCount,
        public readonly array $subscriptions,
    ) {
    }

    public function hasMore(): bool
    {
        return $this->subscriptions !== [] && $this->page * $this->pageSize < $this->totalItemCount;
    }
}

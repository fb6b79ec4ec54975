<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Financing\ProviderRejected;
use ShopCredit\Financing\ProviderResponseInvalid;
use ShopCredit\Financing\ProviderUnavailable;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Storage\FinancingRepository;
use ShopCredit\Storage\FinancingRequestRepository;
use ShopCredit\Storage\MoneyFormat;

/**
 * After the sale, at the financing provider: the delivery confirmation of a long credit and the
 * cancellation (in full or in part) of a financing.
 *
 * Each request has a key (the order event it answers): asked twice, it is answered from what is
 * stored. It is decided once by `financing.afterSale` (the provider's rules) under the
 * subscription's row lock, counting the requests still on their way, then sent after the
 * commit. A provider that is down leaves it `pending` for the jobs (retryDue); a cancellation
 * whose answer was lost is never sent again blind: the jobs read the subscription to learn
 * whether it happened. "Already delivered" (409) counts as done; any other refusal is kept
 * with the provider's code and message for the merchant.
 *
 * An order event asks through the order lifecycle (Orders): `order.decide`'s book operation
 * queues the request inside the order's transaction (queue(): the row is its outbox), Orders
 * decides and sends it after the commit (processOrder()), and every final answer goes back to
 * the order once as a `provider_answered` event (unreported() / markReported()). Queued
 * requests the caller could not send are the jobs' (retryDue()).
 */
final class AfterSale
{
    public const CONFIRM_DELIVERY = 'confirm_delivery';
    public const CANCEL = 'cancel';
    /** A claim older than this belongs to a process that died while sending. */
    public const STALE_CLAIM_S = 600;
    private const IN_FLIGHT = ['pending', 'sending', 'unknown'];
    /** What a decision sets on a queued request. */
    private const DECIDED = ['subscription_id', 'state', 'reason', 'done_at', 'amount', 'financed_after', 'full_cancel'];

    public function __construct(
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly FinancingRepository $subscriptions,
        private readonly FinancingRequestRepository $requests,
        private readonly ?ScalexpertClient $client,
    ) {
    }

    /**
     * Confirms to the provider that the financed goods were delivered (long credit; a split
     * payment needs nothing). $key identifies the order event (e.g. "shipped").
     * @return array<string, mixed> the request (see row())
     */
    public function confirmDelivery(string $shopId, string $orderRef, string $key): array
    {
        return $this->request($shopId, $orderRef, $key, self::CONFIRM_DELIVERY, null);
    }

    /**
     * Cancels $amount of the order's financing at the provider (null: all it still finances).
     * @return array<string, mixed> the request (see row())
     * @throws InvalidRequest not_found (the order has no financing), exists_with_different_amount
     */
    public function cancel(string $shopId, string $orderRef, string $key, ?string $amount = null): array
    {
        return $this->request($shopId, $orderRef, $key, self::CANCEL, $amount);
    }

    /**
     * Queues a request an order event asked for, inside that event's transaction (the row is the
     * outbox): the provider's rules decide it after the commit (processOrder(), or the jobs).
     * @param string $kind self::CONFIRM_DELIVERY | self::CANCEL
     * @param string|null $amount cancel: what to cancel; null: everything still financed
     */
    public function queue(string $shopId, string $orderRef, string $key, string $kind, ?string $amount, string $currency): void
    {
        $this->books->connection()->assertInTransaction('AfterSale::queue');
        if (!\in_array($kind, [self::CONFIRM_DELIVERY, self::CANCEL], true)) {
            throw new \InvalidArgumentException("unknown after-sale request $kind");
        }
        $this->requests->create([
            'request_key' => Ids::check($shopId, 'shopId') . ':' . Ids::check($key, 'key'), 'shop_id' => $shopId,
            'order_ref' => Ids::check($orderRef, 'orderRef', 128), 'kind' => $kind, 'currency' => $currency, 'state' => 'queued',
            // 0: everything the provider still finances, when it is decided
            'amount' => $amount === null ? 0 : MoneyFormat::toMinorNonNegative($amount, $currency),
        ], $this->books->now());
    }

    /**
     * After an order event's commit: decides the order's queued requests (in the order they were
     * asked) and sends them, and sends pending ones whose next attempt time came.
     * @return list<array<string, mixed>> the order's requests after it (see row())
     */
    public function processOrder(string $shopId, string $orderRef): array
    {
        $now = $this->books->now();
        foreach ($this->requests->forOrder($shopId, $orderRef) as $r) {
            if ($r['state'] === 'queued') {
                $this->process((string) $r['request_key']);
            } elseif ($r['state'] === 'pending' && (int) ($r['next_attempt_at'] ?? 0) <= $now) {
                $this->send((string) $r['request_key']);
            }
        }
        return $this->forOrder($shopId, $orderRef);
    }

    /**
     * Final requests whose answer was not given to their order yet (stored rows, oldest first).
     * @return list<array<string, mixed>>
     */
    public function unreported(?string $shopId = null, ?string $orderRef = null, int $limit = 100): array
    {
        return $this->requests->unreported($shopId, $orderRef, $limit);
    }

    public function markReported(string $requestKey): void
    {
        $this->requests->markReported($requestKey, $this->books->now());
    }

    /**
     * The order event that reports a final request's answer: `provider_answered` with the
     * request, the answer (done, refused, none), the amount, whether it was the whole financing,
     * what is still financed, the reason and the provider's own code and message.
     * @param array<string, mixed> $r a stored request
     * @return array<string, mixed>
     */
    public static function answerEvent(array $r): array
    {
        $cur = (string) $r['currency'];
        $e = ['type' => 'provider_answered', 'request' => (string) $r['kind'], 'answer' => (string) $r['state']];
        if ($r['kind'] === self::CANCEL && (int) $r['amount'] > 0) {
            $e['amount'] = MoneyFormat::format((int) $r['amount'], $cur);
        }
        if ($r['kind'] === self::CANCEL && $r['state'] === 'done') {
            $e['full'] = (bool) $r['full_cancel'];
            if ($r['financed_after'] !== null) {
                $e['financedAfter'] = MoneyFormat::format((int) $r['financed_after'], $cur);
            }
        }
        if ($r['reason'] !== null && $r['reason'] !== '') {
            $e['reason'] = (string) $r['reason'];
        }
        foreach (['providerCode' => ['provider_code', 64], 'providerMessage' => ['provider_message', 255]] as $field => [$column, $maxBytes]) {
            $text = self::oneLine((string) ($r[$column] ?? ''), $maxBytes);
            if ($text !== '') {
                $e[$field] = $text;
            }
        }
        return $e;
    }

    /** The provider's words on one line, at most $maxBytes of valid UTF-8. */
    private static function oneLine(string $s, int $maxBytes): string
    {
        $s = \mb_convert_encoding($s, 'UTF-8', 'UTF-8');
        $s = \trim((string) \preg_replace('/[\p{Cc}\s]+/u', ' ', $s));
        return \mb_strcut($s, 0, $maxBytes, 'UTF-8');
    }

    /**
     * The job: sends what is due again, reconciles lost answers, takes over dead claims.
     * @return array{done: int, refused: int, waiting: int}
     */
    public function retryDue(int $limit = 20): array
    {
        $out = ['done' => 0, 'refused' => 0, 'waiting' => 0];
        $now = $this->books->now();
        foreach ($this->requests->due($now, self::STALE_CLAIM_S, $limit) as $r) {
            $key = (string) $r['request_key'];
            if ($r['state'] === 'sending' && $r['kind'] === self::CANCEL) {
                // It may have reached the provider: find out, never resend blind.
                $this->requests->update($key, ['state' => 'unknown'], $now);
                $r['state'] = 'unknown';
            }
            $after = match ($r['state']) {
                'queued' => $this->process($key),
                'unknown' => $this->reconcile($key),
                default => $this->send($key, $r['state'] === 'sending'),
            };
            $state = (string) $after['state'];
            if ($state !== 'none') {
                $out[$state === 'done' || $state === 'refused' ? $state : 'waiting']++;
            }
        }
        return $out;
    }

    /** @return list<array<string, mixed>> an order's requests for the merchant, oldest first */
    public function forOrder(string $shopId, string $orderRef): array
    {
        return \array_map([self::class, 'row'], $this->requests->forOrder($shopId, $orderRef));
    }

    /** @return array<string, mixed> */
    private function request(string $shopId, string $orderRef, string $key, string $kind, ?string $amount): array
    {
        Ids::check($orderRef, 'orderRef', 128);
        $requestKey = Ids::check($shopId, 'shopId') . ':' . Ids::check($key, 'key');
        $queued = $this->requests->find($requestKey);
        if ($queued !== null && $queued['state'] === 'queued') {
            // Asked by an order event and not decided yet: decide and send it now.
            $this->checkSame($queued, $kind, null, (string) $queued['currency']);
            return self::row($this->process($requestKey)) + ['replay' => true];
        }
        [$row, $created] = $this->books->connection()->transaction(function () use ($shopId, $orderRef, $requestKey, $kind, $amount): array {
            $sub = $this->subscriptionOf($shopId, $orderRef);
            $stored = $this->requests->find($requestKey, true);
            if ($stored !== null) {
                $this->checkSame($stored, $kind, $amount, (string) $sub['currency']);
                return [$stored, false];
            }
            $this->requests->create($this->decide($sub, $requestKey, $kind, $amount), $this->books->now());
            return [$this->requests->find($requestKey) ?? throw new \LogicException('request vanished'), true];
        });
        if ($row['state'] === 'pending') {
            $row = $this->send($requestKey);
        }
        return self::row($row) + ['replay' => !$created];
    }

    /**
     * A queued request: decided by the provider's rules under the subscription's lock, then sent.
     * @return array<string, mixed> the stored request after it
     */
    private function process(string $requestKey): array
    {
        $row = $this->books->connection()->transaction(function () use ($requestKey): array {
            $r = $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
            if ($r['state'] !== 'queued') {
                return $r;
            }
            $now = $this->books->now();
            if ($this->subscriptions->findByOrder((string) $r['shop_id'], (string) $r['order_ref']) === []) {
                $this->requests->update($requestKey, ['state' => 'refused', 'reason' => 'financing_not_accepted', 'done_at' => $now], $now);
                return $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
            }
            $sub = $this->subscriptionOf((string) $r['shop_id'], (string) $r['order_ref']);
            $r = $this->requests->find($requestKey, true) ?? throw new \LogicException('request vanished');
            if ($r['state'] !== 'queued') {
                return $r;
            }
            $amount = $r['kind'] === self::CANCEL && (int) $r['amount'] > 0 ? MoneyFormat::format((int) $r['amount'], (string) $r['currency']) : null;
            $decided = $this->decide($sub, $requestKey, (string) $r['kind'], $amount);
            $this->requests->update($requestKey, \array_intersect_key($decided, \array_flip(self::DECIDED)), $now);
            return $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
        });
        return $row['state'] === 'pending' ? $this->send($requestKey) : $row;
    }

    /**
     * Decides under the subscription's lock: what the provider's rules allow now, counting
     * the requests already on their way.
     * @param array<string, mixed> $sub the locked subscription
     * @return array<string, mixed> the row to create
     */
    private function decide(array $sub, string $requestKey, string $kind, ?string $amount): array
    {
        $currency = (string) $sub['currency'];
        $facts = $this->factsOf($sub);
        $request = ['type' => $kind];
        if ($amount !== null) {
            $request['amount'] = MoneyFormat::format(MoneyFormat::toMinorNonNegative($amount, $currency), $currency);
        }
        $plan = $this->books->ask('financing.afterSale', ['request' => $request, 'subscription' => $facts]);
        $row = [
            'request_key' => $requestKey, 'shop_id' => (string) $sub['shop_id'], 'order_ref' => (string) $sub['order_ref'],
            'subscription_id' => (string) $sub['subscription_id'], 'kind' => $kind, 'currency' => $currency,
        ];
        if ($plan['action'] !== 'call') {
            if (isset($request['amount'])) {
                $row['amount'] = MoneyFormat::toMinorNonNegative((string) $request['amount'], $currency);
            }
            return $row + ['state' => $plan['action'] === 'none' ? 'none' : 'refused', 'reason' => (string) $plan['reasons'][0], 'done_at' => $this->books->now()];
        }
        if ($kind === self::CANCEL) {
            $row += [
                'amount' => MoneyFormat::toMinorNonNegative((string) $plan['cancelledAmount'], $currency),
                'financed_after' => MoneyFormat::toMinorNonNegative((string) $plan['financedAfter'], $currency),
                'full_cancel' => (bool) $plan['full'],
            ];
        }
        return $row + ['state' => 'pending'];
    }

    /**
     * The subscription as the provider's rules read it; requests still on their way count as
     * made (a second partial cancellation is refused even before the first one is answered).
     * @param array<string, mixed> $sub
     * @return array<string, mixed>
     */
    private function factsOf(array $sub): array
    {
        $currency = (string) $sub['currency'];
        $financed = $sub['financed_amount'] ?? (int) $sub['amount'];
        $partial = (bool) $sub['partial_cancellation_applied'];
        $delivered = (bool) $sub['delivered'];
        foreach ($this->requests->forOrder((string) $sub['shop_id'], (string) $sub['order_ref']) as $r) {
            if ($r['subscription_id'] !== $sub['subscription_id'] || !\in_array($r['state'], [...self::IN_FLIGHT, 'done'], true)) {
                continue;
            }
            if ($r['kind'] === self::CANCEL) {
                $partial = $partial || !$r['full_cancel'];
                if (\in_array($r['state'], self::IN_FLIGHT, true)) {
                    $financed = (int) $r['financed_after'];
                }
            } else {
                $delivered = true;
            }
        }
        $facts = [
            'kind' => $this->kindOf((string) $sub['shop_id'], (string) $sub['solution_code']),
            'financedAmount' => MoneyFormat::format($financed, $currency), 'currency' => $currency,
            'partialCancellationMade' => $partial, 'delivered' => $delivered,
        ];
        if ($sub['status'] !== 'NONE') {
            $facts['status'] = (string) $sub['status'];
        }
        foreach ($sub['history'] as $h) {
            if (($h['status'] ?? null) === 'ACCEPTED') {
                $facts['acceptedAtMs'] = (int) $h['atMs'];
                break;
            }
        }
        return $facts;
    }

    /** The solution's kind from the shop's configuration; long credit when it is not configured any more. */
    private function kindOf(string $shopId, string $solutionCode): string
    {
        foreach ($this->facts->financingSolutions($shopId) as $s) {
            if (($s['solutionCode'] ?? null) === $solutionCode) {
                return (string) $s['kind'];
            }
        }
        // Unknown: the provider's own codes say split payment with "SP" (SCFRSP-3XTS).
        return \preg_match('/^[A-Z]{4}SP-/', $solutionCode) === 1 ? 'split' : 'credit';
    }

    /**
     * Sends a pending request once (the claim makes sure of it) and records the answer.
     * @return array<string, mixed> the stored request after it
     */
    private function send(string $requestKey, bool $takeOverStale = false): array
    {
        $now = $this->books->now();
        if (!$this->requests->claim($requestKey, ['pending'], $now, $takeOverStale ? $now - self::STALE_CLAIM_S : null)) {
            return $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
        }
        $r = $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
        try {
            $client = $this->client ?? throw new ProviderUnavailable((string) $r['kind'], 'no provider client configured', null, 0, false);
            if ($r['kind'] === self::CONFIRM_DELIVERY) {
                $client->confirmDelivery((string) $r['subscription_id']);
                $this->finish($r, []);
            } else {
                $result = $client->cancel((string) $r['subscription_id'], MoneyFormat::format((int) $r['amount'], (string) $r['currency']));
                $this->finish($r, ['financedAmount' => $result->financedAmount]);
            }
        } catch (ProviderRejected $e) {
            if ($r['kind'] === self::CONFIRM_DELIVERY && $e->httpStatus === 409) {
                $this->finish($r, ['reason' => 'delivery_already_confirmed']); // "already delivered" is done
            } else {
                $this->requests->update($requestKey, [
                    'state' => 'refused', 'reason' => 'provider_refused', 'provider_code' => $e->errorCode,
                    'provider_message' => $e->errorMessage ?? $e->getMessage(), 'done_at' => $now,
                ], $now);
            }
        } catch (ProviderUnavailable | ProviderResponseInvalid $e) {
            $lost = $r['kind'] === self::CANCEL && ($e instanceof ProviderResponseInvalid || $e->outcomeUnknown);
            $this->requests->update($requestKey, [
                'state' => $lost ? 'unknown' : 'pending', 'reason' => 'provider_unavailable',
                'provider_message' => $e->getMessage(), 'next_attempt_at' => $now + self::backoffS((int) $r['attempts']),
            ], $now);
        }
        return $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
    }

    /**
     * A cancellation whose answer was lost: the subscription says whether it happened (done),
     * did not happen (pending: safe to send again) or cannot be told yet (unknown).
     * @return array<string, mixed>
     */
    private function reconcile(string $requestKey): array
    {
        $now = $this->books->now();
        if (!$this->requests->claim($requestKey, ['unknown'], $now)) {
            return $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
        }
        $r = $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
        try {
            $client = $this->client ?? throw new ProviderUnavailable('get_subscription', 'no provider client configured', null, 0, false);
            $s = $client->getSubscription((string) $r['subscription_id']);
            $sub = $this->subscriptions->find((string) $r['subscription_id']) ?? throw new \LogicException('subscription vanished');
            $financedNow = $s->financedAmount === null ? null : MoneyFormat::toMinorNonNegative($s->financedAmount, (string) $r['currency']);
            $before = $sub['financed_amount'] ?? (int) $sub['amount'];
            if (($r['full_cancel'] && $s->consolidatedStatus === 'CANCELLED') || $financedNow === (int) $r['financed_after']) {
                $this->finish($r, ['financedAmount' => $s->financedAmount]);
            } elseif ($financedNow === $before && $s->consolidatedStatus === 'ACCEPTED') {
                $this->requests->update($requestKey, ['state' => 'pending', 'next_attempt_at' => $now], $now);
                return $this->send($requestKey);
            } else {
                $this->requests->update($requestKey, ['state' => 'unknown', 'next_attempt_at' => $now + self::backoffS((int) $r['attempts'])], $now);
            }
        } catch (\ShopCredit\Financing\ProviderException $e) {
            $this->requests->update($requestKey, ['state' => 'unknown', 'provider_message' => $e->getMessage(), 'next_attempt_at' => $now + self::backoffS((int) $r['attempts'])], $now);
        }
        return $this->requests->find($requestKey) ?? throw new \LogicException('request vanished');
    }

    /**
     * Records a request as done and what it changed on the subscription, in one transaction.
     * @param array<string, mixed> $r the request
     * @param array{financedAmount?: ?string, reason?: string} $answer
     */
    private function finish(array $r, array $answer): void
    {
        $this->books->connection()->transaction(function () use ($r, $answer): void {
            $now = $this->books->now();
            $sub = $this->subscriptions->find((string) $r['subscription_id'], true) ?? throw new \LogicException('subscription vanished');
            $changes = self::subscriptionColumns($sub);
            if ($r['kind'] === self::CONFIRM_DELIVERY) {
                $changes['delivered'] = true;
            } else {
                $financed = $answer['financedAmount'] ?? null;
                $changes['financed_amount'] = $financed === null ? (int) $r['financed_after'] : MoneyFormat::toMinorNonNegative($financed, (string) $r['currency']);
                // Our partial cancellation is the one the provider allows: its webhook changes nothing more.
                $changes['partial_cancellation_applied'] = $sub['partial_cancellation_applied'] || !$r['full_cancel'];
            }
            $this->subscriptions->save($changes, $now);
            $this->requests->update((string) $r['request_key'], [
                'state' => 'done', 'reason' => $answer['reason'] ?? null, 'provider_code' => null, 'provider_message' => null, 'done_at' => $now,
            ], $now);
        });
    }

    /**
     * @param array<string, mixed> $stored
     * @throws InvalidRequest the key was used for another request
     */
    private function checkSame(array $stored, string $kind, ?string $amount, string $currency): void
    {
        if ($stored['kind'] !== $kind) {
            throw new InvalidRequest('exists_with_different_event', "key {$stored['request_key']} was used for a {$stored['kind']} request", 'key');
        }
        if ($kind === self::CANCEL && $amount !== null && $stored['state'] !== 'none' && $stored['state'] !== 'refused'
            && MoneyFormat::toMinorNonNegative($amount, $currency) !== (int) $stored['amount']) {
            throw new InvalidRequest('exists_with_different_amount', "key {$stored['request_key']} was used for another amount", 'amount');
        }
    }

    /** @return array<string, mixed> the order's latest accepted subscription (else its latest), locked */
    private function subscriptionOf(string $shopId, string $orderRef): array
    {
        $subs = $this->subscriptions->findByOrder($shopId, $orderRef);
        if ($subs === []) {
            throw new InvalidRequest('not_found', "order $orderRef has no financing", 'orderRef');
        }
        $pick = $subs[\count($subs) - 1];
        foreach (\array_reverse($subs) as $s) {
            if (\in_array($s['status'], ['ACCEPTED', 'CANCELLED'], true)) {
                $pick = $s;
                break;
            }
        }
        return $this->subscriptions->find((string) $pick['subscription_id'], true) ?? throw new \LogicException('subscription vanished');
    }

    /** @return array<string, mixed> */
    private static function subscriptionColumns(array $sub): array
    {
        return \array_intersect_key($sub, \array_flip([
            'subscription_id', 'shop_id', 'order_ref', 'solution_code', 'status', 'sub_status', 'last_update_ms',
            'last_event_ids', 'partial_cancellation_applied', 'history', 'amount', 'currency', 'financed_amount', 'delivered',
        ]));
    }

    /** 1, 2, 4 ... minutes, at most an hour. */
    private static function backoffS(int $attempts): int
    {
        return \min(3600, 60 * (1 << \min(6, \max(0, $attempts - 1))));
    }

    /** @param array<string, mixed> $r @return array<string, mixed> what the merchant sees */
    public static function row(array $r): array
    {
        $cur = (string) $r['currency'];
        return [
            'key' => (string) $r['request_key'], 'orderRef' => (string) $r['order_ref'], 'subscriptionId' => $r['subscription_id'],
            'kind' => (string) $r['kind'], 'state' => (string) $r['state'], 'reason' => $r['reason'],
            'providerCode' => $r['provider_code'], 'providerMessage' => $r['provider_message'],
            'amount' => (int) $r['amount'] > 0 ? MoneyFormat::format((int) $r['amount'], $cur) : null,
            'fullCancel' => (bool) $r['full_cancel'], 'currency' => $cur,
            'financedAfter' => $r['financed_after'] === null ? null : MoneyFormat::format((int) $r['financed_after'], $cur),
            'attempts' => (int) $r['attempts'], 'createdAt' => (int) $r['created_at'], 'doneAt' => $r['done_at'],
        ];
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\Subscription;
use ShopCredit\Financing\WebhookVerifier;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Storage\FinancingRepository;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\WebhookRejectionRepository;

/**
 * Financing follow-up. Webhooks: verify → store in the inbox FIRST (nothing is lost when the
 * core cannot run) → `financing.webhook` → under the subscription's row lock `financing.apply`
 * → save the subscription and its history → mark the event applied, all in one transaction.
 * applyPending() does the same later for stored events. Customer returns and polling read the
 * provider (ScalexpertClient) and apply the status directly (they can always be read again).
 */
final class FinancingService
{
    public function __construct(
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly FinancingRepository $repo,
        private readonly ?WebhookVerifier $verifier,
        private readonly ?ScalexpertClient $client,
        /** @var (\Closure(string, string, array<string, mixed>): void)|null hosts pass their logger */
        private readonly ?\Closure $logger = null,
        private readonly ?WebhookRejectionRepository $rejections = null,
        /** @var (\Closure(string, string, string, array<string, mixed>): ?array)|null the order follows an applied update (Orders::financingApplied), same transaction */
        private readonly ?\Closure $onApplied = null,
    ) {
    }

    /**
     * Registers a subscription created at checkout (before any status arrives). Idempotent.
     */
    public function register(string $shopId, string $subscriptionId, string $orderRef, string $solutionCode, string $amount, string $currency): void
    {
        Ids::check($subscriptionId, 'subscriptionId', 128);
        Ids::check($orderRef, 'orderRef', 128);
        Ids::check($solutionCode, 'solutionCode');
        $minor = MoneyFormat::toMinorNonNegative($amount, Ids::currency($currency));
        $this->books->connection()->transaction(function () use ($shopId, $subscriptionId, $orderRef, $solutionCode, $minor, $currency): void {
            if ($this->repo->find($subscriptionId, true) === null) {
                $this->repo->save([
                    'subscription_id' => $subscriptionId, 'shop_id' => $shopId, 'order_ref' => $orderRef,
                    'solution_code' => $solutionCode, 'status' => 'NONE', 'amount' => $minor, 'currency' => $currency,
                ], $this->books->now());
            }
        });
    }

    /**
     * Starts financing an order: re-checks on the server that the solution is available for this
     * cart (`financing.solutions` over the shop's configured solutions), creates the subscription
     * at the provider, registers it and remembers where the buyer goes. Asking again for the same
     * order and solution while its request is still open answers the same journey (a double click
     * never opens two credit applications).
     *
     * @param array<string, mixed> $buyer see SubscriptionRequest (firstName, lastName, email, phone, title?)
     * @param array<string, mixed> $billing see SubscriptionRequest (street, zip, city, country, region?)
     * @param array<string, mixed>|null $delivery null: the billing address
     * @param list<array<string, mixed>> $items order lines (id, label, quantity, price)
     * @return array{subscriptionId: string, redirectType: ?string, redirectValue: ?string, redirectUrl: ?string, replay: bool}
     * @throws InvalidRequest solution_not_available (field = the reasons, comma-separated) or a malformed field
     * @throws \ShopCredit\Financing\ProviderException the provider refused or could not be reached (nothing registered)
     */
    public function start(string $shopId, string $orderRef, string $solutionCode, string $amount, string $currency, string $customerId, array $buyer, array $billing, ?array $delivery, array $items, string $confirmationUrl, string $language = 'fr-FR'): array
    {
        Ids::check($orderRef, 'orderRef', 128);
        Ids::check($solutionCode, 'solutionCode');
        foreach ($this->repo->findByOrder($shopId, $orderRef) as $existing) {
            if ($existing['solution_code'] === $solutionCode && \in_array($existing['status'], ['NONE', 'INITIALIZED', 'REQUESTED'], true) && \is_array($existing['redirect'])) {
                return $existing['redirect'] + ['subscriptionId' => (string) $existing['subscription_id'], 'replay' => true];
            }
        }
        $country = (string) ($billing['country'] ?? '');
        $check = $this->books->ask('financing.solutions', [
            'solutions' => $this->facts->financingSolutions($shopId),
            'cart' => ['currency' => Ids::currency($currency), 'total' => $amount, 'billingCountry' => $country],
        ]);
        $solution = \array_column($check['solutions'], null, 'solutionCode')[$solutionCode] ?? null;
        if (!$this->facts->financingEnabled($shopId) || $solution === null || $solution['available'] !== true) {
            $reasons = $solution['reasons'] ?? [$this->facts->financingEnabled($shopId) ? 'solution_not_configured' : 'method_disabled'];
            throw new InvalidRequest('solution_not_available', "$solutionCode is not available for this cart: " . \implode(', ', $reasons), \implode(',', $reasons));
        }
        try {
            $request = \ShopCredit\Financing\SubscriptionRequest::build($solutionCode, $orderRef, "customer-$customerId", $amount, $currency, $buyer, $billing, $delivery, $items, $confirmationUrl);
        } catch (\InvalidArgumentException $e) {
            throw new InvalidRequest('invalid_value', $e->getMessage(), \strtok($e->getMessage(), ' ') ?: null);
        }
        $created = $this->client()->createSubscription($request, $language);
        $redirect = ['redirectType' => $created->redirectType, 'redirectValue' => $created->redirectValue, 'redirectUrl' => $created->redirectUrl()];
        $minor = MoneyFormat::toMinorNonNegative($amount, $currency);
        $this->books->connection()->transaction(function () use ($shopId, $created, $orderRef, $solutionCode, $minor, $currency, $redirect): void {
            if ($this->repo->find($created->subscriptionId, true) === null) {
                $this->repo->save([
                    'subscription_id' => $created->subscriptionId, 'shop_id' => $shopId, 'order_ref' => $orderRef,
                    'solution_code' => $solutionCode, 'status' => 'NONE', 'amount' => $minor, 'currency' => $currency,
                    'redirect' => $redirect,
                ], $this->books->now());
            }
        });
        return $redirect + ['subscriptionId' => $created->subscriptionId, 'replay' => false];
    }

    /**
     * A webhook delivery: verify, store, then try to apply it now.
     * @param array<string, string|list<string>> $headers
     * @return array{stored: bool, applied: bool, eventId: string, code: ?string, test?: bool, subscriptionId?: string, orderRef?: string, status?: string, orderStatus?: string, orderIsPaid?: bool, shopStatusHint?: string}
     *         stored=false (duplicate=true) for a delivery seen before; applied=false when the core could not run
     *         (the event waits in the inbox for applyPending()); when a status was applied, the
     *         order and the status it maps to (orderStatus, orderIsPaid) for the host to set
     * @throws \ShopCredit\Financing\WebhookRejected answer 401/400, store nothing
     */
    public function receiveWebhook(string $shopId, string $body, array $headers): array
    {
        $verifier = $this->verifier ?? throw new \LogicException('webhooks need `webhook_keys` in the ShopCredit config');
        try {
            $event = $verifier->verify($body, $headers);
        } catch (\ShopCredit\Financing\WebhookRejected $e) {
            $this->countRejection($shopId, $e->reason, $body);
            throw $e;
        }
        if ($event->isTest()) {
            return ['stored' => false, 'applied' => false, 'reasons' => [], 'eventId' => $event->eventId, 'code' => null, 'test' => true];
        }
        $subscriptionId = $event->subscriptionId;
        if ($subscriptionId === null && $event->merchantGlobalOrderId !== null) {
            $subs = $this->repo->findByOrder($shopId, $event->merchantGlobalOrderId);
            $subscriptionId = $subs === [] ? null : (string) $subs[\count($subs) - 1]['subscription_id'];
        }
        $stored = $this->books->connection()->transaction(fn (): bool => $this->repo->store([
            'event_id' => $event->eventId, 'subscription_id' => $subscriptionId, 'source' => 'webhook',
            'event_type' => $event->eventCode, 'payload' => $event->rawBody, 'received_at' => $this->books->now(),
        ]));
        try {
            $result = $this->applyEvent($shopId, $event->eventId);
            // applied: this delivery changed the subscription (false for a duplicate, a stale or a
            // backward update, with the reason in `code`); `order`: what the order's host must do.
            $out = ['stored' => $stored, 'duplicate' => !$stored, 'applied' => ($result['applied'] ?? false) === true, 'eventId' => $event->eventId,
                'code' => $result === null ? null : (!$stored && ($result['alreadyApplied'] ?? false) ? 'duplicate_event' : ($result['code'] ?? null)), 'order' => $result['order'] ?? null];
            // What the host does with the order: move it to the mapped status when a status applied.
            if (($result['applied'] ?? false) === true) {
                $out += [
                    'subscriptionId' => $result['subscription']['subscriptionId'] ?? null, 'orderRef' => $result['subscription']['orderRef'] ?? null,
                    'status' => $result['subscription']['status'] ?? null, 'orderStatus' => $result['orderStatus'] ?? null,
                    'orderIsPaid' => $result['orderIsPaid'] ?? null, 'shopStatusHint' => $result['shopStatusHint'] ?? null,
                ];
            }
            return self::withReasons($out);
        } catch (RuntimeUnavailable) {
            return self::withReasons(['stored' => $stored, 'duplicate' => !$stored, 'applied' => false, 'eventId' => $event->eventId, 'code' => 'runtime_unavailable']);
        }
    }

    /**
     * A rejected delivery is counted (per shop, hour and reason), never stored and never logged one
     * line each: the log gets the 1st, 10th, 100th… of an hour, with the count so far. The body's
     * digest and size identify the last one without copying it.
     */
    private function countRejection(string $shopId, string $reason, string $body): void
    {
        $hits = 1;
        try {
            $hits = $this->rejections?->hit($shopId, $reason, $this->books->now(), \strlen($body), \hash('sha256', $body)) ?? 1;
        } catch (\Throwable) {
            return; // the books are unreachable: the forged delivery is refused all the same, nothing logged
        }
        if ($hits !== (int) (10 ** (int) \floor(\log10($hits)))) {
            return;
        }
        ($this->logger ?? static function (string $level, string $message, array $context): void {
            \error_log("[shopcredit] $level: $message " . \json_encode($context));
        })('warning', 'financing webhooks rejected', [
            'shopId' => $shopId, 'code' => $reason, 'thisHour' => $hits, 'bytes' => \strlen($body), 'sha256' => \hash('sha256', $body),
        ]);
    }

    /**
     * Applies stored events not applied yet, in arrival order (the inbox job).
     * @return array{applied: int, failed: int, waiting: int}
     * @throws RuntimeUnavailable the core still cannot run (events stay in the inbox)
     */
    public function applyPending(string $shopId, int $limit = 100, int $maxAttempts = 10): array
    {
        $out = ['applied' => 0, 'failed' => 0, 'waiting' => 0];
        foreach ($this->repo->pending($limit, $maxAttempts) as $e) {
            try {
                $r = $this->applyEvent($shopId, (string) $e['event_id']);
                $out[$r === null ? 'waiting' : 'applied']++;
            } catch (RuntimeUnavailable $x) {
                throw $x;
            } catch (\Throwable $x) {
                $this->books->connection()->transaction(fn () => $this->repo->markFailed((string) $e['event_id'], $x->getMessage()));
                $out['failed']++;
            }
        }
        return $out;
    }

    /**
     * Applies one stored event in one transaction. Null when it cannot be applied yet (its
     * subscription is unknown); the result of `financing.apply` (or of `financing.webhook` when
     * the core ignores the event) otherwise.
     * @return array<string, mixed>|null
     */
    public function applyEvent(string $shopId, string $eventId): ?array
    {
        return $this->books->connection()->transaction(function () use ($shopId, $eventId): ?array {
            $e = $this->repo->event($eventId);
            if ($e === null || $e['applied_at'] !== null) {
                return $e === null ? null : ['applied' => false, 'code' => (string) $e['result_code'], 'alreadyApplied' => true];
            }
            $hook = $this->books->ask('financing.webhook', $e['payload']);
            if (($hook['action'] ?? null) !== 'apply') {
                $this->repo->markApplied($eventId, (string) ($hook['reason'] ?? 'ignored'), $this->books->now());
                return ['applied' => false, 'code' => (string) ($hook['reason'] ?? 'ignored'), 'webhook' => $hook];
            }
            $subscriptionId = $e['subscription_id'];
            if ($subscriptionId === null && isset($hook['orderRef'])) {
                $subs = $this->repo->findByOrder($shopId, (string) $hook['orderRef']);
                $subscriptionId = $subs === [] ? null : (string) $subs[\count($subs) - 1]['subscription_id'];
            }
            $sub = $subscriptionId === null ? null : $this->repo->find((string) $subscriptionId, true);
            if ($sub === null) {
                $this->repo->markFailed($eventId, 'no subscription known for this event yet');
                return null;
            }
            $result = $this->applyLocked($sub, $hook['event']);
            $this->repo->markApplied($eventId, (string) $result['code'], $this->books->now());
            return $result;
        });
    }

    /**
     * The customer came back from the provider: read the subscription and apply its status.
     * @return array<string, mixed> financing.apply's answer (orderStatus, shopStatusHint, ...)
     */
    public function customerReturn(string $subscriptionId): array
    {
        return $this->applyProviderState($this->client()->getSubscription($subscriptionId), 'return');
    }

    /** Polls one subscription at the provider. @return array<string, mixed> */
    public function poll(string $subscriptionId): array
    {
        return $this->applyProviderState($this->client()->getSubscription($subscriptionId), 'poll');
    }

    /**
     * Applies a status read from the provider under the subscription's lock.
     * @return array<string, mixed>
     */
    public function applyProviderState(Subscription $s, string $source): array
    {
        return $this->books->connection()->transaction(function () use ($s, $source): array {
            $sub = $this->repo->find($s->subscriptionId, true) ?? throw new InvalidRequest('not_found', "subscription {$s->subscriptionId} was never registered", 'subscriptionId');
            $event = [
                'source' => $source, 'status' => $s->consolidatedStatus,
                'lastUpdateTimestamp' => (string) ($s->lastUpdateTimestamp ?? $s->registrationTimestamp ?? ''),
            ];
            if ($s->consolidatedSubstatus !== null) {
                $event['subStatus'] = $s->consolidatedSubstatus;
            }
            $r = $this->applyLocked($sub, $event);
            if (($r['applied'] ?? false) !== true) {
                $this->repo->save(self::columns($sub), $this->books->now()); // touched: polled
            }
            return self::withReasons($r);
        });
    }

    /**
     * The answer contract's `reasons` on a delivery's answer: why it changed nothing (a duplicate,
     * a stale or backward update, ...), empty when it applied. `code` stays for older callers.
     * @param array<string, mixed> $answer
     * @return array<string, mixed>
     */
    private static function withReasons(array $answer): array
    {
        $code = $answer['code'] ?? null;
        $answer['reasons'] = ($answer['applied'] ?? false) === true || $code === null || $code === 'ok' ? [] : [(string) $code];
        return $answer;
    }

    /** Statuses after which the provider never changes a subscription (the core's final statuses). */
    public const FINAL_STATUSES = ['REJECTED', 'ABORTED', 'CANCELLED'];

    /**
     * Subscriptions to poll: still open (not final), created within $maxAgeS, not updated for
     * $olderThanS; least recently updated first, at most $limit.
     * @return list<string>
     */
    public function dueForPolling(int $limit, int $olderThanS, int $maxAgeS = 30 * 86400): array
    {
        $now = $this->books->now();
        return \array_map(static fn (array $r): string => (string) $r['subscription_id'], $this->books->connection()->fetchAll(
            'SELECT subscription_id FROM {financing_subscriptions}
              WHERE status NOT IN (' . \ShopCredit\Storage\Connection::placeholders(\count(self::FINAL_STATUSES)) . ')
                AND created_at >= ? AND updated_at <= ?
              ORDER BY updated_at, subscription_id LIMIT ?',
            [...self::FINAL_STATUSES, $now - $maxAgeS, $now - $olderThanS, \max(1, $limit)],
        ));
    }

    /** @return array<string, mixed> the stored subscription (null when unknown) */
    public function subscription(string $subscriptionId): ?array
    {
        return $this->repo->find($subscriptionId);
    }

    public function hasClient(): bool
    {
        return $this->client !== null;
    }

    /**
     * @param array<string, mixed> $sub locked row
     * @param array<string, mixed> $event the core's event
     * @return array<string, mixed>
     */
    private function applyLocked(array $sub, array $event): array
    {
        $shopId = (string) $sub['shop_id'];
        $wire = [
            'subscriptionId' => (string) $sub['subscription_id'], 'orderRef' => (string) $sub['order_ref'],
            'solutionCode' => (string) $sub['solution_code'], 'lastUpdateMs' => (int) $sub['last_update_ms'],
            'lastEventIds' => $sub['last_event_ids'], 'partialCancellationApplied' => (bool) $sub['partial_cancellation_applied'],
        ];
        if ($sub['status'] !== 'NONE') {
            $wire['status'] = (string) $sub['status'];
        }
        if ($sub['sub_status'] !== null) {
            $wire['subStatus'] = (string) $sub['sub_status'];
        }
        $mapping = $this->facts->financingMapping($shopId) ?? $this->books->ask('financing.defaultMapping', [])['mapping'];
        $r = $this->books->ask('financing.apply', ['subscription' => $wire, 'event' => $event, 'mapping' => $mapping]);
        if (($r['applied'] ?? false) === true && $this->onApplied !== null) {
            $id = (string) ($r['history']['eventId'] ?? '');
            $key = \strlen($id) <= 100 && \preg_match('/^[A-Za-z0-9:_.@\/-]+$/', $id) ? "financing:$id" : 'financing:' . \substr(\hash('sha256', $id), 0, 40);
            $r['order'] = ($this->onApplied)($shopId, (string) $sub['order_ref'], $key, $r);
        }
        if (($r['applied'] ?? false) === true) {
            $new = $r['subscription'];
            $history = $sub['history'];
            $history[] = $r['history'];
            $this->repo->save([
                ...self::columns($sub),
                'status' => (string) $new['status'], 'sub_status' => $new['subStatus'] ?? null,
                'last_update_ms' => (int) $new['lastUpdateMs'], 'last_event_ids' => $new['lastEventIds'],
                'partial_cancellation_applied' => (bool) $new['partialCancellationApplied'], 'history' => $history,
            ], $this->books->now());
        }
        return $r;
    }

    /** @return array<string, mixed> */
    private static function columns(array $sub): array
    {
        return \array_intersect_key($sub, \array_flip([
            'subscription_id', 'shop_id', 'order_ref', 'solution_code', 'status', 'sub_status', 'last_update_ms',
            'last_event_ids', 'partial_cancellation_applied', 'history', 'amount', 'currency',
        ]));
    }

    private function client(): ScalexpertClient
    {
        return $this->client ?? throw new \LogicException('returns and polling need `scalexpert` (a ScalexpertClient) in the ShopCredit config');
    }
}

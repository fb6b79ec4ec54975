<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\CoreError;
use ShopCredit\I18n\Words;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Service\Order\Adoption;
use ShopCredit\Service\Order\BookRunner;
use ShopCredit\Service\Order\HostAction;
use ShopCredit\Service\Order\HostActions;
use ShopCredit\Service\Order\Refused;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\Json;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\OrderRepository;
use ShopCredit\Storage\StorageException;
use ShopCredit\Storage\TransferRepository;

/**
 * The order lifecycle, once for every host: what an order event does to the books and to the
 * order. Hosts translate their hooks into events and perform the host actions they get back.
 *
 *     $a = $sc->orders()->place('1', 'wc-77', ['customer' => $customer, 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '40.00'], 'placed', $host);
 *     $a = $sc->orders()->statusChanged('1', 'wc-77', 'cancelled', 'wc-cancelled', 'status:wc-cancelled:1733050000', $host);
 *     $a = $sc->orders()->refunded('1', 'wc-77', 'refund:812', '15.00', false, $host);
 *
 * Each event runs in one transaction under the order's row lock (SELECT ... FOR UPDATE; SQLite's
 * write lock): the core's `order.decide` reads the order's state (one running account per
 * funding source) and the event, the book operations it asks for run with the existing
 * operations (BookRunner), and the new state, the event (keyed) and its host actions (the
 * outbox) are written together. A second delivery of the same key with the same event answers
 * `replay: true`, books nothing and returns no actions; another event under a used key answers
 * `exists_with_different_event` (`exists_with_different_amount` when only the amount differs).
 *
 * Host actions are performed after the commit, each claimed first (perform()): at most once,
 * even when two events of one order, or two deliveries of one event, arrive at the same time.
 * Actions nobody claimed (the caller stopped after the commit) are performed by redrive().
 * When the core cannot run, the event is kept (`waiting`) and applyWaiting() applies it later.
 *
 * A financed order also asks the financing provider (AfterSale): the delivery confirmation at the
 * merchant's "shipped" status (setting `orders.shipped_status`; unset: any fulfilled status), a
 * cancellation in full when it is cancelled, of the refunded part when it is refunded. The
 * request is queued with the event, decided by the provider's rules and sent after the commit;
 * its answer comes back to the order as a `provider_answered` event keyed by the request (the
 * merchant's note, once). A provider that is down leaves it to the jobs (Jobs::runAll).
 *
 * Every answer: accepted, applied, replay, reasons (stable codes), written (ledger transfers this
 * call stored), order (the books' figures: Orders::summary) and actions (this call's, with ids).
 */
final class Orders
{
    /** Rounds of decide → book → outcome per event (placement on account uses 3). */
    private const MAX_ROUNDS = 4;
    /** Tries of one host action (the first and the job's) before it is left to the merchant. */
    public const MAX_ATTEMPTS = 5;
    private string $token;

    public function __construct(
        private readonly Connection $c,
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly OrderRepository $repo,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
        private readonly BookRunner $runner,
        private readonly ShopTime $time,
        private readonly ?AfterSale $afterSale = null,
        private readonly ?Adoption $adoption = null,
    ) {
        $this->token = \bin2hex(\random_bytes(8));
    }

    /**
     * The order was placed with one of our methods (or is a top-up paid with the host's gateway).
     * @param array{customer: array{customerId: string, groupIds?: list<string>, loggedIn?: bool}, method: string, currency: string, total: string, kind?: string, walletPart?: string, paymentMethod?: string, stockHeld?: bool, reservationTimeoutS?: int} $p
     *        method: credit_line | wallet_full | wallet_partial | financing | external (top-ups);
     *        total: what the order costs in its currency (top-ups: what the top-up lines cost, net of coupons)
     * @return array<string, mixed> the answer (see the class comment); accepted=false: refused before anything was booked (show the reasons)
     */
    public function place(string $shopId, string $orderRef, array $p, string $eventKey = 'placed', ?HostActions $host = null): array
    {
        $customer = $p['customer'] ?? throw new InvalidRequest('missing_field', 'a placement names its customer', 'customer');
        $event = ['type' => 'placed', 'kind' => (string) ($p['kind'] ?? 'goods'), 'method' => (string) ($p['method'] ?? ''), 'currency' => Ids::currency((string) ($p['currency'] ?? '')), 'total' => (string) ($p['total'] ?? '')];
        foreach (['walletPart', 'paymentMethod'] as $k) {
            if (isset($p[$k])) {
                $event[$k] = (string) $p[$k];
            }
        }
        $event['stockHeld'] = (bool) ($p['stockHeld'] ?? false);
        $facts = [
            'customer' => ['customerId' => Ids::part((string) ($customer['customerId'] ?? ''), 'customer.customerId'), 'groupIds' => \array_values(\array_map('strval', (array) ($customer['groupIds'] ?? []))), 'loggedIn' => (bool) ($customer['loggedIn'] ?? true)],
            'reservationTimeoutS' => \max(60, (int) ($p['reservationTimeoutS'] ?? 3600)),
        ];
        return $this->handle($shopId, $orderRef, $eventKey, $event, $host, $facts);
    }

    /**
     * The order moved to another status (the host's own flow, or by hand in its back office).
     * @param string $class a status class (OrderVocabulary::STATUS_*) the host's status maps to
     * @param string|null $hostStatus the host's own status id (the admin's due-date status is compared with it)
     * @param string $eventKey a host id of the change when the host has one (PrestaShop: order_history id), else e.g. `status:{hostStatus}:{timestamp}`
     */
    public function statusChanged(string $shopId, string $orderRef, string $class, ?string $hostStatus, string $eventKey, ?HostActions $host = null): array
    {
        return $this->handle($shopId, $orderRef, $eventKey, ['type' => 'status_changed', 'class' => $class, 'hostStatus' => $hostStatus], $host);
    }

    /**
     * The host's status once its own status change finished: PrestaShop writes the order's state
     * again after its hook, so of two changes racing, the one whose hook ran first may write
     * last and the books would hold the other one. Read under the order's lock (the callback) and
     * sent as a status change when its class is not the books' status: whichever change wrote
     * last, the books end as the order the merchant sees (or the books' correction is answered).
     * Call it after the host's change is written (PrestaShop: when the request ends).
     * @param \Closure(): array{class: string, hostStatus: ?string} $hostStatus the order's status now, read from the host
     */
    public function statusSettled(string $shopId, string $orderRef, \Closure $hostStatus, ?HostActions $host = null): array
    {
        Ids::part($shopId, 'shopId');
        Ids::check($orderRef, 'orderRef', 128);
        try {
            $answer = $this->c->transaction(fn (): array => $this->settleLocked($shopId, $orderRef, $hostStatus), Books::MAX_ATTEMPTS);
        } catch (Refused $r) {
            $answer = $r->answer;
        }
        if ($host !== null) {
            $this->perform($answer['actions'], $host);
        }
        if (($answer['order']['method'] ?? null) === 'financing') {
            $answer['actions'] = [...$answer['actions'], ...$this->afterTheSale($shopId, $orderRef, $host)];
        }
        return $answer;
    }

    /** @return array<string, mixed> */
    private function settleLocked(string $shopId, string $orderRef, \Closure $hostStatus): array
    {
        $row = $this->repo->lock($shopId, $orderRef, null, $this->time->now());
        if ($row === null || $row['state'] === null) {
            throw new Refused(self::answer(false, false, ['order_unknown'], null));
        }
        $seen = $hostStatus();
        if (($row['state']['status'] ?? null) === $seen['class']) {
            return self::answer(true, false, ['already_applied'], $row['state']);
        }
        $event = ['type' => 'status_changed', 'class' => (string) $seen['class'], 'hostStatus' => $seen['hostStatus'] ?? null];
        // A key of its own: the books hold another status, so this change is not one they applied last.
        $key = 'settled:' . \bin2hex(\random_bytes(8));
        return $this->applyLocked($shopId, $orderRef, $key, $event, \hash('sha256', Json::canonical($event)), null);
    }

    /**
     * A refund made in the host's refund screen (or through our gateway's refund): split by
     * funding source from what the books hold; the external part comes back as `refund_external`
     * unless the host's gateway already sent it ($viaGateway).
     * @param bool $toBalance the admin chose to give everything back as store balance
     */
    public function refunded(string $shopId, string $orderRef, string $refundId, string $amount, bool $viaGateway, ?HostActions $host = null, bool $toBalance = false): array
    {
        Ids::check($refundId, 'refundId', 80);
        return $this->handle($shopId, $orderRef, "refund:$refundId", ['type' => 'refund', 'refundId' => $refundId, 'amount' => $amount, 'viaGateway' => $viaGateway, 'toBalance' => $toBalance], $host);
    }

    /**
     * A payment on an order on account: typed in the host's own payment screen ($origin 'host') or
     * recorded in our back office ('shopcredit': the host is asked to record it too).
     * @param 'host'|'shopcredit' $origin
     */
    public function paymentRecorded(string $shopId, string $orderRef, string $paymentId, string $amount, string $method, ?string $reference, string $origin, ?HostActions $host = null): array
    {
        Ids::check($paymentId, 'paymentId', 80);
        return $this->handle($shopId, $orderRef, "payment:$paymentId", ['type' => 'payment_recorded', 'amount' => $amount, 'method' => $method, 'reference' => $reference, 'origin' => $origin], $host);
    }

    /** The host's gateway captured the order's payment (money arrived): credits a top-up, settles a split payment. */
    public function paymentCaptured(string $shopId, string $orderRef, ?string $reference, ?HostActions $host = null): array
    {
        return $this->handle($shopId, $orderRef, 'captured', ['type' => 'payment_captured', 'reference' => $reference], $host);
    }

    /** An admin decides an order on account waiting for review. @param 'approve'|'decline' $decision */
    public function creditCheckDecided(string $shopId, string $orderRef, string $decision, string $by, ?HostActions $host = null): array
    {
        Ids::check($by, 'by');
        return $this->handle($shopId, $orderRef, "review:$decision", ['type' => 'credit_check_run', 'adminDecision' => $decision], $host);
    }

    /**
     * Takes an order booked before Orders existed (an upgrade with orders in flight) into Orders,
     * so its later events — status changes, the refund screen, payments on account — do the
     * right thing to the books. The running accounts come from the books (see Order\Adoption:
     * reservations, payments, refunds per source, cancellations, the receivable, a top-up's
     * credit, a financed order's subscription); the host gives what the books cannot know. Books nothing, performs nothing.
     * Call it once per open order on upgrade (or when an event comes for an order Orders does
     * not know and the order was paid with our methods): the same call again answers `replay`;
     * an order Orders already has answers `order_already_placed`; a goods order the books hold
     * no movement of answers `order_unknown` (place it, or leave it).
     * @param array{customer: array{customerId: string, groupIds?: list<string>}, method: string, currency: string, total: string, class: string, hostStatus?: ?string, kind?: string, walletPart?: string, paymentMethod?: string, stockHeld?: bool, externalPaid?: bool} $p
     *        class: the order's status class now; externalPaid: the part paid with another
     *        gateway (split payments, top-ups) was collected
     * @return array<string, mixed> the answer (accepted, applied, replay, reasons, written: 0, order, actions: [])
     */
    public function adopt(string $shopId, string $orderRef, array $p): array
    {
        Ids::part($shopId, 'shopId');
        Ids::check($orderRef, 'orderRef', 128);
        $event = self::adoptedEvent($p);
        $hash = \hash('sha256', Json::canonical($event));
        try {
            return $this->c->transaction(fn (): array => $this->adoptLocked($shopId, $orderRef, $event, $hash), Books::MAX_ATTEMPTS);
        } catch (Refused $r) {
            return $r->answer;
        }
    }

    /** @return array<string, mixed> the adoption's input, checked and normalized (its hash answers replays) */
    private static function adoptedEvent(array $p): array
    {
        $cur = Ids::currency((string) ($p['currency'] ?? ''));
        $kind = (string) ($p['kind'] ?? 'goods');
        $method = (string) ($p['method'] ?? '');
        $methods = $kind === 'top_up' ? ['external'] : ['credit_line', 'wallet_full', 'wallet_partial', 'financing'];
        if (!\in_array($kind, ['goods', 'top_up'], true) || !\in_array($method, $methods, true)) {
            throw new InvalidRequest('invalid_value', 'adopt takes goods orders paid with credit_line, wallet_full, wallet_partial or financing, and top-ups (external)', 'method');
        }
        return [
            'type' => 'adopted', 'kind' => $kind, 'method' => $method, 'currency' => $cur,
            'customerId' => Ids::part((string) ($p['customer']['customerId'] ?? ''), 'customer.customerId'),
            'groupIds' => \array_values(\array_map('strval', (array) ($p['customer']['groupIds'] ?? []))),
            'total' => MoneyFormat::toMinorNonNegative((string) ($p['total'] ?? ''), $cur, 'total'),
            'walletPart' => $method === 'wallet_partial' ? MoneyFormat::toMinorNonNegative((string) ($p['walletPart'] ?? ''), $cur, 'walletPart') : 0,
            'paymentMethod' => isset($p['paymentMethod']) ? Ids::check((string) $p['paymentMethod'], 'paymentMethod') : null,
            'stockHeld' => (bool) ($p['stockHeld'] ?? false), 'externalPaid' => (bool) ($p['externalPaid'] ?? false),
            'class' => (string) ($p['class'] ?? ''), 'hostStatus' => isset($p['hostStatus']) ? (string) $p['hostStatus'] : null,
        ];
    }

    /** @return array<string, mixed> */
    private function adoptLocked(string $shopId, string $orderRef, array $e, string $hash): array
    {
        $now = $this->time->now();
        $facts = ['customer' => ['customerId' => $e['customerId'], 'groupIds' => $e['groupIds'], 'loggedIn' => true], 'reservationTimeoutS' => 3600];
        $row = $this->repo->lock($shopId, $orderRef, [
            'customer_id' => $e['customerId'], 'currency' => $e['currency'], 'kind' => $e['kind'], 'method' => $e['method'], 'phase' => 'new',
            'key_base' => self::keyBase($shopId, $orderRef), 'state' => 'null', 'facts' => Json::encode($facts),
        ], $now);
        if ($row['state'] !== null) {
            $previous = $this->repo->event($shopId, $orderRef, 'adopted');
            return $previous !== null && \hash_equals((string) $previous['event_hash'], $hash)
                ? ['replay' => true, 'written' => 0, 'actions' => []] + (array) $previous['answer']
                : self::answer(false, false, ['order_already_placed'], $row['state']);
        }
        $split = $e['kind'] === 'top_up' ? $this->books->ask('wallet.topUpCheck', ['currency' => $e['currency'], 'amount' => MoneyFormat::format($e['total'], $e['currency']), 'settings' => $this->facts->walletSettings($shopId)]) : null;
        $adopted = $this->adoption?->state($shopId, $orderRef, $e + [
            'topUpCredit' => $split === null ? 0 : MoneyFormat::toMinorNonNegative((string) $split['credit'], $e['currency']),
            'topUpVat' => $split === null ? 0 : MoneyFormat::toMinorNonNegative((string) $split['vat'], $e['currency']),
        ]);
        if ($adopted === null) {
            throw new Refused(self::answer(false, false, ['order_unknown'], null));
        }
        $state = $adopted['state'];
        // The core checks the state (shape, figures) and keeps it as it answers it: the host's
        // status seen again changes nothing.
        $d = $this->books->ask('order.decide', $this->input($row + ['facts' => $facts], $state, ['type' => 'status_changed', 'class' => $e['class'], 'hostStatus' => $e['hostStatus']]));
        if ($d['accepted'] !== true || $d['book'] !== [] || $d['actions'] !== []) {
            throw new Refused(self::answer(false, false, $d['reasons'] === [] ? ['order_not_payable'] : $d['reasons'], null));
        }
        $this->repo->save($shopId, $orderRef, self::columns($d['order']), $now);
        // What the old paths gave back beyond what a source paid (never given again): for the merchant.
        $answer = self::answer(true, true, [], $d['order']) + ['givenBackBeyondPaid' => $adopted['beyondPaid']];
        $this->repo->recordEvent($shopId, $orderRef, 'adopted', $hash, $e, 'applied', $answer, $now);
        return $answer;
    }

    /**
     * Runs one event (see the class comment).
     * @param array<string, mixed> $event the core's event (type + fields)
     * @param array<string, mixed>|null $facts placement only: the customer and reservation facts kept with the order
     * @return array<string, mixed>
     */
    public function handle(string $shopId, string $orderRef, string $eventKey, array $event, ?HostActions $host = null, ?array $facts = null): array
    {
        Ids::part($shopId, 'shopId');
        Ids::check($orderRef, 'orderRef', 128);
        Ids::check($eventKey, 'eventKey', 128);
        $hash = \hash('sha256', Json::canonical($event));
        try {
            $answer = $this->c->transaction(fn (): array => $this->applyLocked($shopId, $orderRef, $eventKey, $event, $hash, $facts), Books::MAX_ATTEMPTS);
        } catch (Refused $r) {
            $answer = $this->rememberRefusal($shopId, $orderRef, $eventKey, $event, $hash, $r->answer);
        } catch (RuntimeUnavailable) {
            $answer = $this->keepWaiting($shopId, $orderRef, $eventKey, $event, $hash, $facts);
        }
        if ($host !== null) {
            $this->perform($answer['actions'], $host);
        }
        if ($event['type'] !== 'provider_answered' && ($answer['order']['method'] ?? null) === 'financing') {
            // The provider's answers this event brought back: their actions (the merchant's note)
            // are this call's too, for a caller that performs the answer's actions itself.
            $answer['actions'] = [...$answer['actions'], ...$this->afterTheSale($shopId, $orderRef, $host)];
        }
        return $answer;
    }

    /**
     * Gives the financing provider's final answers to their orders as `provider_answered` events
     * (keyed by the request: the merchant's note is written once), oldest first. The jobs call it;
     * so does every event of a financed order, for its own requests.
     * @return int answers given
     */
    public function reportProviderAnswers(?HostActions $host = null, ?string $shopId = null, ?string $orderRef = null, int $limit = 100): int
    {
        return \count($this->giveProviderAnswers($host, $shopId, $orderRef, $limit));
    }

    /** @return list<list<array<string, mixed>>> the actions of each answer given */
    private function giveProviderAnswers(?HostActions $host, ?string $shopId, ?string $orderRef, int $limit): array
    {
        $given = [];
        foreach ($this->afterSale?->unreported($shopId, $orderRef, $limit) ?? [] as $r) {
            try {
                $a = $this->handle((string) $r['shop_id'], (string) $r['order_ref'], 'provider:' . $r['id'], AfterSale::answerEvent($r), $host);
            } catch (CoreError | InvalidRequest) {
                continue; // the core refused the answer as malformed: kept unreported, visible in the order's financing block
            }
            $this->afterSale->markReported((string) $r['request_key']);
            $given[] = $a['actions'];
        }
        return $given;
    }

    /**
     * After an event of a financed order: the requests it queued for the provider are decided and
     * sent, and their answers given to the order. Nothing here fails the host's event: what could
     * not be done now stays queued, pending or unreported for the jobs.
     * @return list<array<string, mixed>> the actions of the answers given (performed through $host when given)
     */
    private function afterTheSale(string $shopId, string $orderRef, ?HostActions $host): array
    {
        if ($this->afterSale === null) {
            return [];
        }
        try {
            $this->afterSale->processOrder($shopId, $orderRef);
            return \array_merge(...$this->giveProviderAnswers($host, $shopId, $orderRef, 100));
        } catch (RuntimeUnavailable | RuntimeFailure | StorageException) {
            return [];
        }
    }

    /**
     * Called by FinancingService inside its transaction when a financing update was applied to
     * the subscription of an order this service knows: the order follows (status, payment, mails).
     * @param array<string, mixed> $applied financing.apply's answer
     * @return array<string, mixed>|null the order's answer; null when the order was not placed through Orders
     */
    public function financingApplied(string $shopId, string $orderRef, string $eventKey, array $applied): ?array
    {
        if ($this->repo->find($shopId, $orderRef) === null) {
            return null;
        }
        $event = ['type' => 'financing', 'applied' => ($applied['applied'] ?? false) === true, 'hint' => $applied['shopStatusHint'] ?? null];
        try {
            return $this->applyLocked($shopId, $orderRef, $eventKey, $event, \hash('sha256', Json::canonical($event)), null);
        } catch (Refused $r) {
            return $r->answer;
        }
    }

    /**
     * Performs actions through the host, each claimed first: an action another caller claimed
     * (or performed) is skipped. A host failure releases the action for redrive().
     * @param list<array<string, mixed>> $actions actions of an answer (with ids)
     * @return int actions performed by this call
     */
    public function perform(array $actions, HostActions $host): int
    {
        $n = 0;
        foreach ($actions as $a) {
            $id = (int) $a['id'];
            if (!$this->c->transaction(fn (): bool => $this->repo->claim($id, $this->token, $this->time->now()))) {
                continue;
            }
            try {
                $host->perform(HostAction::from($a));
            } catch (\Throwable $e) {
                $this->c->transaction(fn () => $this->repo->release($id, $this->token, $e::class . ': ' . $e->getMessage()));
                continue;
            }
            $this->c->transaction(fn () => $this->repo->done($id, $this->token, $this->time->now()));
            $n++;
        }
        return $n;
    }

    /**
     * The job: performs actions nobody claimed for $olderThanS (their caller stopped after the
     * commit, or the host failed and released them), oldest first, at most $maxAttempts tries each.
     * @return array{performed: int, seen: int}
     */
    public function redrive(HostActions $host, int $olderThanS = 60, int $limit = 100, int $maxAttempts = self::MAX_ATTEMPTS): array
    {
        $open = $this->repo->unclaimed($this->time->now(), $olderThanS, $maxAttempts, $limit);
        return ['performed' => $this->perform($open, $host), 'seen' => \count($open)];
    }

    /** Actions claimed and never confirmed (the performer died mid-way): for the merchant to check. @return list<array<string, mixed>> */
    public function stuckActions(int $olderThanS = 3600, ?string $shopId = null): array
    {
        return $this->repo->stuck($this->time->now(), $olderThanS, 100, $shopId);
    }

    /**
     * For the doctor / health block of the host's settings page: the shop's order actions that
     * may not have happened, in words — started and never confirmed for $olderThanS (never
     * retried: at most once), or failed MAX_ATTEMPTS times (no longer retried). People see
     * `text` (and link `orderRef` to the order); nothing here is a code.
     * @return array{ok: bool, text: string, actions: list<array{orderRef: string, state: 'stuck'|'given_up', since: ?int, attempts: int, action: string, text: string}>}
     */
    public function health(string $shopId, Words $words, int $olderThanS = 3600): array
    {
        Ids::part($shopId, 'shopId');
        $rows = [
            ...\array_map(static fn (array $a): array => ['state' => 'stuck'] + $a, $this->repo->stuck($this->time->now(), $olderThanS, 100, $shopId)),
            ...\array_map(static fn (array $a): array => ['state' => 'given_up'] + $a, $this->repo->givenUp($shopId, self::MAX_ATTEMPTS)),
        ];
        $out = [];
        foreach ($rows as $a) {
            $what = $this->actionWords(HostAction::from($a), $words);
            $params = ['order' => (string) $a['orderRef'], 'action' => $what, 'attempts' => (int) $a['attempts']];
            if ($a['state'] === 'stuck') {
                $params['date'] = $words->date($this->time->today($shopId, (int) $a['claimedAt']));
            }
            $out[] = ['orderRef' => (string) $a['orderRef'], 'state' => $a['state'], 'since' => $a['claimedAt'], 'attempts' => (int) $a['attempts'],
                'action' => $what, 'text' => $words->text('host_action', $a['state'], $params)];
        }
        return ['ok' => $out === [], 'text' => $out === [] ? $words->text('host_action', 'all_done') : \implode("\n", \array_column($out, 'text')), 'actions' => $out];
    }

    /** One host action in words (what the shop was to do). */
    private function actionWords(HostAction $a, Words $w): string
    {
        $p = $a->params;
        $amount = static fn (): string => $w->money((string) ($p['amount'] ?? '0'), $a->currency);
        return match ($a->type) {
            'set_status' => $w->text('host_action', 'set_status', ['status' => $w->text('status', (string) ($p['class'] ?? ''))]),
            'note' => $w->text('host_action', 'note', ['note' => $w->note((string) ($p['code'] ?? ''), (array) ($p['params'] ?? []), $a->currency)]),
            'email' => $w->text('host_action', 'email', ['mail' => $w->text('mail', (string) ($p['template'] ?? ''))]),
            'refund_external' => $w->text('host_action', 'refund_external', ['amount' => $amount()]),
            'record_payment' => $w->text('host_action', 'record_payment', ['amount' => $amount()]),
            'stock' => $w->text('host_action', 'stock'),
            default => $w->text('word', 'unavailable'),
        };
    }

    /**
     * The job: applies events kept while the core could not run, in arrival order.
     * @return array{applied: int, waiting: int}
     * @throws RuntimeUnavailable the core still cannot run (events stay kept)
     */
    public function applyWaiting(?HostActions $host = null, int $limit = 100): array
    {
        $out = ['applied' => 0, 'waiting' => 0];
        foreach ($this->repo->waitingEvents($limit) as $e) {
            $event = $e['event'];
            $facts = $event['_facts'] ?? null;
            unset($event['_facts']);
            $a = $this->handle((string) $e['shop_id'], (string) $e['order_ref'], (string) $e['event_key'], $event, $host, $facts);
            $out[($a['stored'] ?? false) === true ? 'waiting' : 'applied']++;
        }
        return $out;
    }

    /**
     * What the books know about an order, for host pages and adapters (never ask the host for
     * these): per funding source planned, reserved, paid, refunded, restored (settled: the
     * customer's payments on account); the top-up's price, credit, VAT, credited, reversed.
     * @return array<string, mixed>|null
     */
    public function summary(string $shopId, string $orderRef): ?array
    {
        $row = $this->repo->find($shopId, $orderRef);
        return $row === null ? null : self::view($row['state']);
    }

    /** Every host action of an order (performed or not), for the order page and tests. @return list<array<string, mixed>> */
    public function actions(string $shopId, string $orderRef): array
    {
        return $this->repo->actionsOf($shopId, $orderRef);
    }

    /** @return array<string, mixed> */
    private function applyLocked(string $shopId, string $orderRef, string $eventKey, array $event, string $hash, ?array $facts): array
    {
        $now = $this->time->now();
        $create = $event['type'] === 'placed' && $facts !== null ? [
            'customer_id' => $facts['customer']['customerId'], 'currency' => (string) $event['currency'], 'kind' => (string) $event['kind'],
            'method' => (string) $event['method'], 'phase' => 'new', 'key_base' => self::keyBase($shopId, $orderRef),
            'state' => 'null', 'facts' => Json::encode($facts),
        ] : null;
        $row = $this->repo->lock($shopId, $orderRef, $create, $now);
        if ($row === null) {
            throw new Refused(self::answer(false, false, ['order_unknown'], null));
        }
        $previous = $this->repo->event($shopId, $orderRef, $eventKey);
        if ($previous !== null && \in_array($previous['state'], ['applied', 'refused'], true)) {
            return self::answered($previous, $hash, $event, $row['state']);
        }
        if ($facts !== null && $row['state'] === null) {
            $row['facts'] = $facts;
        }
        [$state, $actions, $first, $written] = $this->rounds($row, $event);
        $this->repo->save($shopId, $orderRef, self::columns($state), $now);
        $cur = (string) $row['currency'];
        $stored = $this->repo->addActions($shopId, $orderRef, $eventKey, \array_map(static fn (array $a): array => $a + ['currency' => $cur], $actions), $now);
        $stored = \array_map(static fn (array $a): array => $a + ['shopId' => $shopId, 'orderRef' => $orderRef], $stored);
        $answer = self::answer(true, $first['applied'], $first['reasons'], $state, $written, $stored);
        $this->repo->recordEvent($shopId, $orderRef, $eventKey, $hash, $event, 'applied', $answer, $now);
        return $answer;
    }

    /**
     * decide → run the book operations → decide on the outcome of the one that reports, until
     * nothing reports. A refusal at any round rolls the event back.
     * @return array{0: array<string, mixed>, 1: list<array<string, mixed>>, 2: array{applied: bool, reasons: list<string>}, 3: int}
     */
    private function rounds(array $row, array $event): array
    {
        $state = $row['state'];
        $actions = [];
        $first = null;
        $written = 0;
        for ($round = 0; $round < self::MAX_ROUNDS; $round++) {
            $d = $this->books->ask('order.decide', $this->input($row, $state, $event));
            if ($d['accepted'] !== true) {
                throw new Refused(self::answer(false, false, $d['reasons'], $row['state']));
            }
            $first ??= ['applied' => (bool) $d['applied'], 'reasons' => $d['reasons']];
            $state = $d['order'];
            $actions = [...$actions, ...$d['actions']];
            $row['state'] = $state;
            $event = null;
            foreach ($d['book'] as $op) {
                $r = $this->runner->run($op, $row);
                $written += $r['written'];
                $event = $r['booked'] ?? $event;
            }
            if ($event === null) {
                return [$state, $actions, $first, $written];
            }
        }
        throw new \LogicException('order.decide asked for more than ' . self::MAX_ROUNDS . ' rounds');
    }

    /** The core's input: the state, the event, the shop's settings and the facts read under the lock. */
    private function input(array $row, ?array $state, array $event): array
    {
        $shopId = (string) $row['shop_id'];
        $input = ['keyBase' => (string) $row['key_base'], 'order' => $state, 'event' => $event, 'settings' => [
            'topUpMethods' => \array_values((array) $this->facts->setting($shopId, 'orders.top_up_methods', [])),
        ], 'facts' => $this->liveFacts($row, $state)];
        // Only top-ups read the balance rules (in the order's currency).
        if (($state['kind'] ?? $event['kind'] ?? null) === 'top_up') {
            $input['settings']['wallet'] = $this->facts->walletSettings($shopId);
        }
        $due = $this->facts->setting($shopId, 'orders.due_date_status');
        if (\is_string($due) && $due !== '') {
            $input['settings']['dueDateStatus'] = $due;
        }
        $shipped = $this->facts->setting($shopId, 'orders.shipped_status');
        if (\is_string($shipped) && $shipped !== '') {
            $input['settings']['shippedStatus'] = $shipped;
        }
        return $input;
    }

    /** The customer's spendable balance and whether the reservation is still live, under the lock. */
    private function liveFacts(array $row, ?array $state): array
    {
        $customerId = $row['customer_id'] ?? null;
        $facts = ['reservationLive' => true];
        if ($customerId !== null && $customerId !== '') {
            $id = Ids::wallet((string) $row['shop_id'], (string) $customerId, (string) $row['currency']);
            $wallet = $this->accounts->lockAccounts([$id], [AccountRepository::class, 'defaultsFromId'], $this->time->now())[$id];
            $facts['walletAvailable'] = (string) $this->books->ask('wallet.balance', ['wallet' => AccountRepository::toWire($wallet)])['available'];
        }
        $key = $state['reservationKey'] ?? null;
        if (\is_string($key)) {
            $live = false;
            foreach ($this->transfers->findByIds(["$key:wallet", "$key:credit"]) as $t) {
                $expired = $t['timeoutS'] > 0 && $t['timestampS'] + $t['timeoutS'] <= $this->time->now();
                $live = $live || ($t['pendingStatus'] === 'pending' && !$expired);
            }
            $facts['reservationLive'] = $live;
        }
        return $facts;
    }

    /**
     * The answer to a key seen before: the same event → its stored answer (replay: true when it
     * was applied; a refusal is answered again as it was); another event → exists_with_different_*.
     */
    private static function answered(array $previous, string $hash, array $event, ?array $state): array
    {
        if (\hash_equals((string) $previous['event_hash'], $hash)) {
            return ['replay' => $previous['state'] === 'applied', 'written' => 0, 'actions' => []] + (array) $previous['answer'];
        }
        $before = $previous['event'];
        $onlyAmount = isset($before['amount'], $event['amount']) && \array_diff_key($before, ['amount' => 1]) == \array_diff_key($event, ['amount' => 1]);
        return self::answer(false, false, [$onlyAmount ? 'exists_with_different_amount' : 'exists_with_different_event'], $state);
    }

    /**
     * A refused event is remembered under its key (a second delivery gets the same refusal, even
     * after the order changed), except an event for an order not placed yet: it may come first.
     */
    private function rememberRefusal(string $shopId, string $orderRef, string $eventKey, array $event, string $hash, array $answer): array
    {
        if ($answer['reasons'] === ['order_unknown']) {
            return $answer;
        }
        $this->c->transaction(fn () => $this->repo->recordEvent($shopId, $orderRef, $eventKey, $hash, $event, 'refused', $answer, $this->time->now()));
        $stored = $this->repo->event($shopId, $orderRef, $eventKey);
        // A concurrent delivery of the same key may have been recorded first: answer as it was.
        return $stored === null ? $answer : self::answered($stored, $hash, $event, null) + $answer;
    }

    /** The core could not run: keep the event (nothing was booked) for applyWaiting(). */
    private function keepWaiting(string $shopId, string $orderRef, string $eventKey, array $event, string $hash, ?array $facts): array
    {
        if ($facts !== null) {
            $event['_facts'] = $facts;
        }
        $this->c->transaction(fn () => $this->repo->recordEvent($shopId, $orderRef, $eventKey, $hash, $event, 'waiting', null, $this->time->now(), 'runtime_unavailable'));
        return self::answer(false, false, ['runtime_unavailable'], null) + ['stored' => true];
    }

    /** @return array<string, mixed> */
    private static function answer(bool $accepted, bool $applied, array $reasons, ?array $state, int $written = 0, array $actions = []): array
    {
        return ['accepted' => $accepted, 'applied' => $applied, 'replay' => false, 'reasons' => \array_values($reasons), 'written' => $written, 'order' => $state === null ? null : self::view($state), 'actions' => $actions];
    }

    /** The state without the core's bookkeeping (what hosts show). @return array<string, mixed> */
    private static function view(?array $state): ?array
    {
        if ($state === null) {
            return null;
        }
        return \array_diff_key($state, \array_flip(['awaiting', 'seq', 'reservationKey', 'mails']));
    }

    /** @return array<string, mixed> the order row's columns from the core's state (figures as the core answered them) */
    private static function columns(array $state): array
    {
        $cur = (string) $state['currency'];
        $minor = static fn (?string $amount): int => $amount === null ? 0 : MoneyFormat::toMinorNonNegative($amount, $cur);
        return [
            'state' => $state, 'phase' => (string) $state['phase'], 'status_class' => $state['status'] ?? null, 'kind' => (string) $state['kind'], 'method' => (string) $state['method'],
            'wallet_held' => $minor($state['wallet']['held'] ?? null), 'credit_held' => $minor($state['creditLine']['held'] ?? null),
            'external_held' => $minor($state['external']['held'] ?? null), 'top_up_credited' => $minor($state['topUp']['credited'] ?? null),
        ];
    }

    /** `o:{shop}:{orderRef}`, or a digest of the order ref when that is too long for derived ids. */
    private static function keyBase(string $shopId, string $orderRef): string
    {
        $base = "o:$shopId:$orderRef";
        return \strlen($base) <= 80 ? $base : "o:$shopId:" . \substr(\hash('sha256', $orderRef), 0, 32);
    }
}

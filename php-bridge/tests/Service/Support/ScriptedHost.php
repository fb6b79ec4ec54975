<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service\Support;

use ShopCredit\Service\Order\HostAction;
use ShopCredit\Service\Order\HostActions;
use ShopCredit\Service\Orders;

/**
 * An in-memory shop with either host's order statuses, driven the way a real host adapter is
 * meant to drive ShopCredit: each host event (checkout, a status change by hand, the refund
 * screen, a payment typed in, the gateway's capture) is translated into an Orders event, and
 * every host action Orders answers is performed here and recorded (statuses set, notes, mails,
 * external refunds, stock, payments). Setting a status fires the host's status hook again, as
 * WooCommerce and PrestaShop do; our own echo must change nothing.
 *
 * Every delivery is remembered so a test can deliver them all again (twice, out of order).
 * With a log file, performed actions are also appended there (one JSON line each, under an
 * exclusive lock) so concurrent PHP processes can be counted.
 */
final class ScriptedHost implements HostActions
{
    public const WOOCOMMERCE = 'woocommerce';
    public const PRESTASHOP = 'prestashop';

    /** host status → status class */
    public const STATUSES = [
        self::WOOCOMMERCE => [
            'wc-pending' => 'pending_payment', 'wc-on-hold' => 'pending_payment', 'wc-processing' => 'paid', 'wc-completed' => 'fulfilled',
            'wc-cancelled' => 'cancelled', 'wc-refunded' => 'refunded', 'wc-failed' => 'failed',
            'wc-sc-credit-check' => 'pending_credit_check', 'wc-sc-credit-fail' => 'credit_check_failed', 'wc-sc-awaiting-fin' => 'awaiting_financing',
        ],
        self::PRESTASHOP => [
            'ps-awaiting-bank-wire' => 'pending_payment', 'ps-awaiting-check' => 'pending_payment', 'ps-awaiting-cod' => 'pending_payment',
            'ps-payment-accepted' => 'paid', 'ps-processing' => 'paid', 'ps-shipped' => 'fulfilled', 'ps-delivered' => 'fulfilled',
            'ps-canceled' => 'cancelled', 'ps-refunded' => 'refunded', 'ps-payment-error' => 'failed',
            'ps-sc-on-account' => 'on_account', 'ps-sc-credit-check' => 'pending_credit_check', 'ps-sc-credit-failed' => 'credit_check_failed', 'ps-sc-awaiting-financing' => 'awaiting_financing',
        ],
    ];

    /** status class → the status the host sets for it */
    public const SET = [
        self::WOOCOMMERCE => [
            'pending_payment' => 'wc-pending', 'paid' => 'wc-processing', 'fulfilled' => 'wc-completed', 'cancelled' => 'wc-cancelled',
            'refunded' => 'wc-refunded', 'failed' => 'wc-failed', 'pending_credit_check' => 'wc-sc-credit-check',
            'credit_check_failed' => 'wc-sc-credit-fail', 'on_account' => 'wc-processing', 'awaiting_financing' => 'wc-sc-awaiting-fin',
        ],
        self::PRESTASHOP => [
            'pending_payment' => 'ps-awaiting-bank-wire', 'paid' => 'ps-payment-accepted', 'fulfilled' => 'ps-shipped', 'cancelled' => 'ps-canceled',
            'refunded' => 'ps-refunded', 'failed' => 'ps-payment-error', 'pending_credit_check' => 'ps-sc-credit-check',
            'credit_check_failed' => 'ps-sc-credit-failed', 'on_account' => 'ps-sc-on-account', 'awaiting_financing' => 'ps-sc-awaiting-financing',
        ],
    ];

    /** @var array<string, string> order → host status */
    public array $status = [];
    /** @var list<array<string, mixed>> every action performed, in order */
    public array $performed = [];
    /** @var list<array{string, string, list<mixed>}> every delivery: order, method, args */
    public array $deliveries = [];
    /** @var list<array<string, mixed>> every answer */
    public array $answers = [];
    /** @var array<string, int> product → stock */
    public array $stock = [];
    private int $history = 0;
    private int $refunds = 0;

    public function __construct(
        private readonly Orders $orders,
        public readonly string $host,
        private readonly string $shopId = '1',
        private readonly ?string $logFile = null,
    ) {
    }

    /** Checkout with one of our methods (or a top-up): the host's order exists, in its first status. */
    public function checkout(string $orderRef, array $placement, string $firstStatus): array
    {
        $this->status[$orderRef] = $firstStatus;
        return $this->deliver($orderRef, 'place', [$this->shopId, $orderRef, $placement, 'placed', $this]);
    }

    /** The merchant (or the host's own flow, e.g. a gateway) sets a status. */
    public function setStatus(string $orderRef, string $hostStatus): array
    {
        $this->status[$orderRef] = $hostStatus;
        $class = self::STATUSES[$this->host][$hostStatus] ?? throw new \InvalidArgumentException("no status $hostStatus in {$this->host}");
        return $this->deliver($orderRef, 'statusChanged', [$this->shopId, $orderRef, $class, $hostStatus, 'status:' . ++$this->history, $this]);
    }

    /** A refund from the host's own refund screen (a credit slip in PrestaShop). */
    public function refundScreen(string $orderRef, string $amount, bool $viaGateway = false): array
    {
        return $this->deliver($orderRef, 'refunded', [$this->shopId, $orderRef, 'r' . ++$this->refunds, $amount, $viaGateway, $this]);
    }

    /** The payment gateway says the money arrived. */
    public function gatewayCaptures(string $orderRef): array
    {
        return $this->deliver($orderRef, 'paymentCaptured', [$this->shopId, $orderRef, 'txn-' . $orderRef, $this]);
    }

    /** A payment typed in on an order on account: in the host's screen, or in our back office. */
    public function paymentTyped(string $orderRef, string $paymentId, string $amount, string $origin = 'host'): array
    {
        return $this->deliver($orderRef, 'paymentRecorded', [$this->shopId, $orderRef, $paymentId, $amount, 'bank_transfer', 'VIR-' . $paymentId, $origin, $this]);
    }

    /** @param list<mixed> $args */
    private function deliver(string $orderRef, string $method, array $args): array
    {
        $this->deliveries[] = [$orderRef, $method, $args];
        $answer = $this->orders->$method(...$args);
        $this->answers[] = $answer;
        return $answer;
    }

    /**
     * Every delivery again, in reverse order (a duplicate of each, out of order).
     * @return list<array<string, mixed>> the answers
     */
    public function redeliverAll(): array
    {
        $out = [];
        foreach (\array_reverse($this->deliveries) as [, $method, $args]) {
            $out[] = $this->orders->$method(...$args);
        }
        return $out;
    }

    public function perform(HostAction $action): void
    {
        $record = ['orderRef' => $action->orderRef, 'type' => $action->type] + $action->params;
        $this->performed[] = $record;
        if ($this->logFile !== null) {
            \file_put_contents($this->logFile, \json_encode($record) . "\n", \FILE_APPEND | \LOCK_EX);
        }
        if ($action->type === 'set_status') {
            $this->hostSetsStatus($action->orderRef, (string) $action->params['class']);
        }
    }

    /** The host sets the status and fires its status hook, which comes back to Orders (an echo). */
    private function hostSetsStatus(string $orderRef, string $class): void
    {
        $status = self::SET[$this->host][$class] ?? throw new \InvalidArgumentException("{$this->host} has no status for $class");
        if (($this->status[$orderRef] ?? null) === $status) {
            return;
        }
        $this->status[$orderRef] = $status;
        $this->deliver($orderRef, 'statusChanged', [$this->shopId, $orderRef, self::STATUSES[$this->host][$status], $status, 'status:' . ++$this->history, $this]);
    }

    /** @return list<string> what was performed for an order, as `type:detail` */
    public function log(string $orderRef): array
    {
        $out = [];
        foreach ($this->performed as $p) {
            if ($p['orderRef'] !== $orderRef) {
                continue;
            }
            $out[] = match ($p['type']) {
                'set_status' => 'status:' . $p['class'],
                'note' => 'note:' . $p['code'],
                'email' => 'email:' . $p['template'],
                'refund_external' => 'refund_external:' . $p['amount'],
                'record_payment' => 'payment:' . $p['amount'],
                'stock' => 'stock:' . $p['change'],
                default => $p['type'],
            };
        }
        return $out;
    }
}

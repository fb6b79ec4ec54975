<?php
/**
 * PrestaShop's order events as the order lifecycle's (ShopCredit\Service\Orders): each hook
 * becomes one Orders call with a status class and the facts PrestaShop gives, and the host
 * actions Orders answers go to $perform (at once, or at the end of the request when the event
 * comes from inside one of PrestaShop's own status changes). No money arithmetic and no
 * decision here: Orders decides, from what its books hold.
 *
 * Keys: a state change is `status:{state}:{rows in the order's history}` (two deliveries of one
 * change answer as one; the next change has another key), a credit slip `slip-{id}`, a payment
 * `ps-{id_order_payment}`, a captured top-up `captured`.
 */

namespace ShopCreditPs\Order;

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCredit\Service\Orders;
use ShopCreditPs\Requests;
use ShopCreditPs\StatusMap;

final class Events
{
    /**
     * @param \Closure(list<array<string, mixed>>): void $perform performs (or queues) host actions
     */
    public function __construct(
        private readonly Orders $orders,
        private readonly StatusMap $map,
        private readonly Shop $shop,
        private readonly NoteText $words,
        private readonly \Closure $perform,
    ) {
    }

    /**
     * The order moved to another state (PrestaShop's own flow, or by hand in the back office).
     * A state PrestaShop flags paid is its "the money arrived": for a top-up, the capture.
     * @param array{paid: bool, logable: bool, shipped: bool} $flags the new state's flags
     * @param int|null $stateBefore the state it left (an order of the earlier versions is adopted with it)
     * @return array<string, mixed> Orders' answer (order_unknown: not an order of ours)
     */
    public function statusChanged(string $shopId, int $cartId, int $stateId, array $flags, int $historyRows, ?int $stateBefore = null): array
    {
        $ref = Requests::orderRef($cartId);
        $class = $this->map->classOf($stateId, $flags);
        $send = fn (): array => $this->orders->statusChanged($shopId, $ref, $class, (string) $stateId, "status:$stateId:$historyRows");
        $a = $send();
        if (($a['reasons'] ?? []) === ['order_unknown'] && $this->adoption()->adopt($shopId, $ref, $stateBefore)) {
            $a = $send();
        }
        ($this->perform)($a['actions']);
        if ($flags['paid'] && ($a['order']['kind'] ?? null) === 'top_up') {
            ($this->perform)($this->orders->paymentCaptured($shopId, $ref, "state:$stateId")['actions']);
        }
        return $a;
    }

    /**
     * PrestaShop's status change finished (it writes the order's state again after its hook:
     * of two changes racing, the one whose hook ran first may write last). The books follow the
     * state the order shows now, read under the order's lock; when the books refuse it, their
     * correction comes back as a set_status action.
     * @return array<string, mixed> Orders' answer
     */
    public function settled(string $shopId, int $cartId): array
    {
        $ref = Requests::orderRef($cartId);
        $orderId = $this->shop->orderOf($ref);
        if ($orderId === null) {
            return ['accepted' => false, 'reasons' => ['order_unknown'], 'actions' => []];
        }
        $a = $this->orders->statusSettled($shopId, $ref, function () use ($orderId): array {
            $state = $this->shop->state($orderId);
            return ['class' => $this->map->classOf($state, $this->shop->stateFlags($state)), 'hostStatus' => (string) $state];
        });
        ($this->perform)($a['actions']);
        return $a;
    }

    /** A credit slip (PrestaShop's partial refund, standard refund or product return): split by source by the books. */
    public function slipAdded(string $shopId, int $cartId, int $slipId, string $amount): array
    {
        $ref = Requests::orderRef($cartId);
        if ($this->orders->summary($shopId, $ref) === null && !$this->adoption()->adopt($shopId, $ref)) {
            return ['accepted' => false, 'reasons' => ['order_unknown']];
        }
        return $this->told($ref, $this->orders->refunded($shopId, $ref, "slip-$slipId", $amount, false));
    }

    /**
     * A payment typed in PrestaShop's own order page ("Add payment") on an order on account:
     * booked on its receivable with the method and reference the merchant typed. $automatic: a
     * payment PrestaShop recorded by itself during a status change (answer `takeOut`: not the
     * customer's, to be taken out of the order's payments).
     */
    public function paymentAdded(string $shopId, int $cartId, int $paymentId, string $amount, bool $inOrderCurrency, string $method, ?string $reference, bool $automatic = false): array
    {
        $ref = Requests::orderRef($cartId);
        $order = $this->orders->summary($shopId, $ref);
        if ($order === null && $this->adoption()->adopt($shopId, $ref)) {
            $order = $this->orders->summary($shopId, $ref);
        }
        if (($order['method'] ?? null) !== V::METHOD_CREDIT_LINE) {
            return ['accepted' => false, 'reasons' => ['order_not_payable']];
        }
        if ($automatic) {
            // PrestaShop records "the rest" itself on any state flagged paid (Shipped included):
            // not the customer's payment. The caller takes it out; the merchant is told.
            $orderId = $this->shop->orderOf($ref);
            if ($orderId !== null) {
                $this->shop->note($orderId, $this->words->note('automatic_payment', ['amount' => $amount], (string) $order['currency']));
            }
            return ['accepted' => false, 'reasons' => ['order_not_payable'], 'takeOut' => true];
        }
        if (!$inOrderCurrency) {
            return $this->told($ref, ['accepted' => false, 'reasons' => ['currency_mismatch'], 'actions' => []]);
        }
        return $this->told($ref, $this->orders->paymentRecorded($shopId, $ref, "ps-$paymentId", $amount, $method, $reference, 'host'));
    }

    /**
     * A top-up order created by another payment module (the cart holds only the top-up): placed
     * with what the order costs in its currency, net of coupons; the module's name is the method.
     * @param array{customerId: string, groupIds?: list<string>} $customer
     */
    public function topUpOrdered(string $shopId, int $cartId, array $customer, string $currency, string $total, string $module): array
    {
        $ref = Requests::orderRef($cartId);
        $a = $this->orders->place($shopId, $ref, ['customer' => $customer, 'kind' => 'top_up', 'method' => V::METHOD_EXTERNAL,
            'currency' => $currency, 'total' => $total, 'paymentMethod' => $module], 'placed:top_up');
        return $this->told($ref, $a);
    }

    /** Orders of the module's earlier versions, handed to Orders by their first event. */
    private function adoption(): Adoption
    {
        return new Adoption($this->orders, $this->map, $this->shop, $this->words);
    }

    /** Performs the answer's actions; a refusal is told to the merchant on the order, in words. */
    private function told(string $ref, array $answer): array
    {
        ($this->perform)($answer['actions'] ?? []);
        if (($answer['accepted'] ?? false) !== true && ($answer['replay'] ?? false) !== true) {
            $orderId = $this->shop->orderOf($ref);
            if ($orderId !== null) {
                $this->shop->note($orderId, $this->words->note('event_refused', ['reasons' => implode(',', (array) $answer['reasons'])], ''));
            }
        }
        return $answer;
    }
}

<?php
/**
 * Orders placed with the module's earlier versions (before Orders): the books hold their
 * movements but Orders has no placement, so an event for one answers `order_unknown`. The
 * first event that comes for one hands it to Orders::adopt with what only PrestaShop knows —
 * how the old module funded it (its `shopcredit_order` table, which the upgrade keeps), the
 * balance part, the order's total, the state before this event, whether the order was ever
 * paid — and the books give the rest (what was reserved, paid, refunded, given back). The
 * event is then sent again, as for any order. No figure is computed here: PrestaShop's amounts
 * go through as decimal strings.
 */

namespace ShopCreditPs\Order;

use ShopCredit\Service\Orders;
use ShopCreditPs\StatusMap;

final class Adoption
{
    /** The old table's `funding` → Orders' method. */
    private const METHODS = ['credit_line' => 'credit_line', 'wallet' => 'wallet_full', 'partial' => 'wallet_partial', 'financing' => 'financing'];

    public function __construct(
        private readonly Orders $orders,
        private readonly StatusMap $map,
        private readonly Shop $shop,
        private readonly NoteText $words,
    ) {
    }

    /**
     * Orders::adopt's fields for an order of the earlier versions, or null when it is not one
     * Orders takes: nothing of ours, or a top-up the old module never credited (a refused
     * placement looks the same: it must never become creditable).
     * @param array{funding: string, balancePart: string, topUpCredited: bool, customer: array<string, mixed>, currency: string, total: string, paymentMethod: string, everPaid: bool} $old
     * @param array{paid: bool, logable: bool, shipped: bool} $flags the flags of $stateId
     * @return array<string, mixed>|null
     */
    public function params(array $old, int $stateId, array $flags): ?array
    {
        $p = ['customer' => $old['customer'], 'currency' => $old['currency'], 'total' => $old['total'], 'paymentMethod' => $old['paymentMethod'],
            'class' => $this->map->classOf($stateId, $flags), 'hostStatus' => (string) $stateId];
        $method = self::METHODS[$old['funding']] ?? null;
        if ($method === null) {
            return $old['topUpCredited'] ? $p + ['kind' => 'top_up', 'method' => 'external', 'externalPaid' => true] : null;
        }
        $p += ['kind' => 'goods', 'method' => $method];
        if ($method === 'wallet_partial') {
            // The rest was paid by another module when the order reached a state PrestaShop flags paid.
            $p += ['walletPart' => $old['balancePart'], 'externalPaid' => $old['everPaid']];
        }
        return $p;
    }

    /**
     * Adopts the order when the earlier versions placed it; true when Orders has it now.
     * @param int|null $stateBefore the state before the event being handled (null: the order's state now)
     */
    public function adopt(string $shopId, string $orderRef, ?int $stateBefore = null): bool
    {
        $orderId = $this->shop->orderOf($orderRef);
        $old = $orderId === null ? null : $this->shop->earlierVersionOrder($orderId);
        if ($old === null) {
            return false;
        }
        // Its state before this event: with the new one, a cancellation would be "seen again" and give nothing back.
        $state = $stateBefore ?? $this->shop->state($orderId);
        $p = $this->params($old, $state, $this->shop->stateFlags($state));
        if ($p === null) {
            return false;
        }
        $a = $this->orders->adopt($shopId, $orderRef, $p);
        if (($a['accepted'] ?? false) === true && ($a['replay'] ?? false) !== true) {
            foreach ((array) ($a['givenBackBeyondPaid'] ?? []) as $amount) {
                $this->shop->note($orderId, $this->words->note('given_back_beyond_paid', ['amount' => (string) $amount], (string) $p['currency']));
            }
        }
        return ($a['accepted'] ?? false) === true || in_array('order_already_placed', (array) ($a['reasons'] ?? []), true);
    }
}

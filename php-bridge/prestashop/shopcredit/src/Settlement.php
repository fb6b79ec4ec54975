<?php
/**
 * After the order: a state change posts the reservations (paid state) or voids them (cancelled,
 * payment error, failed credit check), gives back a posted balance payment when a paid order is
 * cancelled, credits top-ups once their order is paid, and fixes the due date of an order on
 * account at the state the admin chose. Order slips are refunded by funding source.
 */

namespace ShopCreditPs;

final class Settlement
{
    /** @return list<int> states in which an order will not be paid any more */
    public static function releasingStates(\Shopcredit $module): array
    {
        return array_values(array_filter([
            (int) \Configuration::get('PS_OS_CANCELED'), (int) \Configuration::get('PS_OS_ERROR'),
            $module->stateId(StatusMap::FAILED_CREDIT_CHECK),
        ]));
    }

    public static function statusChanged(\Shopcredit $module, \Order $order, \OrderState $state): void
    {
        $link = OrderLink::forOrder($order);
        try {
            if ($link !== null) {
                if ((int) $link['id_order'] === 0) {
                    OrderLink::save((int) $order->id_cart, ['id_order' => (int) $order->id]);
                }
                self::settle($module, $order, $state, $link);
                self::dueDate($module, $order, $state, $link);
            }
            TopUp::creditIfPaid($module, $order, $state);
        } catch (\Throwable $e) {
            // A state change must never be undone by the books; the note tells, the jobs retry.
            Notes::add($order, 'settlement failed: ' . $e->getMessage());
            \PrestaShopLogger::addLog('ShopCredit: settlement failed for order ' . (int) $order->id . ': ' . $e->getMessage(), 3, null, 'Order', (int) $order->id);
        }
    }

    /** @param array<string, mixed> $link */
    private static function settle(\Shopcredit $module, \Order $order, \OrderState $state, array $link): void
    {
        if ($link['reservation'] === '') {
            return;
        }
        $outcome = StatusMap::settlementOutcome((int) $state->id, (bool) $state->paid, self::releasingStates($module));
        if ($outcome === null) {
            return;
        }
        $ref = Requests::orderRef((int) $order->id_cart);
        $r = Bridge::sc()->checkout()->settle($ref, $outcome);
        if (($r['settled'] ?? false) === true && ($r['_written'] ?? 1) > 0) {
            Notes::add($order, $outcome === 'paid' ? 'reservations posted.' : 'reservations released.');
            return;
        }
        // An order on account cancelled after its check passed: the unpaid rest goes back to the line.
        if ($outcome === 'cancelled' && $link['funding'] === 'credit_line' && $link['credit_check'] === 'passed') {
            $c = Bridge::sc()->credit()->cancelOrder(Bridge::shopId((int) $order->id_shop), $ref, Requests::key('cxc', (int) $order->id_cart), 'prestashop');
            if (($c['accepted'] ?? false) === true && ($c['replay'] ?? true) === false) {
                OrderLink::save((int) $order->id_cart, ['credit_check' => 'cancelled']);
                Notes::add($order, $c['restored'] . ' given back to the credit line; ' . $c['paidToReturn'] . ' already paid by the customer is to be returned.');
            }
            return;
        }
        // Nothing pending any more: a paid balance order cancelled later gets its balance back.
        if ($outcome === 'cancelled' && in_array($link['funding'], ['wallet', 'partial'], true) && str_ends_with((string) $link['reservation'], ':wallet')) {
            $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
            $c = Bridge::sc()->wallet()->cancel(Bridge::shopId((int) $order->id_shop), (string) $order->id_customer, $iso, Requests::key('cx', (int) $order->id_cart), $ref, (string) $link['reservation']);
            if (($c['_written'] ?? 0) > 0) {
                Notes::add($order, 'the store balance payment was given back.');
            }
        }
    }

    /** @param array<string, mixed> $link */
    private static function dueDate(\Shopcredit $module, \Order $order, \OrderState $state, array $link): void
    {
        if ($link['funding'] !== 'credit_line' || $link['credit_check'] !== 'passed') {
            return;
        }
        if ((int) $state->id !== (int) \Configuration::getGlobalValue('SHOPCREDIT_OS_DUE_START')) {
            return;
        }
        $r = Bridge::sc()->credit()->dueDate(Bridge::shopId((int) $order->id_shop), Requests::orderRef((int) $order->id_cart), date('Y-m-d'));
        if (!empty($r['changed'])) {
            Notes::add($order, 'payment due on ' . $r['receivable']['dueDate'] . '.');
        }
    }

    /**
     * A credit slip (standard or partial refund): the core splits it by what each source paid;
     * the slip id is the idempotency key (a replay moves nothing).
     */
    public static function slipAdded(\Shopcredit $module, \Order $order): void
    {
        $link = OrderLink::forOrder($order);
        if ($link === null || $link['funding'] === '') {
            return;
        }
        $slip = \Db::getInstance()->getRow('SELECT id_order_slip, total_products_tax_incl, total_shipping_tax_incl FROM `' . _DB_PREFIX_ . 'order_slip` WHERE id_order = ' . (int) $order->id . ' ORDER BY id_order_slip DESC');
        if (!is_array($slip)) {
            return;
        }
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        // DECIMAL(20,6) strings from the database: converted as digits, added in minor units.
        $amount = Money::add(Money::fromPs((string) $slip['total_products_tax_incl'], $iso), Money::fromPs((string) $slip['total_shipping_tax_incl'], $iso), $iso);
        if (!Money::isPositive($amount, $iso)) {
            return;
        }
        $sources = Requests::refundSources((string) $link['funding'], Money::fromPs((string) $order->total_paid_tax_incl, $iso), $link['balance_part'] !== '' ? (string) $link['balance_part'] : null, $iso);
        try {
            $r = Bridge::sc()->wallet()->refund(Bridge::shopId((int) $order->id_shop), (string) $order->id_customer, $iso, Requests::key('rf', (int) $slip['id_order_slip']), Requests::orderRef((int) $order->id_cart), $amount, $sources);
        } catch (\Throwable $e) {
            Notes::add($order, 'refund of credit slip ' . (int) $slip['id_order_slip'] . ' failed: ' . $e->getMessage());
            return;
        }
        if (($r['accepted'] ?? false) !== true) {
            Notes::add($order, 'refund of credit slip ' . (int) $slip['id_order_slip'] . ' refused: ' . implode(', ', (array) ($r['reasons'] ?? [])));
            return;
        }
        $legs = [];
        foreach ((array) ($r['legs'] ?? []) as $leg) {
            $legs[] = $leg['source'] . ' ' . $leg['amount'];
        }
        Notes::add($order, 'refund booked for credit slip ' . (int) $slip['id_order_slip'] . ': ' . implode(', ', $legs) . '.');
    }
}

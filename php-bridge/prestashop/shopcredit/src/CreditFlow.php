<?php
/**
 * The credit-check flow of an order on account: placed in "Pending credit check" → the core's
 * check → the state the admin chose for accepted orders, "Failed credit check" (with reasons,
 * an e-mail to the customer with a link to pay another way, and one to the admin), or left
 * pending for the merchant's manual approval.
 */

namespace ShopCreditPs;

final class CreditFlow
{
    public static function placed(\Shopcredit $module, \Order $order, string $total, string $iso, string $natural): void
    {
        $ref = Requests::orderRef((int) $order->id_cart);
        $r = Bridge::sc()->credit()->checkPlaced(Requests::key('chk', (int) $order->id_cart), $ref, $iso, $total, $natural);
        OrderLink::save((int) $order->id_cart, ['credit_check' => 'pending']);
        Mails::fromNotifications($module, $order, (array) ($r['notifications'] ?? []), []);
    }

    /**
     * Runs the check (again: the same key answers the booked result).
     * @param 'approve'|'decline'|null $adminDecision after a manual review
     * @return array<string, mixed> the core's answer
     */
    public static function run(\Shopcredit $module, \Order $order, ?string $adminDecision = null, int $idEmployee = 0): array
    {
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        $link = OrderLink::forOrder($order) ?? [];
        $natural = StatusMap::naturalForCore((bool) $order->isVirtual());
        $r = Bridge::sc()->credit()->checkRun(
            Bridge::shopId((int) $order->id_shop), (string) $order->id_customer, Requests::key('chk', (int) $order->id_cart),
            Requests::orderRef((int) $order->id_cart), $iso, Money::fromPs((string) $order->total_paid_tax_incl, $iso), $natural,
            ($link['reservation'] ?? '') !== '' ? (string) $link['reservation'] : null, $adminDecision,
        );
        $outcome = (string) ($r['outcome'] ?? 'pending');
        $reasons = array_values(array_map('strval', (array) ($r['reasons'] ?? [])));
        OrderLink::save((int) $order->id_cart, ['credit_check' => $outcome]);
        $key = StatusMap::toConfigKey((string) ($r['nextStatus'] ?? ''), 'SHOPCREDIT_OS_ACCOUNT_OK');
        $to = $key === null ? 0 : $module->stateId($key);
        if ($to > 0 && $to !== (int) $order->current_state) {
            $order->setCurrentState($to, $idEmployee);
        }
        $msg = $outcome === 'passed' ? 'Credit check passed; receivable opened.' : 'Credit check: ' . $outcome . ($reasons === [] ? '' : ' (' . implode(', ', $reasons) . ')');
        Notes::add($order, $msg);
        Mails::fromNotifications($module, $order, (array) ($r['notifications'] ?? []), $reasons);
        return $r;
    }
}

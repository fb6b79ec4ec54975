<?php
/**
 * Financing follow-up: the order created in "Awaiting financing" once the provider's request
 * exists, the buyer's return, the signed webhook, polling; each moves the order to the state the
 * admin's mapping gives the subscription's status.
 */

namespace ShopCreditPs;

final class Financing
{
    /** Brings a financed order to the state the mapping gives its subscription's stored status. */
    public static function syncOrder(\Shopcredit $module, \Order $order): ?string
    {
        $link = OrderLink::forOrder($order);
        if ($link === null || $link['subscription'] === '') {
            return null;
        }
        $sc = Bridge::sc();
        $s = $sc->financing()->subscription((string) $link['subscription']);
        if ($s === null || $s['status'] === 'NONE') {
            return null;
        }
        $mapping = $sc->settings()->get(Bridge::shopId((int) $order->id_shop), 'financing.mapping');
        if (!is_array($mapping)) {
            $mapping = $sc->books->ask('financing.defaultMapping', [])['mapping'];
        }
        $entry = $mapping[$s['status']] ?? null;
        if (is_array($entry)) {
            self::applyToOrder($module, $order, (string) $entry['orderStatus'], (bool) $entry['isPaid'], (string) $s['status']);
        }
        return (string) $s['status'];
    }

    public static function applyToOrder(\Shopcredit $module, \Order $order, string $coreStatus, bool $isPaid, string $providerStatus): void
    {
        $key = $isPaid ? 'SHOPCREDIT_OS_PAID' : StatusMap::toConfigKey($coreStatus, 'SHOPCREDIT_OS_PAID');
        $to = $key === null ? 0 : $module->stateId($key);
        $order = new \Order((int) $order->id); // current state, after any concurrent change
        if ($to <= 0 || $to === (int) $order->current_state || $order->hasBeenPaid()) {
            return; // a paid order is never moved back by a late or stale event
        }
        $order->setCurrentState($to);
        Notes::add($order, 'financing status ' . $providerStatus . ' → order state ' . $to . '.');
    }
}

<?php
/**
 * One cron run (front controller with the token, or `php bin/console shopcredit:jobs`): the
 * bridge's jobs (expiry, webhook inbox, polling, reminders, provider requests), then the order
 * lifecycle's leftovers — host actions no request performed (a financing status applied by the
 * poll or the inbox, a request that stopped after its commit) and events kept while the core
 * could not run —, the earlier versions' orders handed over to Orders (a batch a run, until none
 * is left), and the reminders e-mailed. Safe when two runs overlap: the bridge locks what
 * each job changes, and each host action is claimed before it is performed.
 */

namespace ShopCreditPs;

use ShopCreditPs\Order\EarlierOrders;
use ShopCreditPs\Order\Lifecycle;

final class Jobs
{
    /** @return array<string, mixed> what each job did, per shop */
    public static function run(\Shopcredit $module): array
    {
        $sc = Bridge::sc();
        $out = [];
        $reminded = 0;
        $host = Lifecycle::actions($module); // the provider's after-sale answers become notes at once
        foreach (\Shop::getShops(true, null, true) as $idShop) {
            $r = $sc->jobs()->runAll(Bridge::shopId((int) $idShop), $host);
            // The bridge hands out every shop's due reminders once, whichever shop's run asks
            // first (a second shop listed before shop 1 once took shop 1's reminder, and it was
            // never sent): each is sent for its own shop.
            foreach ($r['reminders'] as $rem) {
                if (self::remind($module, $rem)) {
                    $reminded++;
                }
            }
            $r['reminders'] = count($r['reminders']);
            $out[(string) $idShop] = $r;
        }
        try {
            $out['earlierOrders'] = EarlierOrders::handOver($module);
        } catch (\Throwable $e) {
            $out['earlierOrdersError'] = $e->getMessage();
        }
        try {
            $out['orderEvents'] = $sc->orders()->applyWaiting($host);
            $out['orderActions'] = $sc->orders()->redrive($host);
        } catch (\Throwable $e) {
            $out['orderErrors'] = $e->getMessage();
        }
        $out['remindersSent'] = $reminded;
        return $out;
    }

    /** @param array<string, mixed> $rem one of the core's reminders (orderRef, level, dueDate, amountDue, ...) */
    private static function remind(\Shopcredit $module, array $rem): bool
    {
        $customer = new \Customer((int) $rem['customerId']);
        if (!\Validate::isLoadedObject($customer)) {
            return false;
        }
        $cartId = Requests::cartIdFromRef((string) $rem['orderRef']);
        $order = $cartId === null ? null : new \Order((int) \Order::getIdByCartId($cartId));
        $iso = (string) $rem['currency'];
        return Mails::send($module, 'overdue_reminder', (int) ($order?->id_lang ?: \Configuration::get('PS_LANG_DEFAULT')), (string) $customer->email, $customer->firstname . ' ' . $customer->lastname, [
            '{firstname}' => (string) $customer->firstname, '{lastname}' => (string) $customer->lastname,
            '{order_name}' => $order !== null && $order->id ? (string) $order->reference : (string) $rem['orderRef'],
            '{amount_due}' => $module->price((string) $rem['amountDue'], $iso), '{due_date}' => (string) $rem['dueDate'],
            '{days_overdue}' => (string) (int) $rem['daysOverdue'],
            '{credit_url}' => \Context::getContext()->link->getModuleLink('shopcredit', 'credit', [], true),
        ], (int) $rem['shopId']);
    }
}

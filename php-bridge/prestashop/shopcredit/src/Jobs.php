<?php
/**
 * One cron run (front controller with the token, or `php bin/console shopcredit:jobs`): the
 * bridge's jobs (expiry, webhook inbox, polling, reminders), then the shop side of their
 * results: financed orders follow their subscription's status, reminders are e-mailed. Safe
 * when two runs overlap: the bridge locks what each job changes, and a state already reached is
 * not set again.
 */

namespace ShopCreditPs;

final class Jobs
{
    /** @return array<string, mixed> what each job did, per shop */
    public static function run(\Shopcredit $module, int $limit = 50): array
    {
        $sc = Bridge::sc();
        $out = [];
        $reminded = 0;
        foreach (\Shop::getShops(true, null, true) as $idShop) {
            $r = $sc->jobs()->runAll(Bridge::shopId((int) $idShop));
            foreach ($r['reminders'] as $rem) {
                if ((string) $rem['shopId'] === Bridge::shopId((int) $idShop) && self::remind($module, $rem)) {
                    $reminded++;
                }
            }
            $r['reminders'] = count($r['reminders']);
            $out[(string) $idShop] = $r;
        }
        $out['ordersSynced'] = self::syncFinancedOrders($module, $limit);
        $out['remindersSent'] = $reminded;
        return $out;
    }

    /** Financed orders of the last 30 days still waiting: each follows its stored status. */
    public static function syncFinancedOrders(\Shopcredit $module, int $limit): int
    {
        $waiting = $module->stateId(StatusMap::AWAITING_FINANCING);
        $rows = \Db::getInstance()->executeS('SELECT l.id_order FROM `' . _DB_PREFIX_ . OrderLink::TABLE . '` l
            JOIN `' . _DB_PREFIX_ . 'orders` o ON o.id_order = l.id_order
            WHERE l.subscription <> \'\' AND o.current_state = ' . (int) $waiting . ' AND l.date_add > DATE_SUB(NOW(), INTERVAL 30 DAY)
            ORDER BY l.date_upd LIMIT ' . (int) $limit) ?: [];
        $n = 0;
        foreach ($rows as $row) {
            $order = new \Order((int) $row['id_order']);
            Financing::syncOrder($module, $order);
            if ((int) (new \Order((int) $row['id_order']))->current_state !== $waiting) {
                $n++;
            }
        }
        return $n;
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
        ], (int) \Shop::getContextShopID());
    }
}

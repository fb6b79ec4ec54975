<?php
/**
 * The order lifecycle wired into the running shop: Orders (the bridge), PrestaShop's calls
 * (PsShop), the state map and the shop's words. Actions answered inside one of PrestaShop's own
 * status changes or refunds (a hook) are performed at the end of the request: a status set from
 * inside PrestaShop's status change would be overwritten when that change finishes. Actions the
 * request could not perform stay in the outbox for the jobs (Orders::redrive).
 */

namespace ShopCreditPs\Order;

use ShopCreditPs\Bridge;
use ShopCreditPs\StatusMap;

final class Lifecycle
{
    /** @var list<array<string, mixed>> */
    private static array $later = [];
    /** @var array<int, array{paidReal: string, payments: list<int>}> PrestaShop's own payment rows to take out, per order */
    private static array $remove = [];
    private static bool $registered = false;
    /** @var array<int, true> orders whose state changed in this request */
    private static array $changed = [];

    public static function actions(\Shopcredit $module): Actions
    {
        return new Actions(Bridge::sc(), new PsShop($module), StatusMap::ofShop(), self::words($module));
    }

    /** The notes' words in the context's language, the shop's money and date formats; the module's catalogue wins. */
    public static function words(\Shopcredit $module): NoteText
    {
        return new NoteText(\ShopCreditPs\ShopWords::of($module), static fn (string $s): string => $module->l($s, 'notetext'));
    }

    /** Events whose actions are performed at once (controllers, jobs: outside PrestaShop's own changes). */
    public static function now(\Shopcredit $module): Events
    {
        $host = self::actions($module);
        return new Events(Bridge::sc()->orders(), StatusMap::ofShop(), new PsShop($module), self::words($module),
            static fn (array $actions) => Bridge::sc()->orders()->perform($actions, $host));
    }

    /** Events from inside PrestaShop's hooks: actions performed when the request ends. */
    public static function fromHook(\Shopcredit $module): Events
    {
        return new Events(Bridge::sc()->orders(), StatusMap::ofShop(), new PsShop($module), self::words($module),
            static fn (array $actions) => self::later($module, $actions));
    }

    /** Performs actions now (a host failure leaves the action to the jobs; the request goes on). */
    public static function perform(\Shopcredit $module, array $actions): void
    {
        try {
            Bridge::sc()->orders()->perform($actions, self::actions($module));
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: order actions: ' . $e->getMessage(), 3);
        }
    }

    /**
     * PrestaShop recorded "the rest" of an order on account as paid by itself during a status
     * change (any state flagged paid, Shipped included): not the customer's payment. Taken out
     * when the request ends (PrestaShop writes its order back after the hooks), with the total
     * it showed as paid before the change.
     */
    public static function removeAutomaticPayment(\Shopcredit $module, int $orderId, int $paymentId, string $paidRealBefore): void
    {
        self::$remove[$orderId] ??= ['paidReal' => $paidRealBefore, 'payments' => []];
        self::$remove[$orderId]['payments'][] = $paymentId;
        self::later($module, []);
    }

    /** @param list<array<string, mixed>> $actions */
    private static function later(\Shopcredit $module, array $actions): void
    {
        array_push(self::$later, ...$actions);
        if (!self::$registered) {
            self::$registered = true;
            register_shutdown_function(static function () use ($module): void {
                self::takeOutAutomaticPayments();
                // Performing an action may fire hooks that queue more, and each order whose state
                // changed is brought in line with its final state: until nothing is left.
                do {
                    while (self::$later !== []) {
                        $batch = self::$later;
                        self::$later = [];
                        self::perform($module, $batch);
                    }
                    $orders = array_keys(self::$changed);
                    self::$changed = [];
                    foreach ($orders as $orderId) {
                        self::settle($module, $orderId);
                    }
                } while (self::$later !== [] || self::$changed !== []);
            });
        }
    }

    /** An order's state changed in this request: its final state is checked when the request ends (settle()). */
    public static function stateChanged(\Shopcredit $module, int $orderId): void
    {
        self::$changed[$orderId] = true;
        self::later($module, []);
    }

    /**
     * Several requests changing one order's state at the same moment: PrestaShop writes the state
     * again after its hook, so its last writer's state can differ from the books', which follow
     * the hooks in the order they took the order's lock (seen with 8 concurrent changes: Canceled
     * in PrestaShop, paid in the books). So when a request ends, Orders reads the order's current
     * state under the books' lock of the order (Events::settled) and takes it when its class is
     * not the books': the last request to end reads the state PrestaShop kept.
     */
    private static function settle(\Shopcredit $module, int $orderId): void
    {
        try {
            $o = \Db::getInstance()->getRow('SELECT id_cart, id_shop FROM `' . _DB_PREFIX_ . 'orders` WHERE id_order = ' . $orderId, false);
            if (is_array($o)) {
                self::fromHook($module)->settled(Bridge::shopId((int) $o['id_shop']), (int) $o['id_cart']);
            }
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: order state check: ' . $e->getMessage(), 2, null, 'Order', $orderId);
        }
    }

    private static function takeOutAutomaticPayments(): void
    {
        $db = \Db::getInstance();
        foreach (self::$remove as $orderId => $r) {
            $ids = implode(',', array_map('intval', $r['payments']));
            $db->execute('DELETE FROM `' . _DB_PREFIX_ . 'order_invoice_payment` WHERE id_order_payment IN (' . $ids . ')');
            $db->execute('DELETE FROM `' . _DB_PREFIX_ . 'order_payment` WHERE id_order_payment IN (' . $ids . ')');
            $db->execute('UPDATE `' . _DB_PREFIX_ . "orders` SET total_paid_real = '" . pSQL($r['paidReal']) . "' WHERE id_order = " . (int) $orderId);
        }
        self::$remove = [];
    }
}

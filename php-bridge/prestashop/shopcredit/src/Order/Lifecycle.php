<?php
/**
 * The order lifecycle wired into the running shop: Orders (the bridge), PrestaShop's calls
 * (PsShop), the state map and the shop's words. Actions answered inside one of PrestaShop's own
 * status changes or refunds (a hook) are performed at the end of the request: a status set from
 * inside PrestaShop's status change would be overwritten when that change finishes. Actions the
 * request could not perform stay in the outbox for the jobs (Orders::redrive).
 */

namespace ShopCreditPs\Order;

use ShopCredit\I18n\Words;
use ShopCreditPs\Bridge;
use ShopCreditPs\StatusMap;

final class Lifecycle
{
    /** @var list<array<string, mixed>> */
    private static array $later = [];
    /** @var array<int, array{paidReal: string, payments: list<int>}> PrestaShop's own payment rows to take out, per order */
    private static array $remove = [];
    private static bool $registered = false;

    public static function actions(\Shopcredit $module): Actions
    {
        return new Actions(Bridge::sc(), new PsShop($module), StatusMap::ofShop(), self::words($module));
    }

    /** The notes' words in the context's language, the shop's money and date formats; the module's catalogue wins. */
    public static function words(\Shopcredit $module): NoteText
    {
        $lang = \Context::getContext()->language;
        $words = Words::for($lang instanceof \Language && (string) $lang->locale !== '' ? (string) $lang->locale : 'en-US',
            static fn (string $english, string $group): string => $module->l($english, 'words_' . $group),
            static fn (string $amount, string $iso): string => \ShopCreditPs\OnAccount::money($amount, $iso),
            static fn (string $ymd): string => \Tools::displayDate($ymd));
        return new NoteText($words, static fn (string $s): string => $module->l($s, 'notetext'));
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
                // Performing an action may fire hooks that queue more: until none is left.
                while (self::$later !== []) {
                    $batch = self::$later;
                    self::$later = [];
                    self::perform($module, $batch);
                }
            });
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

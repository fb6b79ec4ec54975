<?php
/**
 * The handover of the earlier versions' orders after an upgrade, a batch per cron run (and one
 * at the upgrade): each order of their `shopcredit_order` table that Orders does not have yet is
 * adopted with its state now (Adoption), so that a lender's webhook for a financed order still
 * waiting finds it in Orders and moves the PrestaShop order once. Orders that come up first
 * through an event are adopted by that event; adopting one twice answers a replay. The cursor
 * (the last cart handed over) makes each order asked once; when none is left, never again.
 */

namespace ShopCreditPs\Order;

use ShopCreditPs\Bridge;
use ShopCreditPs\Requests;
use ShopCreditPs\StatusMap;

final class EarlierOrders
{
    private const CURSOR = 'SHOPCREDIT_EARLIER_ORDERS_CURSOR'; // id_cart handed over last, or 'done'

    /** @return int how many orders were looked at (0: none left) */
    public static function handOver(\Shopcredit $module, int $max = 100): int
    {
        $cursor = (string) \Configuration::getGlobalValue(self::CURSOR);
        if ($cursor === 'done') {
            return 0;
        }
        $db = \Db::getInstance();
        $table = PsShop::earlierTable();
        if ($table === null) {
            \Configuration::updateGlobalValue(self::CURSOR, 'done');
            return 0;
        }
        $rows = $db->executeS('SELECT l.id_cart, o.id_shop FROM `' . $table . '` l JOIN `' . _DB_PREFIX_ . 'orders` o ON o.id_cart = l.id_cart'
            . ' WHERE l.id_cart > ' . (int) $cursor . ' GROUP BY l.id_cart, o.id_shop ORDER BY l.id_cart LIMIT ' . (int) $max, true, false);
        $rows = is_array($rows) ? $rows : [];
        $orders = Bridge::sc()->orders();
        $adoption = new Adoption($orders, StatusMap::ofShop(), new PsShop($module), Lifecycle::words($module));
        foreach ($rows as $r) {
            $shopId = Bridge::shopId((int) $r['id_shop']);
            $ref = Requests::orderRef((int) $r['id_cart']);
            try {
                if ($orders->summary($shopId, $ref) === null) {
                    $adoption->adopt($shopId, $ref);
                }
            } catch (\Throwable $e) {
                \PrestaShopLogger::addLog('ShopCredit: handing over order ' . $ref . ': ' . $e->getMessage(), 2, null, 'Cart', (int) $r['id_cart']);
            }
            \Configuration::updateGlobalValue(self::CURSOR, (string) (int) $r['id_cart']);
        }
        if (count($rows) < $max) {
            \Configuration::updateGlobalValue(self::CURSOR, 'done');
        }
        return count($rows);
    }
}

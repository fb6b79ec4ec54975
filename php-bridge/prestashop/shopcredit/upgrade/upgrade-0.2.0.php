<?php
/**
 * Upgrade to 0.2.0: the bridge's pending migrations, hooks added since, and defaults of new
 * settings (a merchant's values are kept).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

/** @param Shopcredit $module */
function upgrade_module_0_2_0($module)
{
    return $module->installTables()
        && $module->installOrderStates()
        && $module->installConfiguration()
        && $module->registerHook(Shopcredit::HOOKS)
        && $module->installTab()
        && $module->installTopUpProduct()
        && $module->installSettings()
        && shopcredit_hand_over_earlier_orders($module)
        && shopcredit_keep_faster_runtime();
}

/** The faster runtime checked again with the new core, where it was turned on (never fails the upgrade). */
function shopcredit_keep_faster_runtime(): bool
{
    ShopCreditPs\Admin\RuntimeUpdate::run();
    return true;
}

/** The earlier versions' orders to Orders, a first batch now (the cron does the rest): never fails the upgrade. */
function shopcredit_hand_over_earlier_orders($module): bool
{
    try {
        ShopCreditPs\Order\EarlierOrders::handOver($module, 500);
    } catch (Throwable $e) {
        PrestaShopLogger::addLog('ShopCredit: handing over the earlier orders: ' . $e->getMessage(), 2);
    }
    return true;
}

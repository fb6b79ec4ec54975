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
        && $module->installSettings();
}

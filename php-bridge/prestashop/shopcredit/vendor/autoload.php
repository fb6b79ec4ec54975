<?php
/**
 * The module's autoloader (no Composer): the bridge (ShopCredit\, bridge/src) and the adapter
 * (ShopCreditPs\, src/). PrestaShop's kernel includes modules' vendor/autoload.php before it
 * builds its container, so the console command in config/services.yml is found too.
 */
if (!defined('SHOPCREDIT_PS_AUTOLOAD')) {
    define('SHOPCREDIT_PS_AUTOLOAD', true);
    require_once dirname(__DIR__) . '/bridge/src/autoload.php';
    spl_autoload_register(static function (string $class): void {
        if (strncmp($class, 'ShopCreditPs\\', 13) === 0) {
            $file = dirname(__DIR__) . '/src/' . str_replace('\\', '/', substr($class, 13)) . '.php';
            if (is_file($file)) {
                require_once $file;
            }
        }
    });
}

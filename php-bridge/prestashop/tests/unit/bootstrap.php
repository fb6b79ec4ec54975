<?php
// The adapter's own classes (ShopCreditPs\, shopcredit/src) and the bridge, without PrestaShop.
declare(strict_types=1);

require __DIR__ . '/../../../src/autoload.php';
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'ShopCreditPs\\')) {
        $file = __DIR__ . '/../../shopcredit/src/' . str_replace('\\', '/', substr($class, 13)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

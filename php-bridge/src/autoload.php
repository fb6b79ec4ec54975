<?php

declare(strict_types=1);

// PSR-4: ShopCredit\X\Y → php-bridge/src/X/Y.php (no Composer).
\spl_autoload_register(static function (string $class): void {
    $prefix = 'ShopCredit\\';
    if (!\str_starts_with($class, $prefix)) {
        return;
    }
    $file = __DIR__ . '/' . \str_replace('\\', '/', \substr($class, \strlen($prefix))) . '.php';
    if (\is_file($file)) {
        require $file;
    }
});

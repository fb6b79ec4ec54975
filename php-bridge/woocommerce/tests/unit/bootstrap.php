<?php
/**
 * The adapter's own code without WordPress: the classes tested here only need ABSPATH (their
 * direct-access guard), WordPress's translation functions (the words as written) and the bridge;
 * anything that needs WordPress is covered by e2e.sh.
 */

declare(strict_types=1);

define('ABSPATH', sys_get_temp_dir() . '/');
require __DIR__ . '/../../shopcredit/includes/autoload.php';

if (!function_exists('__')) {
    function __(string $text, string $domain = 'default'): string
    {
        return $text;
    }
}

require __DIR__ . '/wp-doubles.php';

<?php
/** The few WordPress functions WidgetLabels uses, for WidgetLabelsTest (French pages, filters per test). */

declare(strict_types=1);

function has_filter(string $hook): bool
{
    return isset($GLOBALS['sc_test_filters'][$hook]);
}

function determine_locale(): string
{
    return 'fr_FR';
}

function wp_mkdir_p(string $dir): bool
{
    return is_dir($dir) || mkdir($dir, 0777, true);
}

function wp_generate_password(int $length = 12, bool $special = true): string
{
    return substr(bin2hex(random_bytes($length)), 0, $length);
}

function wp_json_encode(mixed $data, int $flags = 0, int $depth = 512): string|false
{
    return json_encode($data, $flags, $depth);
}

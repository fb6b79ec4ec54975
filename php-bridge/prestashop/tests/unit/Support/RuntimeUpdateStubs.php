<?php
// Just enough of PrestaShop for ShopCreditPs\Admin\RuntimeUpdate::check to run in a test process
// of its own (RuntimeUpdateTest runs in separate processes: these never meet the other tests).
declare(strict_types=1);

class Tools
{
    /** @var array<string, mixed> */
    public static array $post = [];

    public static function getValue($key, $default = false)
    {
        return self::$post[$key] ?? $default;
    }
}

class Configuration
{
    /** @var array<string, string> what the module wrote */
    public static array $values = [];

    public static function getGlobalValue($key)
    {
        return self::$values[$key] ?? false;
    }

    public static function updateGlobalValue($key, $value): bool
    {
        self::$values[$key] = (string) $value;
        return true;
    }
}

class Employee
{
    public function isLoggedBack(): bool
    {
        return true; // the shop's administrator, on every kind of request
    }
}

class Context
{
    private static ?self $instance = null;
    public ?Employee $employee = null;

    public static function getContext(): self
    {
        if (self::$instance === null) {
            self::$instance = new self();
            self::$instance->employee = new Employee();
        }
        return self::$instance;
    }
}

class PrestaShopLogger
{
    public static function addLog($message, $severity = 1): void
    {
    }
}

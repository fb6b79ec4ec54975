<?php
// Just enough of PrestaShop for a payment validation controller's postProcess to run in a test
// process of its own (PoNumberCheckoutTest runs in separate processes: these never meet the other tests).
declare(strict_types=1);

const _PS_VERSION_ = '8.2.1';

class ModuleFrontController
{
    public $context;
    public $module;
    public array $errors = [];
    public ?string $redirectedTo = null;

    protected function redirectWithNotifications($url): void
    {
        $this->redirectedTo = (string) $url;
    }
}

class Tools
{
    /** @var array<string, mixed> */
    public static array $post = [];

    public static function getValue($key, $default = false)
    {
        return self::$post[$key] ?? $default;
    }
}

class Cart
{
    public $id;
    public $id_shop = 1;
    public $id_customer = 7;
}

class Order
{
    public $id;
}

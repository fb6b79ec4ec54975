<?php
/**
 * WordPress and WooCommerce functions the admin classes call, as they behave for the tests'
 * inputs (loaded by bootstrap.php for every test).
 */

declare(strict_types=1);

namespace ShopCreditWC {
    if (!\function_exists('ShopCreditWC\get_woocommerce_currency')) {
        function get_woocommerce_currency(): string
        {
            return 'EUR';
        }
        function wc_price(string $amount, array $args = []): string
        {
            return '<span>' . $amount . ' ' . ($args['currency'] ?? 'EUR') . '</span>';
        }
        function wp_strip_all_tags(string $s): string
        {
            return \strip_tags($s);
        }
        // Bridge::currency() keeps the currency unless something filters it (as WidgetLabelsTest's filters).
        function has_filter(string $hook): bool
        {
            return isset($GLOBALS['sc_test_filters'][$hook]);
        }
        function has_action(string $hook, mixed $callback = false): bool
        {
            return false;
        }
        function add_action(string $hook, mixed $callback, int $priority = 10, int $args = 1): bool
        {
            return true;
        }
        function get_current_blog_id(): int
        {
            return 1;
        }
    }
}

namespace ShopCreditWC\Admin {
    // What the settings form reads from WordPress/WooCommerce, as they behave for these inputs.
    if (!\function_exists('ShopCreditWC\Admin\sanitize_text_field')) {
        function sanitize_text_field(string $s): string
        {
            return \trim(\strip_tags($s));
        }
        function wp_unslash(mixed $v): mixed
        {
            return $v;
        }
        function sanitize_key(string $s): string
        {
            return \preg_replace('/[^a-z0-9_\-]/', '', \strtolower($s));
        }
        function absint(mixed $v): int
        {
            return \abs((int) $v);
        }
        function wp_roles(): object
        {
            return new class () {
                public function get_names(): array
                {
                    return ['administrator' => 'Administrator', 'customer' => 'Customer', 'wholesale' => 'Wholesale'];
                }
            };
        }
        function get_woocommerce_currencies(): array
        {
            return ['EUR' => 'Euro', 'JPY' => 'Japanese yen', 'USD' => 'US dollar'];
        }
    }
}

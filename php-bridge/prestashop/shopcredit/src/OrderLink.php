<?php
/**
 * What the module remembers of an order (PrestaShop orders have no meta): how it was funded,
 * its reservation, the balance part, the credit check, the financing subscription, the top-up.
 * Keyed by cart (the reservation exists before the order id).
 */

namespace ShopCreditPs;

final class OrderLink
{
    public const TABLE = 'shopcredit_order';
    private const FIELDS = ['id_order', 'id_shop', 'funding', 'reservation', 'balance_part', 'credit_check', 'subscription', 'topup_done', 'currency'];

    public static function createTableSql(string $prefix, string $engine): string
    {
        return 'CREATE TABLE IF NOT EXISTS `' . $prefix . self::TABLE . '` (
            `id_cart` INT UNSIGNED NOT NULL,
            `id_order` INT UNSIGNED NOT NULL DEFAULT 0,
            `id_shop` INT UNSIGNED NOT NULL DEFAULT 1,
            `funding` VARCHAR(16) NOT NULL DEFAULT \'\',
            `reservation` VARCHAR(160) NOT NULL DEFAULT \'\',
            `balance_part` VARCHAR(32) NOT NULL DEFAULT \'\',
            `credit_check` VARCHAR(16) NOT NULL DEFAULT \'\',
            `subscription` VARCHAR(128) NOT NULL DEFAULT \'\',
            `topup_done` VARCHAR(32) NOT NULL DEFAULT \'\',
            `currency` CHAR(3) NOT NULL DEFAULT \'\',
            `date_add` DATETIME NOT NULL,
            `date_upd` DATETIME NOT NULL,
            PRIMARY KEY (`id_cart`),
            KEY `id_order` (`id_order`),
            KEY `subscription` (`subscription`)
        ) ENGINE=' . $engine . ' DEFAULT CHARSET=utf8mb4';
    }

    /** @return array<string, mixed>|null */
    public static function forCart(int $cartId): ?array
    {
        $row = \Db::getInstance()->getRow('SELECT * FROM `' . _DB_PREFIX_ . self::TABLE . '` WHERE id_cart = ' . (int) $cartId);
        return is_array($row) ? $row : null;
    }

    public static function forOrder(\Order $order): ?array
    {
        return self::forCart((int) $order->id_cart);
    }

    /** @return array<string, mixed>|null */
    public static function forSubscription(string $subscriptionId): ?array
    {
        $row = \Db::getInstance()->getRow('SELECT * FROM `' . _DB_PREFIX_ . self::TABLE . '` WHERE subscription = \'' . pSQL($subscriptionId) . '\'');
        return is_array($row) ? $row : null;
    }

    /** Insert or update the given fields. @param array<string, string|int> $fields */
    public static function save(int $cartId, array $fields): void
    {
        $fields = array_intersect_key($fields, array_flip(self::FIELDS));
        $now = date('Y-m-d H:i:s');
        $db = \Db::getInstance();
        if (self::forCart($cartId) === null) {
            $db->insert(self::TABLE, ['id_cart' => (int) $cartId, 'date_add' => $now, 'date_upd' => $now] + array_map(static fn ($v) => is_int($v) ? $v : pSQL((string) $v), $fields), false, true, \Db::INSERT_IGNORE);
        }
        if ($fields !== []) {
            $db->update(self::TABLE, ['date_upd' => $now] + array_map(static fn ($v) => is_int($v) ? $v : pSQL((string) $v), $fields), 'id_cart = ' . (int) $cartId);
        }
    }
}

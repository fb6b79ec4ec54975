<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\MoneyFormat;

/**
 * Account ids of the host conventions (docs/CONTRIBUTING-CORE.md) and the checks that keep
 * caller-given parts inside the core's id alphabet before they become part of an id.
 */
final class Ids
{
    /** The core's Id alphabet, `[A-Za-z0-9:_.@/-]`, 1-128 bytes. */
    public static function check(string $value, string $field, int $maxBytes = 96): string
    {
        if ($value === '' || \strlen($value) > $maxBytes || !\preg_match('/^[A-Za-z0-9:_.@\/-]+$/', $value)) {
            throw new InvalidRequest('invalid_id', "must be 1-$maxBytes characters of A-Z a-z 0-9 : _ . @ / -", $field);
        }
        return $value;
    }

    /** An id part inside an account id (no ':' so the id splits back unambiguously). */
    public static function part(string $value, string $field): string
    {
        if ($value === '' || \strlen($value) > 40 || !\preg_match('/^[A-Za-z0-9_.@\/-]+$/', $value)) {
            throw new InvalidRequest('invalid_id', 'must be 1-40 characters of A-Z a-z 0-9 _ . @ / -', $field);
        }
        return $value;
    }

    public static function currency(string $currency): string
    {
        if (!MoneyFormat::isCurrency($currency)) {
            throw new InvalidRequest('unknown_currency', "'" . \substr($currency, 0, 8) . "' is not a currency the books know", 'currency');
        }
        return $currency;
    }

    public static function wallet(string $shopId, string $customerId, string $currency): string
    {
        return 'wallet:' . self::part($shopId, 'shopId') . ':' . self::part($customerId, 'customerId') . ':' . self::currency($currency);
    }

    public static function credit(string $shopId, string $customerId, string $currency): string
    {
        return 'credit:' . self::part($shopId, 'shopId') . ':' . self::part($customerId, 'customerId') . ':' . self::currency($currency);
    }

    /** @param string $purpose sales|cash|bonus|withdrawals|topups */
    public static function shop(string $shopId, string $purpose, string $currency): string
    {
        return 'shop:' . self::part($shopId, 'shopId') . ':' . $purpose . ':' . self::currency($currency);
    }
}

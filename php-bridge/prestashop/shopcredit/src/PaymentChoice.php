<?php
/**
 * The payment options this module offers and the validation controller each posts to. A posted
 * choice is only a wish: the controller re-asks the core under the lock before any order exists.
 */

namespace ShopCreditPs;

final class PaymentChoice
{
    /** option → [core method, front controller] */
    public const OPTIONS = [
        'account' => ['credit_line', 'account'],
        'balance' => ['wallet_full', 'balance'],
        'partial' => ['wallet_partial', 'partial'],
        'financing' => ['financing', 'financing'],
    ];

    public static function coreMethod(string $option): ?string
    {
        return self::OPTIONS[$option][0] ?? null;
    }

    public static function controller(string $option): ?string
    {
        return self::OPTIONS[$option][1] ?? null;
    }

    /** A solution code as the provider spells them (SCFRSP-3XTS): anything else is refused. */
    public static function solutionCode(mixed $posted): ?string
    {
        return is_string($posted) && preg_match('/^[A-Z0-9][A-Z0-9_-]{1,31}$/', $posted) ? $posted : null;
    }
}

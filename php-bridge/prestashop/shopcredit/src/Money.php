<?php
/**
 * PrestaShop amounts → the exact decimal strings the core takes.
 *
 * PrestaShop gives cart totals as floats (Cart::getOrderTotal) and stores order amounts as
 * DECIMAL(20,6) strings; MoneyFormat::fromHostNumber turns either into money at the currency's
 * decimals (half away from zero, digits, never float arithmetic). No sums or differences here:
 * every figure the books hold comes from the books.
 */

namespace ShopCreditPs;

use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\MoneyFormatException;

final class Money
{
    /** A PrestaShop number (float from a cart, "12.300000" from an order row) → "12.30" (EUR). */
    public static function fromPs(int|float|string $value, string $iso): string
    {
        return MoneyFormat::fromHostNumber($value, strtoupper($iso));
    }

    /**
     * The decimal string PrestaShop's APIs take as a float argument (validateOrder,
     * addOrderPayment): exact for every amount below 2^53 minor units, and only ever built from
     * an exact decimal, never computed.
     */
    public static function toPsFloat(string $amount, string $iso): float
    {
        $iso = strtoupper($iso);
        return (float) MoneyFormat::format(MoneyFormat::toMinor($amount, $iso), $iso);
    }

    /**
     * An amount a person typed ("12,5", " 12.50 ") → decimal string, or null when it is not one
     * (inputError() says why). More decimals than the currency has is refused, never rounded.
     */
    public static function parseInput(string $typed, string $iso): ?string
    {
        try {
            return MoneyFormat::fromTyped($typed, strtoupper($iso));
        } catch (MoneyFormatException) {
            return null;
        }
    }

    /** Why parseInput() refused $typed: invalid_amount | too_many_decimals | amount_too_large (a Texts code). */
    public static function inputError(string $typed, string $iso): string
    {
        try {
            MoneyFormat::fromTyped($typed, strtoupper($iso));
            return 'invalid_amount';
        } catch (MoneyFormatException $e) {
            return $e->errorCode;
        }
    }
}

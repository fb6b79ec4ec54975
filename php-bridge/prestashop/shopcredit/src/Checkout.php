<?php
/**
 * Gathers the facts of a PrestaShop cart and asks the core which of our methods it may use; one
 * answer per request and cart state.
 */

namespace ShopCreditPs;

use ShopCredit\Service\CheckoutService;

final class Checkout
{
    /** @var array<string, Availability> */
    private static array $cache = [];

    /**
     * The cart whose order the module's checkout is creating right now (validateOrder): the
     * status PrestaShop gives it on creation is not an event (the placement already decided it),
     * nor is the payment row validateOrder records.
     */
    public static ?int $creating = null;

    /** @var array<int, string> currency id → ISO code (asked once per option on the payment step) */
    private static array $isos = [];

    public static function iso(\Cart $cart): string
    {
        return self::$isos[(int) $cart->id_currency] ??= strtoupper((string) (new \Currency((int) $cart->id_currency))->iso_code);
    }

    /** The cart total as PrestaShop will charge it, as an exact decimal string. */
    public static function total(\Cart $cart): string
    {
        return Money::fromPs((float) $cart->getOrderTotal(true, \Cart::BOTH), self::iso($cart));
    }

    public static function customer(\Cart $cart): array
    {
        $id = (int) $cart->id_customer;
        $c = new \Customer($id);
        return Requests::customer($id, $id > 0 ? \Customer::getGroupsStatic($id) : [], (bool) $c->is_guest);
    }

    public static function billingCountry(\Cart $cart): string
    {
        $a = new \Address((int) $cart->id_address_invoice);
        return $a->id_country ? (string) \Country::getIsoById((int) $a->id_country) : '';
    }

    public static function containsTopUp(\Cart $cart): bool
    {
        $topUp = (int) \Configuration::get('SHOPCREDIT_TOPUP_PRODUCT');
        if ($topUp <= 0) {
            return false;
        }
        foreach ($cart->getProducts() as $p) {
            if ((int) $p['id_product'] === $topUp) {
                return true;
            }
        }
        return false;
    }

    public static function cartFacts(\Cart $cart): array
    {
        return Requests::cart(self::iso($cart), self::total($cart), self::billingCountry($cart), self::containsTopUp($cart));
    }

    /** Fail closed: anything but a proper answer means nothing is offered. */
    public static function availability(\Cart $cart): Availability
    {
        $customer = self::customer($cart);
        $facts = self::cartFacts($cart);
        $k = md5(json_encode([$customer, $facts, (int) $cart->id_shop]));
        if (!isset(self::$cache[$k])) {
            try {
                // display null: the shop's checkout.display, read with the other facts (one statement)
                self::$cache[$k] = new Availability(Bridge::sc()->checkout()->eligibility(Bridge::shopId((int) $cart->id_shop), $customer, $facts, null));
            } catch (\Throwable $e) {
                \PrestaShopLogger::addLog('ShopCredit: eligibility failed: ' . $e->getMessage(), 2);
                self::$cache[$k] = new Availability(CheckoutService::unavailable($facts['currency'], $facts['total']));
            }
        }
        return self::$cache[$k];
    }

    public static function flush(): void
    {
        self::$cache = [];
    }
}

<?php
/**
 * Store balance top-ups: a hidden virtual product whose price is, per cart, the amount the
 * customer asked for in their own currency (a cart-scoped specific price in the cart's currency,
 * so PrestaShop converts nothing), alone in its cart. It is paid with one of the shop's other
 * payment modules the merchant allows for top-ups (setting `orders.top_up_methods`; bank wire,
 * cheque and cash on delivery settle later and are off by default): the payment step offers
 * only those, and none when the balance rules would refuse the top-up, before anyone pays.
 * The order is placed with Orders when that module creates it, and credited by Orders when its
 * payment is captured (a state PrestaShop flags paid).
 */

namespace ShopCreditPs;

final class TopUp
{
    /** Payment modules that take the money after the order exists: never allowed for top-ups unless the merchant says so. */
    public const SETTLE_LATER = ['ps_wirepayment', 'ps_checkpayment', 'ps_cashondelivery'];
    public const SETTING = 'orders.top_up_methods';

    public static function productId(): int
    {
        return (int) \Configuration::getGlobalValue('SHOPCREDIT_TOPUP_PRODUCT');
    }

    /** @return list<array<string, mixed>> the cart's lines (PrestaShop's getProducts rows) */
    private static function lines(\Cart $cart): array
    {
        return $cart->id ? $cart->getProducts() : [];
    }

    public static function inCart(\Cart $cart): bool
    {
        return in_array(self::productId(), array_map(static fn ($p) => (int) $p['id_product'], self::lines($cart)), true);
    }

    /** The top-up and something else in one cart: the top-up is ordered on its own. */
    public static function mixed(\Cart $cart): bool
    {
        return self::inCart($cart) && count(self::lines($cart)) > 1;
    }

    /**
     * Puts the top-up in the customer's cart at $amount in the cart's currency (replacing an
     * earlier top-up line). @return string|null a reason code when the cart holds other products
     */
    public static function addToCart(\Context $context, string $amount): ?string
    {
        $cart = $context->cart;
        if ($cart && $cart->id && array_filter(self::lines($cart), static fn ($p) => (int) $p['id_product'] !== self::productId()) !== []) {
            return 'top_up_alone';
        }
        if (!$cart || !$cart->id) {
            $cart = new \Cart();
            $cart->id_customer = (int) $context->customer->id;
            $cart->id_currency = (int) $context->currency->id;
            $cart->id_lang = (int) $context->language->id;
            $cart->id_shop = (int) $context->shop->id;
            $cart->id_shop_group = (int) $context->shop->id_shop_group;
            $cart->secure_key = (string) $context->customer->secure_key;
            $cart->id_address_delivery = (int) \Address::getFirstCustomerAddressId((int) $context->customer->id);
            $cart->id_address_invoice = $cart->id_address_delivery;
            $cart->add();
            $context->cart = $cart;
            $context->cookie->id_cart = (int) $cart->id;
        }
        $pid = self::productId();
        \Db::getInstance()->delete('specific_price', 'id_product = ' . $pid . ' AND id_cart = ' . (int) $cart->id);
        $cart->deleteProduct($pid);
        $sp = new \SpecificPrice();
        $sp->id_product = $pid;
        $sp->id_product_attribute = 0;
        $sp->id_cart = (int) $cart->id;
        $sp->id_shop = (int) $context->shop->id;
        $sp->id_shop_group = 0;
        // In the cart's currency: PrestaShop converts a price only when it is the default currency's (id_currency 0).
        $sp->id_currency = (int) $cart->id_currency;
        $sp->id_country = 0;
        $sp->id_group = 0;
        $sp->id_customer = (int) $context->customer->id;
        $sp->from_quantity = 1;
        // The amount is an exact decimal string; PrestaShop's price field stores DECIMAL(20,6).
        $sp->price = $amount;
        $sp->reduction = 0;
        $sp->reduction_tax = 1;
        $sp->reduction_type = 'amount';
        $sp->from = '0000-00-00 00:00:00';
        $sp->to = '0000-00-00 00:00:00';
        $sp->add();
        $cart->updateQty(1, $pid);
        return null;
    }

    /** The payment modules the merchant allows for top-ups (the default: every installed one that captures at once). @return list<string> */
    public static function allowedMethods(string $shopId): array
    {
        $set = Bridge::sc()->settings->resolve($shopId, self::SETTING);
        return is_array($set) ? array_values(array_map('strval', $set)) : self::defaultMethods();
    }

    /** @return list<string> */
    public static function defaultMethods(): array
    {
        $names = array_map(static fn ($m) => (string) $m['name'], \PaymentModule::getInstalledPaymentModules());
        return array_values(array_diff($names, self::SETTLE_LATER, ['shopcredit']));
    }

    /**
     * Why this top-up cart cannot be paid, before anyone pays: the top-up ordered with other
     * products, or the balance rules for its amount in its currency. @return list<string> reason codes
     */
    public static function refusal(\Cart $cart): array
    {
        if (self::mixed($cart)) {
            return ['top_up_alone'];
        }
        try {
            $r = Bridge::sc()->wallet()->checkTopUp(Bridge::shopId((int) $cart->id_shop), Checkout::iso($cart), Checkout::total($cart));
        } catch (\Throwable) {
            return ['runtime_unavailable'];
        }
        return ($r['accepted'] ?? false) === true ? [] : array_values(array_map('strval', (array) ($r['reasons'] ?? [])));
    }

    /**
     * actionPresentPaymentOptions: a top-up cart offers only the modules the merchant allows for
     * top-ups, and none when the top-up would be refused (our own entry says why).
     * @param array<string, list<array<string, mixed>>> $options module name → its presented options
     */
    public static function filterOptions(\Cart $cart, array &$options): void
    {
        if (!self::inCart($cart)) {
            return;
        }
        $allowed = self::refusal($cart) === [] ? self::allowedMethods(Bridge::shopId((int) $cart->id_shop)) : [];
        foreach (array_keys($options) as $module) {
            if ($module !== 'shopcredit' && !in_array($module, $allowed, true)) {
                unset($options[$module]);
            }
        }
    }

    /**
     * actionValidateOrder: another module created the order of a top-up cart; Orders places it
     * (what the order costs in its currency, net of coupons: the cart holds only the top-up).
     * @return array<string, mixed>|null Orders' answer; null when the order is no top-up
     */
    public static function ordered(\Shopcredit $module, \Order $order): ?array
    {
        if ($order->module === $module->name || !self::inCart(new \Cart((int) $order->id_cart))) {
            return null;
        }
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        $customer = Checkout::customer(new \Cart((int) $order->id_cart));
        return Order\Lifecycle::fromHook($module)->topUpOrdered(Bridge::shopId((int) $order->id_shop), (int) $order->id_cart,
            ['customerId' => (string) $customer['customerId'], 'groupIds' => $customer['groupIds']], $iso, Money::fromPs((string) $order->total_paid_tax_incl, $iso), (string) $order->module);
    }

    /** Whether any installed payment module may pay a top-up (else the top-up form says so before the cart). */
    public static function methodsOffered(string $shopId): bool
    {
        $installed = array_map(static fn ($m) => (string) $m['name'], \PaymentModule::getInstalledPaymentModules());
        return array_intersect(self::allowedMethods($shopId), $installed) !== [];
    }
}

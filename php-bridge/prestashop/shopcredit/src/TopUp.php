<?php
/**
 * Store balance top-ups: a hidden virtual product whose price is, per cart, the amount the
 * customer asked for (a cart-scoped specific price); the customer pays it with the shop's other
 * payment modules. The balance is credited by the core, once, with what the top-up line really
 * collected (net of discounts) when the order reaches a paid state.
 */

namespace ShopCreditPs;

final class TopUp
{
    public static function productId(): int
    {
        return (int) \Configuration::getGlobalValue('SHOPCREDIT_TOPUP_PRODUCT');
    }

    /** Puts the top-up in the customer's cart at $amount (replacing an earlier top-up line). */
    public static function addToCart(\Context $context, string $amount): void
    {
        $cart = $context->cart;
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
        $sp->id_currency = 0;
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
    }

    public static function creditIfPaid(\Shopcredit $module, \Order $order, \OrderState $state): void
    {
        $pid = self::productId();
        if ($pid <= 0 || !$state->paid) {
            return;
        }
        $line = \Db::getInstance()->getRow('SELECT total_price_tax_incl FROM `' . _DB_PREFIX_ . 'order_detail` WHERE id_order = ' . (int) $order->id . ' AND product_id = ' . $pid);
        if (!is_array($line)) {
            return;
        }
        $link = OrderLink::forOrder($order);
        if ($link !== null && $link['topup_done'] !== '') {
            return;
        }
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        $paid = self::collected((string) $line['total_price_tax_incl'], (string) $order->total_discounts_tax_incl, $iso);
        $r = Bridge::sc()->wallet()->topUp(Bridge::shopId((int) $order->id_shop), (string) $order->id_customer, $iso, Requests::key('tu', (int) $order->id), Requests::orderRef((int) $order->id_cart), $paid);
        if (($r['accepted'] ?? true) === true && isset($r['balance'])) {
            OrderLink::save((int) $order->id_cart, ['id_order' => (int) $order->id, 'id_shop' => (int) $order->id_shop, 'topup_done' => (string) ($r['credited'] ?? $paid), 'currency' => $iso]);
            Notes::add($order, 'store balance credited: ' . ($r['credited'] ?? $paid) . ' (balance ' . $r['balance'] . ').');
            $customer = new \Customer((int) $order->id_customer);
            Mails::send($module, 'balance_credited', (int) $order->id_lang, (string) $customer->email, $customer->firstname . ' ' . $customer->lastname, [
                '{firstname}' => (string) $customer->firstname, '{lastname}' => (string) $customer->lastname,
                '{amount}' => $module->price((string) ($r['credited'] ?? $paid), $iso), '{balance}' => $module->price((string) $r['balance'], $iso),
                '{order_name}' => (string) $order->reference,
            ], (int) $order->id_shop);
        } else {
            Notes::add($order, 'top-up refused: ' . implode(', ', (array) ($r['reasons'] ?? [])));
        }
    }

    /**
     * What the top-up line collected: its total less the order's discounts (counted against the
     * top-up first, so a discount never becomes balance), never below zero. Decimal strings in,
     * minor units inside.
     */
    public static function collected(string $lineTotal, string $discounts, string $iso): string
    {
        $net = Money::minor(Money::fromPs($lineTotal, $iso), $iso) - Money::minor(Money::fromPs($discounts, $iso), $iso);
        return Money::format(max(0, $net), $iso);
    }
}

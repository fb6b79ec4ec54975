<?php
/**
 * "Pay with store balance": reserves the whole total on the customer's balance under its lock
 * (the core re-checks it there), then creates the order paid; reaching the paid state posts the
 * reservation (actionOrderStatusPostUpdate).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Checkout;
use ShopCreditPs\OrderLink;

class ShopcreditBalanceModuleFrontController extends ShopCreditPs\Front\ValidationController
{
    public function postProcess()
    {
        $cart = $this->checkedCart();
        if ($this->isStale($cart)) {
            $this->refuse(['stale_choice']);
            return;
        }
        $iso = Checkout::iso($cart);
        $total = Checkout::total($cart);
        $res = Checkout::reserve($cart, ['wallet' => $total]);
        if (!$res['accepted']) {
            $this->refuse($res['reasons']);
            return;
        }
        OrderLink::save((int) $cart->id, ['funding' => 'wallet', 'reservation' => $res['key'] . ':wallet', 'currency' => $iso, 'id_shop' => (int) $cart->id_shop]);
        $order = $this->validate($cart, (int) Configuration::getGlobalValue('SHOPCREDIT_OS_PAID'), $total, $this->module->l('Store balance', 'balance'), $iso);
        if ($order !== null) {
            $this->confirmation($cart, $order);
        }
    }
}

<?php
/**
 * "Use my balance + another method": the core says how much the balance covers; that part is
 * reserved under the balance's lock and recorded on the order as a PAYMENT (OrderPayment "Store
 * balance"), not a discount, so invoices and taxes stay computed on the full total. The order
 * waits in the state the admin chose for the remainder (bank wire by default); reaching a paid
 * state posts the balance part, a cancellation releases it.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Checkout;
use ShopCreditPs\Money;
use ShopCreditPs\OrderLink;

class ShopcreditPartialModuleFrontController extends ShopCreditPs\Front\ValidationController
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
        $covers = Checkout::availability($cart)->partialCovers();
        if ($covers === null || !Money::isPositive($covers, $iso)) {
            $this->refuse(Checkout::availability($cart)->reasons('wallet_partial'));
            return;
        }
        $res = Checkout::reserve($cart, ['wallet' => $covers]);
        if (!$res['accepted']) {
            $this->refuse($res['reasons']);
            return;
        }
        OrderLink::save((int) $cart->id, ['funding' => 'partial', 'reservation' => $res['key'] . ':wallet', 'balance_part' => $covers, 'currency' => $iso, 'id_shop' => (int) $cart->id_shop]);
        $label = $this->module->l('Store balance', 'partial');
        $order = $this->validate($cart, (int) Configuration::getGlobalValue('SHOPCREDIT_OS_PARTIAL'), $total, $label . ' + ' . $this->module->l('another method', 'partial'), $iso);
        if ($order === null) {
            return;
        }
        // The balance part is a payment of the order (its own OrderPayment row).
        $order->addOrderPayment(Money::toPsFloat($covers, $iso), $label, $res['key'] . ':wallet');
        $this->confirmation($cart, $order);
    }
}

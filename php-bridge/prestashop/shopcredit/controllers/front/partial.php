<?php
/**
 * "Use my balance + another method": the placement reserves the part the core says the balance
 * covers (judged again under the lock); the order waits in the state the admin chose for the
 * remainder (bank wire by default), with the balance part as a payment row "Store balance" (a
 * payment, not a discount: invoices and taxes stay on the full total). Reaching a paid state
 * takes the balance part; a cancellation releases it (Orders, on PrestaShop's status change).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditPs\Checkout;
use ShopCreditPs\Money;

class ShopcreditPartialModuleFrontController extends ShopCreditPs\Front\ValidationController
{
    public function postProcess()
    {
        $cart = $this->checkedCart();
        if ($this->isStale($cart)) {
            $this->refuse(['stale_choice']);
            return;
        }
        $covers = Checkout::availability($cart)->partialCovers();
        if ($covers === null) {
            $this->refuse(Checkout::availability($cart)->reasons('wallet_partial'));
            return;
        }
        $placed = $this->place($cart, ['method' => V::METHOD_WALLET_PARTIAL, 'walletPart' => $covers]);
        $label = $this->module->l('Store balance', 'partial');
        $order = $placed === null ? null : $this->create($cart, $placed, (int) Configuration::getGlobalValue('SHOPCREDIT_OS_PARTIAL'), $label . ' + ' . $this->module->l('another method', 'partial'));
        if ($order === null) {
            return;
        }
        // The balance part is a payment of the order (its own payment row), recorded as the order is
        // created; no transaction id: the placement's key is the books' idempotency key, not a merchant's reference.
        Checkout::$creating = (int) $cart->id;
        try {
            $order->addOrderPayment(Money::toPsFloat($covers, Checkout::iso($cart)), $label, null);
        } finally {
            Checkout::$creating = null;
        }
        $this->confirm($cart, $order, $placed);
    }
}

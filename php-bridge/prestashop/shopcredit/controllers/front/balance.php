<?php
/**
 * "Pay with store balance": the placement takes the whole total from the customer's balance
 * (judged again under the lock) and the order is created paid, with its payment row "Store
 * balance" (validateOrder records it).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCredit\Generated\OrderVocabulary as V;

class ShopcreditBalanceModuleFrontController extends ShopCreditPs\Front\ValidationController
{
    public function postProcess()
    {
        $cart = $this->checkedCart();
        if ($this->isStale($cart)) {
            $this->refuse(['stale_choice']);
            return;
        }
        $placed = $this->place($cart, ['method' => V::METHOD_WALLET_FULL]);
        $order = $placed === null ? null : $this->create($cart, $placed, (int) Configuration::getGlobalValue('SHOPCREDIT_OS_PAID'), $this->module->l('Store balance', 'balance'));
        if ($order !== null) {
            $this->confirm($cart, $order, $placed);
        }
    }
}

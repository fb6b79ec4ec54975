<?php
/**
 * "Pay on account": the purchase-order number is checked (the merchant's choice: off, optional,
 * required), the placement reserves the order on the customer's credit line and runs the credit
 * check under the lock; the order is created in "Pending credit check" and moves to the state
 * the check gave (accepted, failed, or waiting for the merchant's review).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditPs\Bridge;
use ShopCreditPs\PoNumber;
use ShopCreditPs\Requests;
use ShopCreditPs\StatusMap;

class ShopcreditAccountModuleFrontController extends ShopCreditPs\Front\ValidationController
{
    public function postProcess()
    {
        $cart = $this->checkedCart();
        if ($this->isStale($cart)) {
            $this->refuse(['stale_choice']);
            return;
        }
        $shopId = Bridge::shopId((int) $cart->id_shop);
        $po = PoNumber::posted(Bridge::sc(), $shopId, Tools::getValue(PoNumber::FIELD));
        $problem = PoNumber::problem(Bridge::sc(), $shopId, $po);
        if ($problem !== null) {
            PoNumber::remember($this->context->cookie, (int) $cart->id, $po, $problem);
            $this->refuse([$problem]);
            return;
        }
        $placed = $this->place($cart, ['method' => V::METHOD_CREDIT_LINE]);
        if ($placed === null) {
            return;
        }
        // Stored before the order exists: PrestaShop composes the order e-mails inside validateOrder.
        Bridge::sc()->purchaseOrders()->set($shopId, Requests::orderRef((int) $cart->id), (string) $cart->id_customer, $po);
        $order = $this->create($cart, $placed, $this->module->stateId(StatusMap::PENDING_CREDIT_CHECK), $this->module->l('Pay on account', 'account'));
        if ($order === null) {
            return;
        }
        PoNumber::forget($this->context->cookie);
        $this->confirm($cart, $order, $placed);
    }
}

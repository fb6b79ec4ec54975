<?php
/**
 * "Pay on account": reserves the order on the customer's credit line (the core judges it again
 * under the lock), creates the order in "Pending credit check", and runs the credit check.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Checkout;
use ShopCreditPs\CreditFlow;
use ShopCreditPs\OrderLink;
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
        $iso = Checkout::iso($cart);
        $total = Checkout::total($cart);
        $res = Checkout::reserve($cart, ['creditLine' => $total]);
        if (!$res['accepted']) {
            $this->refuse($res['reasons']);
            return;
        }
        OrderLink::save((int) $cart->id, ['funding' => 'credit_line', 'reservation' => $res['key'] . ':credit', 'currency' => $iso, 'id_shop' => (int) $cart->id_shop]);
        $order = $this->validate($cart, $this->module->stateId(StatusMap::PENDING_CREDIT_CHECK), $total, $this->module->l('Pay on account', 'account'), $iso);
        if ($order === null) {
            return;
        }
        try {
            CreditFlow::placed($this->module, $order, $total, $iso, Checkout::naturalForCore($cart));
            CreditFlow::run($this->module, $order);
        } catch (Throwable $e) {
            // The order waits in "Pending credit check"; the admin runs the check from the order page.
            PrestaShopLogger::addLog('ShopCredit: credit check failed to run: ' . $e->getMessage(), 3, null, 'Order', (int) $order->id);
        }
        $this->confirmation($cart, $order);
    }
}

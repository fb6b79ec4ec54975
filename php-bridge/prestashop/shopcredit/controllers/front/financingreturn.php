<?php
/**
 * The buyer came back from the provider: the bridge reads the subscription and applies its
 * status under the subscription's lock; the order follows through Orders (each status once:
 * a return replayed, even in parallel, changes nothing more). Only the cart's owner (secure key)
 * gets here; a provider that cannot be reached leaves it to the webhook and the polling job.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Bridge;
use ShopCreditPs\Order\Lifecycle;
use ShopCreditPs\Requests;

class ShopcreditFinancingreturnModuleFrontController extends ModuleFrontController
{
    public function postProcess()
    {
        $cartId = (int) Tools::getValue('id_cart');
        $cart = new Cart($cartId);
        $customer = new Customer((int) $cart->id_customer);
        if (!Validate::isLoadedObject($cart) || !hash_equals((string) $customer->secure_key, (string) Tools::getValue('key'))) {
            Tools::redirect('index.php?controller=history');
        }
        $orderId = (int) Order::getIdByCartId($cartId);
        try {
            $sc = Bridge::sc();
            foreach ($sc->overview()->financingForOrder(Bridge::shopId((int) $cart->id_shop), Requests::orderRef($cartId)) as $s) {
                $r = $sc->financing()->customerReturn((string) $s['subscription_id']);
                Lifecycle::perform($this->module, (array) ($r['order']['actions'] ?? []));
            }
        } catch (Throwable $e) {
            PrestaShopLogger::addLog('ShopCredit: financing return: ' . $e->getMessage(), 2, null, 'Cart', $cartId);
        }
        Tools::redirect('index.php?controller=order-confirmation&id_cart=' . $cartId . '&id_module=' . (int) $this->module->id . '&id_order=' . $orderId . '&key=' . $customer->secure_key);
    }
}

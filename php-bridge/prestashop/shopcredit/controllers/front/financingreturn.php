<?php
/**
 * The buyer came back from the provider: the bridge reads the subscription and applies its
 * status, the order follows the mapping, and the confirmation page shows the latest status.
 * Only the cart's owner (secure key) gets here; a provider that cannot be reached leaves it to
 * the webhook and the polling job.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Bridge;
use ShopCreditPs\Financing;
use ShopCreditPs\OrderLink;

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
        $link = OrderLink::forCart($cartId);
        $orderId = (int) Order::getIdByCartId($cartId);
        if ($link !== null && $link['subscription'] !== '' && $orderId > 0) {
            try {
                Bridge::sc()->financing()->customerReturn((string) $link['subscription']);
                Financing::syncOrder($this->module, new Order($orderId));
            } catch (Throwable $e) {
                PrestaShopLogger::addLog('ShopCredit: financing return: ' . $e->getMessage(), 2, null, 'Cart', $cartId);
            }
        }
        Tools::redirect('index.php?controller=order-confirmation&id_cart=' . $cartId . '&id_module=' . (int) $this->module->id . '&id_order=' . $orderId . '&key=' . $customer->secure_key);
    }
}

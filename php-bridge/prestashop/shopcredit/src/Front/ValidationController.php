<?php
/**
 * What every validation controller shares (modelled on ps_wirepayment's validation.php): the
 * cart checks, the CSRF token, the server-side re-check (the posted choice is only a wish: the core judges the
 * cart again under the bridge's lock), validateOrder, and the reservation released when
 * PrestaShop could not create the order.
 */

namespace ShopCreditPs\Front;

use ShopCreditPs\Checkout;
use ShopCreditPs\OrderLink;
use ShopCreditPs\Texts;

abstract class ValidationController extends \ModuleFrontController
{
    /** @var \Shopcredit */
    public $module;

    /** A cart that can become an order, or a redirect to the checkout. */
    protected function checkedCart(): \Cart
    {
        $cart = $this->context->cart;
        if (!$cart || !$cart->id || $cart->id_customer == 0 || $cart->id_address_delivery == 0 || $cart->id_address_invoice == 0 || !$this->module->active) {
            \Tools::redirect('index.php?controller=order&step=1');
        }
        if (!\Tools::isSubmit('sc_total') || $_SERVER['REQUEST_METHOD'] !== 'POST') {
            \Tools::redirect('index.php?controller=order&step=1');
        }
        if ($cart->OrderExists()) {
            \Tools::redirect('index.php?controller=order&step=1');
        }
        // CSRF: the payment option's form carries the customer's static token; a post from
        // another site (SameSite=Lax does not cover every browser) has none.
        if (!hash_equals((string) \Tools::getToken(false), (string) \Tools::getValue('token'))) {
            $this->refuse(['form_expired']);
        }
        $customer = new \Customer((int) $cart->id_customer);
        if (!\Validate::isLoadedObject($customer) || (int) $customer->id !== (int) $this->context->customer->id) {
            \Tools::redirect('index.php?controller=order&step=1');
        }
        return $cart;
    }

    /** The total the customer saw when choosing must still be the cart's: else the choice is stale. */
    protected function isStale(\Cart $cart): bool
    {
        return (string) \Tools::getValue('sc_total') !== Checkout::total($cart);
    }

    /** Back to the payment step with the reasons; nothing was booked. @param list<string> $reasons */
    protected function refuse(array $reasons): void
    {
        $this->errors[] = Texts::sentence($reasons, fn (string $s): string => $this->module->l($s, 'texts'))
            . ' (' . implode(', ', $reasons) . ')';
        $this->redirectWithNotifications($this->context->link->getPageLink('order', true, null, ['step' => 4]));
    }

    /**
     * validateOrder; on failure the reservation is released and the customer told.
     * @return \Order|null
     */
    protected function validate(\Cart $cart, int $state, string $amountPaid, string $methodName, string $iso): ?\Order
    {
        $customer = new \Customer((int) $cart->id_customer);
        try {
            $this->module->validateOrder((int) $cart->id, $state, \ShopCreditPs\Money::toPsFloat($amountPaid, $iso), $methodName, null, [], (int) $cart->id_currency, false, $customer->secure_key);
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: validateOrder failed: ' . $e->getMessage(), 3, null, 'Cart', (int) $cart->id);
            Checkout::release($cart);
            $this->refuse(['runtime_unavailable']);
            return null;
        }
        $order = new \Order((int) $this->module->currentOrder);
        OrderLink::save((int) $cart->id, ['id_order' => (int) $order->id, 'id_shop' => (int) $order->id_shop, 'currency' => $iso]);
        return $order;
    }

    protected function confirmation(\Cart $cart, \Order $order): void
    {
        $customer = new \Customer((int) $cart->id_customer);
        \Tools::redirect('index.php?controller=order-confirmation&id_cart=' . (int) $cart->id . '&id_module=' . (int) $this->module->id . '&id_order=' . (int) $order->id . '&key=' . $customer->secure_key);
    }
}

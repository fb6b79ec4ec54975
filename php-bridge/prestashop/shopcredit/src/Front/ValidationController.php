<?php
/**
 * What every validation controller shares (modelled on ps_wirepayment's validation.php): the
 * cart checks, the CSRF token, then the order lifecycle: the placement is judged by Orders
 * under the order's lock (the posted choice is only a wish), and only an accepted placement
 * becomes a PrestaShop order (validateOrder); the host actions Orders answered (status, notes,
 * e-mails) are performed once the order exists. PrestaShop's own order e-mails of an order
 * whose status Orders sets are held until Orders says it reached their status.
 */

namespace ShopCreditPs\Front;

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditPs\Bridge;
use ShopCreditPs\Checkout;
use ShopCreditPs\Money;
use ShopCreditPs\Order\HeldMails;
use ShopCreditPs\Order\Lifecycle;
use ShopCreditPs\Requests;
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
        $this->errors[] = Texts::sentence($reasons, fn (string $s): string => $this->module->l($s, 'texts'));
        $this->redirectWithNotifications($this->context->link->getPageLink('order', true, null, ['step' => 4]));
    }

    /**
     * The placement (Orders::place, judged under the order's lock); refused → back to the
     * payment step with the reasons, nothing booked. A fresh key per submit: a retry after the
     * cart changed is a new judgement (Orders refuses a second placement while one holds money).
     * @param array<string, mixed> $placement method and its fields (walletPart, …)
     * @return array<string, mixed>|null Orders' answer (with its key in `_key`)
     */
    protected function place(\Cart $cart, array $placement): ?array
    {
        $key = 'placed:' . bin2hex(random_bytes(4));
        $customer = Checkout::customer($cart);
        try {
            $a = Bridge::sc()->orders()->place(Bridge::shopId((int) $cart->id_shop), Requests::orderRef((int) $cart->id), $placement + [
                'customer' => ['customerId' => (string) $customer['customerId'], 'groupIds' => $customer['groupIds'], 'loggedIn' => $customer['loggedIn']],
                'currency' => Checkout::iso($cart), 'total' => Checkout::total($cart), 'stockHeld' => false,
            ], $key);
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: placement failed: ' . $e->getMessage(), 3, null, 'Cart', (int) $cart->id);
            $this->refuse(['runtime_unavailable']);
            return null;
        }
        if (($a['accepted'] ?? false) !== true) {
            $this->refuse(array_values(array_map('strval', (array) ($a['reasons'] ?? ['runtime_unavailable']))));
            return null;
        }
        return $a + ['_key' => $key];
    }

    /**
     * validateOrder in the state the order starts in; PrestaShop's order e-mails held when
     * Orders sets the order's status. PrestaShop could not create it → the placement is undone
     * (Orders: failed) and the customer told.
     * @param array<string, mixed> $placed place()'s answer
     */
    protected function create(\Cart $cart, array $placed, int $state, string $label): ?\Order
    {
        $customer = new \Customer((int) $cart->id_customer);
        $iso = Checkout::iso($cart);
        Checkout::$creating = (int) $cart->id;
        HeldMails::holdFor(($placed['order']['status'] ?? null) !== null ? (int) $cart->id : null);
        try {
            $this->module->validateOrder((int) $cart->id, $state, Money::toPsFloat(Checkout::total($cart), $iso), $label, null, [], (int) $cart->id_currency, false, $customer->secure_key);
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: validateOrder failed: ' . $e->getMessage(), 3, null, 'Cart', (int) $cart->id);
            $this->undo($cart, (string) $placed['_key']);
            $this->refuse(['runtime_unavailable']);
            return null;
        } finally {
            Checkout::$creating = null;
            HeldMails::holdFor(null);
        }
        return new \Order((int) $this->module->currentOrder);
    }

    /** The order exists: the placement's host actions (status, notes, e-mails), then the confirmation page. */
    protected function confirm(\Cart $cart, \Order $order, array $placed): void
    {
        Lifecycle::perform($this->module, (array) $placed['actions']);
        $customer = new \Customer((int) $cart->id_customer);
        \Tools::redirect('index.php?controller=order-confirmation&id_cart=' . (int) $cart->id . '&id_module=' . (int) $this->module->id . '&id_order=' . (int) $order->id . '&key=' . $customer->secure_key);
    }

    private function undo(\Cart $cart, string $key): void
    {
        try {
            Bridge::sc()->orders()->statusChanged(Bridge::shopId((int) $cart->id_shop), Requests::orderRef((int) $cart->id), V::STATUS_FAILED, null, $key . ':not_created');
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: undoing the placement failed (the expiry job releases reservations): ' . $e->getMessage(), 3, null, 'Cart', (int) $cart->id);
        }
    }
}

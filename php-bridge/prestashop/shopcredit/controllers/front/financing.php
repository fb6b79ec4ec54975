<?php
/**
 * A financing solution: the bridge re-checks on the server that the solution is available for
 * this cart and creates the provider's request (a double click answers the same journey); the
 * order is placed with Orders, created in "Awaiting financing", and the buyer goes to the provider.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditPs\Bridge;
use ShopCreditPs\Checkout;
use ShopCreditPs\PaymentChoice;
use ShopCreditPs\Requests;
use ShopCreditPs\StatusMap;

class ShopcreditFinancingModuleFrontController extends ShopCreditPs\Front\ValidationController
{
    public function postProcess()
    {
        $cart = $this->checkedCart();
        $solution = PaymentChoice::solutionCode(Tools::getValue('solution'));
        if ($solution === null || $this->isStale($cart)) {
            $this->refuse(['stale_choice']);
            return;
        }
        $iso = Checkout::iso($cart);
        $total = Checkout::total($cart);
        $customer = new Customer((int) $cart->id_customer);
        $address = new Address((int) $cart->id_address_invoice);
        [$buyer, $billing] = Requests::financingBuyer(
            ['firstname' => $customer->firstname, 'lastname' => $customer->lastname, 'email' => $customer->email],
            ['address1' => $address->address1, 'address2' => $address->address2, 'postcode' => $address->postcode, 'city' => $address->city,
             'country_iso' => Country::getIsoById((int) $address->id_country), 'phone' => $address->phone, 'phone_mobile' => $address->phone_mobile],
        );
        $return = $this->context->link->getModuleLink($this->module->name, 'financingreturn', ['id_cart' => (int) $cart->id, 'key' => $customer->secure_key], true);
        try {
            $r = Bridge::sc()->financing()->start(
                Bridge::shopId((int) $cart->id_shop), Requests::orderRef((int) $cart->id), $solution, $total, $iso, (string) $customer->id,
                $buyer, $billing, null, Requests::items($cart->getProducts(), $iso), $return,
                str_replace('_', '-', (string) $this->context->language->locale ?: 'fr-FR'),
            );
        } catch (ShopCredit\Service\InvalidRequest $e) {
            $this->refuse($e->errorCode === 'solution_not_available' && $e->field ? explode(',', $e->field) : [$e->errorCode]);
            return;
        } catch (Throwable $e) {
            PrestaShopLogger::addLog('ShopCredit: financing start failed: ' . $e->getMessage(), 3, null, 'Cart', (int) $cart->id);
            $this->refuse(['runtime_unavailable']);
            return;
        }
        if (!$cart->OrderExists()) {
            // The order follows the provider's answers (return, webhook, polling) through Orders.
            $placed = $this->place($cart, ['method' => V::METHOD_FINANCING]);
            $order = $placed === null ? null : $this->create($cart, $placed, $this->module->stateId(StatusMap::AWAITING_FINANCING), $this->paymentName($cart, $solution));
            if ($order === null) {
                return;
            }
            ShopCreditPs\Order\Lifecycle::perform($this->module, (array) $placed['actions']);
        }
        Tools::redirect((string) ($r['redirectUrl'] ?? $return));
    }

    /** The order's payment name: the solution's words as the checkout showed them (never its code). */
    private function paymentName(Cart $cart, string $solution): string
    {
        $label = (string) (ShopCreditPs\Checkout::availability($cart)->method(V::METHOD_FINANCING, $solution)['label'] ?? '');
        return $label !== '' ? $label : $this->module->l('Financing', 'financing');
    }
}

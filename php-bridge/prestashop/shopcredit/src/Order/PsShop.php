<?php
/** The order lifecycle's host actions as PrestaShop's own calls (see Shop). */

namespace ShopCreditPs\Order;

use ShopCreditPs\Mails;
use ShopCreditPs\Money;
use ShopCreditPs\Notes;
use ShopCreditPs\OnAccount;
use ShopCreditPs\Requests;

final class PsShop implements Shop
{
    public function __construct(private readonly \Shopcredit $module)
    {
    }

    public function orderOf(string $orderRef): ?int
    {
        $cart = Requests::cartIdFromRef($orderRef);
        $id = $cart === null ? 0 : (int) \Order::getIdByCartId($cart);
        return $id > 0 ? $id : null;
    }

    public function state(int $orderId): int
    {
        // Read from the database: another request (or our own action just now) may have moved it.
        return (int) \Db::getInstance()->getValue('SELECT current_state FROM `' . _DB_PREFIX_ . 'orders` WHERE id_order = ' . (int) $orderId);
    }

    public function stateFlags(int $stateId): array
    {
        $s = new \OrderState($stateId);
        return ['paid' => (bool) $s->paid, 'logable' => (bool) $s->logable, 'shipped' => (bool) $s->shipped];
    }

    public function setState(int $orderId, int $stateId): void
    {
        $employee = \Context::getContext()->employee;
        (new \Order($orderId))->setCurrentState($stateId, $employee instanceof \Employee ? (int) $employee->id : 0);
    }

    public function note(int $orderId, string $text): void
    {
        Notes::add(new \Order($orderId), $text);
    }

    public function addPayment(int $orderId, string $amount, string $method, ?string $reference): void
    {
        $order = new \Order($orderId);
        $invoice = $order->getInvoicesCollection()->getFirst();
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        // On the order's invoice when it has one, so PrestaShop's "still to pay" counts it.
        if (!$order->addOrderPayment(Money::toPsFloat($amount, $iso), $method, $reference, null, null, $invoice instanceof \OrderInvoice ? $invoice : null)) {
            throw new \RuntimeException('PrestaShop did not record the payment');
        }
    }

    public function paymentLabel(int $orderId): string
    {
        return (string) (new \Order($orderId))->payment;
    }

    public function releaseMails(int $orderId, string $template): int
    {
        return HeldMails::release((int) (new \Order($orderId))->id_cart, $template);
    }

    public function moduleMail(int $orderId, string $template, array $vars, bool $toMerchant): void
    {
        $order = new \Order($orderId);
        $customer = new \Customer((int) $order->id_customer);
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        $vars += [
            '{firstname}' => (string) $customer->firstname, '{lastname}' => (string) $customer->lastname,
            '{order_name}' => (string) $order->reference, '{id_order}' => (string) (int) $order->id,
            '{total_paid}' => $this->money(Money::fromPs((string) $order->total_paid_tax_incl, $iso), $iso),
            '{pay_another_way_url}' => \Context::getContext()->link->getPageLink('order', true, (int) $order->id_lang, ['submitReorder' => 1, 'id_order' => (int) $order->id], false, (int) $order->id_shop),
        ];
        if ($toMerchant) {
            Mails::send($this->module, $template, (int) \Configuration::get('PS_LANG_DEFAULT'), (string) \Configuration::get('PS_SHOP_EMAIL', null, null, (int) $order->id_shop), (string) \Configuration::get('PS_SHOP_NAME'), $vars, (int) $order->id_shop);
        } else {
            Mails::send($this->module, $template, (int) $order->id_lang, (string) $customer->email, $customer->firstname . ' ' . $customer->lastname, $vars, (int) $order->id_shop);
        }
    }

    public function restock(int $orderId): void
    {
        $order = new \Order($orderId);
        foreach ($order->getProductsDetail() as $p) {
            \StockAvailable::updateQuantity((int) $p['product_id'], (int) $p['product_attribute_id'], (int) $p['product_quantity'], (int) $order->id_shop);
        }
    }

    public function earlierVersionOrder(int $orderId): ?array
    {
        $db = \Db::getInstance();
        $table = self::earlierTable();
        if ($table === null) {
            return null;
        }
        $order = new \Order($orderId);
        $link = $db->getRow('SELECT funding, balance_part, topup_done FROM `' . $table . '` WHERE id_cart = ' . (int) $order->id_cart, false);
        if (!is_array($link)) {
            return null;
        }
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        return [
            'funding' => (string) $link['funding'],
            'balancePart' => Money::fromPs((string) $link['balance_part'] !== '' ? (string) $link['balance_part'] : '0', $iso),
            'topUpCredited' => (string) $link['topup_done'] !== '',
            // The books' account is the customer's id, whoever placed it (the old paths booked it so).
            'customer' => ['customerId' => (string) (int) $order->id_customer, 'groupIds' => array_map('strval', \Customer::getGroupsStatic((int) $order->id_customer))],
            'currency' => $iso,
            'total' => Money::fromPs((string) $order->total_paid_tax_incl, $iso),
            'paymentMethod' => (string) $order->module,
            'everPaid' => (bool) $order->hasBeenPaid(),
        ];
    }

    /** The earlier versions' links (`shopcredit_order`, kept by the upgrade); null on a shop that never had them. */
    public static function earlierTable(): ?string
    {
        $table = _DB_PREFIX_ . 'shopcredit_order';
        // executeS: getValue would append LIMIT 1, which SHOW TABLES refuses.
        return \Db::getInstance()->executeS("SHOW TABLES LIKE '" . pSQL($table) . "'", true, false) ? $table : null;
    }

    public function money(string $amount, string $currency): string
    {
        return OnAccount::money($amount, $currency);
    }
}

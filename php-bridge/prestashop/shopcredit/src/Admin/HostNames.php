<?php
/**
 * What the merchant recognises instead of our ids: customers' names, e-mails and companies (one
 * query per page), links to PrestaShop's own customer and order pages, order references
 * instead of the books' order refs.
 */

namespace ShopCreditPs\Admin;

use ShopCreditPs\Requests;

final class HostNames
{
    /**
     * @param list<string> $customerIds
     * @return array<string, array{name: string, email: string, company: string}>
     */
    public static function customers(array $customerIds): array
    {
        $ids = array_values(array_unique(array_map('intval', $customerIds)));
        if ($ids === []) {
            return [];
        }
        $out = [];
        $rows = \Db::getInstance()->executeS('SELECT id_customer, firstname, lastname, email, company FROM `' . _DB_PREFIX_ . 'customer` WHERE id_customer IN (' . implode(',', $ids) . ')') ?: [];
        foreach ($rows as $r) {
            $out[(string) $r['id_customer']] = ['name' => trim($r['firstname'] . ' ' . $r['lastname']), 'email' => (string) $r['email'], 'company' => (string) $r['company']];
        }
        return $out;
    }

    /**
     * The books' order refs (ps-c{cart}) → PrestaShop's order id and reference.
     * @param list<string> $orderRefs
     * @return array<string, array{id: int, reference: string}>
     */
    public static function orders(array $orderRefs): array
    {
        $carts = [];
        foreach (array_unique($orderRefs) as $ref) {
            $cart = Requests::cartIdFromRef((string) $ref);
            if ($cart !== null) {
                $carts[$cart] = (string) $ref;
            }
        }
        if ($carts === []) {
            return [];
        }
        $out = [];
        $rows = \Db::getInstance()->executeS('SELECT id_order, id_cart, reference FROM `' . _DB_PREFIX_ . 'orders` WHERE id_cart IN (' . implode(',', array_map('intval', array_keys($carts))) . ')') ?: [];
        foreach ($rows as $r) {
            $out[$carts[(int) $r['id_cart']]] = ['id' => (int) $r['id_order'], 'reference' => (string) $r['reference']];
        }
        return $out;
    }

    /** Customer ids whose name, e-mail or company contains what the merchant typed (PrestaShop's own search). @return list<string> */
    public static function search(string $query): array
    {
        $ids = [];
        foreach (\Customer::searchByName($query, 1000) ?: [] as $c) {
            $ids[] = (string) (int) $c['id_customer'];
        }
        if (ctype_digit($query)) {
            $ids[] = $query;
        }
        return array_values(array_unique($ids));
    }

    public static function customerLink(int $id): string
    {
        return \Context::getContext()->link->getAdminLink('AdminCustomers', true, ['route' => 'admin_customers_view', 'customerId' => $id], ['id_customer' => $id, 'viewcustomer' => 1]);
    }

    public static function orderLink(int $id): string
    {
        return \Context::getContext()->link->getAdminLink('AdminOrders', true, ['route' => 'admin_orders_view', 'orderId' => $id], ['id_order' => $id, 'vieworder' => 1]);
    }
}

<?php
/** A private note on the order (the admin's order page "Messages"), for what the books did. */

namespace ShopCreditPs;

final class Notes
{
    public static function add(\Order $order, string $text): void
    {
        try {
            $threadId = (int) \CustomerThread::getIdCustomerThreadByEmailAndIdOrder((string) (new \Customer((int) $order->id_customer))->email, (int) $order->id);
            if ($threadId <= 0) {
                $t = new \CustomerThread();
                $t->id_contact = 0;
                $t->id_customer = (int) $order->id_customer;
                $t->id_shop = (int) $order->id_shop;
                $t->id_order = (int) $order->id;
                $t->id_lang = (int) $order->id_lang;
                $t->email = (string) (new \Customer((int) $order->id_customer))->email;
                $t->status = 'open';
                $t->token = \Tools::passwdGen(12);
                $t->add();
                $threadId = (int) $t->id;
            }
            $m = new \CustomerMessage();
            $m->id_customer_thread = $threadId;
            $m->id_employee = 0;
            $m->message = 'ShopCredit: ' . mb_substr($text, 0, 1500);
            $m->private = 1;
            $m->add();
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit order ' . (int) $order->id . ': ' . $text, 1, null, 'Order', (int) $order->id);
        }
    }
}

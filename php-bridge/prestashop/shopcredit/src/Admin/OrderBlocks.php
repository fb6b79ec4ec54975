<?php
/**
 * The admin order page (displayAdminOrderMain): "Credit & balance" (funding, reservation, credit
 * check, receivable with paid/remaining, refunds by source) and "Financing subscriptions"
 * (status, sub-status, amount, history, events). Actions post to the module's admin controller.
 */

namespace ShopCreditPs\Admin;

use ShopCreditPs\Bridge;
use ShopCreditPs\OrderLink;
use ShopCreditPs\Requests;

final class OrderBlocks
{
    public function __construct(private readonly \Shopcredit $module)
    {
    }

    public function render(int $orderId): string
    {
        $order = new \Order($orderId);
        if (!\Validate::isLoadedObject($order)) {
            return '';
        }
        $link = OrderLink::forOrder($order);
        if ($link === null) {
            return '';
        }
        $ref = Requests::orderRef((int) $order->id_cart);
        $shopId = Bridge::shopId((int) $order->id_shop);
        $receivable = null;
        $financing = [];
        $error = null;
        try {
            $sc = Bridge::sc();
            $rows = $sc->overview()->receivables($shopId, ['customer_id' => (string) $order->id_customer], 500)['rows'];
            foreach ($rows as $r) {
                if ($r['orderRef'] === $ref) {
                    $receivable = $r;
                }
            }
            $financing = $sc->overview()->financingForOrder($shopId, $ref);
            $transfers = $sc->transfers->findByOrderRef($ref);
        } catch (\Throwable $e) {
            $error = $e->getMessage();
            $transfers = [];
        }
        $ctx = \Context::getContext();
        $ctx->smarty->assign([
            'sc_link' => $link,
            'sc_ref' => $ref,
            'sc_receivable' => $receivable,
            'sc_financing' => $financing,
            'sc_transfers' => $transfers,
            'sc_error' => $error,
            'sc_action' => $ctx->link->getAdminLink(\Shopcredit::ADMIN_TAB, true, [], ['section' => 'order', 'id_order' => (int) $order->id]),
            'sc_token_field' => \Tools::getAdminTokenLite(\Shopcredit::ADMIN_TAB),
        ]);
        return $this->module->display($this->module->getLocalPath() . 'shopcredit.php', 'views/templates/admin/order_blocks.tpl');
    }
}

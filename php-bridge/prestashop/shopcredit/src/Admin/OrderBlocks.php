<?php
/**
 * The admin order page (displayAdminOrderMain): "Credit & balance" — what the books hold for the
 * order per funding source (paid, refunded, given back, still held), the top-up's credit, the
 * credit check, the receivable with what is paid and still due, the purchase-order number, the
 * host actions of the order's events (performed or waiting) — and "Financing subscriptions".
 * Every figure comes from the books; actions post to the module's admin controller.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\Service\Overview;
use ShopCreditPs\Bridge;
use ShopCreditPs\Order\Lifecycle;
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
        $ref = Requests::orderRef((int) $order->id_cart);
        $shopId = Bridge::shopId((int) $order->id_shop);
        try {
            $sc = Bridge::sc();
            $summary = $sc->orders()->summary($shopId, $ref);
            if ($summary === null) {
                return '';
            }
            $rcv = $sc->receivables->find($shopId, $ref);
            $vars = [
                'sc_summary' => $this->shown($summary),
                // The funding sources this order uses (a planned amount with a digit other than 0).
                'sc_legs' => array_values(array_filter(['wallet', 'creditLine', 'external'], static fn (string $l): bool => preg_match('/[1-9]/', (string) $summary[$l]['planned']) === 1)),
                'sc_receivable' => $rcv === null ? null : $this->receivable(Overview::receivableRow($rcv)),
                'sc_po' => $sc->purchaseOrders()->get($shopId, $ref),
                'sc_events' => $this->events($sc->orders()->actions($shopId, $ref), (string) $summary['currency']),
                'sc_financing' => $sc->overview()->financingForOrder($shopId, $ref),
                // What was asked of the lender after the sale and where it stands, in words.
                'sc_after_sale' => array_map([Lifecycle::words($this->module), 'afterSaleRequest'], $sc->afterSale()->forOrder($shopId, $ref)),
                'sc_error' => null,
            ];
        } catch (\Throwable $e) {
            $vars = ['sc_summary' => null, 'sc_legs' => [], 'sc_receivable' => null, 'sc_po' => null, 'sc_events' => [], 'sc_financing' => [], 'sc_after_sale' => [], 'sc_error' => $e->getMessage()];
        }
        $ctx = \Context::getContext();
        $ctx->smarty->assign($vars + [
            'sc_ref' => $ref,
            'sc_action' => $ctx->link->getAdminLink(\Shopcredit::ADMIN_TAB, true, [], ['section' => 'order', 'id_order' => (int) $order->id]),
        ]);
        return $this->module->display($this->module->getLocalPath() . 'shopcredit.php', 'views/templates/admin/order_blocks.tpl');
    }

    /** The summary with its amounts in the shop's money format. */
    private function shown(array $o): array
    {
        $iso = (string) $o['currency'];
        $money = fn ($v) => $this->module->price((string) $v, $iso);
        foreach (['wallet', 'creditLine', 'external'] as $leg) {
            $o[$leg] = array_map($money, (array) $o[$leg]);
        }
        if (is_array($o['topUp'] ?? null)) {
            $o['topUp'] = array_map($money, $o['topUp']);
        }
        $o['total'] = $money($o['total']);
        return $o;
    }

    private function receivable(array $r): array
    {
        foreach (['amount', 'paid', 'remaining'] as $k) {
            $r[$k] = $this->module->price((string) $r[$k], (string) $r['currency']);
        }
        return $r;
    }

    /** The order's notes in words and its other host actions, newest first, with whether each was performed. */
    private function events(array $actions, string $iso): array
    {
        $words = Lifecycle::words($this->module);
        $out = [];
        foreach (array_reverse($actions) as $a) {
            if (($a['type'] ?? '') !== 'note') {
                continue;
            }
            $out[] = ['text' => $words->note((string) $a['code'], (array) ($a['params'] ?? []), $iso), 'done' => (bool) $a['done']];
        }
        return array_slice($out, 0, 30);
    }
}

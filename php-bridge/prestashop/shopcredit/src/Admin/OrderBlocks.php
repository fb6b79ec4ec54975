<?php
/**
 * The admin order page (displayAdminOrderMain) as PrestaShop 8's own order-page cards (header
 * with icon and title, definition lists): "Pay on account" (credit check, what is on account,
 * paid and still due, due date, purchase-order number, record a payment), "Store balance" (what
 * the balance paid, holds, gave back; a top-up's credit), "Financing" (the lender's offer and
 * status in words), and what ShopCredit did. Words for every code, money in the shop's format,
 * links to the customer's account and the receivables; every figure comes from the books;
 * actions post to the module's admin controller.
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
            $vars = $this->books($shopId, $ref);
            if ($vars === null) {
                return '';
            }
        } catch (\Throwable $e) {
            $vars = ['sc_summary' => null, 'sc_legs' => [], 'sc_receivable' => null, 'sc_po' => null, 'sc_events' => [], 'sc_financing' => [], 'sc_after_sale' => [], 'sc_error' => $e->getMessage()];
        }
        $ctx = \Context::getContext();
        $admin = static fn (array $q): string => $ctx->link->getAdminLink(\Shopcredit::ADMIN_TAB, true, [], $q);
        $ctx->smarty->assign($vars + [
            'sc_action' => $admin(['section' => 'order', 'id_order' => (int) $order->id]),
            'sc_customer_url' => $admin(['section' => 'customer', 'id_customer' => (int) $order->id_customer, 'currency' => (string) ($vars['sc_summary']['currency'] ?? '')]),
            'sc_receivables_url' => $admin(['section' => 'receivables']),
        ]);
        return $this->module->display($this->module->getLocalPath() . 'shopcredit.php', 'views/templates/admin/order_blocks.tpl');
    }

    /** What the books hold for the order, in words and the shop's money format; null: not a ShopCredit order. */
    private function books(string $shopId, string $ref): ?array
    {
        $sc = Bridge::sc();
        $summary = $sc->orders()->summary($shopId, $ref);
        if ($summary === null) {
            return null;
        }
        $w = \ShopCreditPs\ShopWords::of($this->module);
        $rcv = $sc->receivables->find($shopId, $ref);
        return [
            'sc_summary' => $this->shown($summary),
            // The funding sources this order uses (a planned amount with a digit other than 0).
            'sc_legs' => array_values(array_filter(['wallet', 'creditLine', 'external'], static fn (string $l): bool => preg_match('/[1-9]/', (string) $summary[$l]['planned']) === 1)),
            'sc_receivable' => $rcv === null ? null : $this->receivable(Overview::receivableRow($rcv)),
            'sc_po' => $sc->purchaseOrders()->get($shopId, $ref),
            'sc_events' => $this->events($sc->orders()->actions($shopId, $ref), (string) $summary['currency']),
            'sc_financing' => array_map(fn (array $f): array => [
                'solution' => (string) ($f['label'] ?? '') !== '' ? (string) $f['label'] : $this->module->l('Financing', 'orderblocks'),
                'status' => $w->text('financing_status', (string) $f['status']),
                'amount' => $this->module->price((string) $f['amount'], (string) $f['currency']),
                'updates' => count((array) ($f['history'] ?? [])),
                'final' => (bool) ($f['final'] ?? false),
            ], $sc->overview()->financingTimeline($shopId, $ref)),
            // What was asked of the lender after the sale and where it stands, in words.
            'sc_after_sale' => array_map([Lifecycle::words($this->module), 'afterSaleRequest'], $sc->afterSale()->forOrder($shopId, $ref)),
            'sc_error' => null,
        ];
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
        $r['stateWords'] = \ShopCreditPs\ShopWords::of($this->module)->text('receivable_state', (string) $r['state']);
        $r['due'] = $r['dueDate'] === null ? null : \Tools::displayDate((string) $r['dueDate']);
        $r['overdue'] = $r['state'] === 'open' && $r['dueDate'] !== null && $r['dueDate'] < date('Y-m-d');
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

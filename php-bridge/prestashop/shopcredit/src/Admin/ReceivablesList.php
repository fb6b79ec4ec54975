<?php
/**
 * Customers > Credit & balance > Receivables: the orders on account as a PrestaShop list
 * (HelperList: headers, sorting, pagination over every receivable, no cap), filtered by state,
 * currency, overdue and PrestaShop's customer search; orders by reference and customers by name,
 * each linked to its page, amounts in the shop's money format, states in words. Sorted and paged
 * on the server (Overview::receivables). "Record payment" opens the payment form for one order.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\I18n\Words;

final class ReceivablesList
{
    public const TABLE = 'sc_rcv';
    /** List column → the bridge's sort key. */
    private const SORTS = ['order' => 'created', 'customer' => 'customer', 'amount' => 'amount', 'paid' => 'paid', 'remaining' => 'remaining', 'due' => 'due', 'state' => 'state'];

    public function __construct(private readonly \Shopcredit $module, private readonly Words $words, private readonly string $currentIndex, private readonly string $token)
    {
    }

    /**
     * The list filters the merchant chose (the filter form's query values).
     * @return array{state: string, overdue: bool, currency: string, search: string}
     */
    public static function chosen(array $query, string $iso): array
    {
        $state = (string) ($query['rcv_state'] ?? 'open');
        return ['state' => in_array($state, ['open', 'paid', 'cancelled', 'all'], true) ? $state : 'open', 'overdue' => !empty($query['rcv_overdue']),
            'currency' => $iso, 'search' => trim((string) ($query['search'] ?? ''))];
    }

    /** @param array{state: string, overdue: bool, currency: string, search: string} $chosen */
    public function render(string $shopId, array $chosen): string
    {
        $list = PagedList::fromRequest(self::TABLE, self::SORTS, 'due');
        $filters = ['currency' => $chosen['currency']] + ($chosen['state'] === 'all' ? [] : ['state' => $chosen['state']])
            + ($chosen['overdue'] ? ['overdue_on' => date('Y-m-d')] : []) + ($chosen['search'] === '' ? [] : ['customer_ids' => HostNames::search($chosen['search'])]);
        $r = \ShopCreditPs\Bridge::sc()->overview()->receivables($shopId, $filters, $list->perPage, $list->offset(), self::SORTS[$list->orderBy], $list->orderWay);
        $h = $list->helper([
            'identifier' => 'id', 'actions' => [], 'total' => (int) $r['total'], 'token' => $this->token, 'currentIndex' => $this->currentIndex,
            'title' => $this->module->l('Receivables', 'receivableslist') . ' — ' . $chosen['currency'],
        ]);
        return $h->generateList($this->rows($r['rows']), $this->fields());
    }

    /** @param list<array<string, mixed>> $receivables the bridge's rows @return list<array<string, string|int>> cells, escaped */
    private function rows(array $receivables): array
    {
        $customers = HostNames::customers(array_column($receivables, 'customerId'));
        $orders = HostNames::orders(array_column($receivables, 'orderRef'));
        $today = date('Y-m-d');
        $out = [];
        foreach ($receivables as $i => $r) {
            $cid = (int) $r['customerId'];
            $c = $customers[(string) $r['customerId']] ?? null;
            $o = $orders[(string) $r['orderRef']] ?? null;
            $cur = (string) $r['currency'];
            $overdue = $r['state'] === 'open' && $r['dueDate'] !== null && $r['dueDate'] < $today;
            $out[] = [
                'id' => $i + 1,
                'order' => $o === null ? '—' : self::link(HostNames::orderLink($o['id']), $o['reference']),
                'customer' => self::link(HostNames::customerLink($cid), $c === null ? sprintf(html_entity_decode($this->module->l('Customer #%d (deleted)', 'receivableslist'), ENT_QUOTES, 'UTF-8'), $cid) : $c['name']),
                'amount' => self::html($this->words->money((string) $r['amount'], $cur)),
                'paid' => self::html($this->words->money((string) $r['paid'], $cur)),
                'remaining' => self::html($this->words->money((string) $r['remaining'], $cur)),
                'due' => $r['dueDate'] === null ? self::html(html_entity_decode($this->module->l('When shipped', 'receivableslist'), ENT_QUOTES, 'UTF-8'))
                    : ($overdue ? '<strong title="' . self::html(html_entity_decode($this->module->l('Overdue', 'receivableslist'), ENT_QUOTES, 'UTF-8')) . '">' . self::html(\Tools::displayDate((string) $r['dueDate'])) . '</strong>' : self::html(\Tools::displayDate((string) $r['dueDate']))),
                'state' => self::html($this->words->text('receivable_state', (string) $r['state'])),
                'pay' => $r['state'] !== 'open' ? '' : '<a class="btn btn-default btn-sm" href="' . self::html($this->currentIndex . '&token=' . $this->token . '&pay=' . rawurlencode((string) $r['orderRef'])) . '"><i class="icon-money"></i> '
                    . $this->module->l('Record payment', 'receivableslist') . '</a>',
            ];
        }
        return $out;
    }

    private function fields(): array
    {
        $money = ['type' => 'text', 'align' => 'text-right', 'search' => false, 'callback' => 'raw', 'callback_object' => $this];
        $text = ['type' => 'text', 'search' => false, 'callback' => 'raw', 'callback_object' => $this];
        return [
            'order' => ['title' => $this->module->l('Order', 'receivableslist')] + $text,
            'customer' => ['title' => $this->module->l('Customer', 'receivableslist')] + $text,
            'amount' => ['title' => $this->module->l('Amount', 'receivableslist')] + $money,
            'paid' => ['title' => $this->module->l('Paid', 'receivableslist')] + $money,
            'remaining' => ['title' => $this->module->l('Still due', 'receivableslist')] + $money,
            'due' => ['title' => $this->module->l('Due', 'receivableslist')] + $text,
            'state' => ['title' => $this->module->l('State', 'receivableslist')] + $text,
            'pay' => ['title' => $this->module->l('Payment', 'receivableslist'), 'orderby' => false] + $text,
        ];
    }

    /** The cells are built (and escaped) in rows(): shown as they are. */
    public function raw(mixed $value): string
    {
        return (string) $value;
    }

    private static function link(string $url, string $text): string
    {
        return '<a href="' . self::html($url) . '">' . self::html($text) . '</a>';
    }

    private static function html(string $text): string
    {
        return htmlspecialchars($text, ENT_QUOTES, 'UTF-8');
    }
}

<?php
/**
 * Customers > Credit & balance > Accounts: the credit lines and the store balances as
 * PrestaShop lists (HelperList: headers, sorting, pagination), one currency at a time, customers
 * by name with a link to their PrestaShop page, amounts in the shop's money format, the totals of
 * the whole filtered set. The figures are the bridge's (Overview::accounts), sorted and paged on
 * the server (overdue orders, risk level and status too, by SQL on one page); PrestaShop's
 * customer search finds the customers the merchant types; credit lines filter on risk level, on
 * hold and overdue.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\I18n\Words;

final class AccountsList
{
    /** List column → the bridge's sort key. */
    private const SORTS = [
        'sc_credit' => ['id_customer' => 'customer', 'company' => 'company', 'authorized' => 'limit', 'exposure' => 'exposure', 'remaining' => 'remaining',
            'overdue' => 'overdue', 'risk' => 'risk', 'state' => 'status'],
        'sc_wallet' => ['id_customer' => 'customer', 'balance' => 'balance', 'available' => 'available'],
    ];

    public function __construct(private readonly \Shopcredit $module, private readonly Words $words, private readonly string $currentIndex, private readonly string $token)
    {
    }

    /**
     * The credit lines' filters the merchant chose (risk level, on hold, overdue), as the
     * bridge's filters; anything else is ignored.
     * @return array{risk_level?: string, on_hold?: bool, overdue?: bool}
     */
    public static function creditFilters(array $query): array
    {
        $f = [];
        if (in_array($query['risk'] ?? '', ['low', 'medium', 'high'], true)) {
            $f['risk_level'] = (string) $query['risk'];
        }
        foreach (['hold' => 'on_hold', 'overdue' => 'overdue'] as $param => $key) {
            if (in_array($query[$param] ?? '', ['0', '1'], true)) {
                $f[$key] = $query[$param] === '1';
            }
        }
        return $f;
    }

    /**
     * @param list<string>|null $customerIds the customers the merchant searched for (null: everyone)
     * @param array<string, mixed> $creditFilters creditFilters() (the credit lines only)
     */
    public function render(string $shopId, string $kind, string $iso, ?array $customerIds, array $creditFilters = []): string
    {
        $table = $kind === 'wallet' ? 'sc_wallet' : 'sc_credit';
        $list = PagedList::fromRequest($table, self::SORTS[$table], 'id_customer');
        $filters = ['kind' => $kind === 'wallet' ? 'wallet' : 'credit_line', 'currency' => $iso] + ($customerIds === null ? [] : ['customer_ids' => $customerIds])
            + ($kind === 'wallet' ? [] : $creditFilters);
        $r = \ShopCreditPs\Bridge::sc()->overview()->accounts($shopId, $filters, $list->perPage, $list->offset(), self::SORTS[$table][$list->orderBy], $list->orderWay);
        $names = HostNames::customers(array_column($r['rows'], 'customerId'));
        $rows = array_map(fn (array $a): array => $this->row($a, $names[$a['customerId']] ?? null, $kind, $iso), $r['rows']);
        $h = $list->helper([
            'identifier' => 'id_customer', 'actions' => ['view'], 'total' => (int) $r['total'], 'token' => $this->token, 'currentIndex' => $this->currentIndex,
            'title' => ($kind === 'wallet' ? $this->module->l('Store balances', 'accountslist') : $this->module->l('Credit lines', 'accountslist')) . ' — ' . $iso
                . ' — ' . $this->totals($kind, $r['totals'][$iso] ?? null, $iso),
        ]);
        return $h->generateList($rows, $this->fields($kind));
    }

    /** @param array<string, mixed> $a one account of the bridge @param array{name: string, email: string, company: string}|null $c */
    private function row(array $a, ?array $c, string $kind, string $iso): array
    {
        $id = (int) $a['customerId'];
        $name = $c === null ? sprintf($this->module->l('Customer #%d (deleted)', 'accountslist'), $id) : $c['name'];
        $row = [
            'id_customer' => $id,
            'customer' => '<a href="' . htmlspecialchars(HostNames::customerLink($id), ENT_QUOTES) . '">' . htmlspecialchars($name, ENT_QUOTES) . '</a>'
                . ($c === null ? '' : '<br><small class="text-muted">' . htmlspecialchars($c['email'], ENT_QUOTES) . '</small>'),
        ];
        if ($kind === 'wallet') {
            foreach (['balance', 'reserved', 'available'] as $k) {
                $row[$k] = $this->words->money((string) ($a[$k] ?? '0'), $iso);
            }
            return $row;
        }
        $row['company'] = htmlspecialchars((string) ($a['companyName'] ?? ($c['company'] ?? '')), ENT_QUOTES);
        foreach (['authorized', 'exposure', 'remaining'] as $k) {
            $row[$k] = $this->words->money((string) ($a[$k] ?? '0'), $iso);
        }
        $row['overdue'] = (string) count((array) ($a['overdue'] ?? [])); // the overdue receivables (orders)
        $row['risk'] = htmlspecialchars($this->words->text('risk_level', (string) ($a['riskLevel'] ?? 'low')), ENT_QUOTES);
        $blocked = (array) ($a['blockingReasons'] ?? []);
        $row['state'] = htmlspecialchars($a['onHold'] ? $this->module->l('On hold', 'accountslist') : ($blocked === [] ? $this->module->l('Can order', 'accountslist') : $this->words->reason((string) $blocked[0])), ENT_QUOTES);
        return $row;
    }

    private function fields(string $kind): array
    {
        $money = ['type' => 'text', 'align' => 'text-right', 'search' => false, 'callback' => 'raw', 'callback_object' => $this];
        $text = ['type' => 'text', 'search' => false, 'callback' => 'raw', 'callback_object' => $this];
        $f = ['customer' => ['title' => $this->module->l('Customer', 'accountslist'), 'orderby' => false] + $text];
        if ($kind === 'wallet') {
            return $f + [
                'balance' => ['title' => $this->module->l('Balance', 'accountslist')] + $money,
                'reserved' => ['title' => $this->module->l('Reserved for orders', 'accountslist'), 'orderby' => false] + $money,
                'available' => ['title' => $this->module->l('Available', 'accountslist')] + $money,
            ];
        }
        return $f + [
            'company' => ['title' => $this->module->l('Company', 'accountslist')] + $text,
            'authorized' => ['title' => $this->module->l('Credit limit', 'accountslist')] + $money,
            'exposure' => ['title' => $this->module->l('Owed', 'accountslist')] + $money,
            'remaining' => ['title' => $this->module->l('Remaining credit', 'accountslist')] + $money,
            'overdue' => ['title' => $this->module->l('Overdue orders', 'accountslist'), 'align' => 'text-center'] + $text,
            'risk' => ['title' => $this->module->l('Risk level', 'accountslist')] + $text,
            'state' => ['title' => $this->module->l('Status', 'accountslist')] + $text,
        ];
    }

    /** The cells are built (and escaped) in row(): shown as they are. */
    public function raw(mixed $value): string
    {
        return (string) $value;
    }

    /** @param array<string, mixed>|null $t the bridge's totals of the filtered set in this currency */
    private function totals(string $kind, ?array $t, string $iso): string
    {
        if ($t === null) {
            return $this->module->l('none yet', 'accountslist');
        }
        return $kind === 'wallet'
            ? sprintf($this->module->l('%1$d balances, %2$s in all, %3$s available', 'accountslist'), (int) $t['count'], $this->words->money((string) $t['balance'], $iso), $this->words->money((string) $t['available'], $iso))
            : sprintf($this->module->l('%1$d credit lines, %2$s granted, %3$s owed', 'accountslist'), (int) $t['count'], $this->words->money((string) $t['authorized'], $iso), $this->words->money((string) $t['exposure'], $iso));
    }
}

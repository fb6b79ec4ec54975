<?php
/**
 * Customers > Credit & balance: the customers' accounts (authorized, exposure, remaining, total
 * paid, total expected, risk, on hold) and statistics; one customer's settings, balance
 * adjustments, ledger with filters and CSV export, statement of account (PDF, CSV); receivables with "record payment" / "mark
 * paid"; credit-increase and withdrawal requests; mass credit/debit per customer group; the
 * order page's actions. Every action is the bridge's, authored by the employee; the admin token
 * in every URL is PrestaShop's CSRF guard.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Admin\Actions;
use ShopCreditPs\Admin\Permissions;
use ShopCreditPs\Admin\StatementDownload;
use ShopCreditPs\Bridge;
use ShopCreditPs\MovementFilters;

class AdminShopCreditController extends ModuleAdminController
{
    /** @var Shopcredit */
    public $module;

    public function __construct()
    {
        $this->bootstrap = true;
        parent::__construct();
        $this->meta_title = $this->module->l('Credit & balance', 'adminshopcredit');
    }

    /** The currency the lists and statistics show: the one chosen among the shop's, else the default. */
    private function iso(): string
    {
        $chosen = strtoupper((string) Tools::getValue('currency'));
        return in_array($chosen, $this->currencies(), true) ? $chosen : (string) Currency::getIsoCodeById((int) Configuration::get('PS_CURRENCY_DEFAULT'));
    }

    /** @return list<string> the shop's currencies (ISO codes) */
    private function currencies(): array
    {
        return array_values(array_map(static fn ($c) => strtoupper((string) $c['iso_code']), Currency::getCurrenciesByIdShop((int) $this->context->shop->id) ?: []));
    }

    private function url(array $params = []): string
    {
        return $this->context->link->getAdminLink('AdminShopCredit', true, [], $params);
    }

    private const REQUESTS_PER_PAGE = 50;

    /** Messages may echo what was posted (an order reference, an amount): always escaped. */
    private function flash(array $result): void
    {
        [$ok, $msg] = $result;
        $this->outcomes[] = [(bool) $ok, (string) $msg];
    }

    /** @var list<array{bool, string}> */
    private array $outcomes = [];

    public function init()
    {
        parent::init();
        $this->module->upgradeSchemaIfBehind();
    }

    public function postProcess()
    {
        $do = (string) Tools::getValue('sc_do');
        if ($do === '' || $_SERVER['REQUEST_METHOD'] !== 'POST') {
            return parent::postProcess();
        }
        // The employee's own rights per action (a view-only profile is refused every action).
        if (!isset(Permissions::ACTION_RIGHTS[$do])) {
            $this->flash([false, $this->module->l('Unknown action.', 'adminshopcredit')]);
        } elseif (!Permissions::allowed($do, fn (string $right): bool => (bool) $this->access($right))) {
            $this->flash([false, $this->module->l('You do not have permission to do this.', 'adminshopcredit')]);
        } else {
            try {
                $this->dispatch($do);
            } catch (Throwable $e) {
                $this->flash([false, $e->getMessage()]);
            }
        }
        foreach ($this->outcomes as [$ok, $msg]) {
            if ($ok) {
                $this->confirmations[] = htmlspecialchars($msg, ENT_QUOTES, 'UTF-8');
            } else {
                $this->errors[] = htmlspecialchars($msg, ENT_QUOTES, 'UTF-8');
            }
        }
        if (Tools::getValue('section') === 'order' && Tools::getValue('id_order')) {
            // Back to the order page, with the outcome in the flash bag (Twig escapes it).
            $failed = array_filter($this->outcomes, static fn ($o) => !$o[0]);
            try {
                $this->get('session')->getFlashBag()->add($failed ? 'error' : 'success', 'ShopCredit: ' . implode(' ', array_column($failed ?: $this->outcomes, 1)));
            } catch (Throwable) {
                // No session service: the order page's blocks show the new state anyway.
            }
            Tools::redirectAdmin($this->context->link->getAdminLink('AdminOrders', true, [], ['id_order' => (int) Tools::getValue('id_order'), 'vieworder' => 1]));
        }
        return true;
    }

    private function dispatch(string $do): void
    {
        $a = new Actions($this->module, (int) $this->context->employee->id);
        $iso = $this->iso();
        switch ($do) {
            case 'customer_settings':
                $this->flash($a->customerSettings((int) Tools::getValue('id_customer'), $iso, $_POST));
                break;
            case 'adjust':
                $this->flash($a->adjustBalance((int) Tools::getValue('id_customer'), $iso, (string) Tools::getValue('kind'), (string) Tools::getValue('amount'), (string) Tools::getValue('reason')));
                break;
            case 'mail_status':
                $this->flash($a->mailCreditStatus((int) Tools::getValue('id_customer'), $iso));
                break;
            case 'record_payment':
            case 'mark_paid':
                $ref = (string) Tools::getValue('order_ref');
                if (Tools::getValue('id_order')) {
                    $ref = $a->orderRef(new Order((int) Tools::getValue('id_order')));
                }
                $this->flash($a->recordPayment($ref, (string) Tools::getValue('amount'), (string) Tools::getValue('reference'), (string) Tools::getValue('method'), $do === 'mark_paid'));
                break;
            case 'increase_approve':
            case 'increase_decline':
                $this->flash($a->decideIncrease((string) Tools::getValue('request_id'), $do === 'increase_approve' ? 'approve' : 'decline', (string) Tools::getValue('new_limit'), (string) Tools::getValue('reason'), $iso));
                break;
            case 'withdrawal_approve':
            case 'withdrawal_reject':
                $this->flash($a->decideWithdrawal((string) Tools::getValue('request_id'), $do === 'withdrawal_approve' ? 'approve' : 'reject', (string) Tools::getValue('reason')));
                break;
            case 'mass':
                $this->flash($a->massAdjust((int) Tools::getValue('id_group'), (string) Tools::getValue('direction'), (string) Tools::getValue('amount'), $iso, (string) Tools::getValue('reason'), (string) Tools::getValue('batch_key')));
                break;
            case 'mass_run':
                $a->massStep((string) Tools::getValue('batch_key')); // the page goes on step by step
                break;
            default: // approve, decline, recheck
                $this->flash($a->orderCheck(new Order((int) Tools::getValue('id_order')), $do));
        }
    }

    public function initContent()
    {
        if ($this->ajax) {
            return; // displayAjax… answers
        }
        if (Tools::getValue('export') === 'movements') {
            $this->exportMovements();
        }
        if (Tools::getValue('export') === 'statement') {
            // Sent and ended here; what comes back is why there is nothing to send.
            $this->errors[] = htmlspecialchars(StatementDownload::send($this->module, (int) Tools::getValue('id_customer'), $this->iso(), $_GET), ENT_QUOTES, 'UTF-8');
        }
        parent::initContent();
        $section = (string) Tools::getValue('section', 'accounts');
        if (Tools::getIsset('viewsc_credit') || Tools::getIsset('viewsc_wallet')) {
            $section = 'customer'; // a list row's "View"
        }
        $shopId = Bridge::shopId();
        $iso = $this->iso();
        $vars = ['sc_section' => $section, 'sc_iso' => $iso, 'sc_url' => $this->url(), 'sc_error' => null, 'sc_tabs' => [
            'accounts' => $this->module->l('Accounts', 'adminshopcredit'), 'receivables' => $this->module->l('Receivables', 'adminshopcredit'),
            'requests' => $this->module->l('Requests', 'adminshopcredit'), 'mass' => $this->module->l('Mass credit / debit', 'adminshopcredit'),
            'statistics' => $this->module->l('Statistics', 'adminshopcredit'),
        ]];
        try {
            $sc = Bridge::sc();
            switch ($section) {
                case 'customer':
                    $id = (int) Tools::getValue('id_customer');
                    $words = ShopCreditPs\ShopWords::of($this->module);
                    $c = new Customer($id);
                    $accounts = $sc->overview()->accounts($shopId, ['customer_id' => (string) $id, 'currency' => $iso])['rows'];
                    $filters = MovementFilters::fromQuery($_GET);
                    $vars += [
                        'sc_customer' => ['id' => $id, 'name' => $c->firstname . ' ' . $c->lastname, 'email' => $c->email, 'company' => $c->company],
                        'sc_account' => $accounts[0] ?? null,
                        'sc_summary' => $summary = $sc->overview()->customer($shopId, (string) $id, $iso),
                        'sc_figures' => $this->figures($summary, $iso),
                        'sc_risks' => ['low' => $words->text('risk_level', 'low'), 'medium' => $words->text('risk_level', 'medium'), 'high' => $words->text('risk_level', 'high')],
                        'sc_adjust_kinds' => ['bonus' => $words->text('movement', 'bonus'), 'adjustment_credit' => $words->text('movement', 'adjustment_credit'), 'adjustment_debit' => $words->text('movement', 'adjustment_debit')],
                        'sc_ledgers' => [
                            'wallet' => $this->ledger($shopId, 'wallet', $filters + ['customer_id' => (string) $id, 'currency' => $iso], $iso),
                            'credit_line' => $this->ledger($shopId, 'credit_line', $filters + ['customer_id' => (string) $id, 'currency' => $iso], $iso),
                        ],
                        'sc_codes' => array_combine(MovementFilters::CODES, array_map(fn (string $c): string => ShopCreditPs\ShopWords::of($this->module)->text('movement', $c), MovementFilters::CODES)),
                        'sc_filter' => ['type' => (string) Tools::getValue('type'), 'from' => (string) Tools::getValue('from'), 'to' => (string) Tools::getValue('to')],
                        'sc_export' => $this->url(['export' => 'movements', 'id_customer' => $id] + array_intersect_key($_GET, array_flip(['type', 'from', 'to']))),
                        'sc_statement_days' => StatementDownload::DAYS,
                    ];
                    break;
                case 'receivables':
                    $vars += $this->receivables($shopId, $iso);
                    break;
                case 'requests':
                    // Paged: 50 a page, newest first, each list with its own page number.
                    foreach (['credit_increase' => 'inc', 'withdrawal' => 'wd'] as $kind => $k) {
                        $page = max(1, (int) Tools::getValue('page_' . $k, 1));
                        $p = $sc->overview()->requestPage($kind, $shopId, [], self::REQUESTS_PER_PAGE, ($page - 1) * self::REQUESTS_PER_PAGE);
                        $vars['sc_' . $k . '_page'] = ['rows' => $p['rows'], 'page' => $page, 'pages' => max(1, (int) ceil($p['total'] / self::REQUESTS_PER_PAGE)), 'total' => $p['total'], 'param' => 'page_' . $k];
                    }
                    $vars['sc_increases'] = $this->readable($vars['sc_inc_page']['rows'], $iso);
                    $vars['sc_withdrawals'] = $this->readable($vars['sc_wd_page']['rows'], $iso);
                    break;
                case 'statistics':
                    $vars += $this->statistics($shopId, $iso);
                    break;
                case 'mass':
                    $vars['sc_groups'] = Group::getGroups((int) $this->context->language->id);
                    $vars['sc_batch'] = 'mass-' . bin2hex(random_bytes(8));
                    $key = (string) Tools::getValue('batch_key');
                    if (preg_match('/^[a-z0-9-]{8,64}$/', $key) && Tools::getValue('sc_do') !== '') {
                        try {
                            $vars['sc_mass'] = $this->massView($sc->massAdjustments()->status($key));
                            $vars['sc_mass_step_url'] = $this->url(['ajax' => 1, 'action' => 'massStep', 'batch_key' => $key]);
                        } catch (ShopCredit\InvalidInput) {
                            // no such batch (the form was refused): the form alone
                        }
                    }
                    break;
                default:
                    $vars['sc_section'] = 'accounts';
                    $search = trim((string) Tools::getValue('search'));
                    $chosen = array_intersect_key($_GET, array_flip(['risk', 'hold', 'overdue']));
                    $list = new ShopCreditPs\Admin\AccountsList($this->module, ShopCreditPs\ShopWords::of($this->module), $this->url(['section' => 'accounts', 'search' => $search, 'currency' => $iso] + $chosen), (string) Tools::getAdminTokenLite('AdminShopCredit'));
                    $ids = $search === '' ? null : ShopCreditPs\Admin\HostNames::search($search);
                    $vars['sc_lists'] = $list->render($shopId, 'credit_line', $iso, $ids, ShopCreditPs\Admin\AccountsList::creditFilters($_GET)) . $list->render($shopId, 'wallet', $iso, $ids);
                    $vars['sc_search'] = $search;
                    $w = ShopCreditPs\ShopWords::of($this->module);
                    $vars['sc_acc_filter'] = ['risk' => (string) Tools::getValue('risk'), 'hold' => (string) Tools::getValue('hold'), 'overdue' => (string) Tools::getValue('overdue')];
                    $vars['sc_risks'] = ['low' => $w->text('risk_level', 'low'), 'medium' => $w->text('risk_level', 'medium'), 'high' => $w->text('risk_level', 'high')];
                    $vars['sc_currencies'] = $this->currencies();
            }
        } catch (Throwable $e) {
            $vars['sc_error'] = $e->getMessage();
        }
        $this->context->smarty->assign($vars);
        $this->content .= $this->context->smarty->fetch($this->module->getLocalPath() . 'views/templates/admin/page.tpl');
        $this->context->smarty->assign('content', $this->content);
    }

    /**
     * Rows of the bridge (receivables, requests) with what the merchant reads: the customer's
     * name and link, the order's reference and link, amounts in the shop's money format, states
     * in words. The raw fields stay for the forms (order ref, request id).
     * @param list<array<string, mixed>> $rows
     */
    private function readable(array $rows, string $iso): array
    {
        $w = ShopCreditPs\ShopWords::of($this->module);
        $customers = ShopCreditPs\Admin\HostNames::customers(array_map(static fn ($r) => (string) ($r['customerId'] ?? $r['customer_id'] ?? ''), $rows));
        $orders = ShopCreditPs\Admin\HostNames::orders(array_values(array_filter(array_map(static fn ($r) => (string) ($r['orderRef'] ?? ''), $rows))));
        foreach ($rows as &$r) {
            $cid = (string) ($r['customerId'] ?? $r['customer_id'] ?? '');
            $cur = (string) ($r['currency'] ?? $iso);
            $r['sc_customer'] = ['name' => $customers[$cid]['name'] ?? sprintf($this->module->l('Customer #%d (deleted)', 'adminshopcredit'), (int) $cid), 'url' => ShopCreditPs\Admin\HostNames::customerLink((int) $cid)];
            $o = $orders[(string) ($r['orderRef'] ?? '')] ?? null;
            $r['sc_order'] = $o === null ? null : ['reference' => $o['reference'], 'url' => ShopCreditPs\Admin\HostNames::orderLink($o['id'])];
            $r['sc_money'] = [];
            foreach (['amount', 'paid', 'remaining', 'current_limit', 'requested_limit'] as $k) {
                if (isset($r[$k]) && is_scalar($r[$k]) && preg_match('/^-?\d+(\.\d+)?$/', (string) $r[$k])) {
                    $r['sc_money'][$k] = $w->money((string) $r[$k], $cur);
                }
            }
            $group = isset($r['requested_limit']) ? 'increase_state' : (isset($r['orderRef']) ? 'receivable_state' : 'withdrawal_state');
            $r['sc_state'] = $w->text($group, (string) ($r['state'] ?? ''));
            $r['sc_due'] = isset($r['dueDate']) && $r['dueDate'] ? Tools::displayDate((string) $r['dueDate']) : '—';
        }
        return $rows;
    }

    /**
     * The receivables list (paged, sorted and filtered on the server) with its filters, and the
     * payment form of the order whose "Record payment" was clicked.
     */
    private function receivables(string $shopId, string $iso): array
    {
        $chosen = ShopCreditPs\Admin\ReceivablesList::chosen($_GET, $iso);
        $query = ['section' => 'receivables', 'rcv_state' => $chosen['state'], 'currency' => $iso] + ($chosen['overdue'] ? ['rcv_overdue' => 1] : []) + ($chosen['search'] === '' ? [] : ['search' => $chosen['search']]);
        $list = new ShopCreditPs\Admin\ReceivablesList($this->module, ShopCreditPs\ShopWords::of($this->module), $this->url($query), (string) Tools::getAdminTokenLite('AdminShopCredit'));
        $w = ShopCreditPs\ShopWords::of($this->module);
        $vars = ['sc_receivables_list' => $list->render($shopId, $chosen), 'sc_rcv' => $chosen, 'sc_currencies' => $this->currencies(), 'sc_pay' => null,
            'sc_rcv_states' => ['open' => $w->text('receivable_state', 'open'), 'paid' => $w->text('receivable_state', 'paid'), 'cancelled' => $w->text('receivable_state', 'cancelled'), 'all' => $this->module->l('All', 'adminshopcredit')],
            'sc_rcv_back' => $this->url($query)];
        $ref = (string) Tools::getValue('pay');
        $rcv = $ref === '' ? null : Bridge::sc()->receivables->find($shopId, $ref);
        if ($rcv !== null && $rcv['state'] === 'open') {
            $vars['sc_pay'] = $this->readable([ShopCredit\Service\Overview::receivableRow($rcv)], $iso)[0];
        }
        return $vars;
    }

    /** The customer's figures in the shop's money format, and why new orders on account are refused, in words. */
    private function figures(array $summary, string $iso): array
    {
        $w = ShopCreditPs\ShopWords::of($this->module);
        $c = (array) ($summary['credit'] ?? []);
        $b = (array) ($summary['wallet'] ?? []);
        $out = [];
        foreach (['limit' => $c['limit'] ?? null, 'exposure' => $c['exposure'] ?? null, 'remaining' => $c['remainingCredit'] ?? $c['remaining'] ?? null, 'balance' => $b['balance'] ?? null, 'available' => $b['available'] ?? null] as $k => $v) {
            $out[$k] = $v === null ? '' : $w->money((string) $v, $iso);
        }
        $out['blocked'] = ($c['blockingReasons'] ?? []) === [] ? '' : $w->reasons(array_map('strval', (array) $c['blockingReasons']));
        return $out;
    }

    private const LEDGER_PAGE = 50;

    /**
     * One customer's movements of one account kind as the merchant reads them: one line per
     * movement (a reservation and its posting are one line with a state), words for kinds and
     * states, money in the shop's format, the order's reference linked to its page; paged.
     */
    private function ledger(string $shopId, string $kind, array $filters, string $iso): array
    {
        $param = $kind === 'wallet' ? 'page_w' : 'page_c';
        $page = max(1, (int) Tools::getValue($param, 1));
        $p = Bridge::sc()->movementList()->page($shopId, $kind, $filters, ['sort' => 'date', 'dir' => 'desc', 'limit' => self::LEDGER_PAGE, 'offset' => ($page - 1) * self::LEDGER_PAGE]);
        $w = ShopCreditPs\ShopWords::of($this->module);
        $orders = ShopCreditPs\Admin\HostNames::orders(array_values(array_filter(array_map(static fn ($r) => (string) ($r['orderRef'] ?? ''), $p['rows']))));
        $rows = [];
        foreach ($p['rows'] as $r) {
            $o = $orders[(string) ($r['orderRef'] ?? '')] ?? null;
            $rows[] = [
                'date' => Tools::displayDate(date('Y-m-d H:i:s', (int) $r['atS']), true),
                'what' => $w->text('movement', (string) $r['kind']),
                'amount' => ($r['direction'] === 'in' ? '+' : '−') . $w->money((string) $r['amount'], $iso),
                'state' => $w->text('movement_state', (string) $r['state']),
                'order' => $o === null ? null : ['reference' => $o['reference'], 'url' => ShopCreditPs\Admin\HostNames::orderLink($o['id'])],
            ];
        }
        $sum = $p['sums'][$iso] ?? null;
        return ['rows' => $rows, 'page' => $page, 'pages' => max(1, (int) ceil($p['total'] / self::LEDGER_PAGE)), 'total' => (int) $p['total'], 'param' => $param,
            'net' => $sum === null ? null : $w->money((string) $sum['net'], $iso)];
    }

    /** A batch's status as the merchant reads it: counts, money in the shop's format, skip reasons in words. */
    private function massView(array $s): array
    {
        $w = ShopCreditPs\ShopWords::of($this->module);
        $reasons = static fn (array $counts): array => array_map(static fn ($code, $n) => ['reason' => $w->reason((string) $code), 'count' => (int) $n], array_keys($counts), $counts);
        return ['key' => $s['batchKey'], 'state' => $s['state'], 'percent' => (int) $s['percent'], 'total' => (int) $s['total'], 'processed' => (int) $s['processed'],
            'direction' => $s['direction'], 'amount' => $w->money((string) $s['amount'], (string) $s['currency']),
            'wouldApply' => (int) $s['wouldApply'], 'wouldSkip' => $reasons((array) $s['wouldSkip']), 'wouldMove' => $w->money((string) $s['wouldMove'], (string) $s['currency']),
            'applied' => (int) $s['applied'] + (int) $s['alreadyDone'], 'skipped' => $reasons((array) $s['skipped']), 'moved' => $w->money((string) $s['moved'], (string) $s['currency'])];
    }

    /** One step of a mass credit/debit's run, for the progress bar (the employee's add and edit rights, like the form). */
    public function displayAjaxMassStep()
    {
        header('Content-Type: application/json');
        if (!Permissions::allowed('mass_run', fn (string $right): bool => (bool) $this->access($right)) || $_SERVER['REQUEST_METHOD'] !== 'POST') {
            http_response_code(403);
            exit(json_encode(['ok' => false, 'message' => $this->module->l('You do not have permission to do this.', 'adminshopcredit')]));
        }
        try {
            $s = (new Actions($this->module, (int) $this->context->employee->id))->massStep((string) Tools::getValue('batch_key'));
            exit(json_encode(['ok' => true, 'done' => $s['state'] === 'done', 'percent' => (int) $s['percent'], 'processed' => (int) $s['processed'], 'total' => (int) $s['total']]));
        } catch (Throwable) {
            http_response_code(400);
            exit(json_encode(['ok' => false, 'message' => $this->module->l('This batch cannot run.', 'adminshopcredit')]));
        }
    }

    /** The four charts (balances, credit, overdue, financing) for the chosen period and currency, drawn by the bundled chart script. */
    private function statistics(string $shopId, string $iso): array
    {
        $period = in_array(Tools::getValue('period'), ['day', 'week', 'month'], true) ? (string) Tools::getValue('period') : 'month';
        $to = strtotime((string) Tools::getValue('to')) ?: time();
        $from = strtotime((string) Tools::getValue('from')) ?: strtotime('-11 months', strtotime(date('Y-m-01', $to)));
        $from = min($from, $to);
        $stats = Bridge::sc()->charts()->statistics($shopId, $iso, $from, strtotime('+1 day', strtotime(date('Y-m-d', $to))), $period);
        $words = ShopCreditPs\ShopWords::of($this->module);
        $html = '';
        foreach (ShopCredit\I18n\ChartView::CHARTS as $chart) {
            $html .= ShopCredit\I18n\ChartView::html(ShopCredit\I18n\ChartView::of($stats, $chart, $words));
        }
        $assets = $this->module->getPathUri() . 'assets/widget/';
        $this->addCSS($assets . 'shopcredit-chart.css');
        $this->addJS($assets . 'shopcredit-chart.js');
        return ['sc_charts' => $html, 'sc_from' => date('Y-m-d', $from), 'sc_to' => date('Y-m-d', $to), 'sc_period' => $period, 'sc_currencies' => $this->currencies(),
            'sc_periods' => ['day' => $this->module->l('Day', 'adminshopcredit'), 'week' => $this->module->l('Week', 'adminshopcredit'), 'month' => $this->module->l('Month', 'adminshopcredit')]];
    }

    /** CSV of one customer's movements (balance and credit line), with the page's filters. */
    private function exportMovements(): never
    {
        $id = (int) Tools::getValue('id_customer');
        $shopId = Bridge::shopId();
        $iso = $this->iso();
        header('Content-Type: text/csv; charset=utf-8');
        header('Content-Disposition: attachment; filename="shopcredit-movements-' . $id . '.csv"');
        $out = fopen('php://output', 'w');
        Bridge::sc()->export()->movements($out, ["wallet:$shopId:$id:$iso", "credit:$shopId:$id:$iso"], MovementFilters::fromQuery($_GET));
        fclose($out);
        exit;
    }
}

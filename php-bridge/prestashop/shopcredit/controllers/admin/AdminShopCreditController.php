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

    private function iso(): string
    {
        return (string) Currency::getIsoCodeById((int) Configuration::get('PS_CURRENCY_DEFAULT'));
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
            default: // approve, decline, recheck
                $this->flash($a->orderCheck(new Order((int) Tools::getValue('id_order')), $do));
        }
    }

    public function initContent()
    {
        if (Tools::getValue('export') === 'movements') {
            $this->exportMovements();
        }
        if (Tools::getValue('export') === 'statement') {
            // Sent and ended here; what comes back is why there is nothing to send.
            $this->errors[] = htmlspecialchars(StatementDownload::send($this->module, (int) Tools::getValue('id_customer'), $this->iso(), $_GET), ENT_QUOTES, 'UTF-8');
        }
        parent::initContent();
        $section = (string) Tools::getValue('section', 'accounts');
        $shopId = Bridge::shopId();
        $iso = $this->iso();
        $vars = ['sc_section' => $section, 'sc_iso' => $iso, 'sc_url' => $this->url(), 'sc_error' => null, 'sc_tabs' => [
            'accounts' => $this->module->l('Accounts', 'adminshopcredit'), 'receivables' => $this->module->l('Receivables', 'adminshopcredit'),
            'requests' => $this->module->l('Requests', 'adminshopcredit'), 'mass' => $this->module->l('Mass credit / debit', 'adminshopcredit'),
        ]];
        try {
            $sc = Bridge::sc();
            switch ($section) {
                case 'customer':
                    $id = (int) Tools::getValue('id_customer');
                    $c = new Customer($id);
                    $accounts = $sc->overview()->accounts($shopId, ['customer_id' => (string) $id, 'currency' => $iso])['rows'];
                    $filters = MovementFilters::fromQuery($_GET);
                    $vars += [
                        'sc_customer' => ['id' => $id, 'name' => $c->firstname . ' ' . $c->lastname, 'email' => $c->email, 'company' => $c->company],
                        'sc_account' => $accounts[0] ?? null,
                        'sc_summary' => $sc->overview()->customer($shopId, (string) $id, $iso),
                        'sc_moves' => array_merge(
                            $sc->overview()->movements("wallet:$shopId:$id:$iso", $filters, 100)['items'],
                            $sc->overview()->movements("credit:$shopId:$id:$iso", $filters, 100)['items'],
                        ),
                        'sc_codes' => MovementFilters::CODES,
                        'sc_export' => $this->url(['export' => 'movements', 'id_customer' => $id] + array_intersect_key($_GET, array_flip(['type', 'from', 'to']))),
                        'sc_statement_days' => StatementDownload::DAYS,
                    ];
                    break;
                case 'receivables':
                    $vars['sc_receivables'] = $sc->overview()->receivables($shopId, Tools::getValue('state') ? ['state' => (string) Tools::getValue('state')] : ['state' => 'open'], 200)['rows'];
                    break;
                case 'requests':
                    // Paged: 50 a page, newest first, each list with its own page number.
                    foreach (['credit_increase' => 'inc', 'withdrawal' => 'wd'] as $kind => $k) {
                        $page = max(1, (int) Tools::getValue('page_' . $k, 1));
                        $p = $sc->overview()->requestPage($kind, $shopId, [], self::REQUESTS_PER_PAGE, ($page - 1) * self::REQUESTS_PER_PAGE);
                        $vars['sc_' . $k . '_page'] = ['rows' => $p['rows'], 'page' => $page, 'pages' => max(1, (int) ceil($p['total'] / self::REQUESTS_PER_PAGE)), 'total' => $p['total'], 'param' => 'page_' . $k];
                    }
                    $vars['sc_increases'] = $vars['sc_inc_page']['rows'];
                    $vars['sc_withdrawals'] = $vars['sc_wd_page']['rows'];
                    break;
                case 'mass':
                    $vars['sc_groups'] = Group::getGroups((int) $this->context->language->id);
                    $vars['sc_batch'] = 'mass-' . bin2hex(random_bytes(8));
                    break;
                default:
                    $vars['sc_section'] = 'accounts';
                    $search = trim((string) Tools::getValue('search'));
                    $vars['sc_accounts'] = $sc->overview()->accounts($shopId, array_filter(['currency' => $iso, 'search' => $search, 'risk_level' => in_array(Tools::getValue('risk'), ['low', 'medium', 'high'], true) ? (string) Tools::getValue('risk') : null]), 100)['rows'];
                    $vars['sc_wallets'] = $sc->overview()->accounts($shopId, ['kind' => 'wallet', 'currency' => $iso], 100)['rows'];
                    $vars['sc_stats'] = $sc->overview()->statistics($shopId, $iso, time() - 365 * 86400, time() + 1, date('Y-m-d'));
                    $vars['sc_search'] = $search;
            }
        } catch (Throwable $e) {
            $vars['sc_error'] = $e->getMessage();
        }
        $this->context->smarty->assign($vars);
        $this->content .= $this->context->smarty->fetch($this->module->getLocalPath() . 'views/templates/admin/page.tpl');
        $this->context->smarty->assign('content', $this->content);
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

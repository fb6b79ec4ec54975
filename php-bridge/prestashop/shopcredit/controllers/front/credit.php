<?php
/**
 * My account > My credit account: limit, exposure, remaining, payments due with due dates, the
 * payment terms, orders on account with paid/remaining and invoices, and a credit-increase
 * request form (CSRF token). Only ever the logged-in customer's own account.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Bridge;
use ShopCreditPs\ShopWords;
use ShopCreditPs\Money;
use ShopCreditPs\Requests;
use ShopCreditPs\Texts;

class ShopcreditCreditModuleFrontController extends ModuleFrontController
{
    public $auth = true;
    public $authRedirection = 'my-account';

    public function postProcess()
    {
        if (!Tools::isSubmit('sc_increase')) {
            return;
        }
        if ((string) Tools::getValue('token') !== Tools::getToken(false)) {
            $this->errors[] = $this->module->l('The form expired; please try again.', 'credit');
            return;
        }
        $iso = (string) $this->context->currency->iso_code;
        $amount = Money::parseInput((string) Tools::getValue('requested_limit'), $iso);
        if ($amount === null) {
            $typed = trim((string) Tools::getValue('requested_limit'));
            $this->errors[] = $typed !== '' ? Texts::sentence([Money::inputError($typed, $iso)], fn ($s) => $this->module->l($s, 'texts')) : $this->module->l('Please enter an amount.', 'credit');
            return;
        }
        $me = (string) (int) $this->context->customer->id;
        try {
            $r = Bridge::sc()->credit()->requestIncrease(Bridge::shopId(), $me, $iso, 'ci-' . $me . '-' . bin2hex(random_bytes(6)), $amount, mb_substr(trim((string) Tools::getValue('message')), 0, 1000));
        } catch (Throwable $e) {
            $this->errors[] = Texts::sentence(['runtime_unavailable'], fn ($s) => $this->module->l($s, 'texts'));
            return;
        }
        if (($r['accepted'] ?? false) === true) {
            $this->success[] = ($r['updated'] ?? false) === true
                ? $this->module->l('Your open request was updated. We will answer by e-mail.', 'credit')
                : $this->module->l('Your request was sent. We will answer by e-mail.', 'credit');
        } else {
            $this->errors[] = Texts::sentence((array) ($r['reasons'] ?? []), fn ($s) => $this->module->l($s, 'texts')) . ' (' . implode(', ', (array) ($r['reasons'] ?? [])) . ')';
        }
    }

    public function initContent()
    {
        parent::initContent();
        $me = (string) (int) $this->context->customer->id;
        $iso = (string) $this->context->currency->iso_code;
        $shopId = Bridge::shopId();
        $summary = null;
        $orders = [];
        $requests = [];
        try {
            $sc = Bridge::sc();
            $summary = $sc->overview()->customer($shopId, $me, $iso);
            foreach ($sc->overview()->receivables($shopId, ['customer_id' => $me], 100)['rows'] as $r) {
                $cartId = Requests::cartIdFromRef($r['orderRef']);
                $order = $cartId === null ? null : new Order((int) Order::getIdByCartId($cartId));
                $orders[] = $r + [
                    'reference' => $order && $order->id ? $order->reference : $r['orderRef'],
                    'detail_url' => $order && $order->id ? $this->context->link->getPageLink('order-detail', true, null, ['id_order' => (int) $order->id]) : null,
                    'invoice_url' => $order && $order->id && $order->hasInvoice() ? $this->context->link->getPageLink('pdf-invoice', true, null, ['id_order' => (int) $order->id]) : null,
                ];
            }
            $requests = $sc->overview()->requests('credit_increase', $shopId, ['customer_id' => $me], 10);
        } catch (Throwable) {
            $summary = ['available' => false];
        }
        $words = ShopWords::of($this->module);
        $money = static fn ($v): string => $words->money((string) $v, $iso);
        $date = static fn ($ymd): string => $ymd ? $words->date((string) $ymd) : '—';
        $credit = is_array($summary['credit'] ?? null) ? $summary['credit'] : null;
        $this->context->smarty->assign([
            'sc_summary' => $summary,
            // What the customer reads: money in the shop's format, dates in its format, states in words.
            'sc_figures' => $credit === null ? null : [
                'limit' => $money($credit['limit']), 'exposure' => $money($credit['exposure']), 'remaining' => $money($credit['remainingCredit'] ?? $credit['remaining']),
                'totalPaid' => $money($credit['totalPaid'] ?? '0'), 'nextDueDate' => $date($credit['nextDueDate'] ?? null),
                'overdue' => array_map(static fn (array $o): array => ['amountDue' => $money($o['amountDue']), 'dueDate' => $date($o['dueDate']), 'daysOverdue' => (int) $o['daysOverdue']], (array) ($credit['overdue'] ?? [])),
            ],
            'sc_orders' => array_map(static fn (array $o): array => ['amount' => $money($o['amount']), 'paid' => $money($o['paid']), 'remaining' => $money($o['remaining']), 'dueDate' => $date($o['dueDate'] ?? null), 'state' => $words->text('receivable_state', (string) $o['state'])] + $o, $orders),
            'sc_requests' => array_map(static fn (array $r): array => ['requested_limit' => $money($r['requested_limit']), 'state' => $words->text('increase_state', (string) $r['state'])], $requests),
            'sc_iso' => $iso,
            'sc_token' => Tools::getToken(false),
            'sc_action' => $this->context->link->getModuleLink($this->module->name, 'credit', [], true),
        ]);
        $this->setTemplate('module:shopcredit/views/templates/front/credit.tpl');
    }

    public function getBreadcrumbLinks()
    {
        $b = parent::getBreadcrumbLinks();
        $b['links'][] = $this->addMyAccountToBreadcrumb();
        $b['links'][] = ['title' => $this->module->l('My credit account', 'credit'), 'url' => $this->context->link->getModuleLink('shopcredit', 'credit')];
        return $b;
    }
}

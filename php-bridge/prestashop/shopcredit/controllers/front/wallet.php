<?php
/**
 * My account > My store balance: balance, movements with filters, a top-up (the hidden top-up
 * product at the asked amount, paid with the shop's other payment modules) and a withdrawal
 * request (the core checks the minimum and the balance). CSRF token on every form; only ever
 * the logged-in customer's own balance.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\Bridge;
use ShopCreditPs\Money;
use ShopCreditPs\MovementFilters;
use ShopCreditPs\Texts;
use ShopCreditPs\TopUp;

class ShopcreditWalletModuleFrontController extends ModuleFrontController
{
    public $auth = true;
    public $authRedirection = 'my-account';

    public function postProcess()
    {
        $topUp = Tools::isSubmit('sc_topup');
        $withdraw = Tools::isSubmit('sc_withdraw');
        if (!$topUp && !$withdraw) {
            return;
        }
        if ((string) Tools::getValue('token') !== Tools::getToken(false)) {
            $this->errors[] = $this->module->l('The form expired; please try again.', 'wallet');
            return;
        }
        $iso = (string) $this->context->currency->iso_code;
        $amount = Money::parseInput((string) Tools::getValue('amount'), $iso);
        if ($amount === null) {
            $typed = trim((string) Tools::getValue('amount'));
            $this->errors[] = $amount === null && $typed !== '' ? Texts::sentence([Money::inputError($typed, $iso)], fn ($s) => $this->module->l($s, 'texts')) : $this->module->l('Please enter an amount.', 'wallet');
            return;
        }
        $me = (string) (int) $this->context->customer->id;
        if ($topUp) {
            // Judged before the customer pays: the balance rules for this amount in this
            // currency, and a payment method of the shop the merchant allows for top-ups.
            try {
                $check = Bridge::sc()->wallet()->checkTopUp(Bridge::shopId(), $iso, $amount);
                $reasons = ($check['accepted'] ?? false) === true ? [] : (array) ($check['reasons'] ?? ['method_disabled']);
                if ($reasons === [] && (TopUp::productId() <= 0 || !TopUp::methodsOffered(Bridge::shopId()))) {
                    $reasons = ['top_up_method_not_allowed'];
                }
            } catch (Throwable) {
                $reasons = ['runtime_unavailable'];
            }
            $reasons = $reasons === [] ? array_filter([TopUp::addToCart($this->context, $amount)]) : $reasons;
            if ($reasons !== []) {
                $this->errors[] = Texts::sentence(array_values($reasons), fn ($s) => $this->module->l($s, 'texts'));
                return;
            }
            Tools::redirect($this->context->link->getPageLink('order', true));
        }
        try {
            $r = Bridge::sc()->wallet()->requestWithdrawal(Bridge::shopId(), $me, $iso, 'wd-' . $me . '-' . bin2hex(random_bytes(6)), $amount, mb_substr(trim((string) Tools::getValue('message')), 0, 1000));
        } catch (Throwable) {
            $this->errors[] = Texts::sentence(['runtime_unavailable'], fn ($s) => $this->module->l($s, 'texts'));
            return;
        }
        if (($r['accepted'] ?? false) === true) {
            $this->success[] = $this->module->l('Your withdrawal request was sent. The amount is reserved until we answer.', 'wallet');
        } else {
            $this->errors[] = Texts::sentence((array) ($r['reasons'] ?? []), fn ($s) => $this->module->l($s, 'texts'));
        }
    }

    public function initContent()
    {
        parent::initContent();
        $me = (string) (int) $this->context->customer->id;
        $iso = (string) $this->context->currency->iso_code;
        $shopId = Bridge::shopId();
        $filters = MovementFilters::fromQuery($_GET);
        $summary = null;
        $page = ['items' => [], 'nextCursor' => null];
        $withdrawals = [];
        try {
            $sc = Bridge::sc();
            $summary = $sc->overview()->customer($shopId, $me, $iso);
            $page = $sc->overview()->movements('wallet:' . $shopId . ':' . $me . ':' . $iso, $filters, 25, MovementFilters::cursor(Tools::getValue('cursor')));
            $withdrawals = $sc->overview()->requests('withdrawal', $shopId, ['customer_id' => $me], 10);
        } catch (Throwable) {
            $summary = ['available' => false];
        }
        $this->context->smarty->assign([
            'sc_summary' => $summary,
            'sc_movements' => $page['items'],
            'sc_next' => $page['nextCursor'] === null ? null : $this->context->link->getModuleLink('shopcredit', 'wallet', array_filter(['type' => $_GET['type'] ?? null, 'from' => $_GET['from'] ?? null, 'to' => $_GET['to'] ?? null, 'cursor' => $page['nextCursor']]), true),
            'sc_codes' => MovementFilters::CODES,
            'sc_filter' => ['type' => (string) ($filters['code'] ?? ''), 'from' => (string) Tools::getValue('from'), 'to' => (string) Tools::getValue('to')],
            'sc_withdrawals' => $withdrawals,
            'sc_plain_urls' => !Configuration::get('PS_REWRITING_SETTINGS'),
            'sc_iso' => $iso,
            'sc_token' => Tools::getToken(false),
            'sc_action' => $this->context->link->getModuleLink($this->module->name, 'wallet', [], true),
        ]);
        $this->setTemplate('module:shopcredit/views/templates/front/wallet.tpl');
    }

    public function getBreadcrumbLinks()
    {
        $b = parent::getBreadcrumbLinks();
        $b['links'][] = $this->addMyAccountToBreadcrumb();
        $b['links'][] = ['title' => $this->module->l('My store balance', 'wallet'), 'url' => $this->context->link->getModuleLink('shopcredit', 'wallet')];
        return $b;
    }
}

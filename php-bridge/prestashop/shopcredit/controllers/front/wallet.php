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
use ShopCreditPs\ShopWords;
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

    private const PER_PAGE = 25;

    public function initContent()
    {
        parent::initContent();
        $me = (string) (int) $this->context->customer->id;
        $iso = (string) $this->context->currency->iso_code;
        $shopId = Bridge::shopId();
        $filters = MovementFilters::fromQuery($_GET);
        $words = ShopWords::of($this->module);
        $page = max(1, (int) Tools::getValue('page', 1));
        $summary = null;
        $list = ['rows' => [], 'total' => 0];
        $withdrawals = [];
        try {
            $sc = Bridge::sc();
            $summary = $sc->overview()->customer($shopId, $me, $iso);
            // One line per movement: a reservation and what became of it are one line with its state.
            $list = $sc->movementList()->page($shopId, 'wallet', $filters + ['customer_id' => $me, 'currency' => $iso], ['limit' => self::PER_PAGE, 'offset' => ($page - 1) * self::PER_PAGE]);
            $withdrawals = $sc->overview()->requests('withdrawal', $shopId, ['customer_id' => $me], 10);
        } catch (Throwable) {
            $summary = ['available' => false];
        }
        $wallet = is_array($summary['wallet'] ?? null) ? $summary['wallet'] : null;
        $this->context->smarty->assign([
            'sc_summary' => $summary,
            'sc_figures' => $wallet === null ? null : array_map(static fn ($v) => $words->money((string) $v, $iso), array_intersect_key($wallet, array_flip(['balance', 'available', 'reserved']))),
            'sc_movements' => $this->lines($list['rows'], $words, $iso),
            'sc_pages' => ['page' => $page, 'pages' => max(1, (int) ceil($list['total'] / self::PER_PAGE))],
            'sc_page_url' => $this->context->link->getModuleLink('shopcredit', 'wallet', array_filter(['type' => $_GET['type'] ?? null, 'from' => $_GET['from'] ?? null, 'to' => $_GET['to'] ?? null]), true),
            'sc_codes' => array_combine(MovementFilters::CODES, array_map(static fn (string $c): string => $words->text('movement', $c), MovementFilters::CODES)),
            'sc_filter' => ['type' => (string) ($filters['code'] ?? ''), 'from' => (string) Tools::getValue('from'), 'to' => (string) Tools::getValue('to')],
            'sc_withdrawals' => array_map(static fn (array $r): array => ['amount' => $words->money((string) $r['amount'], (string) ($r['currency'] ?? $iso)), 'state' => $words->text('withdrawal_state', (string) $r['state'])], $withdrawals),
            'sc_plain_urls' => !Configuration::get('PS_REWRITING_SETTINGS'),
            'sc_iso' => $iso,
            'sc_token' => Tools::getToken(false),
            'sc_action' => $this->context->link->getModuleLink($this->module->name, 'wallet', [], true),
        ]);
        $this->setTemplate('module:shopcredit/views/templates/front/wallet.tpl');
    }

    /**
     * The movements as the customer reads them: words for what happened and its state, money in
     * the shop's format (what a voided or expired reservation held, struck through), the order by
     * its reference with a link to it.
     * @param list<array<string, mixed>> $rows MovementList rows
     * @return list<array<string, mixed>>
     */
    private function lines(array $rows, \ShopCredit\I18n\Words $words, string $iso): array
    {
        $orders = ShopCreditPs\Admin\HostNames::orders(array_values(array_filter(array_map(static fn ($r) => (string) ($r['orderRef'] ?? ''), $rows))));
        $out = [];
        foreach ($rows as $r) {
            $gone = in_array($r['state'], ['voided', 'expired'], true);
            $o = $orders[(string) ($r['orderRef'] ?? '')] ?? null;
            $out[] = [
                'date' => Tools::displayDate(date('Y-m-d H:i:s', (int) $r['atS']), true),
                'what' => $words->text('movement', (string) $r['kind']),
                'amount' => ($r['direction'] === 'in' ? '+ ' : '− ') . $words->money((string) ($gone ? $r['amount'] : $r['effective']), $iso),
                'gone' => $gone,
                'state' => $words->text('movement_state', (string) $r['state']),
                'order' => $o === null ? null : ['reference' => $o['reference'], 'url' => $this->context->link->getPageLink('order-detail', true, null, 'id_order=' . $o['id'])],
            ];
        }
        return $out;
    }

    public function getBreadcrumbLinks()
    {
        $b = parent::getBreadcrumbLinks();
        $b['links'][] = $this->addMyAccountToBreadcrumb();
        $b['links'][] = ['title' => $this->module->l('My store balance', 'wallet'), 'url' => $this->context->link->getModuleLink('shopcredit', 'wallet')];
        return $b;
    }
}

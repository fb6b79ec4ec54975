<?php
/**
 * ShopCredit for PrestaShop 8: credit lines (pay on account), a prepaid store balance and
 * financing follow-up. A thin adapter: hooks, controllers, templates and admin pages gather
 * PrestaShop's facts and call the bridge's services (bridge/src, namespace ShopCredit\); every
 * decision is the core's.
 *
 * @license MIT
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once __DIR__ . '/vendor/autoload.php';

use PrestaShop\PrestaShop\Core\Payment\PaymentOption;
use ShopCreditPs\Availability;
use ShopCreditPs\Bridge;
use ShopCreditPs\Checkout;
use ShopCreditPs\ConfigDefaults;
use ShopCreditPs\CronToken;
use ShopCreditPs\Money;
use ShopCreditPs\OrderLink;
use ShopCreditPs\PaymentChoice;
use ShopCreditPs\StatusMap;
use ShopCreditPs\Texts;

class Shopcredit extends PaymentModule
{
    public const HOOKS = [
        'paymentOptions',
        'displayPaymentReturn',
        'actionOrderStatusPostUpdate',
        'actionOrderSlipAdd',
        'displayCustomerAccount',
        'displayNav2',
        'actionFrontControllerSetMedia',
        'displayAdminOrderMain',
        'displayOrderDetail',
        'displayAdminCustomers',
        'displayPDFInvoice',
    ];

    /** Admin pages (legacy ModuleAdminController, one tab under Customers). */
    public const ADMIN_TAB = 'AdminShopCredit';

    public function __construct()
    {
        $this->name = 'shopcredit';
        $this->tab = 'payments_gateways';
        $this->version = '0.1.0';
        $this->author = 'ShopCredit';
        $this->need_instance = 0;
        $this->ps_versions_compliancy = ['min' => '8.1.0', 'max' => _PS_VERSION_];
        $this->controllers = ['account', 'balance', 'partial', 'financing', 'financingreturn', 'webhook', 'cron', 'summary', 'credit', 'wallet', 'statement'];
        $this->currencies = true;
        $this->currencies_mode = 'checkbox';
        $this->bootstrap = true;
        parent::__construct();

        $this->displayName = $this->l('ShopCredit: credit lines, store balance and financing');
        $this->description = $this->l('Pay on account within a credit limit, pay with a prepaid store balance, and follow financing requests.');
        $this->confirmUninstall = $this->l('Uninstall ShopCredit? The books are kept unless you chose to delete them in the settings.');
    }

    /* ------------------------------------------------------------------ install */

    public function install()
    {
        if (PHP_VERSION_ID < 80100) {
            $this->_errors[] = $this->l('ShopCredit needs PHP 8.1 or later.');
            return false;
        }
        return parent::install()
            && $this->installTables()
            && $this->installOrderStates()
            && $this->installConfiguration()
            && $this->registerHook(self::HOOKS)
            && $this->installTab()
            && $this->installTopUpProduct()
            && $this->installSettings();
    }

    /** The bridge's migrations on the shop's database with the shop's prefix, and our order links. */
    /** The books' schema version this code needs (the bridge's latest migration). */
    public static function schemaVersion(): int
    {
        return (int) array_key_last(ShopCredit\Storage\Migrations::versions());
    }

    /**
     * A new migration in a module whose version did not change (PrestaShop runs upgrade/ scripts
     * only on a version change): applied on the next back-office page of the module.
     */
    public function upgradeSchemaIfBehind(): void
    {
        if ((int) Configuration::getGlobalValue('SHOPCREDIT_SCHEMA') < self::schemaVersion()) {
            $this->installTables();
            $this->registerHook(self::HOOKS); // hooks added since (registering twice changes nothing)
        }
    }

    public function installTables(): bool
    {
        try {
            Bridge::sc(true);
            Configuration::updateGlobalValue('SHOPCREDIT_SCHEMA', self::schemaVersion());
        } catch (Throwable $e) {
            $this->_errors[] = $this->l('Could not create the ShopCredit tables:') . ' ' . $e->getMessage();
            return false;
        }
        try {
            // The ffi.preload header the doctor's php.ini lines name (written once the library is
            // found; the settings page refreshes it when the library path changes).
            ShopCredit\Runtime\Doctor::report(Bridge::runtimeConfig() + ['write_preload_header' => true]);
        } catch (Throwable) {
            // Only a report: the settings page shows what is missing.
        }
        return (bool) Db::getInstance()->execute(OrderLink::createTableSql(_DB_PREFIX_, _MYSQL_ENGINE_));
    }

    public function installConfiguration(): bool
    {
        $ids = [];
        foreach (['PS_OS_PREPARATION', 'PS_OS_SHIPPING', 'PS_OS_BANKWIRE', 'PS_OS_PAYMENT'] as $k) {
            $ids[$k] = (int) Configuration::get($k);
        }
        if ((int) Configuration::getGlobalValue(StatusMap::ON_ACCOUNT) > 0) {
            $ids[StatusMap::ON_ACCOUNT] = (int) Configuration::getGlobalValue(StatusMap::ON_ACCOUNT);
        }
        foreach (ConfigDefaults::values($ids, CronToken::generate(), CronToken::generate()) as $key => $value) {
            // A reinstall keeps what the merchant set (and the tokens already given to cron and the provider).
            if (Configuration::getGlobalValue($key) === false) {
                Configuration::updateGlobalValue($key, $value);
            }
        }
        return true;
    }

    /**
     * Our three states, reused when they exist (reinstall), never deleted while orders use
     * them. No customer e-mail on any of them: the module sends its own e-mails.
     */
    public function installOrderStates(): bool
    {
        // [en, fr, color, logable + invoiced]
        $defs = [
            StatusMap::AWAITING_FINANCING => ['Awaiting financing', 'En attente de financement', '#4169E1', false],
            StatusMap::PENDING_CREDIT_CHECK => ['Pending credit check', 'Vérification de l\'encours', '#FF8C00', false],
            StatusMap::FAILED_CREDIT_CHECK => ['Failed credit check', 'Encours refusé', '#DC143C', false],
            StatusMap::ON_ACCOUNT => ['Accepted on account', 'Acceptée en compte', '#32CD32', true],
        ];
        foreach ($defs as $key => [$en, $fr, $color, $accepted]) {
            $id = (int) Configuration::getGlobalValue($key);
            $state = $id > 0 ? new OrderState($id) : null;
            if ($state !== null && Validate::isLoadedObject($state)) {
                if ($state->deleted) {
                    $state->deleted = false;
                    $state->update();
                }
                continue;
            }
            $state = new OrderState();
            $state->name = [];
            foreach (Language::getLanguages(false) as $lang) {
                $state->name[(int) $lang['id_lang']] = $lang['iso_code'] === 'fr' ? $fr : $en;
            }
            $state->module_name = $this->name;
            $state->color = $color;
            $state->send_email = false;
            $state->unremovable = true;
            $state->hidden = false;
            // An accepted order on account counts as a sale and gets its invoice (the customer
            // pays against it); it is not "paid", so PrestaShop records no payment.
            $state->logable = $accepted;
            $state->invoice = $accepted;
            $state->paid = false;
            $state->shipped = false;
            $state->delivery = false;
            $state->pdf_invoice = false;
            $state->pdf_delivery = false;
            if (!$state->add()) {
                return false;
            }
            Configuration::updateGlobalValue($key, (int) $state->id);
        }
        return true;
    }

    public function installTab(): bool
    {
        if ((int) Tab::getIdFromClassName(self::ADMIN_TAB) > 0) {
            return true;
        }
        $tab = new Tab();
        $tab->class_name = self::ADMIN_TAB;
        $tab->module = $this->name;
        $tab->id_parent = (int) Tab::getIdFromClassName('AdminParentCustomer');
        $tab->active = true;
        $tab->name = [];
        foreach (Language::getLanguages(false) as $lang) {
            $tab->name[(int) $lang['id_lang']] = $lang['iso_code'] === 'fr' ? 'Encours et solde' : 'Credit & balance';
        }
        return (bool) $tab->add();
    }

    /** The hidden virtual product a top-up order carries (its price is set per cart). */
    public function installTopUpProduct(): bool
    {
        $id = (int) Configuration::getGlobalValue('SHOPCREDIT_TOPUP_PRODUCT');
        if ($id > 0 && Validate::isLoadedObject(new Product($id))) {
            return true;
        }
        $p = new Product();
        $p->name = [];
        $p->link_rewrite = [];
        foreach (Language::getLanguages(false) as $lang) {
            $p->name[(int) $lang['id_lang']] = $lang['iso_code'] === 'fr' ? 'Rechargement du solde' : 'Store balance top-up';
            $p->link_rewrite[(int) $lang['id_lang']] = 'shopcredit-topup';
        }
        $p->reference = 'SHOPCREDIT-TOPUP';
        $p->price = 0;
        $p->is_virtual = true;
        $p->visibility = 'none';
        $p->id_tax_rules_group = 0;
        $p->active = true;
        $p->available_for_order = true;
        $p->show_price = true;
        $p->out_of_stock = 1; // orders allowed without stock
        $p->id_category_default = (int) Configuration::get('PS_HOME_CATEGORY');
        if (!$p->add()) {
            return false;
        }
        $p->addToCategories([(int) Configuration::get('PS_HOME_CATEGORY')]);
        StockAvailable::setProductOutOfStock((int) $p->id, 1);
        Configuration::updateGlobalValue('SHOPCREDIT_TOPUP_PRODUCT', (int) $p->id);
        return true;
    }

    /** The core's working defaults for every shop, in the shop's default currency. */
    public function installSettings(): bool
    {
        try {
            $sc = Bridge::sc();
            foreach (Shop::getShops(false, null, true) as $idShop) {
                $iso = (string) Currency::getIsoCodeById((int) Configuration::get('PS_CURRENCY_DEFAULT', null, null, (int) $idShop));
                $sc->settings()->installDefaults(Bridge::shopId((int) $idShop), $iso !== '' ? $iso : 'EUR', 'install');
            }
        } catch (Throwable $e) {
            // The defaults are written again from the settings page once the core runs.
            $this->_errors[] = $this->l('The core could not run to write the default settings:') . ' ' . $e->getMessage();
            PrestaShopLogger::addLog('ShopCredit: installDefaults: ' . $e->getMessage(), 2);
        }
        return true;
    }

    public function uninstall()
    {
        $drop = (bool) Configuration::getGlobalValue('SHOPCREDIT_DROP_ON_UNINSTALL');
        $tabId = (int) Tab::getIdFromClassName(self::ADMIN_TAB);
        if ($tabId > 0) {
            (new Tab($tabId))->delete();
        }
        $this->retireOrderStates();
        if ($drop) {
            try {
                (new ShopCredit\Storage\Migrations(Bridge::sc()->connection))->uninstall(true);
            } catch (Throwable $e) {
                PrestaShopLogger::addLog('ShopCredit: dropping the books failed: ' . $e->getMessage(), 3);
            }
            Db::getInstance()->execute('DROP TABLE IF EXISTS `' . _DB_PREFIX_ . OrderLink::TABLE . '`');
            foreach (array_keys(ConfigDefaults::values([], '', '')) as $key) {
                Configuration::deleteByName($key);
            }
            Configuration::deleteByName('SHOPCREDIT_DROP_ON_UNINSTALL');
        }
        return parent::uninstall();
    }

    /** States no order uses are hidden (deleted flag); used ones stay as they are. */
    private function retireOrderStates(): void
    {
        foreach (StatusMap::OWN as $key) {
            $id = (int) Configuration::getGlobalValue($key);
            if ($id <= 0) {
                continue;
            }
            $used = (int) Db::getInstance()->getValue('SELECT COUNT(*) FROM `' . _DB_PREFIX_ . 'order_history` WHERE id_order_state = ' . $id);
            if ($used === 0) {
                $s = new OrderState($id);
                if (Validate::isLoadedObject($s)) {
                    $s->deleted = true;
                    $s->update();
                }
            }
        }
    }

    /* ------------------------------------------------------------------ settings page */

    public function getContent()
    {
        $this->upgradeSchemaIfBehind();
        require_once __DIR__ . '/src/Admin/SettingsPage.php';
        return (new ShopCreditPs\Admin\SettingsPage($this))->render();
    }

    /* ------------------------------------------------------------------ checkout */

    public function hookPaymentOptions($params)
    {
        if (!$this->active || !isset($params['cart']) || !$params['cart'] instanceof Cart) {
            return [];
        }
        $cart = $params['cart'];
        if (!$this->checkCurrency($cart)) {
            return [];
        }
        $avail = Checkout::availability($cart);
        $iso = Checkout::iso($cart);
        $options = [];
        $entries = [
            ['account', 'credit_line', null, $this->l('Pay on account')],
            ['balance', 'wallet_full', null, $this->l('Pay with store balance')],
            ['partial', 'wallet_partial', null, $this->l('Use my balance + another method')],
        ];
        foreach ($avail->financingSolutions() as $s) {
            $entries[] = ['financing', 'financing', (string) $s['solutionCode'], (string) ($s['label'] ?? $this->l('Financing'))];
        }
        foreach ($entries as [$option, $method, $solution, $label]) {
            if (!$avail->isListed($method, $solution)) {
                continue;
            }
            $available = $avail->isAvailable($method, $solution);
            $m = $avail->method($method, $solution) ?? [];
            $this->context->smarty->assign([
                'sc_option' => $option,
                'sc_available' => $available,
                'sc_reasons' => $available ? '' : Texts::sentence($avail->reasons($method, $solution), fn (string $s): string => $this->l($s, 'texts')),
                'sc_figure' => $avail->figure($method) === null ? null : $this->price($avail->figure($method), $iso),
                'sc_covers' => isset($m['covers']) ? $this->price((string) $m['covers'], $iso) : null,
                'sc_remaining' => isset($m['covers']) ? $this->price(Money::sub(Checkout::total($cart), (string) $m['covers'], $iso), $iso) : null,
            ]);
            $opt = new PaymentOption();
            $opt->setModuleName($this->name)
                ->setCallToActionText($label . ($available ? '' : ' (' . $this->l('unavailable') . ')'))
                ->setAdditionalInformation($this->fetch('module:shopcredit/views/templates/hook/payment_option.tpl'));
            if ($available) {
                $inputs = [['type' => 'hidden', 'name' => 'sc_total', 'value' => Checkout::total($cart)], ['type' => 'hidden', 'name' => 'token', 'value' => Tools::getToken(false)]];
                if ($solution !== null) {
                    $inputs[] = ['type' => 'hidden', 'name' => 'solution', 'value' => $solution];
                }
                $opt->setAction($this->context->link->getModuleLink($this->name, PaymentChoice::controller($option), [], true))
                    ->setInputs($inputs);
            } else {
                // Shown with its reason; the form has no action PrestaShop could submit.
                $opt->setAction('#')->setBinary(false);
            }
            $options[] = $opt;
        }
        return $options;
    }

    public function checkCurrency(Cart $cart): bool
    {
        foreach ((array) $this->getCurrency((int) $cart->id_currency) as $c) {
            if ((int) $c['id_currency'] === (int) $cart->id_currency) {
                return true;
            }
        }
        return false;
    }

    public function hookDisplayPaymentReturn($params)
    {
        $order = $params['order'] ?? null;
        if (!$this->active || !$order instanceof Order) {
            return '';
        }
        return $this->orderSummaryBlock($order, 'confirmation');
    }

    public function hookDisplayOrderDetail($params)
    {
        $order = $params['order'] ?? null;
        return $order instanceof Order ? $this->orderSummaryBlock($order, 'detail') . ShopCreditPs\OnAccount::htmlBlock($this, $order) : '';
    }

    /** The customer's PDF invoice of an order on account: due date, paid, still due, PO number, how to pay. */
    public function hookDisplayPDFInvoice($params)
    {
        $invoice = $params['object'] ?? null;
        if (!$this->active || !$invoice instanceof OrderInvoice) {
            return '';
        }
        return ShopCreditPs\OnAccount::pdfBlock($this, new Order((int) $invoice->id_order));
    }

    /** The customer's view of one of our orders: credit check, balance part, financing status. */
    private function orderSummaryBlock(Order $order, string $where): string
    {
        $link = OrderLink::forOrder($order);
        if ($link === null) {
            return '';
        }
        $iso = (string) Currency::getIsoCodeById((int) $order->id_currency);
        $financing = null;
        if ($link['subscription'] !== '') {
            try {
                $s = Bridge::sc()->financing()->subscription((string) $link['subscription']);
                $financing = $s === null ? null : ['status' => (string) $s['status'], 'sub' => (string) ($s['sub_status'] ?? '')];
            } catch (Throwable) {
                $financing = null;
            }
        }
        $total = Money::fromPs((string) $order->total_paid_tax_incl, $iso);
        $this->context->smarty->assign([
            'sc_where' => $where,
            'sc_funding' => (string) $link['funding'],
            'sc_check' => (string) $link['credit_check'],
            'sc_balance_part' => $link['balance_part'] !== '' ? $this->price((string) $link['balance_part'], $iso) : null,
            'sc_remainder' => $link['balance_part'] !== '' ? $this->price(Money::sub($total, (string) $link['balance_part'], $iso), $iso) : null,
            'sc_financing' => $financing,
            'sc_reorder_url' => $this->context->link->getPageLink('order', true, null, ['submitReorder' => 1, 'id_order' => (int) $order->id]),
            'sc_bankwire' => (string) Configuration::get('BANK_WIRE_DETAILS'),
            'sc_reference' => (string) $order->reference,
        ]);
        return $this->fetch('module:shopcredit/views/templates/hook/order_summary.tpl');
    }

    /* ------------------------------------------------------------------ after the order */

    public function hookActionOrderStatusPostUpdate($params)
    {
        $state = $params['newOrderStatus'] ?? null;
        $order = new Order((int) ($params['id_order'] ?? 0));
        if (!$state instanceof OrderState || !Validate::isLoadedObject($order)) {
            return;
        }
        require_once __DIR__ . '/src/Settlement.php';
        ShopCreditPs\Settlement::statusChanged($this, $order, $state);
    }

    public function hookActionOrderSlipAdd($params)
    {
        $order = $params['order'] ?? null;
        if ($order instanceof Order) {
            ShopCreditPs\Settlement::slipAdded($this, $order);
        }
    }

    /* ------------------------------------------------------------------ customer side */

    public function hookDisplayCustomerAccount($params)
    {
        if (!$this->active) {
            return '';
        }
        $this->context->smarty->assign([
            'sc_credit_url' => $this->context->link->getModuleLink($this->name, 'credit', [], true),
            'sc_wallet_url' => $this->context->link->getModuleLink($this->name, 'wallet', [], true),
            'sc_statement_url' => $this->context->link->getModuleLink($this->name, 'statement', [], true),
        ]);
        return $this->fetch('module:shopcredit/views/templates/hook/my_account.tpl');
    }

    /** The widget's files, when the package ships them (assets/widget from js/dist). */
    public function widgetScript(): ?string
    {
        foreach (['shopcredit-widget.js', 'widget.js', 'index.js'] as $f) {
            if (is_file(__DIR__ . '/assets/widget/' . $f)) {
                return $f;
            }
        }
        return null;
    }

    public function hookActionFrontControllerSetMedia($params)
    {
        $js = $this->widgetScript();
        if ($js === null || !$this->context->customer->isLogged()) {
            return;
        }
        $this->context->controller->registerJavascript('shopcredit-widget', 'modules/' . $this->name . '/assets/widget/' . $js, ['position' => 'bottom', 'priority' => 200, 'attributes' => 'defer']);
        foreach (glob(__DIR__ . '/assets/widget/*.css') ?: [] as $css) {
            $this->context->controller->registerStylesheet('shopcredit-widget-' . basename($css, '.css'), 'modules/' . $this->name . '/assets/widget/' . basename($css));
        }
        Media::addJsDef(['shopcreditWidget' => [
            'endpoint' => $this->context->link->getModuleLink($this->name, 'summary', [], true),
            'currency' => (string) $this->context->currency->iso_code,
            'locale' => (string) $this->context->language->locale,
        ]]);
    }

    /** Remaining credit and balance in the header, through the storefront widget. */
    public function hookDisplayNav2($params)
    {
        if ($this->widgetScript() === null || !$this->context->customer->isLogged()) {
            return '';
        }
        $this->context->smarty->assign([
            'sc_summary_url' => $this->context->link->getModuleLink($this->name, 'summary', [], true),
            'sc_credit_url' => $this->context->link->getModuleLink($this->name, 'credit', [], true),
            'sc_wallet_url' => $this->context->link->getModuleLink($this->name, 'wallet', [], true),
        ]);
        return $this->fetch('module:shopcredit/views/templates/hook/nav_badge.tpl');
    }

    /* ------------------------------------------------------------------ back office */

    public function hookDisplayAdminOrderMain($params)
    {
        require_once __DIR__ . '/src/Admin/OrderBlocks.php';
        return (new ShopCreditPs\Admin\OrderBlocks($this))->render((int) ($params['id_order'] ?? 0));
    }

    public function hookDisplayAdminCustomers($params)
    {
        $id = (int) ($params['id_customer'] ?? 0);
        if ($id <= 0) {
            return '';
        }
        $url = $this->context->link->getAdminLink(self::ADMIN_TAB, true, [], ['section' => 'customer', 'id_customer' => $id]);
        return '<div class="card"><div class="card-body"><a class="btn btn-outline-secondary" href="' . htmlspecialchars($url) . '">'
            . htmlspecialchars($this->l('Credit & balance of this customer')) . '</a></div></div>';
    }

    /* ------------------------------------------------------------------ helpers */

    /** A decimal string shown with the shop's locale (display only; the amount stays a string). */
    public function price(string $amount, string $iso): string
    {
        try {
            return $this->context->getCurrentLocale()->formatPrice($amount, $iso);
        } catch (Throwable) {
            return $amount . ' ' . $iso;
        }
    }

    public function stateId(string $configKey): int
    {
        return (int) Configuration::getGlobalValue($configKey) ?: (int) Configuration::get($configKey);
    }
}

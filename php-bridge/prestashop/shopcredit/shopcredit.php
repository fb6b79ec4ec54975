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
use ShopCredit\Storage\SettingsRepository;
use ShopCreditPs\Availability;
use ShopCreditPs\Bridge;
use ShopCreditPs\Checkout;
use ShopCreditPs\ConfigDefaults;
use ShopCreditPs\CronToken;
use ShopCreditPs\Order\HeldMails;
use ShopCreditPs\Order\Lifecycle;
use ShopCreditPs\PaymentChoice;
use ShopCreditPs\StatusMap;
use ShopCreditPs\Texts;
use ShopCreditPs\TopUp;

class Shopcredit extends PaymentModule
{
    public const HOOKS = [
        'paymentOptions',
        'actionObjectShopAddAfter',
        'displayPaymentReturn',
        'actionOrderStatusUpdate',
        'actionOrderStatusPostUpdate',
        'actionObjectOrderSlipAddAfter',
        'actionObjectOrderPaymentAddAfter',
        'actionValidateOrder',
        'actionPresentPaymentOptions',
        'actionEmailSendBefore',
        'displayCustomerAccount',
        'displayNav2',
        'actionFrontControllerSetMedia',
        'displayAdminOrderMain',
        'displayOrderDetail',
        'displayAdminCustomers',
        'displayPDFInvoice',
        'displayBackOfficeHeader',
    ];

    /** What installTables/registerHook/syncBridgeSettings set up; a module whose setup is older does it again. */
    public const SETUP = '4';

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
        if ((int) Configuration::getGlobalValue('SHOPCREDIT_SCHEMA') < self::schemaVersion() || Configuration::getGlobalValue('SHOPCREDIT_SETUP') !== self::SETUP) {
            $this->installTables();
            $this->registerHook(self::HOOKS); // hooks added since (registering twice changes nothing)
            $this->installSettings(); // the shared defaults of every shop (installs from before them); a shop's own values stay
            $this->unregisterHook('actionOrderSlipAdd'); // credit slips arrive through actionObjectOrderSlipAddAfter now
            $this->syncBridgeSettings();
            Configuration::updateGlobalValue('SHOPCREDIT_SETUP', self::SETUP);
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
        return (bool) Db::getInstance()->execute(HeldMails::createTableSql(_DB_PREFIX_, _MYSQL_ENGINE_));
    }

    /**
     * The shop's choices the order lifecycle reads from the bridge: the state that starts the due
     * date of an order on account, the shop's time zone (the one clock), the payment modules
     * allowed for top-ups (written once with the default; the settings page changes it).
     */
    /** A shop created in the back office: its due-date state, time zone and top-up methods reach the books at once. */
    public function hookActionObjectShopAddAfter($params)
    {
        $this->syncBridgeSettings();
    }

    public function syncBridgeSettings(): void
    {
        try {
            $sc = Bridge::sc();
            // What a shop created later runs on until it saves its own (the default shop's choices).
            $sc->settings->set(SettingsRepository::GLOBAL_SHOP, 'orders.due_date_status', (string) (int) Configuration::getGlobalValue('SHOPCREDIT_OS_DUE_START'));
            if (!is_array($sc->settings->resolve(SettingsRepository::GLOBAL_SHOP, TopUp::SETTING))) {
                $sc->settings->set(SettingsRepository::GLOBAL_SHOP, TopUp::SETTING, TopUp::defaultMethods());
            }
            foreach (Shop::getShops(false, null, true) as $idShop) {
                $shopId = Bridge::shopId((int) $idShop);
                $sc->settings->set($shopId, 'orders.due_date_status', (string) (int) Configuration::getGlobalValue('SHOPCREDIT_OS_DUE_START'));
                $shipped = (int) Configuration::getGlobalValue('SHOPCREDIT_OS_SHIPPED');
                if ($shipped > 0) {
                    $sc->settings->set($shopId, 'orders.shipped_status', (string) $shipped);
                } else {
                    $sc->settings->delete($shopId, 'orders.shipped_status'); // any fulfilled state confirms the delivery
                }
                $zone = (string) Configuration::get('PS_TIMEZONE', null, null, (int) $idShop);
                if ($zone !== '') {
                    $sc->time->setTimezone($shopId, $zone);
                }
                if (!is_array($sc->settings->resolve($shopId, TopUp::SETTING))) {
                    $sc->settings->set($shopId, TopUp::SETTING, TopUp::defaultMethods());
                }
            }
        } catch (Throwable $e) {
            PrestaShopLogger::addLog('ShopCredit: the shop\'s settings could not reach the books: ' . $e->getMessage(), 2);
        }
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
            // The shared defaults first: a shop created later runs on them from its first request.
            $default = (string) Currency::getIsoCodeById((int) Configuration::get('PS_CURRENCY_DEFAULT'));
            $sc->settings()->installGlobalDefaults($default !== '' ? $default : 'EUR', 'install');
            foreach (Shop::getShops(false, null, true) as $idShop) {
                $iso = (string) Currency::getIsoCodeById((int) Configuration::get('PS_CURRENCY_DEFAULT', null, null, (int) $idShop));
                $sc->settings()->installDefaults(Bridge::shopId((int) $idShop), $iso !== '' ? $iso : 'EUR', 'install');
            }
        } catch (Throwable $e) {
            // The defaults are written again from the settings page once the core runs.
            $this->_errors[] = $this->l('The core could not run to write the default settings:') . ' ' . $e->getMessage();
            PrestaShopLogger::addLog('ShopCredit: installDefaults: ' . $e->getMessage(), 2);
        }
        $this->syncBridgeSettings();
        Configuration::updateGlobalValue('SHOPCREDIT_SETUP', self::SETUP);
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
            Db::getInstance()->execute('DROP TABLE IF EXISTS `' . _DB_PREFIX_ . HeldMails::TABLE . '`');
            Db::getInstance()->execute('DROP TABLE IF EXISTS `' . _DB_PREFIX_ . 'shopcredit_order`'); // the links of versions before the order lifecycle
            foreach (array_keys(ConfigDefaults::values([], '', '')) as $key) {
                Configuration::deleteByName($key);
            }
            Configuration::deleteByName('SHOPCREDIT_DROP_ON_UNINSTALL');
            Configuration::deleteByName('SHOPCREDIT_SETUP');
        }
        Configuration::deleteByName(ShopCreditPs\Admin\RuntimeUpdate::NOTICE_KEY); // a notice not seen yet
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
        ShopCreditPs\Admin\RuntimeUpdate::check(); // where the hook below was not registered yet
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
        if (TopUp::inCart($cart)) {
            return $this->topUpOption($cart);
        }
        $avail = Checkout::availability($cart);
        $entries = [
            ['account', 'credit_line', null, $this->l('Pay on account')],
            ['balance', 'wallet_full', null, $this->l('Pay with store balance')],
            ['partial', 'wallet_partial', null, $this->l('Use my balance + another method')],
        ];
        foreach ($avail->financingSolutions() as $s) {
            $entries[] = ['financing', 'financing', (string) $s['solutionCode'], (string) ($s['label'] ?? $this->l('Financing'))];
        }
        $options = [];
        foreach ($entries as [$option, $method, $solution, $label]) {
            if ($avail->isListed($method, $solution)) {
                $options[] = $this->paymentOption($cart, $avail, $option, $method, $solution, $label);
            }
        }
        return $options;
    }

    /** One of our options: its figure, or why it is unavailable; its form posts to its validation controller. */
    private function paymentOption(Cart $cart, ShopCreditPs\Availability $avail, string $option, string $method, ?string $solution, string $label): PaymentOption
    {
        $iso = Checkout::iso($cart);
        $available = $avail->isAvailable($method, $solution);
        $m = $avail->method($method, $solution) ?? [];
        $rest = $m['remainingToPay'] ?? $m['remaining'] ?? null;
        $this->context->smarty->assign([
            'sc_option' => $option,
            'sc_available' => $available,
            // The main reason only, in words (never a code): the one the customer could act on.
            'sc_reasons' => $available ? '' : Texts::sentence(array_slice($avail->reasons($method, $solution), 0, 1), fn (string $s): string => $this->l($s, 'texts')),
            'sc_figure' => $avail->figure($method) === null ? null : $this->price($avail->figure($method), $iso),
            'sc_covers' => isset($m['covers']) ? $this->price((string) $m['covers'], $iso) : null,
            'sc_remaining' => isset($m['covers']) && $rest !== null ? $this->price((string) $rest, $iso) : null,
        ]);
        $opt = new PaymentOption();
        $opt->setModuleName($this->name)
            ->setCallToActionText($available ? $label : sprintf($this->l('%s — not available: %s'), $label, (string) $this->context->smarty->getTemplateVars('sc_reasons')))
            ->setAdditionalInformation($this->render('module:shopcredit/views/templates/hook/payment_option.tpl'));
        if (!$available) {
            // Listed with its reason (the merchant's "show disabled" choice), never selectable: the
            // option's template disables its radio button, and its form has nothing to submit.
            return $opt->setAction('#')->setBinary(false);
        }
        $inputs = ['sc_total' => Checkout::total($cart), 'token' => Tools::getToken(false)];
        if ($solution !== null) {
            $inputs['solution'] = $solution;
        }
        $this->context->smarty->assign([
            'sc_action' => $this->context->link->getModuleLink($this->name, PaymentChoice::controller($option), [], true),
            'sc_inputs' => $inputs,
            'sc_po_mode' => $option === 'account' ? $this->poMode((int) $cart->id_shop) : 'off',
        ] + $this->poRecalled($cart));
        return $opt->setForm($this->render('module:shopcredit/views/templates/hook/payment_form.tpl'));
    }

    /** The merchant's choice for the purchase-order number of an order on account: off, optional, required. */
    private function poMode(int $idShop): string
    {
        try {
            return Bridge::sc()->purchaseOrders()->mode(Bridge::shopId($idShop));
        } catch (Throwable) {
            return 'off';
        }
    }

    /** The number typed before a refusal, and the refusal in words, shown again at the field. */
    private function poRecalled(Cart $cart): array
    {
        $kept = ShopCreditPs\PoNumber::recalled($this->context->cookie, (int) $cart->id);
        return ['sc_po_value' => $kept['po'], 'sc_po_error' => $kept['code'] === null ? '' : Texts::sentence([$kept['code']], fn (string $s): string => $this->l($s, 'texts'))];
    }

    /**
     * A top-up cart: our methods cannot pay it, other modules are filtered to those allowed for
     * top-ups (actionPresentPaymentOptions); when the top-up would be refused, one entry says why.
     * @return list<PaymentOption>
     */
    private function topUpOption(Cart $cart): array
    {
        $reasons = TopUp::refusal($cart);
        if ($reasons === [] && TopUp::methodsOffered(Bridge::shopId((int) $cart->id_shop))) {
            return [];
        }
        $this->context->smarty->assign(['sc_option' => 'topup', 'sc_available' => false,
            'sc_reasons' => Texts::sentence($reasons === [] ? ['top_up_method_not_allowed'] : $reasons, fn (string $s): string => $this->l($s, 'texts'))]);
        return [(new PaymentOption())->setModuleName($this->name)->setCallToActionText($this->l('Store balance top-up') . ' (' . $this->l('unavailable') . ')')
            ->setAdditionalInformation($this->render('module:shopcredit/views/templates/hook/payment_option.tpl'))->setAction('#')->setBinary(false)];
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

    /** The customer's view of one of our orders: credit check, balance part, financing status (the books' figures). */
    private function orderSummaryBlock(Order $order, string $where): string
    {
        $shopId = Bridge::shopId((int) $order->id_shop);
        $ref = ShopCreditPs\Requests::orderRef((int) $order->id_cart);
        try {
            $o = Bridge::sc()->orders()->summary($shopId, $ref);
            $subs = $o === null ? [] : Bridge::sc()->overview()->financingForOrder($shopId, $ref);
        } catch (Throwable) {
            return '';
        }
        if ($o === null || $o['kind'] !== 'goods') {
            return '';
        }
        $iso = (string) $o['currency'];
        $sub = $subs === [] ? null : end($subs);
        $this->context->smarty->assign([
            'sc_where' => $where,
            'sc_method' => (string) $o['method'],
            'sc_check' => (string) $o['creditCheck'],
            'sc_balance_part' => $this->price((string) $o['wallet']['planned'], $iso),
            'sc_remainder' => $this->price((string) $o['external']['planned'], $iso),
            // The lender's status in words (never its code) in the language the customer reads.
            'sc_financing' => $sub === null ? null : ['status' => ShopCreditPs\ShopWords::of($this)->text('financing_status', (string) $sub['status']), 'sub' => ''],
            'sc_reorder_url' => $this->context->link->getPageLink('order', true, null, ['submitReorder' => 1, 'id_order' => (int) $order->id]),
            'sc_bankwire' => (string) Configuration::get('BANK_WIRE_DETAILS'),
            'sc_reference' => (string) $order->reference,
        ]);
        return $this->fetch('module:shopcredit/views/templates/hook/order_summary.tpl');
    }

    /* ------------------------------------------------------------------ after the order: PrestaShop's events → Orders */

    /** @var array<int, string> orders in the middle of one of PrestaShop's status changes → what they showed as paid before it */
    private static array $changing = [];

    /** A status change begins: payments PrestaShop records during it are its own (see hookActionObjectOrderPaymentAddAfter). */
    public function hookActionOrderStatusUpdate($params)
    {
        $id = (int) ($params['id_order'] ?? 0);
        self::$changing[$id] = (string) Db::getInstance()->getValue('SELECT total_paid_real FROM `' . _DB_PREFIX_ . 'orders` WHERE id_order = ' . $id);
    }

    public function hookActionOrderStatusPostUpdate($params)
    {
        $id = (int) ($params['id_order'] ?? 0);
        unset(self::$changing[$id]);
        $state = $params['newOrderStatus'] ?? null;
        $order = new Order($id);
        if (!$state instanceof OrderState || !Validate::isLoadedObject($order) || Checkout::$creating === (int) $order->id_cart) {
            return; // the module's own checkout creating the order: its placement decided this state
        }
        $rows = (int) Db::getInstance()->getValue('SELECT COUNT(*) FROM `' . _DB_PREFIX_ . 'order_history` WHERE id_order = ' . $id);
        $flags = ['paid' => (bool) $state->paid, 'logable' => (bool) $state->logable, 'shipped' => (bool) $state->shipped];
        $before = ($params['oldOrderStatus'] ?? null) instanceof OrderState ? (int) $params['oldOrderStatus']->id : null;
        $this->event($order, static fn (ShopCreditPs\Order\Events $e) => $e->statusChanged(Bridge::shopId((int) $order->id_shop), (int) $order->id_cart, (int) $state->id, $flags, $rows, $before));
        Lifecycle::stateChanged($this, $id);
    }

    /** A credit slip (partial refund, standard refund, product return): refunded by funding source by the books. */
    public function hookActionObjectOrderSlipAddAfter($params)
    {
        $slip = $params['object'] ?? null;
        if (!$slip instanceof OrderSlip || !$slip->id) {
            return;
        }
        $order = new Order((int) $slip->id_order);
        $iso = (string) Currency::getIsoCodeById((int) $order->id_currency);
        // What the slip gives back (products and shipping, taxes included), as PrestaShop stored it.
        $amount = ShopCreditPs\Money::fromPs((string) Db::getInstance()->getValue('SELECT total_products_tax_incl + total_shipping_tax_incl FROM `' . _DB_PREFIX_ . 'order_slip` WHERE id_order_slip = ' . (int) $slip->id), $iso);
        $this->event($order, static fn (ShopCreditPs\Order\Events $e) => $e->slipAdded(Bridge::shopId((int) $order->id_shop), (int) $order->id_cart, (int) $slip->id, $amount));
    }

    /** A payment row: typed in the order page ("Add payment") on an order on account, it is booked on its receivable. */
    public function hookActionObjectOrderPaymentAddAfter($params)
    {
        $p = $params['object'] ?? null;
        if (!$p instanceof OrderPayment || !$p->id || ShopCreditPs\Order\Actions::$performing) {
            return; // our own payment rows (a financing, a payment recorded in ShopCredit's pages)
        }
        $order = Order::getByReference((string) $p->order_reference)->getFirst();
        if (!$order instanceof Order || Checkout::$creating === (int) $order->id_cart) {
            return;
        }
        $iso = (string) Currency::getIsoCodeById((int) $order->id_currency);
        $row = Db::getInstance()->getRow('SELECT amount, id_currency, payment_method, transaction_id FROM `' . _DB_PREFIX_ . 'order_payment` WHERE id_order_payment = ' . (int) $p->id);
        if (!is_array($row)) {
            return;
        }
        $before = self::$changing[(int) $order->id] ?? null;
        $this->event($order, function (ShopCreditPs\Order\Events $e) use ($order, $p, $row, $iso, $before): void {
            $a = $e->paymentAdded(Bridge::shopId((int) $order->id_shop), (int) $order->id_cart, (int) $p->id,
                ShopCreditPs\Money::fromPs((string) $row['amount'], $iso), (int) $row['id_currency'] === (int) $order->id_currency,
                (string) $row['payment_method'], (string) $row['transaction_id'] !== '' ? (string) $row['transaction_id'] : null, $before !== null);
            if (($a['takeOut'] ?? false) === true) {
                Lifecycle::removeAutomaticPayment($this, (int) $order->id, (int) $p->id, (string) $before);
            }
        });
    }

    /** Another payment module created the order of a top-up cart: Orders places the top-up. */
    public function hookActionValidateOrder($params)
    {
        $order = $params['order'] ?? null;
        if ($order instanceof Order && Checkout::$creating !== (int) $order->id_cart) {
            $this->event($order, fn () => TopUp::ordered($this, $order));
        }
    }

    /** A top-up cart offers only the payment modules the merchant allows for top-ups (none when it would be refused). */
    public function hookActionPresentPaymentOptions($params)
    {
        if (isset($params['paymentOptions']) && is_array($params['paymentOptions']) && $this->context->cart instanceof Cart) {
            try {
                TopUp::filterOptions($this->context->cart, $params['paymentOptions']);
            } catch (Throwable $e) {
                PrestaShopLogger::addLog('ShopCredit: top-up payment options: ' . $e->getMessage(), 2);
            }
        }
    }

    /** PrestaShop's order e-mails of an order our checkout is creating wait for its status (HeldMails). */
    public function hookActionEmailSendBefore($params)
    {
        try {
            ShopCreditPs\PoNumber::intoMail($params, Checkout::$creating, fn (string $ref): ?string => Bridge::sc()->purchaseOrders()->get(Bridge::shopId(), $ref), $this->l('Purchase-order number'));
        } catch (Throwable $e) {
            PrestaShopLogger::addLog('ShopCredit: purchase-order number in the order e-mail: ' . $e->getMessage(), 2);
        }
        return HeldMails::onSend($params);
    }

    /** Runs one translated event; the books never break PrestaShop's own flow (logged; the jobs retry actions). */
    private function event(Order $order, callable $call): void
    {
        try {
            $call(Lifecycle::fromHook($this));
        } catch (Throwable $e) {
            PrestaShopLogger::addLog('ShopCredit: order event failed: ' . $e->getMessage(), 3, null, 'Order', (int) $order->id);
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

    /** The next back-office page after an upgrade: the faster runtime checked again with the new core (RuntimeUpdate). */
    public function hookDisplayBackOfficeHeader($params)
    {
        ShopCreditPs\Admin\RuntimeUpdate::check();
        return '';
    }

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

    /** @var array<string, Smarty_Internal_Template> the payment step's templates, made once per request */
    private array $templates = [];

    /**
     * fetch() of a template the payment step renders once per option: its template object is made
     * once (finding a module template, theme overrides first, cost more than rendering it) and
     * fetched again with the variables assigned since.
     */
    private function render(string $template): string
    {
        $this->templates[$template] ??= $this->context->smarty->createTemplate($template, null, $this->getDefaultCompileId(), $this->smarty);
        return $this->templates[$template]->fetch();
    }

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

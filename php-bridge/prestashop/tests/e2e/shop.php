<?php
/**
 * The merchant's side of the end-to-end run, inside the real shop (PrestaShop bootstrapped from
 * the CLI): customers and addresses, credit limits and risk levels (what the admin page saves),
 * the admin's decisions and state changes through the same module classes the back office uses,
 * partial refunds through PrestaShop's own command (credit slip + actionOrderSlipAdd), and reads
 * of orders and the books for the checks.
 *
 * Usage: php shop.php SHOP_DIR COMMAND [ARGS...]   (prints one JSON line)
 */
$shopDir = $argv[1] ?? '';
require __DIR__ . '/kernel.php'; // $ctx, $module
// What the module's back-office pages do first: a migration added without a version change.
if ($module && Module::isInstalled('shopcredit')) {
    $module->upgradeSchemaIfBehind();
}
$cmd = $argv[2] ?? '';
if ($cmd === 'installed') {
    echo json_encode(['installed' => (bool) Module::isInstalled('shopcredit')]), "\n";
    exit(0);
}
$a = array_slice($argv, 3);
$sc = ShopCreditPs\Bridge::sc();
$shopId = ShopCreditPs\Bridge::shopId(1);
$out = [];
switch ($cmd) {
    case 'customer': // email password countryIso
        $id = (int) Customer::customerExists($a[0], true, false);
        if ($id === 0) {
            $c = new Customer();
            $c->firstname = 'Test';
            $c->lastname = 'Buyer';
            $c->email = $a[0];
            $c->passwd = Tools::hash($a[1]);
            $c->id_default_group = (int) Configuration::get('PS_CUSTOMER_GROUP');
            $c->company = 'Acme ' . substr(md5($a[0]), 0, 4);
            $c->add();
            $c->updateGroup([(int) Configuration::get('PS_CUSTOMER_GROUP')]);
            $id = (int) $c->id;
            $addr = new Address();
            $addr->id_customer = $id;
            $addr->id_country = (int) Country::getByIso($a[2]);
            $addr->alias = 'Office';
            $addr->firstname = 'Test';
            $addr->lastname = 'Buyer';
            $addr->company = $c->company;
            $addr->address1 = '1 rue de la Paix';
            $addr->postcode = '75002';
            $addr->city = 'Paris';
            $addr->phone = '0102030405';
            $addr->add();
        }
        $out = ['id_customer' => $id];
        break;
    case 'limit': // customerId amount risk
        $out['limit'] = $sc->credit()->setLimit($shopId, $a[0], 'EUR', $a[1], 'admin:1')['account']['limit'];
        $sc->credit()->setProfile($shopId, $a[0], 'EUR', ['risk_level' => $a[2]], 'admin:1');
        break;
    case 'bonus': // customerId amount key
        $r = $sc->wallet()->bonus($shopId, $a[0], 'EUR', $a[2], 'bonus', $a[1], 'e2e opening balance', 'admin:1');
        $out = ['accepted' => $r['accepted'] ?? null, 'balance' => $r['balance'] ?? null];
        break;
    case 'decide': // orderId approve|decline: the order page's decision on an order waiting for review
        $o = new Order((int) $a[0]);
        $r = (new ShopCreditPs\Admin\Actions($module, 1))->orderCheck($o, $a[1]);
        $out = ['ok' => $r[0], 'message' => $r[1], 'creditCheck' => $sc->orders()->summary($shopId, ShopCreditPs\Requests::orderRef((int) $o->id_cart))['creditCheck'] ?? null];
        break;
    case 'state': // orderId CONFIG_KEY
        $o = new Order((int) $a[0]);
        $o->setCurrentState($module->stateId($a[1]), 1);
        $out = ['state' => (int) (new Order((int) $a[0]))->current_state];
        break;
    case 'refund': // orderId amount: PrestaShop's partial refund of the first line (credit slip)
        $o = new Order((int) $a[0]);
        $detail = $o->getOrderDetailList()[0];
        $bus = $kernel->getContainer()->get('prestashop.core.command_bus');
        $bus->handle(new PrestaShop\PrestaShop\Core\Domain\Order\Command\IssuePartialRefundCommand(
            (int) $a[0], [(int) $detail['id_order_detail'] => ['quantity' => 1, 'amount' => (float) $a[1]]], 0.0, false, true, false, 0
        ));
        $out = ['slips' => Db::getInstance()->executeS('SELECT id_order_slip, total_products_tax_incl FROM ' . _DB_PREFIX_ . 'order_slip WHERE id_order = ' . (int) $a[0])];
        break;
    case 'order': // orderId
        $o = new Order((int) $a[0]);
        $state = new OrderState((int) $o->current_state, 1);
        $out = [
            'id_order' => (int) $o->id, 'reference' => $o->reference, 'state' => $state->name, 'module' => $o->module, 'payment' => $o->payment,
            'total_paid' => $o->total_paid_tax_incl, 'total_paid_real' => $o->total_paid_real,
            'payments' => array_map(static fn ($p) => ['method' => $p->payment_method, 'amount' => $p->amount, 'tx' => $p->transaction_id], $o->getOrderPaymentCollection()->getResults()),
            'history' => array_column(Db::getInstance()->executeS('SELECT osl.name FROM ' . _DB_PREFIX_ . 'order_history h JOIN ' . _DB_PREFIX_ . 'order_state_lang osl ON osl.id_order_state = h.id_order_state AND osl.id_lang = 1 WHERE h.id_order = ' . (int) $o->id . ' ORDER BY h.id_order_history'), 'name'),
            'invoices' => (int) Db::getInstance()->getValue('SELECT COUNT(*) FROM ' . _DB_PREFIX_ . 'order_invoice WHERE id_order = ' . (int) $o->id),
            'summary' => $sc->orders()->summary($shopId, ShopCreditPs\Requests::orderRef((int) $o->id_cart)),
            'po' => $sc->purchaseOrders()->get($shopId, ShopCreditPs\Requests::orderRef((int) $o->id_cart)),
            'notes' => array_column(Db::getInstance()->executeS('SELECT m.message FROM ' . _DB_PREFIX_ . 'customer_message m JOIN ' . _DB_PREFIX_ . 'customer_thread t ON t.id_customer_thread = m.id_customer_thread WHERE t.id_order = ' . (int) $o->id . ' ORDER BY m.id_customer_message'), 'message'),
        ];
        break;
    case 'books': // customerId [currency]
        $cur = $a[1] ?? 'EUR';
        $o = $sc->overview()->customer($shopId, $a[0], $cur);
        $ids = ["wallet:$shopId:{$a[0]}:$cur", "credit:$shopId:{$a[0]}:$cur"];
        $moves = [];
        foreach ($ids as $acc) {
            foreach ($sc->overview()->movements($acc, [], 100)['items'] as $t) {
                $moves[] = $t['id'] . ' ' . $t['direction'] . ' ' . $t['amount'] . ' [' . implode(',', $t['flags']) . ']' . (isset($t['pendingStatus']) ? ' ' . $t['pendingStatus'] : '');
            }
        }
        $out = ['credit' => $o['credit'] === null ? null : array_intersect_key($o['credit'], array_flip(['limit', 'exposure', 'remaining', 'paymentTermsDays'])), 'wallet' => $o['wallet'], 'receivables' => $o['receivables'], 'movements' => $moves];
        break;
    case 'settings': // KEY=VALUE...: SHOPCREDIT_* → Configuration; form fields (field=value, field=: unchecked) → the settings form's save
        $post = ShopCreditPs\Admin\SettingsForm::postFromSettings($sc->settings()->all($shopId));
        foreach ($a as $kv) {
            [$k, $v] = explode('=', $kv, 2);
            if (str_starts_with($k, 'SHOPCREDIT_')) {
                Configuration::updateGlobalValue($k, $v);
            } elseif ($v === '') {
                unset($post[$k]);
            } else {
                $post[$k] = $v;
            }
        }
        ShopCreditPs\Bridge::reset();
        $sc = ShopCreditPs\Bridge::sc();
        $out = $sc->settings()->save($shopId, ShopCreditPs\Admin\SettingsForm::coreValues($post, $sc->settings()->all($shopId), 'EUR'), 'EUR', 'admin:1');
        break;
    case 'fake': // PATH JSON: an admin call to the fake provider (advance, webhook)
        $ch = curl_init(getenv('SC_FAKE_URL') . $a[0]);
        curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_POST => true, CURLOPT_POSTFIELDS => $a[1], CURLOPT_HTTPHEADER => ['Content-Type: application/json']]);
        $out = ['status' => 0, 'body' => json_decode((string) curl_exec($ch), true)];
        $out['status'] = curl_getinfo($ch, CURLINFO_HTTP_CODE);
        break;
    case 'subscription': // orderId → the stored financing subscription(s) of the order
        $o = new Order((int) $a[0]);
        $out = array_map(static fn ($s) => ['id' => $s['subscription_id'], 'status' => $s['status'], 'history' => count((array) $s['history']), 'events' => count((array) $s['events'])],
            $sc->overview()->financingForOrder($shopId, ShopCreditPs\Requests::orderRef((int) $o->id_cart)));
        break;
    case 'payment-country': // MODULE ISO: Payment > Preferences, allow a payment module for a country
        $mid = (int) Module::getModuleIdByName($a[0]);
        Db::getInstance()->insert('module_country', ['id_module' => $mid, 'id_shop' => 1, 'id_country' => (int) Country::getByIso($a[1])], false, true, Db::INSERT_IGNORE);
        $out = ['id_module' => $mid];
        break;
    case 'order-by-subscription': // SUBSCRIPTION → the order, its cart, the buyer's return key, the webhook key
        $cart = (int) ShopCreditPs\Requests::cartIdFromRef((string) ($sc->financing()->subscription($a[0])['order_ref'] ?? ''));
        $o = new Order((int) Order::getIdByCartId($cart));
        $out = ['id_order' => (int) $o->id, 'id_cart' => $cart, 'secure_key' => (string) (new Customer((int) $o->id_customer))->secure_key,
            'webhook_key' => (string) Configuration::getGlobalValue('SHOPCREDIT_WEBHOOK_KEY')];
        break;
    case 'state-name': // CONFIG_KEY → the name of the state it holds
        $out = ['name' => (new OrderState($module->stateId($a[0]), 1))->name];
        break;
    case 'pay-receivable': // orderId: the back office's "mark paid" on an order on account
        $o = new Order((int) $a[0]);
        $out = (new ShopCreditPs\Admin\Actions($module, 1))->recordPayment(ShopCreditPs\Requests::orderRef((int) $o->id_cart), '', 'WIRE-E2E', 'Bank wire', true);
        break;
    case 'add-payment': // orderId amount method reference: the order page's "Add payment" (PrestaShop's own command)
        $o = new Order((int) $a[0]);
        $invoice = $o->getInvoicesCollection()->getFirst();
        $bus = $kernel->getContainer()->get('prestashop.core.command_bus');
        $bus->handle(new PrestaShop\PrestaShop\Core\Domain\Order\Payment\Command\AddPaymentCommand(
            (int) $o->id, date('Y-m-d'), $a[2], $a[1], (int) $o->id_currency, 1, $invoice ? (int) $invoice->id : null, $a[3] ?? null
        ));
        $out = ['payments' => array_map(static fn ($p) => ['method' => $p->payment_method, 'amount' => $p->amount, 'tx' => $p->transaction_id], $o->getOrderPaymentCollection()->getResults())];
        break;
    case 'bonus-debit': // customerId amount key: the back office's balance adjustment (debit)
        $r = $sc->wallet()->bonus($shopId, $a[0], 'EUR', $a[2], 'adjustment_debit', $a[1], 'e2e: spent elsewhere', 'admin:1');
        $out = ['accepted' => $r['accepted'] ?? null, 'balance' => $r['balance'] ?? null];
        break;
    case 'wallet-merge': // JSON [-KEY]: merged into the balance settings (KEY removed first), saved through the settings service (checked by the core)
        $w = (array) $sc->settings()->get($shopId, 'wallet');
        if (isset($a[1]) && str_starts_with($a[1], '-')) {
            unset($w[substr($a[1], 1)]);
        }
        $w = array_replace_recursive($w, json_decode($a[0], true));
        $out = $sc->settings()->save($shopId, ['wallet' => $w], 'EUR', 'admin:1');
        break;
    case 'config': // KEY [VALUE] → its Configuration value (set first when VALUE is given: another module's setting)
        if (isset($a[1])) {
            Configuration::updateValue($a[0], $a[1]);
        }
        $out = ['value' => (string) Configuration::get($a[0])];
        break;
    case 'bridge-setting': // NAME JSON: a setting of the books (orders.top_up_methods, orders.po_number, wallet.currency.jpy)
        $sc->settings->set($shopId, $a[0], json_decode($a[1], true));
        $out = ['set' => $a[0]];
        break;
    case 'top-up-default': // the payment modules a top-up may use when the merchant chose none (the module's default)
        $out = ['methods' => ShopCreditPs\TopUp::defaultMethods(), 'installed' => array_column(PaymentModule::getInstalledPaymentModules(), 'name')];
        break;
    case 'shop-add': // NAME: multishop on, a shop of that name in the default group (reused when it exists) → its id
        Configuration::updateGlobalValue('PS_MULTISHOP_FEATURE_ACTIVE', 1);
        $id = (int) Shop::getIdByName($a[0]);
        if ($id === 0) {
            $new = new Shop();
            $new->name = $a[0];
            $new->id_shop_group = (int) Configuration::get('PS_SHOP_DEFAULT') ? (int) (new Shop((int) Configuration::get('PS_SHOP_DEFAULT')))->id_shop_group : 1;
            $new->id_category = (int) Configuration::get('PS_ROOT_CATEGORY') ?: 1;
            $new->theme_name = (string) (new Shop(1))->theme_name;
            $new->active = true;
            $new->add(); // fires actionObjectShopAddAfter
            $id = (int) $new->id;
        }
        $out = ['id_shop' => $id];
        break;
    case 'shop-delete': // ID: a shop the e2e created (no orders), deleted with PrestaShop's own class
        $out = ['deleted' => (int) $a[0] > 1 && (new Shop((int) $a[0]))->delete()];
        break;
    case 'multishop-off':
        Configuration::updateGlobalValue('PS_MULTISHOP_FEATURE_ACTIVE', 0);
        $out = ['multishop' => false];
        break;
    case 'settings-page': // all|ID_SHOP FIELD=VALUE...: Modules > ShopCredit > Configure saved in that back-office context (the whole page)
        Shop::setContext($a[0] === 'all' ? Shop::CONTEXT_ALL : Shop::CONTEXT_SHOP, $a[0] === 'all' ? null : (int) $a[0]);
        $ctx->shop = new Shop($a[0] === 'all' ? 1 : (int) $a[0]);
        $scope = ShopCreditPs\Admin\SettingsPage::scope();
        $current = $sc->settings()->effective($scope);
        $_POST = ShopCreditPs\Admin\SettingsForm::postFromSettings($current) + [
            'submitShopcredit' => '1', 'SHOPCREDIT_PROVIDER_URL' => (string) Configuration::getGlobalValue('SHOPCREDIT_PROVIDER_URL'),
            'SHOPCREDIT_PROVIDER_CUSTOM_URL' => (string) Configuration::getGlobalValue('SHOPCREDIT_PROVIDER_CUSTOM_URL'),
            'topup_methods' => (array) ($sc->settings()->get($scope, ShopCreditPs\TopUp::SETTING) ?? []), 'po_number_mode' => (string) ($sc->settings()->get($scope, 'orders.po_number') ?? 'off'),
        ];
        foreach (array_slice($a, 1) as $kv) {
            [$k, $v] = explode('=', $kv, 2);
            if ($v === '') {
                unset($_POST[$k]);
            } else {
                $_POST[$k] = $v;
            }
        }
        $_SERVER['REQUEST_METHOD'] = 'POST';
        adminTemplates($ctx);
        $html = (new ShopCreditPs\Admin\SettingsPage($module))->render();
        preg_match('/<div class="[^"]*alert-(success|danger)[^"]*"[^>]*>(.*?)<\/div>/s', $html, $msg);
        preg_match('/<div class="alert alert-info" id="shopcredit-scope">(.*?)<\/div>/s', $html, $note);
        $out = ['scope' => $scope, 'message' => trim(preg_replace('/\s+/', ' ', strip_tags($msg[2] ?? ''))), 'scopeNote' => trim(strip_tags($note[1] ?? ''))];
        break;
    case 'effective': // SHOP_ID|* NAME → the value that shop runs with (its own over the shared defaults) and whether it is its own
        $out = ['value' => $sc->settings()->effective($a[0])[$a[1]] ?? null, 'own' => array_key_exists($a[1], $sc->settings()->all($a[0]))];
        break;
    case 'admin-token': // [CONTROLLER]: the back-office token of a controller (default Customers > Credit & balance) for employee 1
        $controller = preg_match('/^Admin[A-Za-z]+$/', $a[0] ?? '') ? $a[0] : 'AdminShopCredit';
        $out = ['token' => Tools::getAdminToken($controller . (int) Tab::getIdFromClassName($controller) . '1')];
        break;
    case 'mails': // RECIPIENT [SINCE_ID]: the mails PrestaShop sent (ps_mail), templates in order
        $rows = Db::getInstance()->executeS('SELECT id_mail, template FROM ' . _DB_PREFIX_ . "mail WHERE recipient = '" . pSQL($a[0]) . "' AND id_mail > " . (int) ($a[1] ?? 0) . ' ORDER BY id_mail') ?: [];
        $out = ['templates' => array_column($rows, 'template'), 'last' => (int) Db::getInstance()->getValue('SELECT MAX(id_mail) FROM ' . _DB_PREFIX_ . 'mail')];
        break;
    case 'stock': // productId → quantity available
        $out = ['quantity' => (int) StockAvailable::getQuantityAvailableByProduct((int) $a[0])];
        break;
    case 'currency': // ISO RATE: a currency the shop sells in (created from PrestaShop's own data when missing), allowed for the module
        $id = (int) Currency::getIdByIsoCode($a[0]);
        if ($id === 0) {
            $c = new Currency();
            $c->iso_code = $a[0];
            $c->conversion_rate = (float) $a[1];
            $c->active = true;
            $c->precision = $a[0] === 'JPY' ? 0 : 2;
            foreach (Language::getLanguages(false) as $l) {
                $c->name[(int) $l['id_lang']] = $a[0];
                $c->symbol[(int) $l['id_lang']] = $a[0] === 'JPY' ? '¥' : $a[0];
            }
            $c->add();
            $id = (int) $c->id;
        }
        Db::getInstance()->insert('module_currency', ['id_module' => (int) $module->id, 'id_shop' => 1, 'id_currency' => $id], false, true, Db::INSERT_IGNORE);
        foreach (PaymentModule::getInstalledPaymentModules() as $m) {
            Db::getInstance()->insert('module_currency', ['id_module' => (int) $m['id_module'], 'id_shop' => 1, 'id_currency' => $id], false, true, Db::INSERT_IGNORE);
        }
        $out = ['id_currency' => $id];
        break;
    case 'last-slip': // orderId → its credit slips
        $out = ['slips' => Db::getInstance()->executeS('SELECT id_order_slip, total_products_tax_incl, total_shipping_tax_incl FROM ' . _DB_PREFIX_ . 'order_slip WHERE id_order = ' . (int) $a[0])];
        break;
    case 'cron-token':
        $out = ['token' => (string) Configuration::getGlobalValue('SHOPCREDIT_CRON_TOKEN')];
        break;
    case 'reconcile':
        $out = $sc->reconciliation()->run();
        break;
    default:
        fwrite(STDERR, "unknown command $cmd\n");
        exit(2);
}
echo json_encode($out, JSON_UNESCAPED_SLASHES), "\n";

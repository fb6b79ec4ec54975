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
$dir = $argv[1] ?? '';
if (!is_file($dir . '/config/config.inc.php')) {
    fwrite(STDERR, "usage: shop.php SHOP_DIR COMMAND ...\n");
    exit(2);
}
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['HTTP_HOST'] = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
define('_PS_ADMIN_DIR_', $dir . '/admin-cli');
require $dir . '/config/config.inc.php';
// The kernel's container: state changes send e-mails through it, refunds use its command bus.
global $kernel;
$kernel = new AppKernel('prod', false);
$kernel->boot();
$module = Module::getInstanceByName('shopcredit');
// What the module's back-office pages do first: a migration added without a version change.
if ($module && Module::isInstalled('shopcredit')) {
    $module->upgradeSchemaIfBehind();
}
$ctx = Context::getContext();
$ctx->employee = new Employee(1);
$ctx->currency = new Currency((int) Configuration::get('PS_CURRENCY_DEFAULT'));
$ctx->language = new Language((int) Configuration::get('PS_LANG_DEFAULT'));
$ctx->shop = new Shop(1);
$ctx->link = new Link();
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
    case 'decide': // orderId approve|decline
        $r = ShopCreditPs\CreditFlow::run($module, new Order((int) $a[0]), $a[1], 1);
        $out = ['outcome' => $r['outcome'] ?? null, 'nextStatus' => $r['nextStatus'] ?? null, 'reasons' => $r['reasons'] ?? []];
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
            'link' => ShopCreditPs\OrderLink::forOrder($o),
        ];
        break;
    case 'books': // customerId
        $o = $sc->overview()->customer($shopId, $a[0], 'EUR');
        $ids = ["wallet:$shopId:{$a[0]}:EUR", "credit:$shopId:{$a[0]}:EUR"];
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
        $l = ShopCreditPs\OrderLink::forSubscription($a[0]);
        $o = new Order((int) Order::getIdByCartId((int) ($l['id_cart'] ?? 0)));
        $out = ['id_order' => (int) $o->id, 'id_cart' => (int) ($l['id_cart'] ?? 0), 'secure_key' => (string) (new Customer((int) $o->id_customer))->secure_key,
            'webhook_key' => (string) Configuration::getGlobalValue('SHOPCREDIT_WEBHOOK_KEY')];
        break;
    case 'state-name': // CONFIG_KEY → the name of the state it holds
        $out = ['name' => (new OrderState($module->stateId($a[0]), 1))->name];
        break;
    case 'pay-receivable': // orderId: the back office's "mark paid" on an order on account
        $o = new Order((int) $a[0]);
        $out = (new ShopCreditPs\Admin\Actions($module, 1))->recordPayment(ShopCreditPs\Requests::orderRef((int) $o->id_cart), '', 'EUR', 'WIRE-E2E', true);
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

<?php
/**
 * Orders of the module's earlier versions in the real shop (run after run.php by e2e.sh, or
 * alone: php adoption.php SHOP_DIR): an order booked the old way — PrestaShop's order created by
 * validateOrder, the balance payment reserved and posted by the old checkout calls, the old
 * module's shopcredit_order row — is adopted by its first event: a credit slip (10.00 before
 * tax) gives its amount back to the balance, the cancellation what the order still held, once; another old order is
 * handed over by the cron's batch (EarlierOrders). Then the settings page renders its "Order
 * actions" block. Prints "ok …"/"FAIL …" lines; exit 1 on a failure.
 */
$shopDir = $argv[1] ?? '';
require __DIR__ . '/kernel.php'; // $ctx, $module
require __DIR__ . '/client.php';
$sc = ShopCreditPs\Bridge::sc();
$shopId = ShopCreditPs\Bridge::shopId(1);
say('orders of earlier versions: adopted by their first event or by the cron');

// A customer with a 100.00 balance.
$email = 'adopt-' . bin2hex(random_bytes(3)) . '@example.test';
$c = new Customer();
$c->firstname = 'Old';
$c->lastname = 'Order';
$c->email = $email;
$c->passwd = Tools::hash('custpass1');
$c->id_default_group = (int) Configuration::get('PS_CUSTOMER_GROUP');
$c->add();
$c->updateGroup([(int) Configuration::get('PS_CUSTOMER_GROUP')]);
$addr = new Address();
$addr->id_customer = (int) $c->id;
$addr->id_country = (int) Country::getByIso('FR');
$addr->alias = 'home';
$addr->firstname = 'Old';
$addr->lastname = 'Order';
$addr->address1 = '1 rue de la Paix';
$addr->postcode = '75002';
$addr->city = 'Paris';
$addr->add();
$customerId = (string) (int) $c->id;
$sc->wallet()->bonus($shopId, $customerId, 'EUR', 'adopt-seed-' . $customerId, 'bonus', '100.00', 'e2e', 'admin:1');
$balance = static fn (): string => (string) $sc->overview()->customer($shopId, $customerId, 'EUR')['wallet']['balance'];

// The old module's table (its DDL) and an order it placed: paid from the balance, Payment accepted.
Db::getInstance()->execute('CREATE TABLE IF NOT EXISTS `' . _DB_PREFIX_ . 'shopcredit_order` (`id_cart` INT UNSIGNED NOT NULL, `id_order` INT UNSIGNED NOT NULL DEFAULT 0,
    `id_shop` INT UNSIGNED NOT NULL DEFAULT 1, `funding` VARCHAR(16) NOT NULL DEFAULT \'\', `reservation` VARCHAR(160) NOT NULL DEFAULT \'\',
    `balance_part` VARCHAR(32) NOT NULL DEFAULT \'\', `credit_check` VARCHAR(16) NOT NULL DEFAULT \'\', `subscription` VARCHAR(128) NOT NULL DEFAULT \'\',
    `topup_done` VARCHAR(32) NOT NULL DEFAULT \'\', `currency` CHAR(3) NOT NULL DEFAULT \'\', `date_add` DATETIME NOT NULL, `date_upd` DATETIME NOT NULL,
    PRIMARY KEY (`id_cart`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4');
$oldOrder = static function () use ($c, $addr, $module, $sc, $shopId, $customerId): Order {
    $cart = new Cart();
    $cart->id_customer = (int) $c->id;
    $cart->id_address_delivery = $cart->id_address_invoice = (int) $addr->id;
    $cart->id_currency = (int) Configuration::get('PS_CURRENCY_DEFAULT');
    $cart->id_lang = (int) Configuration::get('PS_LANG_DEFAULT');
    $cart->secure_key = $c->secure_key;
    $cart->add();
    $cart->updateQty(1, 1); // product 1
    $total = ShopCreditPs\Money::fromPs((string) $cart->getOrderTotal(true, Cart::BOTH), 'EUR');
    $ref = ShopCreditPs\Requests::orderRef((int) $cart->id);
    $key = 'ps-co-' . (int) $cart->id;
    $sc->checkout()->reserve($shopId, $key, $ref, ['customerId' => $customerId, 'groupIds' => ['3'], 'loggedIn' => true], ['currency' => 'EUR', 'total' => $total], ['wallet' => $total]);
    ShopCreditPs\Checkout::$creating = (int) $cart->id; // the old module's own checkout: no event
    $module->validateOrder((int) $cart->id, (int) Configuration::get('PS_OS_PAYMENT'), (float) $total, 'Store balance', null, [], null, false, $c->secure_key);
    ShopCreditPs\Checkout::$creating = 0;
    $sc->checkout()->settle($ref, 'paid'); // what the old module did on "Payment accepted"
    $now = date('Y-m-d H:i:s');
    Db::getInstance()->insert('shopcredit_order', ['id_cart' => (int) $cart->id, 'id_order' => (int) $module->currentOrder, 'id_shop' => 1, 'funding' => 'wallet',
        'reservation' => $key . ':wallet', 'currency' => 'EUR', 'date_add' => $now, 'date_upd' => $now]);
    return new Order((int) $module->currentOrder);
};
$o = $oldOrder();
$ref = ShopCreditPs\Requests::orderRef((int) $o->id_cart);
$paid = ShopCreditPs\Money::fromPs((string) $o->total_paid_tax_incl, 'EUR');
check("old order #{$o->id} ($paid from the balance) is not in Orders; balance " . $balance(), $sc->orders()->summary($shopId, $ref) === null && $balance() === ShopCreditPs\Money::fromPs((string) (100 - (float) $paid), 'EUR'));

// After the upgrade: a 10.00 credit slip (PrestaShop's partial refund), then the cancellation.
$detail = $o->getOrderDetailList()[0];
$kernel->getContainer()->get('prestashop.core.command_bus')->handle(new PrestaShop\PrestaShop\Core\Domain\Order\Command\IssuePartialRefundCommand(
    (int) $o->id, [(int) $detail['id_order_detail'] => ['quantity' => 1, 'amount' => 10.0]], 0.0, false, true, false, 0));
$slip = ShopCreditPs\Money::fromPs((string) Db::getInstance()->getValue('SELECT total_products_tax_incl + total_shipping_tax_incl FROM `' . _DB_PREFIX_ . 'order_slip` WHERE id_order = ' . (int) $o->id), 'EUR');
$s = $sc->orders()->summary($shopId, $ref);
check("the slip adopted the order and gave its $slip (taxes included) back to the balance: balance " . $balance(), ($s['wallet']['refunded'] ?? null) === $slip);
$before = $balance();
(new Order((int) $o->id))->setCurrentState((int) Configuration::get('PS_OS_CANCELED'), 1);
check("cancelled: the rest it held back once ($before → " . $balance() . ')', $balance() === '100.00');
(new Order((int) $o->id))->setCurrentState((int) Configuration::get('PS_OS_CANCELED'), 1);
check('cancelled again: nothing more (' . $balance() . ')', $balance() === '100.00');

// An old order whose first event is its cancellation: adopted with the state it left (paid), so all of it comes back.
$o3 = $oldOrder();
$before = $balance();
(new Order((int) $o3->id))->setCurrentState((int) Configuration::get('PS_OS_CANCELED'), 1);
check("an old order cancelled as its first event: what it paid back once ($before → " . $balance() . ')', $balance() === '100.00');

// Another old order, handed over by the cron's batch.
$o2 = $oldOrder();
$ref2 = ShopCreditPs\Requests::orderRef((int) $o2->id_cart);
Configuration::updateGlobalValue('SHOPCREDIT_EARLIER_ORDERS_CURSOR', '');
$n = ShopCreditPs\Jobs::run($module)['earlierOrders'] ?? null;
$s2 = $sc->orders()->summary($shopId, $ref2);
check("the cron handed over $n old orders, #{$o2->id} is in Orders (paid)", $n >= 2 && ($s2['phase'] ?? null) === 'paid' && Configuration::getGlobalValue('SHOPCREDIT_EARLIER_ORDERS_CURSOR') === 'done');
check('the next cron run asks nothing again', (ShopCreditPs\Jobs::run($module)['earlierOrders'] ?? null) === 0);

// The settings page's doctor block.
adminTemplates($ctx);
$html = (string) $module->getContent();
check('the settings page shows its "Order actions" block', str_contains($html, 'id="shopcredit-order-health"') && str_contains($html, 'Order actions'));
exit(summary());

<?php
/**
 * The PrestaShop side of the overhead bench, inside the shop (booted as the e2e scripts boot it).
 *
 *   ps.php DIR db                   → the database the shop uses (host, port, user, password)
 *   ps.php DIR module on|off        → enables / disables ShopCredit as the module manager does
 *   ps.php DIR customer EMAIL PASS  → that customer (created with an address in France when
 *                                     missing) with a credit line of 500.00 and 50.00 on the store
 *                                     balance, so the payment step judges both
 * Prints one JSON line.
 */

declare(strict_types=1);

[, $shopDir, $cmd] = array_pad($argv, 3, '');
$args = array_slice($argv, 3);
if ($cmd === 'db') {
    // Read from the shop's parameters: no boot needed.
    $p = (require $shopDir . '/app/config/parameters.php')['parameters'] ?? [];
    echo json_encode(['host' => $p['database_host'], 'port' => (int) ($p['database_port'] ?: 3306), 'user' => $p['database_user'], 'password' => $p['database_password']]), "\n";
    exit(0);
}
require __DIR__ . '/../../prestashop/tests/e2e/kernel.php'; // $ctx, $module

switch ($cmd) {
    case 'module':
        $ok = $args[0] === 'on' ? $module->enable() : $module->disable();
        $out = ['ok' => (bool) $ok, 'active' => (bool) Module::isEnabled('shopcredit')];
        break;
    case 'customer':
        [$email, $pass] = $args;
        $id = (int) Customer::customerExists($email, true, false);
        if ($id === 0) {
            $id = newCustomer($email, $pass);
            $sc = ShopCreditPs\Bridge::sc();
            $shopId = ShopCreditPs\Bridge::shopId(1);
            $sc->credit()->setLimit($shopId, (string) $id, 'EUR', '500.00', 'admin:1');
            $sc->wallet()->bonus($shopId, (string) $id, 'EUR', 'overhead-seed-' . $id, 'bonus', '50.00', 'overhead bench', 'admin:1');
        }
        $out = ['id' => $id];
        break;
    default:
        fwrite(STDERR, "unknown command '$cmd'\n");
        exit(2);
}
echo json_encode($out), "\n";

function newCustomer(string $email, string $pass): int
{
    $c = new Customer();
    $c->firstname = 'Bench';
    $c->lastname = 'Buyer';
    $c->email = $email;
    $c->passwd = Tools::hash($pass);
    $c->id_default_group = (int) Configuration::get('PS_CUSTOMER_GROUP');
    $c->add();
    $c->updateGroup([(int) Configuration::get('PS_CUSTOMER_GROUP')]);
    $a = new Address();
    $a->id_customer = (int) $c->id;
    $a->id_country = (int) Country::getByIso('FR');
    $a->alias = 'Office';
    $a->firstname = 'Bench';
    $a->lastname = 'Buyer';
    $a->address1 = '1 rue de la Paix';
    $a->postcode = '75002';
    $a->city = 'Paris';
    $a->phone = '0102030405';
    $a->add();
    return (int) $c->id;
}

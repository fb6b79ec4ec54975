<?php
/**
 * The WordPress side of the overhead bench, inside the shop (wp-load.php of SC_WC_DIR), with the
 * web server's PHP settings given on the command line (php -d ffi.enable=1 wc.php ...).
 *
 *   wc.php DIR db                 → the database the shop uses (host, port, user, password)
 *   wc.php DIR plugin on|off      → activates / deactivates ShopCredit as the Plugins screen does
 *   wc.php DIR customer LOGIN PASS → that customer (created when missing) with a credit line of
 *                                    500.00 and 50.00 on the store balance, so a checkout judges both
 *   wc.php DIR runtime            → which runtime the plugin's bridge runs (wasmtime or php)
 * Prints one JSON line.
 */

declare(strict_types=1);

[, $dir, $cmd] = array_pad($argv, 3, '');
$args = array_slice($argv, 3);
if (!is_file("$dir/wp-load.php")) {
    fwrite(STDERR, "no WordPress in '$dir'\n");
    exit(2);
}
define('WP_USE_THEMES', false);
$_SERVER['HTTP_HOST'] = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
require "$dir/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_set_current_user(1);
const PLUGIN = 'shopcredit/shopcredit.php';

switch ($cmd) {
    case 'db':
        [$host, $port] = array_pad(explode(':', DB_HOST, 2), 2, '3306');
        $out = ['host' => $host, 'port' => (int) $port, 'user' => DB_USER, 'password' => DB_PASSWORD];
        break;
    case 'plugin':
        if ($args[0] === 'on') {
            $r = activate_plugin(PLUGIN);
            $out = ['active' => !is_wp_error($r), 'error' => is_wp_error($r) ? $r->get_error_message() : null];
        } else {
            deactivate_plugins(PLUGIN);
            $out = ['active' => is_plugin_active(PLUGIN)];
        }
        break;
    case 'customer':
        [$login, $pass] = $args;
        $user = get_user_by('login', $login);
        $id = $user ? (int) $user->ID : (int) wp_create_user($login, $pass, "$login@example.test");
        if (!$user) {
            (new WP_User($id))->set_role('customer');
            $sc = \ShopCreditWC\Bridge::sc();
            $sc->credit()->setLimit('1', (string) $id, 'EUR', '500.00', 'admin:1');
            $sc->wallet()->topUp('1', (string) $id, 'EUR', 'overhead-seed-' . $id, 'overhead-seed', '50.00');
        }
        $out = ['id' => $id];
        break;
    case 'runtime':
        \ShopCreditWC\Bridge::sc();
        $out = ['runtime' => (new ReflectionClass(\ShopCredit\Core::runtime()))->getShortName()];
        break;
    default:
        fwrite(STDERR, "unknown command '$cmd'\n");
        exit(2);
}
echo json_encode($out), "\n";

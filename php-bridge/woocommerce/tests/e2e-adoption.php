<?php
/**
 * Real-shop check of the upgrade path: an order booked the way the plugin's earlier version did
 * (old `_shopcredit_funding` meta, the balance reserved and settled under its own keys, no
 * placement in Orders) is adopted by the upgrade's batch and then cancelled by the merchant: the
 * balance gets the 120.00 back once. Runs inside WordPress (wp-load.php of SC_WC_DIR), with the
 * web server's PHP settings given on the command line (e2e.sh: php -d ffi.enable=1).
 */

declare(strict_types=1);

$dir = getenv('SC_WC_DIR') ?: '';
if ($dir === '' || !is_file("$dir/wp-load.php")) {
    echo "woocommerce adoption e2e: skipped (set SC_WC_DIR to the shop's WordPress folder)\n";
    exit(0);
}
define('WP_USE_THEMES', false);
require "$dir/wp-load.php";
require __DIR__ . '/e2e-client.php';
$failures = 0;
wp_set_current_user(1);
$sc = \ShopCreditWC\Bridge::sc();
$login = 'legacy' . time();
$uid = wp_create_user($login, 'custpass', "$login@example.test");
(new WP_User($uid))->set_role('customer');
$sc->wallet()->topUp('1', (string) $uid, 'EUR', 'seed-' . $uid, 'seed', '200.00');
$balance = static fn (): string => (string) $sc->books->ask('wallet.balance', ['wallet' => \ShopCredit\Storage\AccountRepository::toWire($sc->accounts->find("wallet:1:$uid:EUR"))])['available'];

// What the earlier version left: a Desk (120.00 with VAT) paid from the balance, processing.
$order = wc_create_order(['customer_id' => $uid]);
$order->add_product(wc_get_product((int) (getenv('SC_WC_PRODUCT_ID') ?: 10)), 1);
$order->calculate_totals();
$order->set_payment_method('shopcredit_balance');
$order->update_meta_data(\ShopCreditWC\Orders\Adoption::FUNDING, 'wallet');
$order->save();
remove_all_actions('woocommerce_order_status_changed'); // the old version's own hooks are gone
$order->update_status('processing');
$ref = 'wc-' . $order->get_id();
$total = \ShopCreditWC\Money::fromWc($order->get_total(), 'EUR');
$sc->checkout()->reserve('1', 'wc-co-' . $order->get_id(), $ref, \ShopCreditWC\Requests::customer($uid, ['customer']), ['currency' => 'EUR', 'total' => $total], ['wallet' => $total]);
$sc->checkout()->settle($ref, 'paid');
$before = $balance();

delete_option(\ShopCreditWC\Orders\Adoption::DONE_OPTION);
\ShopCreditWC\Orders\Adoption::adoptOpen();
$order = wc_get_order($order->get_id());
$s = $sc->orders()->summary('1', $ref);
check(($s['phase'] ?? null) === 'paid' && ($s['wallet']['paid'] ?? null) === $total && $order->get_meta(\ShopCreditWC\Orders\OrderEvents::PLACED_WITH) === 'shopcredit_balance', 'an order of the earlier version is adopted at the upgrade (paid from the balance)', ['order' => $order->get_id(), 'summary' => $s['wallet'] ?? null]);

\ShopCreditWC\Orders\OrderEvents::register();
$order->update_status('cancelled');
$after = $balance();
$order = wc_get_order($order->get_id());
$order->update_status('processing');
$order->update_status('cancelled');
check($before === '80.00' && $after === '200.00' && $balance() === '200.00', 'the merchant cancels it: 120.00 back to the balance once (paid again and cancelled again: still once net)', ['before' => $before, 'afterCancel' => $after, 'afterReopenAndCancel' => $balance()]);
exit($failures === 0 ? 0 : 1);

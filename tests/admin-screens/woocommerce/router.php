<?php
/**
 * php -S router: the WooCommerce plugin's admin screens, order boxes, profile fields and My
 * account page, rendered by the plugin's own code on the WordPress double (wordpress.php) and a
 * real bridge on the seeded SQLite books (../shop.php), in a wp-admin-like page with the scripts
 * the plugin enqueues. Environment: SC_SCREENS_VAR (books, options, the staged plugin folder).
 */

declare(strict_types=1);

use ShopCreditAdminScreens\Shop;

require_once __DIR__ . '/../static.php';

$var = (string) getenv('SC_SCREENS_VAR');
$uri = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if (str_starts_with($uri, '/plugin/') || '/host.css' === $uri) {
    return serveStatic($uri, $var);
}

define('ABSPATH', __DIR__ . '/abspath/');
define('SHOPCREDIT_WC_VERSION', '0.0.0-test');
define('SHOPCREDIT_WC_DIR', $var . '/plugin');
define('SHOPCREDIT_WC_FILE', SHOPCREDIT_WC_DIR . '/shopcredit.php');
require __DIR__ . '/../shop.php';
require __DIR__ . '/wordpress.php';
require __DIR__ . '/../../../php-bridge/woocommerce/shopcredit/includes/autoload.php';

WpDouble::load($var . '/options.json');
// The seeded books at the seed's "now", instead of WordPress's database.
add_filter('shopcredit_bridge_config', static fn (array $c): array => ['dsn' => 'sqlite:' . $var . '/books.sqlite', 'clock' => new \ShopCredit\Service\FixedClock(Shop::NOW), 'webhook_keys' => Shop::WEBHOOK_KEY] + $c);
\ShopCreditWC\Admin\Menu::register();
do_action('admin_menu');
if (is_admin()) {
    do_action('admin_init'); // as WordPress: every admin request, admin-post.php and admin-ajax.php too
}

ob_start();
try {
    route($uri);
} catch (WpDoubleExit) {
    // wp_die(), a redirect or a JSON answer: the response is complete
}
$body = (string) ob_get_clean();
echo $body;

function route(string $uri): void
{
    match ($uri) {
        '/wp-admin/admin-post.php' => do_action('admin_post_' . sanitize_key($_REQUEST['action'] ?? '')),
        '/wp-admin/admin-ajax.php' => do_action('wp_ajax_' . sanitize_key($_REQUEST['action'] ?? '')),
        '/wp-admin/admin.php' => 'wc-orders' === ($_GET['page'] ?? '') ? orderPage((int) ($_GET['id'] ?? 0)) : adminPage(),
        '/wp-admin/user-edit.php' => profilePage((int) ($_GET['user_id'] ?? 0)),
        '/my-account/shopcredit-balance/' => accountPage('balance', 'Store balance'),
        '/my-account/shopcredit-credit/' => accountPage('credit', 'Credit'),
        default => notFound(),
    };
}

function adminPage(): void
{
    do_action('admin_enqueue_scripts', 'woocommerce_page_shopcredit');
    ob_start();
    do_action('admin_notices');
    \ShopCreditWC\Admin\Menu::render();
    page('ShopCredit', (string) ob_get_clean());
}

/** The order edit screen's side boxes, as WooCommerce lays meta boxes out (a heading per box). */
function orderPage(int $id): void
{
    $order = wc_get_order($id);
    if (!$order) {
        notFound();
        return;
    }
    $boxes = ['shopcredit-credit-balance' => ['Credit & balance', 'creditBox'], 'shopcredit-financing' => ['Financing subscriptions', 'financingBox']];
    $html = '<div class="wrap"><h1 class="wp-heading-inline">Edit order #' . esc_html($order->get_order_number()) . '</h1><div id="poststuff"><div id="postbox-container-1" class="postbox-container">';
    foreach ($boxes as $boxId => [$title, $method]) {
        ob_start();
        \ShopCreditWC\Admin\OrderBoxes::$method($order);
        $html .= sprintf('<div id="%s" class="postbox"><div class="postbox-header"><h2 class="hndle">%s</h2></div><div class="inside">%s</div></div>', esc_attr($boxId), esc_html($title), ob_get_clean());
    }
    page('Edit order', $html . '</div></div></div>');
}

function profilePage(int $id): void
{
    $user = get_userdata($id);
    if (!$user) {
        notFound();
        return;
    }
    ob_start();
    do_action('edit_user_profile', $user);
    page('Edit user', '<div class="wrap"><h1>Edit user ' . esc_html($user->display_name) . '</h1><form id="your-profile" method="post" action="/wp-admin/user-edit.php">' . ob_get_clean() . '<p class="submit"><button class="button button-primary">Update user</button></p></form></div>');
}

/** My account → Store balance or Credit, for the customer named by ?customer= (Léa by default). */
function accountPage(string $endpoint, string $title): void
{
    WpDouble::$currentUser = (int) ($_GET['customer'] ?? 42);
    ob_start();
    \ShopCreditWC\MyAccount::$endpoint();
    $nav = '<nav class="woocommerce-MyAccount-navigation" aria-label="Account pages"><ul><li><a href="/my-account/">Dashboard</a></li><li><a href="/my-account/orders/">Orders</a></li><li class="is-active"><a href="/my-account/shopcredit-' . $endpoint . '/" aria-current="page">' . esc_html($title) . '</a></li></ul></nav>';
    page('My account', '<div class="woocommerce"><h1>My account</h1>' . $nav . '<div class="woocommerce-MyAccount-content">' . ob_get_clean() . '</div></div>', false);
}

function page(string $title, string $content, bool $admin = true): void
{
    $head = '<link rel="stylesheet" href="/host.css" />';
    foreach (WpDouble::$styles as $src) {
        $head .= '<link rel="stylesheet" href="' . esc_url($src) . '" />';
    }
    $scripts = '';
    foreach (WpDouble::$scripts as $s) {
        if ('' === $s['src'] || array_diff($s['deps'], array_keys(WpDouble::$scripts)) !== []) {
            continue; // WordPress's own libraries (jQuery, selectWoo) are not part of the double
        }
        foreach ($s['data'] as $name => $data) {
            $scripts .= '<script>var ' . $name . ' = ' . json_encode($data, JSON_HEX_TAG | JSON_UNESCAPED_SLASHES) . ';</script>';
        }
        $scripts .= '<script src="' . esc_url($s['src']) . '"></script>';
    }
    $frame = $admin
        ? '<div id="wpwrap"><nav id="adminmenumain" aria-label="Main menu"><ul id="adminmenu"><li><a href="/wp-admin/admin.php?page=wc-orders">Orders</a></li><li><a href="/wp-admin/admin.php?page=shopcredit">ShopCredit</a></li></ul></nav><div id="wpcontent"><main id="wpbody-content">' . $content . '</main></div></div>'
        : '<header class="site-header"><a href="/">Atelier Demo</a></header><main id="primary" class="site-main">' . $content . '</main>';
    printf('<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8" /><title>%s ‹ Atelier Demo</title>%s</head><body class="%s">%s%s</body></html>', esc_html($title), $head, $admin ? 'wp-admin wp-core-ui' : 'woocommerce-account', $frame, $scripts);
}

/** The plugin's assets (the staged folder: its own files and the built widget) and the host CSS. */
function serveStatic(string $uri, string $var): bool
{
    return serveFile('/host.css' === $uri ? __DIR__ . '/host.css' : realpath($var . '/plugin/' . substr($uri, strlen('/plugin/'))));
}

<?php
/**
 * php -S router: the PrestaShop module's back-office pages (Customers > Credit & balance, the
 * module's settings, the order page's blocks) rendered by the module's own code and templates on
 * the PrestaShop double (prestashop.php, Smarty from Debian's smarty3) and a real bridge on the
 * seeded SQLite books (../shop.php), in a back-office-like page with the scripts the module adds.
 * Environment: SC_SCREENS_VAR (books, the shop's tables, configuration, the staged module folder).
 */

declare(strict_types=1);

require_once __DIR__ . '/../static.php';

$var = (string) getenv('SC_SCREENS_VAR');
$uri = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if (str_starts_with($uri, '/modules/shopcredit/') || '/host.css' === $uri) {
    return serveStatic($uri, $var);
}

require __DIR__ . '/../shop.php';
require '/usr/share/php/smarty3/Smarty.class.php';
// The module's own autoloader expects the bridge staged inside the module (the zip's layout):
// here the bridge comes from the repository.
define('SHOPCREDIT_PS_AUTOLOAD', true);
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'ShopCreditPs\\')) {
        $file = __DIR__ . '/../../../php-bridge/prestashop/shopcredit/src/' . str_replace('\\', '/', substr($class, 13)) . '.php';
        if (is_file($file)) {
            require_once $file;
        }
    }
});
require __DIR__ . '/prestashop.php';
PsDouble::load($var);
require __DIR__ . '/../../../php-bridge/prestashop/shopcredit/shopcredit.php';
require __DIR__ . '/../../../php-bridge/prestashop/shopcredit/controllers/admin/AdminShopCreditController.php';
// The seeded books at the seed's "now", instead of the shop's database.
\ShopCreditPs\Bridge::override(['dsn' => 'sqlite:' . $var . '/books.sqlite', 'clock' => new \ShopCredit\Service\FixedClock(\ShopCreditAdminScreens\Shop::NOW), 'webhook_keys' => \ShopCreditAdminScreens\Shop::WEBHOOK_KEY]);

if ('/admin/index.php' === $uri) {
    define('_PS_ADMIN_DIR_', __DIR__);
    // PrestaShop's back-office header runs this hook on every page, legacy and Symfony.
    (new Shopcredit())->hookDisplayBackOfficeHeader([]);
}

ob_start();
try {
    match ($uri) {
        '/module/shopcredit/wallet' => frontPage('wallet'),
        '/module/shopcredit/credit' => frontPage('credit'),
        '/admin/index.php' => match ((string) ($_GET['controller'] ?? '')) {
            'AdminShopCredit' => creditPage(),
            'AdminModules' => settingsPage(),
            'AdminOrders' => orderPage((int) ($_GET['id_order'] ?? 0)),
            'AdminCustomers' => customerPage((int) ($_GET['id_customer'] ?? 0)),
            default => notFound(),
        },
        default => notFound(),
    };
} catch (PsDoubleExit) {
    // a redirect or an ajax answer: the response is complete
}
echo ob_get_clean();

function creditPage(): void
{
    $c = new AdminShopCreditController();
    $c->init();
    $c->postProcess();
    if ($c->ajax) {
        $c->{'displayAjax' . ucfirst((string) Tools::getValue('action'))}();
        return;
    }
    $c->initContent();
    page('Credit & balance', messages($c->errors, $c->confirmations) . $c->content);
}

/** A customer page of the module (My account), for the customer named by ?customer= (Léa by default). */
function frontPage(string $controller): void
{
    require_once __DIR__ . '/../../../php-bridge/prestashop/shopcredit/controllers/front/' . $controller . '.php';
    $ctx = Context::getContext();
    $ctx->customer = new Customer((int) ($_GET['customer'] ?? 42));
    $class = 'Shopcredit' . ucfirst($controller) . 'ModuleFrontController';
    echo (new $class())->run();
}

function settingsPage(): void
{
    $html = (new Shopcredit())->getContent();
    page('ShopCredit', '<div class="bootstrap">' . $html . '</div>');
}

/** The order page (PrestaShop 8's Symfony page): the module's blocks in the main column. */
function orderPage(int $id): void
{
    $order = new Order($id);
    if (!$order->id) {
        notFound();
        return;
    }
    $html = (new Shopcredit())->hookDisplayAdminOrderMain(['id_order' => $id]);
    page('Orders', '<div class="row"><div class="col-md-8 left-column"><div class="card"><h1 class="card-header h3">Order ' . htmlspecialchars($order->reference) . '</h1><div class="card-body">…</div></div>' . $html . '</div></div>');
}

/** The customer's page in Customers: the module's card (displayAdminCustomers) under the customer's own. */
function customerPage(int $id): void
{
    $c = new Customer($id);
    if (!$c->id) {
        notFound();
        return;
    }
    $html = (new Shopcredit())->hookDisplayAdminCustomers(['id_customer' => $id]);
    page('Customers', '<div class="card"><h2 class="card-header">' . htmlspecialchars($c->firstname . ' ' . $c->lastname) . '</h2><div class="card-body">' . htmlspecialchars($c->email) . '</div></div>' . $html);
}

/** @param list<string> $errors @param list<string> $confirmations already escaped, as the controller keeps them */
function messages(array $errors, array $confirmations): string
{
    $out = '';
    foreach ($errors as $e) {
        $out .= '<div class="alert alert-danger" role="alert">' . $e . '</div>';
    }
    foreach ($confirmations as $m) {
        $out .= '<div class="alert alert-success" role="alert">' . $m . '</div>';
    }
    return $out;
}

function page(string $title, string $content): void
{
    $head = '<link rel="stylesheet" href="/host.css" />';
    foreach (PsDouble::$css as $href) {
        $head .= '<link rel="stylesheet" href="' . htmlspecialchars($href) . '" />';
    }
    $scripts = '';
    foreach (PsDouble::$js as $src) {
        $scripts .= '<script src="' . htmlspecialchars($src) . '"></script>';
    }
    printf('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" /><title>%s • Atelier Demo</title>%s</head><body class="ps_back-office"><nav class="nav-bar" aria-label="Main menu"><ul><li><a href="index.php?controller=AdminOrders">Orders</a></li><li><a href="index.php?controller=AdminShopCredit">Credit &amp; balance</a></li></ul></nav><main id="main"><div id="content" class="bootstrap"><h1 class="page-title">%s</h1>%s</div></main>%s</body></html>',
        htmlspecialchars($title), $head, htmlspecialchars($title), $content, $scripts);
}

/** The module's assets (the staged folder: its own files and the built widget) and the host CSS. */
function serveStatic(string $uri, string $var): bool
{
    return serveFile('/host.css' === $uri ? __DIR__ . '/host.css' : realpath($var . '/module/' . substr($uri, strlen('/modules/shopcredit/'))));
}

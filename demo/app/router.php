<?php

declare(strict_types=1);

/*
 * The demo shop for PHP's built-in server (demo/serve.sh starts it):
 *   php -S 127.0.0.1:8090 demo/app/router.php
 * Storefront, My account, checkout, order pages, the widget's endpoint (/api/me), the provider
 * webhook (/webhook) and a back office. Every money decision is a bridge call.
 */

namespace ShopCreditDemo;

use ShopCredit\Financing\WebhookRejected;
use ShopCredit\Service\InvalidRequest;

require_once __DIR__ . '/Demo.php';
require_once __DIR__ . '/words.php';
require_once __DIR__ . '/html.php';
require_once __DIR__ . '/shop.php';
require_once __DIR__ . '/admin.php';

$path = (string) \parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), \PHP_URL_PATH);
$method = (string) ($_SERVER['REQUEST_METHOD'] ?? 'GET');

// Static files: the built widget (js/dist) and the demo's stylesheet.
if (\preg_match('#^/widget/([A-Za-z0-9_.-]+)$#', $path, $m) === 1) {
    $file = __DIR__ . '/../../js/dist/' . $m[1];
    if (!\is_file($file)) {
        \http_response_code(404);
        return true;
    }
    $types = ['js' => 'text/javascript', 'mjs' => 'text/javascript', 'css' => 'text/css', 'wasm' => 'application/wasm', 'ts' => 'text/plain'];
    \header('Content-Type: ' . ($types[\pathinfo($file, \PATHINFO_EXTENSION)] ?? 'application/octet-stream'));
    \header('Cache-Control: no-cache');
    \readfile($file);
    return true;
}
// The README's runnable widget example, at the same paths as `php -S -t .` from the repository root.
if (\preg_match('#^/(demo/widget-example|js/dist)/([A-Za-z0-9_.-]*)$#', $path, $m) === 1) {
    $file = __DIR__ . '/../../' . $m[1] . '/' . ($m[2] === '' ? 'index.html' : $m[2]);
    if (!\is_file($file)) {
        \http_response_code(404);
        return true;
    }
    $types = ['html' => 'text/html; charset=utf-8', 'json' => 'application/json', 'mjs' => 'text/javascript', 'js' => 'text/javascript', 'css' => 'text/css', 'wasm' => 'application/wasm'];
    \header('Content-Type: ' . ($types[\pathinfo($file, \PATHINFO_EXTENSION)] ?? 'application/octet-stream'));
    \header('Cache-Control: no-cache');
    \readfile($file);
    return true;
}
if ($path === '/demo.css') {
    \header('Content-Type: text/css');
    \readfile(__DIR__ . '/demo.css');
    return true;
}

try {
    $demo = Demo::get();
    match (true) {
        $path === '/' => shopHome($demo),
        $path === '/login' && $method === 'POST' => login(),
        $path === '/checkout' && $method === 'GET' => checkoutPage($demo),
        $path === '/checkout' && $method === 'POST' => placeOrder($demo),
        $path === '/order' => orderPage($demo),
        $path === '/financing/return' => financingReturn($demo),
        $path === '/account' => accountPage($demo),
        $path === '/topup' && $method === 'POST' => topUp($demo),
        $path === '/api/me' => widgetEndpoint($demo),
        $path === '/webhook' && $method === 'POST' => webhook($demo),
        $path === '/admin' => adminPage($demo),
        $path === '/admin/action' && $method === 'POST' => adminAction($demo),
        default => notFound(),
    };
} catch (\ShopCredit\CoreError | InvalidRequest $e) {
    // Input no form expected (a hand-made request): said in words, nothing was changed.
    \http_response_code(400);
    $back = \str_starts_with($path, '/admin') ? ['/admin', 'Back to the back office'] : ['/', 'Back to the shop'];
    page('That did not work', '<p class="error" role="alert" data-error="' . e($e->errorCode) . '">' . e(Words::input($e->errorCode)) . ' Nothing was changed.</p><p><a href="' . $back[0] . '">' . $back[1] . '</a></p>', $back[0] === '/admin');
}

function notFound(): never
{
    \http_response_code(404);
    page('Not found', '<p><a href="/">Back to the shop</a></p>');
}

function login(): never
{
    $id = (string) ($_POST['customer'] ?? '');
    if (isset(Demo::CUSTOMERS[$id])) {
        \setcookie('demo_customer', $id, ['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
    } else {
        \setcookie('demo_customer', '', ['expires' => 1, 'path' => '/']);
    }
    redirect((string) ($_SERVER['HTTP_REFERER'] ?? '/') ?: '/');
}

/** GET /api/me[?order=REF]: the widget's data for the logged-in customer only (no id from the request). */
function widgetEndpoint(Demo $demo): never
{
    $cid = Demo::customerId();
    if ($cid === null) {
        json(['available' => false, 'reason' => 'customer_not_logged_in'], 401);
    }
    $order = isset($_GET['order']) && \is_string($_GET['order']) && $_GET['order'] !== '' ? $_GET['order'] : null;
    json($demo->widgetSummary($cid, $order));
}

/** POST /webhook: a provider delivery, verified and applied by the bridge; the order follows the mapping. */
function webhook(Demo $demo): never
{
    $body = (string) \file_get_contents('php://input');
    try {
        $r = $demo->sc->financing()->receiveWebhook(Demo::SHOP, $body, \getallheaders());
    } catch (WebhookRejected $e) {
        json(['error' => $e->reason], 401);
    }
    $event = \json_decode($body, true);
    $ref = $event['data']['merchantGlobalOrderId'] ?? null;
    if (\is_string($ref) && $demo->order($ref) !== null) {
        $demo->syncFinancingOrder($ref);
    }
    json($r);
}

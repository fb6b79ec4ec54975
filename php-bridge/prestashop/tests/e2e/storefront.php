<?php
/**
 * The customer's side of the end-to-end run, over HTTP only (cookies, the shop's own forms):
 * log in, fill a cart (static token), go through the one-page checkout (addresses, carrier),
 * read the payment step and submit one of ShopCredit's options the way the browser would.
 *
 * Usage: php storefront.php BASE_URL EMAIL PASSWORD ACTION [ARGS]   (prints one JSON line)
 *   options PRODUCT_ID QTY            → the payment options offered (label, action, inputs, text)
 *   pay PRODUCT_ID QTY OPTION [FIELD=VALUE...]  → submits OPTION (account|balance|partial|financing)
 *   get PATH                          → status and body excerpt of a page (My account pages, JSON)
 *   topup AMOUNT [ID_CURRENCY] [MODULE|-] → My account > balance top-up form (in that currency), the payment
 *                                       step's modules, then MODULE pays (default the bank wire module; - none)
 */
[$self, $base, $email, $password, $action] = array_pad($argv, 5, '');
$a = array_slice($argv, 5);
$jar = tempnam(sys_get_temp_dir(), 'scps');

function http(string $url, ?array $post = null, bool $follow = true): array
{
    global $jar;
    $ch = curl_init($url);
    curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_COOKIEJAR => $jar, CURLOPT_COOKIEFILE => $jar,
        CURLOPT_FOLLOWLOCATION => $follow, CURLOPT_HEADER => false, CURLOPT_TIMEOUT => 60]);
    if ($post !== null) {
        curl_setopt($ch, CURLOPT_POST, true);
        curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($post));
    }
    $body = (string) curl_exec($ch);
    $info = curl_getinfo($ch);
    curl_close($ch);
    return ['code' => (int) $info['http_code'], 'url' => (string) $info['url'], 'redirect' => (string) ($info['redirect_url'] ?? ''), 'body' => $body];
}

function fail(string $msg, array $extra = []): never
{
    echo json_encode(['ok' => false, 'error' => $msg] + $extra, JSON_UNESCAPED_SLASHES), "\n";
    exit(1);
}

function login(string $base, string $email, string $password): void
{
    http("$base/index.php?controller=authentication");
    $r = http("$base/index.php?controller=authentication", ['email' => $email, 'password' => $password, 'submitLogin' => '1', 'back' => 'my-account']);
    if (!str_contains($r['body'], 'logout')) {
        fail('login failed', ['url' => $r['url']]);
    }
}

function staticToken(string $base): string
{
    $r = http("$base/index.php");
    if (!preg_match('/"static_token":"([0-9a-f]{32})"/', $r['body'], $m)) {
        fail('no static token');
    }
    return $m[1];
}

function fillCart(string $base, int $productId, int $qty): void
{
    $token = staticToken($base);
    $r = http("$base/index.php?controller=cart", ['token' => $token, 'id_product' => $productId, 'id_customization' => 0, 'qty' => $qty, 'add' => 1, 'action' => 'update', 'ajax' => 1]);
    if (!str_contains($r['body'], '"success":true')) {
        fail('add to cart failed', ['body' => substr($r['body'], 0, 300)]);
    }
}

/** Addresses and carrier steps of the one-page checkout; returns the payment step's HTML. */
function checkoutToPayment(string $base): string
{
    $r = http("$base/index.php?controller=order");
    if (preg_match('/name="id_address_delivery"[^>]*value="(\d+)"/', $r['body'], $m) || preg_match('/value="(\d+)"[^>]*name="id_address_delivery"/', $r['body'], $m)) {
        $r = http("$base/index.php?controller=order", ['id_address_delivery' => $m[1], 'confirm-addresses' => '1']);
    }
    if (preg_match('/name="delivery_option\[(\d+)\]"[^>]*value="([^"]+)"/', $r['body'], $m)) {
        $r = http("$base/index.php?controller=order", ['delivery_option[' . $m[1] . ']' => html_entity_decode($m[2]), 'confirmDeliveryOption' => '1', 'delivery_message' => '']);
    }
    return $r['body'];
}

/** ShopCredit's options on the payment step: label, form action and hidden inputs, text. */
function options(string $html): array
{
    $out = [];
    preg_match_all('/<div id="(payment-option-\d+)-container".*?<span>([^<]*)<\/span>/s', $html, $labels, PREG_SET_ORDER);
    foreach ($labels as [, $id, $label]) {
        $raw = preg_match('/<div\s+id="' . $id . '-additional-information"[^>]*>(.*?)<\/section>/s', $html, $m) ? $m[1] : '';
        $info = trim(preg_replace('/\s+/', ' ', strip_tags(preg_replace('#<(script|style)\b.*?</\1>#s', '', $raw))));
        $form = preg_match('/<div\s+id="pay-with-' . $id . '-form"[^>]*>\s*<form([^>]*)>(.*?)<\/form>/s', $html, $f) ? $f : null;
        $action = $form && preg_match('/action="([^"]*)"/', $form[1], $x) ? html_entity_decode($x[1]) : null;
        $inputs = [];
        if ($form) {
            preg_match_all('/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/', $form[2], $ins, PREG_SET_ORDER);
            foreach ($ins as [, $n, $v]) {
                $inputs[$n] = html_entity_decode($v);
            }
        }
        if ($action !== null && !str_contains($action, 'shopcredit') && $action !== '#') {
            continue; // another module's option
        }
        // Not selectable: the option's own script disables its radio button (checked in Chromium by checkout.mjs).
        $disabled = str_contains($raw, 'radio.disabled = true');
        $out[] = ['label' => trim(html_entity_decode($label)), 'action' => $action, 'inputs' => $inputs, 'text' => $info, 'disabled' => $disabled];
    }
    return $out;
}

login($base, $email, $password);
switch ($action) {
    case 'options':
        fillCart($base, (int) $a[0], (int) $a[1]);
        echo json_encode(['ok' => true, 'options' => options(checkoutToPayment($base))], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
        break;
    case 'session': // PRODUCT_ID QTY: a cart at the payment step; the session's cookies for a browser to go on with
        fillCart($base, (int) $a[0], (int) $a[1]);
        checkoutToPayment($base);
        $cookies = [];
        foreach (file($jar, FILE_IGNORE_NEW_LINES) as $line) {
            $f = explode("\t", preg_replace('/^#HttpOnly_/', '', $line));
            if (count($f) === 7 && !str_starts_with($line, '# ')) {
                $cookies[] = ['name' => $f[5], 'value' => $f[6], 'domain' => $f[0], 'path' => $f[2]];
            }
        }
        echo json_encode(['ok' => true, 'cookies' => $cookies], JSON_UNESCAPED_SLASHES), "\n";
        break;
    case 'pay':
        fillCart($base, (int) $a[0], (int) $a[1]);
        $opts = options(checkoutToPayment($base));
        $want = ['account' => 'controller=account', 'balance' => 'controller=balance', 'partial' => 'controller=partial', 'financing' => 'controller=financing'][$a[2]] ?? '';
        $opt = null;
        foreach ($opts as $o) {
            if ($o['action'] !== null && str_contains($o['action'], $want)) {
                $opt = $o;
            }
        }
        if ($opt === null && in_array('forge', $a, true)) {
            // A forged submit: the option was shown disabled (no form), the customer posts anyway
            // with the cart's real total; the server must judge it again and refuse.
            $page = http("$base/index.php?controller=order");
            preg_match('/var prestashop = (\{.*?\});\n/s', $page['body'], $x);
            $total = json_decode($x[1] ?? '{}', true)['cart']['totals']['total']['amount'] ?? 0;
            // The customer's own session: the static token is theirs (a cross-site post has none).
            $opt = ['label' => 'forged', 'action' => "$base/index.php?fc=module&module=shopcredit&" . $want, 'inputs' => ['sc_total' => number_format((float) $total, 2, '.', ''), 'token' => staticToken($base)], 'text' => ''];
            $a = array_values(array_diff($a, ['forge']));
            $forgedFrom = $opts;
        }
        if ($opt === null) {
            fail('option not offered', ['options' => $opts]);
        }
        $post = $opt['inputs'];
        foreach (array_slice($a, 3) as $kv) {
            [$k, $v] = explode('=', $kv, 2);
            $post[$k] = $v;
        }
        $r = http($opt['action'], $post, false);
        $to = $r['redirect'];
        $order = preg_match('/id_order=(\d+)/', $to, $m) ? (int) $m[1] : null;
        $page = $to !== '' ? http($to) : $r;
        $notice = preg_match('/<article class="alert alert-danger"[^>]*>(.*?)<\/article>/s', $page['body'], $m) ? trim(preg_replace('/\s+/', ' ', strip_tags($m[1]))) : null;
        $block = preg_match('/<section class="shopcredit-order box">(.*?)<\/section>/s', $page['body'], $m) ? trim(preg_replace('/\s+/', ' ', strip_tags($m[1]))) : null;
        // The purchase-order field as the payment step shows it again: the typed value and the reason beside it.
        $poField = ['value' => preg_match('/id="sc-po-number"[^>]*value="([^"]*)"/', $page['body'], $m) ? html_entity_decode($m[1]) : null,
            'reason' => preg_match('/id="sc-po-error"[^>]*>(.*?)<\/div>/s', $page['body'], $m) ? html_entity_decode(trim(strip_tags($m[1]))) : null];
        echo json_encode(['ok' => true, 'option' => $opt['label'], 'shown' => isset($forgedFrom) ? array_column($forgedFrom, 'text') : null, 'posted' => $post, 'status' => $r['code'], 'redirect' => $to, 'id_order' => $order, 'error' => $notice, 'confirmation' => $block, 'poField' => $poField], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
        break;
    case 'topup': // AMOUNT [ID_CURRENCY] [MODULE|-]: My account > balance top-up form, then MODULE (default the bank wire module) pays the cart
        if (($a[1] ?? '') !== '') {
            http("$base/index.php?SubmitCurrency=1&id_currency=" . (int) $a[1]);
        }
        $page = http("$base/index.php?fc=module&module=shopcredit&controller=wallet");
        if (!preg_match('/id="shopcredit-topup-form".*?name="token" value="([0-9a-f]+)"/s', $page['body'], $m)) {
            fail('no top-up form');
        }
        $r = http("$base/index.php?fc=module&module=shopcredit&controller=wallet", ['token' => $m[1], 'amount' => $a[0], 'sc_topup' => '1']);
        if (preg_match('/<article class="alert alert-danger"[^>]*>(.*?)<\/article>/s', $r['body'], $x)) {
            echo json_encode(['ok' => true, 'refused' => trim(preg_replace('/\s+/', ' ', strip_tags($x[1])))], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
            break;
        }
        $html = checkoutToPayment($base);
        preg_match_all('/<form[^>]*action="[^"]*module[=\/]([a-z_]+)[^"]*"/', $html, $mods);
        preg_match('/var prestashop = (\{.*?\});\n/s', $html, $js);
        $cart = json_decode($js[1] ?? '{}', true)['cart']['totals']['total'] ?? [];
        $ours = array_values(array_map(static fn ($o) => $o['text'], array_filter(options($html), static fn ($o) => $o['action'] === '#')));
        $module = $a[2] ?? 'ps_wirepayment';
        $out = ['ok' => true, 'offered' => array_values(array_unique($mods[1])), 'cart_total' => $cart['amount'] ?? null, 'cart_total_shown' => $cart['value'] ?? null, 'ours' => $ours, 'id_order' => null];
        if ($module !== '-' && preg_match('/<form[^>]*action="([^"]*module[=\/]' . preg_quote($module, '/') . '[^"]*)"/', $html, $w)) {
            $to = http(html_entity_decode($w[1]), [], false)['redirect'];
            $out['id_order'] = preg_match('/id_order=(\d+)/', $to, $x) ? (int) $x[1] : null;
            $out['redirect'] = $to;
        }
        echo json_encode($out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
        break;
    case 'form': // PAGE_CONTROLLER SUBMIT FIELD=VALUE...: posts one of the module's My account forms with its CSRF token
        $url = "$base/index.php?fc=module&module=shopcredit&controller=" . $a[0];
        $page = http($url);
        $post = ['token' => preg_match('/name="token" value="([0-9a-f]+)"/', $page['body'], $m) ? $m[1] : '', $a[1] => '1'];
        foreach (array_slice($a, 2) as $kv) {
            [$k, $v] = explode('=', $kv, 2);
            $post[$k] = $v;
        }
        $r = http($url, $post);
        $alerts = preg_match_all('/<article class="alert alert-(danger|success)"[^>]*>(.*?)<\/article>/s', $r['body'], $m, PREG_SET_ORDER) ? array_map(static fn ($x) => $x[1] . ': ' . trim(preg_replace('/\s+/', ' ', strip_tags($x[2]))), $m) : [];
        echo json_encode(['ok' => true, 'code' => $r['code'], 'alerts' => $alerts], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
        break;
    case 'get':
        $r = http($base . '/' . ltrim($a[0], '/'));
        echo json_encode(['ok' => true, 'code' => $r['code'], 'body' => mb_substr(trim(preg_replace('/\s+/', ' ', strip_tags(preg_replace('/<(script|style|head)\b.*?<\/\1>/s', '', $r['body'])))), 0, (int) ($a[1] ?? 1500))], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
        break;
    default:
        fail("unknown action $action");
}

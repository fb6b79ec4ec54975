<?php
/**
 * End-to-end run against a real WordPress + WooCommerce with the plugin active, over HTTP only
 * (admin forms, the Store API, the classic checkout, the fake financing provider's webhooks).
 *
 *   SC_WC_URL=http://127.0.0.1:8081 SC_FAKE_URL=http://127.0.0.1:8091 php e2e.php
 *
 * Env: SC_WC_ADMIN / SC_WC_ADMIN_PASSWORD (admin / adminpass), customers acme, lea, bob with the
 * password SC_WC_CUSTOMER_PASSWORD (custpass; ids looked up by the admin), products by name:
 * "Desk" 100.00, "Chair" 33.33, "Big machine" 900.00 (taxable at 20 % in FR), cheque enabled.
 * Prints one line per check and a JSON summary of what the shop did; exits 1 on a failed check.
 */

declare(strict_types=1);

require __DIR__ . '/e2e-client.php';

$base = rtrim((string) getenv('SC_WC_URL'), '/');
$fake = rtrim((string) (getenv('SC_FAKE_URL') ?: 'http://127.0.0.1:8091'), '/');
$adminUser = getenv('SC_WC_ADMIN') ?: 'admin';
$adminPass = getenv('SC_WC_ADMIN_PASSWORD') ?: 'adminpass';
$custPass = getenv('SC_WC_CUSTOMER_PASSWORD') ?: 'custpass';
$run = getenv('SC_E2E_RUN') ?: (string) time();

$failures = 0;
$summary = [];
function address(string $email, string $first): array
{
    return ['first_name' => $first, 'last_name' => 'Test', 'address_1' => '1 rue de la Paix', 'city' => 'Paris', 'postcode' => '75002', 'country' => 'FR', 'email' => $email, 'phone' => '0601020304'];
}

/** Admin: a nonce'd form of our settings pages. */
function adminForm(Client $admin, string $tab, string $action): array
{
    $html = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=' . $tab);
    preg_match('/name="action" value="shopcredit_' . $action . '" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $html, $m);
    return [$html, $m[1] ?? ''];
}

/**
 * The fields a browser would send with one of our admin forms as it is shown (inputs with their
 * values, ticked boxes and radios only, each select's selected option), by their HTML names.
 * @return array<string, string>
 */
function formFields(string $html, string $action): array
{
    $start = strpos($html, 'value="shopcredit_' . $action . '"');
    $form = $start === false ? '' : substr($html, $start, (strpos($html, '</form>', $start) ?: strlen($html)) - $start);
    $out = [];
    preg_match_all('/<input\b([^>]*)>/', $form, $inputs);
    foreach ($inputs[1] as $attrs) {
        $a = [];
        preg_match_all('/([a-z_-]+)=(["\'])(.*?)\2/', $attrs, $pairs, PREG_SET_ORDER);
        foreach ($pairs as $p) {
            $a[$p[1]] = html_entity_decode($p[3], ENT_QUOTES);
        }
        if (!isset($a['name']) || (in_array($a['type'] ?? 'text', ['checkbox', 'radio'], true) && !isset($a['checked']))) {
            continue;
        }
        $out[$a['name']] = $a['value'] ?? (in_array($a['type'] ?? '', ['checkbox', 'radio'], true) ? 'on' : '');
    }
    preg_match_all('/<select\b[^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/s', $form, $selects, PREG_SET_ORDER);
    foreach ($selects as [, $name, $options]) {
        preg_match('/<option value="([^"]*)"[^>]*selected/', $options, $sel) || preg_match('/<option value="([^"]*)"/', $options, $sel);
        $out[html_entity_decode($name)] = html_entity_decode($sel[1] ?? '', ENT_QUOTES);
    }
    unset($out['action'], $out['_wpnonce'], $out['_wp_http_referer']);
    return $out;
}

function adminPost(Client $admin, string $action, string $nonce, array $fields): string
{
    $admin->request('POST', '/wp-admin/admin-post.php', ['action' => 'shopcredit_' . $action, '_wpnonce' => $nonce, '_wp_http_referer' => '/wp-admin/admin.php?page=shopcredit'] + $fields);
    $page = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=accounts');
    preg_match('/<div class="notice notice-(success|error) is-dismissible"><p>(.*?)<\/p>/s', $page, $m);
    return ($m[1] ?? '?') . ': ' . html_entity_decode($m[2] ?? '');
}

/**
 * Mass credit/debit through its screen: the form builds a batch and its preview (nothing booked),
 * "Start" schedules the steps, the progress page's status requests drive them until done.
 * @return array{preview: string, progress: string, state: string}
 */
function massAdjust(Client $admin, string $role, string $direction, string $amount, string $reason): array
{
    [$html, $nonce] = adminForm($admin, 'mass', 'mass_adjust');
    $admin->request('POST', '/wp-admin/admin-post.php', ['action' => 'shopcredit_mass_adjust', '_wpnonce' => $nonce, '_wp_http_referer' => '/wp-admin/admin.php?page=shopcredit&tab=mass', 'role' => $role, 'direction' => $direction, 'amount' => $amount, 'reason' => $reason]);
    preg_match('/[?&]batch=(mass-[0-9a-f-]+)/', $admin->lastHeaders['location'] ?? '', $bm);
    $batch = $bm[1] ?? '';
    $page = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=mass&batch=' . $batch);
    preg_match('/<p>(Preview: .*?)<\/p>/', $page, $pv);
    preg_match('/name="action" value="shopcredit_mass_run" \/><input type="hidden" name="batch" value="[^"]+" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $page, $rn);
    $admin->request('POST', '/wp-admin/admin-post.php', ['action' => 'shopcredit_mass_run', '_wpnonce' => $rn[1] ?? '', 'batch' => $batch]);
    $page = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=mass&batch=' . $batch);
    preg_match('/shopcreditMass = \{[^}]*"nonce":"([0-9a-f]+)"/', $page, $sn);
    $state = '';
    $text = '';
    for ($i = 0; $i < 50 && $state !== 'done'; $i++) {
        $r = json_decode($admin->request('POST', '/wp-admin/admin-ajax.php', ['action' => 'shopcredit_mass_status', '_ajax_nonce' => $sn[1] ?? '', 'batch' => $batch]), true);
        $state = (string) ($r['data']['state'] ?? 'error');
        $text = (string) ($r['data']['text'] ?? '');
        if ($state === 'error') {
            break;
        }
    }
    return ['preview' => html_entity_decode($pv[1] ?? ''), 'progress' => $text, 'state' => $state];
}

function orderPage(Client $admin, int $id): string
{
    $html = $admin->request('GET', '/wp-admin/admin.php?page=wc-orders&action=edit&id=' . $id);
    if ($admin->status !== 200 || !str_contains($html, 'order_item_nonce')) {
        $html = $admin->request('GET', '/wp-admin/post.php?post=' . $id . '&action=edit');
    }
    return $html;
}

function orderStatus(Client $admin, int $id): string
{
    $html = orderPage($admin, $id);
    preg_match('/<select id="order_status" name="order_status"[^>]*>.*?<option value="wc-([a-z-]+)"\s+selected/s', $html, $m);
    return $m[1] ?? '?';
}

function markStatus(Client $admin, int $id, string $status): void
{
    $list = $admin->request('GET', '/wp-admin/admin.php?page=wc-orders&status=all');
    if (!str_contains($list, 'woocommerce-mark-order-status') && !preg_match('/mark_order_status/', $list)) {
        $list = $admin->request('GET', '/wp-admin/edit.php?post_type=shop_order');
    }
    preg_match('/mark_order_status(?:&|&amp;|&#038;)status=[a-z-]+(?:&|&amp;|&#038;)order_id=\d+(?:&|&amp;|&#038;)_wpnonce=([0-9a-f]+)/', $list, $m);
    $admin->request('GET', '/wp-admin/admin-ajax.php?action=woocommerce_mark_order_status&status=' . $status . '&order_id=' . $id . '&_wpnonce=' . ($m[1] ?? ''));
}

function refund(Client $admin, int $id, string $amount, bool $api): array
{
    $html = orderPage($admin, $id);
    preg_match('/"order_item_nonce":"([0-9a-f]+)"/', $html, $m);
    preg_match('/id="refunded_amount"[^>]*value="([0-9.]+)"|value="([0-9.]+)"[^>]*id="refunded_amount"/', $html, $ra); // what the screen sends: refunds so far
    $raw = $admin->request('POST', '/wp-admin/admin-ajax.php', [
        'action' => 'woocommerce_refund_line_items', 'order_id' => $id, 'refund_amount' => $amount, 'refunded_amount' => ($ra[1] ?? '') !== '' ? $ra[1] : ($ra[2] ?? '0'),
        'refund_reason' => 'e2e', 'line_item_qtys' => '{}', 'line_item_totals' => '{}', 'line_item_tax_totals' => '{}',
        'api_refund' => $api ? 'true' : 'false', 'restock_refunded_items' => 'false', 'security' => $m[1] ?? '',
    ]);
    $d = json_decode($raw, true);
    return is_array($d) ? $d : ['_raw' => substr($raw, 0, 300)];
}

function notes(Client $admin, int $id): array
{
    $html = orderPage($admin, $id);
    preg_match_all('/<div class="note_body">\s*(.*?)\s*<\/div>/s', $html, $m);
    return array_map(static fn ($s) => trim(html_entity_decode(strip_tags($s))), $m[1]);
}

function me(Client $c): array
{
    $nonce = trim($c->request('GET', '/wp-admin/admin-ajax.php?action=rest-nonce'));
    $raw = $c->request('GET', '/?rest_route=/shopcredit/v1/me', null, $nonce === '' ? [] : ['X-WP-Nonce: ' . $nonce]);
    return json_decode($raw, true) ?? [];
}

function fakePost(string $fake, string $path, array $body): array
{
    $ch = curl_init($fake . $path);
    curl_setopt_array($ch, [CURLOPT_POST => true, CURLOPT_POSTFIELDS => json_encode($body), CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => ['Content-Type: application/json'], CURLOPT_TIMEOUT => 60]);
    $out = (string) curl_exec($ch);
    curl_close($ch);
    return json_decode($out, true) ?? ['_raw' => $out];
}

function productId(Client $c, string $name): int
{
    $list = $c->store('GET', 'products&search=' . rawurlencode($name));
    foreach ($list as $p) {
        if (is_array($p) && ($p['name'] ?? '') === $name) {
            return (int) $p['id'];
        }
    }
    return 0;
}

function storeOrder(Client $c, array $items, string $method, string $email, ?bool $useBalance = null): array
{
    foreach ($c->store('GET', 'cart')['items'] ?? [] as $it) {
        $c->store('POST', 'cart/remove-item', ['key' => $it['key']]);
    }
    foreach ($items as [$id, $qty]) {
        $c->store('POST', 'cart/add-item', ['id' => $id, 'quantity' => $qty]);
    }
    $cart = $c->store('POST', 'cart/update-customer', ['billing_address' => address($email, 'E2E'), 'shipping_address' => array_diff_key(address($email, 'E2E'), ['email' => 1])]);
    if ($useBalance !== null) {
        $cart = $c->store('POST', 'cart/extensions', ['namespace' => 'shopcredit', 'data' => ['useBalance' => $useBalance]]);
    }
    $out = $c->store('POST', 'checkout', ['billing_address' => address($email, 'E2E'), 'shipping_address' => array_diff_key(address($email, 'E2E'), ['email' => 1]), 'payment_method' => $method]);
    $out['_cart'] = $cart;
    return $out;
}

function classicOrder(Client $c, string $base, array $items, string $method, string $email, bool $useBalance = false): array
{
    foreach ($c->store('GET', 'cart')['items'] ?? [] as $it) {
        $c->store('POST', 'cart/remove-item', ['key' => $it['key']]);
    }
    foreach ($items as [$id, $qty]) {
        $c->request('GET', '/?add-to-cart=' . $id . '&quantity=' . $qty);
    }
    $page = $c->request('GET', '/?pagename=classic-checkout');
    preg_match('/name="woocommerce-process-checkout-nonce" value="([0-9a-f]+)"/', $page, $m);
    $a = address($email, 'Classic');
    $fields = ['payment_method' => $method, 'woocommerce-process-checkout-nonce' => $m[1] ?? '', '_wp_http_referer' => '/?pagename=classic-checkout', 'terms' => '1'];
    foreach ($a as $k => $v) {
        $fields['billing_' . $k] = $v;
    }
    if ($useBalance) {
        $fields['shopcredit_use_balance'] = '1';
        // what the page's update_checkout does when the box is ticked
        preg_match('/update_order_review_nonce":"([0-9a-f]+)"/', $page, $n);
        $c->request('POST', '/?wc-ajax=update_order_review', ['security' => $n[1] ?? '', 'payment_method' => $method, 'country' => 'FR', 'post_data' => http_build_query($fields)]);
    }
    $raw = $c->request('POST', '/?wc-ajax=checkout', $fields);
    return json_decode($raw, true) ?? ['_raw' => substr($raw, 0, 500)];
}

function orderIdFrom(array $r): int
{
    if (isset($r['order_id'])) {
        return (int) $r['order_id'];
    }
    if (isset($r['redirect']) && preg_match('/order-received[=\/](\d+)/', (string) $r['redirect'], $m)) {
        return (int) $m[1];
    }
    return 0;
}


/** Requests at once (curl_multi): [method, url, body|null, headers, cookie file|null] each → [status, body] each. */
function parallel(string $base, array $requests): array
{
    $mh = curl_multi_init();
    $hs = [];
    foreach ($requests as $i => [$method, $url, $body, $headers, $jar]) {
        $ch = curl_init(str_starts_with($url, 'http') ? $url : $base . $url);
        curl_setopt_array($ch, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 120, CURLOPT_HTTPHEADER => $headers, CURLOPT_FOLLOWLOCATION => false]);
        if ($jar !== null) {
            curl_setopt($ch, CURLOPT_COOKIEFILE, $jar); // read only: the sessions are not written back at once
        }
        if ($body !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, is_array($body) ? http_build_query($body) : $body);
        }
        curl_multi_add_handle($mh, $ch);
        $hs[$i] = $ch;
    }
    do {
        curl_multi_exec($mh, $running);
        curl_multi_select($mh, 1.0);
    } while ($running > 0);
    $out = [];
    foreach ($hs as $i => $ch) {
        $out[$i] = [(int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE), (string) curl_multi_getcontent($ch)];
        curl_multi_remove_handle($mh, $ch);
        curl_close($ch);
    }
    curl_multi_close($mh);
    return $out;
}

/** The nonce of the orders list's "mark as …" links. */
function markNonce(Client $admin): string
{
    $list = $admin->request('GET', '/wp-admin/admin.php?page=wc-orders&status=all');
    if (!preg_match('/mark_order_status/', $list)) {
        $list = $admin->request('GET', '/wp-admin/edit.php?post_type=shop_order');
    }
    preg_match('/mark_order_status(?:&|&amp;|&#038;)status=[a-z-]+(?:&|&amp;|&#038;)order_id=\d+(?:&|&amp;|&#038;)_wpnonce=([0-9a-f]+)/', $list, $m);
    return $m[1] ?? '';
}

/** WooCommerce's REST API as the admin (cookie + nonce). */
function wcRest(Client $admin, string $method, string $route, ?array $json = null): array
{
    $nonce = trim($admin->request('GET', '/wp-admin/admin-ajax.php?action=rest-nonce'));
    $raw = $admin->request($method, '/?rest_route=/wc/v3/' . $route, $json === null ? null : json_encode($json), ['Content-Type: application/json', 'X-WP-Nonce: ' . $nonce]);
    return json_decode($raw, true) ?? ['_raw' => substr($raw, 0, 300)];
}

/** Mails of the shop's mail sink that name order #$id: subject → count, with the recipients. */
function mailsFor(?string $log, int $id): ?array
{
    if ($log === null || !is_file($log)) {
        return null;
    }
    $out = [];
    foreach (explode("=== ", (string) file_get_contents($log)) as $entry) {
        if (!preg_match('/#' . $id . '(?!\d)/', $entry) || !preg_match('/^To: (.*)$/m', $entry, $to) || !preg_match('/^Subject: (.*)$/m', $entry, $sub)) {
            continue;
        }
        $key = trim($sub[1]) . ' → ' . trim($to[1]);
        $out[$key] = ($out[$key] ?? 0) + 1;
    }
    return $out;
}

function newCustomer(Client $admin, string $login, string $pass): int
{
    $form = $admin->request('GET', '/wp-admin/user-new.php');
    preg_match('/name="_wpnonce_create-user" value="([0-9a-f]+)"/', $form, $un);
    $admin->request('POST', '/wp-admin/user-new.php', ['action' => 'createuser', '_wpnonce_create-user' => $un[1] ?? '', 'user_login' => $login, 'email' => "$login@example.test", 'pass1' => $pass, 'pass2' => $pass, 'pw_weak' => 'on', 'role' => 'customer', 'noconfirmation' => '1', 'createuser' => 'Add New User']);
    $users = $admin->request('GET', '/wp-admin/users.php?s=' . $login);
    return preg_match('/user-edit\.php\?user_id=(\d+)/', $users, $um) ? (int) $um[1] : 0;
}

/** A top-up through My account > Balance and the classic checkout with $method. */
function topUpOrder(Client $c, string $email, string $amount, string $method): array
{
    $acc = $c->request('GET', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-balance=1');
    preg_match('/name="_wpnonce" value="([0-9a-f]+)" \/><input type="hidden" name="_wp_http_referer"[^>]*>\s*<p><label>[^<]*<input name="shopcredit_topup_amount"/', $acc, $tn);
    if (!isset($tn[1])) {
        preg_match('/id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $acc, $tn);
    }
    $c->request('POST', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-balance=1', ['shopcredit_topup_amount' => $amount, '_wpnonce' => $tn[1] ?? '']);
    $page = $c->request('GET', '/?pagename=classic-checkout');
    preg_match('/name="woocommerce-process-checkout-nonce" value="([0-9a-f]+)"/', $page, $m);
    $fields = ['payment_method' => $method, 'woocommerce-process-checkout-nonce' => $m[1] ?? '', 'terms' => '1'];
    foreach (address($email, 'TopUp') as $k => $v) {
        $fields['billing_' . $k] = $v;
    }
    $r = json_decode($c->request('POST', '/?wc-ajax=checkout', $fields), true) ?? [];
    $r['_order'] = orderIdFrom($r);
    return $r;
}

// ---------------------------------------------------------------------------------------------
if ($base === '') {
    echo "skip: SC_WC_URL is not set\n";
    exit(0);
}
$admin = new Client($base);
check($admin->login($adminUser, $adminPass), 'admin logs in');
$GLOBALS['myAccountPage'] = (int) (getenv('SC_WC_MYACCOUNT_PAGE') ?: 0);
if ($GLOBALS['myAccountPage'] === 0) {
    $admin->request('GET', '/?pagename=my-account');
    $GLOBALS['myAccountPage'] = preg_match('/[?&]p(?:age_id)?=(\d+)/', $admin->lastHeaders['link'] ?? '', $pm) ? (int) $pm[1] : 9;
}

// 1. Settings page: the doctor runs in the web server, then the core validates the settings we save.
[$html, $nonce] = adminForm($admin, 'settings', 'save_settings');
check(str_contains($html, 'The core runs here'), 'settings page: the doctor says the core runs in this web server', preg_match('/<p><strong>(.*?)<\/strong>/', $html, $dm) ? $dm[1] : null);
$fields = array_filter(formFields($html, 'save_settings'), static fn (string $k): bool => !str_starts_with($k, 'topup_methods['), ARRAY_FILTER_USE_KEY);
$fields = [
    'wallet[maxTopUp]' => '1000.00', 'wallet[topUpVat][mode]' => 'none', // a run before may have left VAT on (section 14)
    'flags[credit.enabled]' => '1', 'flags[financing.enabled]' => '1', 'display' => 'show_disabled',
    'options[provider_base_url]' => $fake, 'options[provider_client_id]' => 'test-client', 'options[provider_client_secret]' => 'test-secret',
    'options[webhook_key]' => 'e2e-webhook-key-0123456789', 'options[due_date_status]' => 'completed',
    'options[provider_custom_url]' => 'yes', // the local fake is not the provider's host: allowed only when ticked
    'topup_methods[cheque]' => '1', // cash on delivery and bank transfer stay off (the default)
] + $fields;
check(isset($fields['wallet[minTopUp]'], $fields['credit[defaultPaymentTermsDays]'], $fields['solutions[0][label]'], $fields['mapping[ACCEPTED][orderStatus]']) && !str_contains($html, '<textarea'), 'settings are form fields (no JSON boxes): balance amounts, credit terms, financing solutions and mapping', array_slice(array_keys($fields), 0, 40));
$bad = $fields;
$bad['wallet[minTopUp]'] = '-5.00';
$refused = adminPost($admin, 'save_settings', $nonce, $bad);
$shown = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=settings');
check(str_starts_with($refused, 'error') && preg_match('/sc-wallet-minTopUp"[^<]*<p class="shopcredit-field-error"/', $shown) === 1, 'a balance amount the core refuses is not saved, the error shown next to its field', $refused);
$r = adminPost($admin, 'save_settings', adminForm($admin, 'settings', 'save_settings')[1], $fields);
check(str_starts_with($r, 'success'), 'settings saved through the core', $r);
$settingsFields = $fields;

// Fresh customers for this run (wp-admin > Users > Add New), so every figure below is exact.
$ids = [];
$logins = [];
foreach (['acme', 'lea', 'bob'] as $who) {
    $login = $who . $run;
    $form = $admin->request('GET', '/wp-admin/user-new.php');
    preg_match('/name="_wpnonce_create-user" value="([0-9a-f]+)"/', $form, $un);
    $admin->request('POST', '/wp-admin/user-new.php', ['action' => 'createuser', '_wpnonce_create-user' => $un[1] ?? '', 'user_login' => $login, 'email' => "$login@example.test", 'pass1' => $custPass, 'pass2' => $custPass, 'pw_weak' => 'on', 'role' => 'customer', 'noconfirmation' => '1', 'createuser' => 'Add New User']);
    $users = $admin->request('GET', '/wp-admin/users.php?s=' . $login);
    $ids[$who] = preg_match('/user-edit\.php\?user_id=(\d+)/', $users, $um) ? (int) $um[1] : 0;
    $logins[$who] = $login;
}
check($ids['acme'] > 0 && $ids['lea'] > 0 && $ids['bob'] > 0, 'customers found', $ids);

// 2. Credit line for acme: 500.00, low risk.
$r = adminPost($admin, 'set_account', adminForm($admin, 'accounts', 'set_account')[1], ['customer_id' => $ids['acme'], 'limit' => '500.00', 'risk_level' => 'low', 'payment_terms_days' => '30']);
check(str_starts_with($r, 'success'), 'acme gets a 500.00 credit line', $r);

$acme = new Client($base);
check($acme->login($logins['acme'], $custPass), 'acme logs in');
$desk = productId($acme, 'Desk');
$chair = productId($acme, 'Chair');
$machine = productId($acme, 'Big machine');
check($desk > 0 && $chair > 0 && $machine > 0, 'products found', [$desk, $chair, $machine]);

$cart = $acme->store('GET', 'cart');
$o = storeOrder($acme, [[$desk, 2]], 'shopcredit_account', $logins['acme'] . '@example.test');
$oid = orderIdFrom($o);
check($oid > 0 && ($o['status'] ?? '') === 'processing', 'Store API: order on account 240.00 passes the credit check → processing', ['order' => $oid, 'status' => $o['status'] ?? null, 'err' => $o['message'] ?? null]);
$summary['onAccountPassed'] = ['order' => $oid, 'status' => orderStatus($admin, $oid), 'notes' => notes($admin, $oid)];
$meAcme = me($acme);
check(($meAcme['credit']['remaining'] ?? null) === '260.00' && ($meAcme['credit']['exposure'] ?? null) === '240.00', 'REST /me: acme sees exposure 240.00, remaining 260.00', $meAcme['credit'] ?? $meAcme);

$o = storeOrder($acme, [[$machine, 1]], 'shopcredit_account', $logins['acme'] . '@example.test');
check(orderIdFrom($o) === 0 || ($o['status'] ?? '') !== 'processing', 'Store API: 1080.00 on account is refused (over the remaining credit)', $o['message'] ?? $o['code'] ?? $o);

// After the order: completed starts the payment terms, a payment is recorded, a refund goes back to the line.
markStatus($admin, $oid, 'completed');
$meAcme = me($acme);
check(!empty($meAcme['credit']['nextDueDate']), 'completed → due date fixed (30 days)', $meAcme['credit']['nextDueDate'] ?? null);
[$rh, ] = adminForm($admin, 'receivables', 'record_payment');
preg_match('/name="action" value="shopcredit_record_payment" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $rh, $pn);
$r = adminPost($admin, 'record_payment', $pn[1] ?? '', ['order_ref' => 'wc-' . $oid, 'amount' => '100.00', 'reference' => 'VIR-E2E']);
$meAcme = me($acme);
check(str_starts_with($r, 'success') && ($meAcme['credit']['exposure'] ?? null) === '140.00', 'receivables: 100.00 received → exposure 140.00', ['answer' => $r, 'credit' => $meAcme['credit'] ?? null]);
$rf = refund($admin, $oid, '40.00', true);
$meAcme = me($acme);
check(($rf['success'] ?? false) === true && ($meAcme['credit']['exposure'] ?? null) === '100.00', 'refund 40.00 of the order on account goes back to the credit line → exposure 100.00', ['refund' => $rf, 'credit' => $meAcme['credit'] ?? null]);

// The credit check that fails: medium risk needs the merchant; the merchant declines.
adminPost($admin, 'set_account', adminForm($admin, 'accounts', 'set_account')[1], ['customer_id' => $ids['acme'], 'limit' => '500.00', 'risk_level' => 'medium', 'payment_terms_days' => '30']);
$r = classicOrder($acme, $base, [[$desk, 1]], 'shopcredit_account', $logins['acme'] . '@example.test');
$oid2 = orderIdFrom($r);
check(($r['result'] ?? '') === 'success' && $oid2 > 0, 'classic checkout: order on account placed (medium risk)', ['order' => $oid2, 'messages' => strip_tags((string) ($r['messages'] ?? ''))]);
$st = orderStatus($admin, $oid2);
check($st === 'sc-credit-check', 'it waits in "Pending credit check" for the merchant', $st);
$page = orderPage($admin, $oid2);
preg_match('/href="([^"]*action=shopcredit_credit_decision[^"]*decision=decline[^"]*)"/', $page, $nm);
$admin->request('GET', html_entity_decode($nm[1] ?? '/wp-admin/admin-post.php'));
$st = orderStatus($admin, $oid2);
check($st === 'sc-credit-fail', 'the merchant declines → "Failed credit check"', $st);
$summary['onAccountFailed'] = ['order' => $oid2, 'status' => $st, 'notes' => notes($admin, $oid2)];
adminPost($admin, 'set_account', adminForm($admin, 'accounts', 'set_account')[1], ['customer_id' => $ids['acme'], 'limit' => '500.00', 'risk_level' => 'low', 'payment_terms_days' => '30']);

// 3. lea: a 150.00 top-up (classic checkout, cheque), credited when the merchant marks it paid.
$lea = new Client($base);
check($lea->login($logins['lea'], $custPass), 'lea logs in');
$acc = $lea->request('GET', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-balance=1');
preg_match('/name="_wpnonce" value="([0-9a-f]+)" \/><input type="hidden" name="_wp_http_referer"[^>]*>\s*<p><label>[^<]*<input name="shopcredit_topup_amount"/', $acc, $tn);
if (!isset($tn[1])) {
    preg_match('/id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $acc, $tn);
}
$lea->request('POST', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-balance=1', ['shopcredit_topup_amount' => '150.00', '_wpnonce' => $tn[1] ?? '']);
$page = $lea->request('GET', '/?pagename=classic-checkout');
preg_match('/name="woocommerce-process-checkout-nonce" value="([0-9a-f]+)"/', $page, $m);
$fields = ['payment_method' => 'cheque', 'woocommerce-process-checkout-nonce' => $m[1] ?? '', 'terms' => '1'];
foreach (address($logins['lea'] . '@example.test', 'Lea') as $k => $v) {
    $fields['billing_' . $k] = $v;
}
$r = json_decode($lea->request('POST', '/?wc-ajax=checkout', $fields), true) ?? [];
$top = orderIdFrom($r);
check($top > 0, 'top-up order placed (cheque)', ['order' => $top, 'messages' => strip_tags((string) ($r['messages'] ?? ''))]);
markStatus($admin, $top, 'processing');
$me = me($lea);
check(($me['wallet']['balance'] ?? null) === '150.00', 'paid top-up → balance 150.00', $me['wallet'] ?? $me);
$summary['topUp'] = ['order' => $top, 'status' => orderStatus($admin, $top), 'notes' => notes($admin, $top)];

// 4. Full balance payment (Store API): Chair 33.33 + 20 % = 40.00.
$o = storeOrder($lea, [[$chair, 1]], 'shopcredit_balance', $logins['lea'] . '@example.test');
$full = orderIdFrom($o);
check(($o['status'] ?? '') === 'processing', 'Store API: 40.00 paid from the balance → processing', ['order' => $full, 'status' => $o['status'] ?? null, 'err' => $o['message'] ?? null]);
$me = me($lea);
check(($me['wallet']['balance'] ?? null) === '110.00', 'balance 110.00 after the full payment', $me['wallet'] ?? null);
$rf = refund($admin, $full, '10.00', true);
check(($rf['success'] ?? false) === true, 'refund 10.00 of the balance order through the gateway', $rf);
$me = me($lea);
check(($me['wallet']['balance'] ?? null) === '120.00', 'balance 120.00 after the refund', $me['wallet'] ?? null);
$summary['walletFull'] = ['order' => $full, 'status' => orderStatus($admin, $full), 'notes' => notes($admin, $full)];

// 5. Partial (Store API): Desk 120.00 with a 120.00 balance... take two desks: 240.00 = 120.00 balance + 120.00 cheque.
$o = storeOrder($lea, [[$desk, 2]], 'cheque', $logins['lea'] . '@example.test', true);
$part = orderIdFrom($o);
$ext = $o['_cart']['extensions']['shopcredit'] ?? null;
check(($ext['part'] ?? null) === '120.00' && ($o['_cart']['totals']['total_price'] ?? null) === '12000', 'Store API cart: 120.00 from the balance, 120.00 left to pay', ['ext' => $ext, 'total' => $o['_cart']['totals']['total_price'] ?? null, 'tax' => $o['_cart']['totals']['total_tax'] ?? null]);
check($part > 0 && in_array($o['status'] ?? '', ['on-hold', 'pending'], true), 'partial order placed, remainder by cheque', ['order' => $part, 'status' => $o['status'] ?? null, 'err' => $o['message'] ?? null]);
markStatus($admin, $part, 'processing');
$me = me($lea);
check(($me['wallet']['balance'] ?? null) === '0.00', 'balance 0.00 once the partial order is paid', $me['wallet'] ?? null);
// WooCommerce's own refund screen ("Refund manually"): the books split it by what each source paid.
$rf = refund($admin, $part, '100.00', false);
$me = me($lea);
$partNotes = notes($admin, $part);
check(($rf['success'] ?? false) === true && ($me['wallet']['balance'] ?? null) === '50.00', 'refund screen 100.00 on the 120.00 balance + 120.00 cheque order → 50.00 back to the balance', ['refund' => $rf, 'wallet' => $me['wallet'] ?? null]);
check((bool) preg_grep('/Refund recorded: \D{0,3}50[.,]00\D{0,3} to the store balance, \D{0,3}0[.,]00\D{0,3} to the credit line, \D{0,3}50[.,]00\D{0,3} through the original payment method/u', $partNotes)
    && (bool) preg_grep('/give \D{0,3}50[.,]00\D{0,3} back to the customer with Check payments/u', $partNotes), 'the split is noted and the merchant is told to return 50.00 by cheque', array_slice($partNotes, 0, 4));
$page = orderPage($admin, $part);
check(!str_contains($page, 'shopcredit_refund_balance_part') && str_contains($page, 'Refund to store balance'), 'the order box offers "Refund to store balance" (a WooCommerce refund), no side refund of its own');
$summary['partial'] = ['order' => $part, 'status' => orderStatus($admin, $part), 'notes' => notes($admin, $part), 'page_has_row' => str_contains($page, 'Paid from store balance')];

// 6. Partial through the classic checkout: Chair 40.00 with 50.00 → wallet_full would cover it; use a Desk (120.00): 50.00 + 70.00 cheque.
$r = classicOrder($lea, $base, [[$desk, 1]], 'cheque', $logins['lea'] . '@example.test', true);
$cpart = orderIdFrom($r);
check($cpart > 0, 'classic checkout: partial order (50.00 balance + 70.00 cheque)', ['order' => $cpart, 'messages' => strip_tags((string) ($r['messages'] ?? ''))]);
$summary['partialClassic'] = ['order' => $cpart, 'status' => orderStatus($admin, $cpart), 'notes' => notes($admin, $cpart)];

// Cancellations: the on-hold partial order releases its reservation; the paid balance order
// (40.00, 10.00 refunded) gives back the 30.00 still paid from the balance.
$b0 = me($lea)['wallet'] ?? [];
markStatus($admin, $cpart, 'cancelled');
$b1 = me($lea)['wallet'] ?? [];
check(($b1['available'] ?? null) === number_format((float) ($b0['available'] ?? 0) + 50, 2, '.', '') && ($b1['reserved'] ?? null) === '0.00', 'cancelled partial order → its 50.00 reservation is released', [$b0, $b1]);
markStatus($admin, $full, 'cancelled');
$b2 = me($lea)['wallet'] ?? [];
check(($b2['balance'] ?? null) === number_format((float) ($b1['balance'] ?? 0) + 30, 2, '.', ''), 'cancelled paid balance order → 30.00 given back (40.00 paid − 10.00 refunded)', [$b1, $b2]);
// A withdrawal request, approved by the merchant.
$bp = $lea->request('GET', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-balance=1');
preg_match('/shopcredit_withdrawal.{0,0}|name="_wpnonce" value="([0-9a-f]+)" \/><input type="hidden" name="_wp_http_referer"[^>]*>\s*<input type="hidden" name="shopcredit_form" value="withdrawal"/s', $bp, $wn);
$lea->request('POST', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-balance=1', ['shopcredit_form' => 'withdrawal', '_wpnonce' => $wn[1] ?? '', 'amount' => '20.00', 'message' => 'e2e']);
$b3 = me($lea)['wallet'] ?? [];
check(($b3['reserved'] ?? null) === '20.00', 'withdrawal request reserves 20.00', $b3);
$reqs = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=requests&kind=withdrawal');
preg_match('/name="action" value="shopcredit_decide_withdrawal" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"[^>]*>(?:<input[^>]*>)*?<input type="hidden" name="request_id" value="([^"]+)" \/><input type="hidden" name="customer_id" value="' . $ids['lea'] . '" \/><input type="hidden" name="decision" value="approve"/', $reqs, $wd);
$r = adminPost($admin, 'decide_withdrawal', $wd[1] ?? '', ['request_id' => $wd[2] ?? '', 'customer_id' => $ids['lea'], 'decision' => 'approve']);
$b4 = me($lea)['wallet'] ?? [];
check(str_starts_with($r, 'success') && ($b4['balance'] ?? null) === number_format((float) ($b3['balance'] ?? 0) - 20, 2, '.', '') && ($b4['reserved'] ?? null) === '0.00', 'the merchant approves → 20.00 leaves the balance', ['answer' => $r, 'before' => $b3, 'after' => $b4]);

// 7. Financing (bob, Store API): 1080.00 in 3x, INITIALIZED → PRE_ACCEPTED → ACCEPTED (webhook twice).
$bob = new Client($base);
check($bob->login($logins['bob'], $custPass), 'bob logs in');
$o = storeOrder($bob, [[$machine, 1]], 'shopcredit_fin_scfrsp_3xts', $logins['bob'] . '@example.test');
$fin = orderIdFrom($o);
$redirect = (string) ($o['payment_result']['redirect_url'] ?? '');
check($fin > 0 && str_contains($redirect, '/_fake/journey/'), 'financing order created, buyer sent to the provider', ['order' => $fin, 'redirect' => $redirect, 'err' => $o['message'] ?? null]);
check(orderStatus($admin, $fin) === 'sc-awaiting-fin', 'order is "Awaiting financing"');
preg_match('/journey\/([0-9a-f-]{36})/', $redirect, $sm);
$sub = $sm[1] ?? '';
// The buyer comes back while the provider still says INITIALIZED: the return applies it.
$bob->request('GET', '/?wc-api=shopcredit_financing_return&order_id=' . $fin . '&key=' . rawurlencode((string) ($o['order_key'] ?? '')));
check($bob->status === 302 && str_contains($bob->lastHeaders['location'] ?? '', 'order-received'), 'customer return → thank-you page', $bob->lastHeaders['location'] ?? $bob->status);
$hook = $base . '/?rest_route=/shopcredit/v1/financing/webhook';
fakePost($fake, '/_fake/advance', ['subscriptionId' => $sub, 'status' => 'PRE_ACCEPTED']);
$w1 = fakePost($fake, '/_fake/webhook', ['subscriptionId' => $sub, 'url' => $hook, 'keyForSignature' => 'e2e-webhook-key-0123456789']);
fakePost($fake, '/_fake/advance', ['subscriptionId' => $sub, 'status' => 'ACCEPTED']);
$w2 = fakePost($fake, '/_fake/webhook', ['subscriptionId' => $sub, 'url' => $hook, 'keyForSignature' => 'e2e-webhook-key-0123456789', 'duplicate' => 2]);
$bad = fakePost($fake, '/_fake/webhook', ['subscriptionId' => $sub, 'url' => $hook, 'keyForSignature' => 'not-the-key-000000000000']);
$st = orderStatus($admin, $fin);
check($st === 'processing', 'ACCEPTED webhook (delivered twice) → processing', ['status' => $st, 'webhooks' => [$w1, $w2, $bad]]);
$bob->request('GET', '/?wc-api=shopcredit_financing_return&order_id=' . $fin . '&key=x');
check($bob->status === 404, 'the return URL refuses a wrong order key', $bob->status);
$summary['financing'] = ['order' => $fin, 'subscription' => $sub, 'status' => $st, 'notes' => notes($admin, $fin)];

// 8. The summary route only ever shows the caller's own data.
$other = json_decode($lea->request('GET', '/?rest_route=/shopcredit/v1/me&customer_id=' . $ids['acme'], null, ['X-WP-Nonce: ' . trim($lea->request('GET', '/wp-admin/admin-ajax.php?action=rest-nonce'))]), true);
check(($other['available'] ?? false) === true && !isset($other['credit']), 'REST /me ignores a customer id in the request (lea sees no credit line)', $other);
$anon = new Client($base);
$anon->request('GET', '/?rest_route=/shopcredit/v1/me');
check($anon->status === 401 || $anon->status === 403, 'REST /me refuses a visitor', $anon->status);

// Customer requests and the merchant's decisions.
$cp = $acme->request('GET', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-credit=1');
preg_match('/name="_wpnonce" value="([0-9a-f]+)"/', $cp, $cn);
$acme->request('POST', '/?page_id=' . $GLOBALS['myAccountPage'] . '&shopcredit-credit=1', ['shopcredit_form' => 'increase', '_wpnonce' => $cn[1] ?? '', 'amount' => '800.00', 'message' => 'e2e']);
$reqs = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=requests');
check(str_contains($reqs, '800.00'), 'credit increase request listed for the merchant');
preg_match('/name="action" value="shopcredit_decide_increase" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"[^>]*>(?:<input[^>]*>)*?<input type="hidden" name="request_id" value="([^"]+)" \/><input type="hidden" name="customer_id" value="' . $ids['acme'] . '"/', $reqs, $dn);
$r = adminPost($admin, 'decide_increase', $dn[1] ?? '', ['request_id' => $dn[2] ?? '', 'customer_id' => $ids['acme'], 'decision' => 'approve', 'new_limit' => '700.00']);
$meAcme = me($acme);
check(str_starts_with($r, 'success') && ($meAcme['credit']['limit'] ?? null) === '700.00', 'the merchant approves 700.00 → limit 700.00', ['answer' => $r, 'limit' => $meAcme['credit']['limit'] ?? null]);

// 9. Admin: mass credit of every customer's balance, the ledger page and its CSV export.
$before = me($lea)['wallet']['balance'] ?? null;
$r = massAdjust($admin, 'customer', 'credit', '5.00', 'e2e goodwill');
$after = me($lea)['wallet']['balance'] ?? null;
check($r['state'] === 'done' && str_contains($r['preview'], 'Nothing is booked yet') && $before !== null && number_format((float) $before + 5, 2, '.', '') === $after, 'mass credit 5.00 to the customer role: preview, then steps until done', ['answer' => $r, 'before' => $before, 'after' => $after]);
$ledger = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=ledger&kind=wallet&customer=' . $ids['lea']);
preg_match('/href="([^"]*action=shopcredit_export[^"]*)"/', $ledger, $em);
$csv = $admin->request('GET', html_entity_decode($em[1] ?? '/wp-admin/admin-post.php?action=shopcredit_export'));
$lines = array_values(array_filter(explode("\n", trim($csv))));
check(count($lines) >= 8 && str_contains($lines[0], 'amount'), 'ledger CSV export of lea\'s balance', ['lines' => count($lines), 'header' => $lines[0] ?? null]);
$summary['leaLedgerCsv'] = $lines;
$stats = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=statistics');
check(substr_count($stats, 'data-shopcredit-chart') === 4 && str_contains($stats, 'shopcredit-chart.js'), 'statistics page: four charts and the chart component', substr_count($stats, 'data-shopcredit-chart'));


// 10. Refund, cancellation and reopening in every order on the balance order (40.00 paid, 10.00
// refunded, cancelled → 30.00 back): the books never give back more than was paid.
$w0 = me($lea)['wallet']['balance'] ?? null;
$rf = refund($admin, $full, '5.00', false);
$w1 = me($lea)['wallet']['balance'] ?? null;
check(($rf['success'] ?? true) === false && str_contains((string) ($rf['data']['error'] ?? ''), 'ShopCredit cannot book this refund') && $w1 === $w0, 'cancel then refund: the refund screen refuses a refund the cancellation already gave back, in words', ['refund' => $rf, 'before' => $w0, 'after' => $w1]);
markStatus($admin, $full, 'processing');
$w2 = me($lea)['wallet']['balance'] ?? null;
check(orderStatus($admin, $full) === 'processing' && $w2 === number_format((float) $w1 - 30, 2, '.', ''), 'cancel then paid again: the balance pays the 30.00 again', ['before' => $w1, 'after' => $w2]);
markStatus($admin, $full, 'cancelled');
$w3 = me($lea)['wallet']['balance'] ?? null;
check($w3 === $w1, 'cancelled again: 30.00 back once more, never more than was paid', ['after' => $w3]);
$summary['sequences'] = ['order' => $full, 'notes' => notes($admin, $full)];

// 11. 8 status changes of one paid balance order at once, shuffled, with duplicates: the books end
// with WooCommerce's final status, each given back or taken once.
$storm = 'storm' . $run;
$stormId = newCustomer($admin, $storm, $custPass);
massAdjust($admin, 'customer', 'credit', '100.00', 'e2e storm');
$sc = new Client($base);
check($sc->login($storm, $custPass), 'a fresh customer with 100.00 of balance logs in');
$o = storeOrder($sc, [[$chair, 1]], 'shopcredit_balance', "$storm@example.test");
$stormOrder = orderIdFrom($o);
$b0 = me($sc)['wallet']['balance'] ?? null;
check(($o['status'] ?? '') === 'processing' && $b0 === '60.00', 'storm order: 40.00 paid from the balance', ['order' => $stormOrder, 'balance' => $b0]);
$statuses = ['cancelled', 'cancelled', 'processing', 'completed', 'cancelled', 'processing', 'cancelled', 'completed'];
shuffle($statuses);
$nonce = markNonce($admin);
$jar = (new ReflectionProperty(Client::class, 'jar'))->getValue($admin);
parallel($base, array_map(static fn (string $st): array => ['GET', '/wp-admin/admin-ajax.php?action=woocommerce_mark_order_status&status=' . $st . '&order_id=' . $stormOrder . '&_wpnonce=' . $nonce, null, [], $jar], $statuses));
$final = orderStatus($admin, $stormOrder);
$b1 = me($sc)['wallet']['balance'] ?? null;
$stormNotes = notes($admin, $stormOrder);
$back = count(preg_grep('/given back to the store balance/', $stormNotes));
$again = count(preg_grep('/order paid again/i', $stormNotes));
$expected = $final === 'cancelled' ? '100.00' : '60.00';
check($b1 === $expected && $back - $again === ($final === 'cancelled' ? 1 : 0), '8 concurrent shuffled status changes → the balance follows the final status (' . $final . '), each movement once', ['order' => $stormOrder, 'sequence' => $statuses, 'final' => $final, 'balance' => $b1, 'givenBack' => $back, 'paidAgain' => $again]);
$summary['statusStorm'] = ['order' => $stormOrder, 'sequence' => $statuses, 'final' => $final, 'balance' => $b1, 'givenBack' => $back, 'paidAgain' => $again];

// 12. Financing: two valid webhooks at once and four replays of the return URL at once → one
// payment, one stock change, one set of e-mails.
wcRest($admin, 'PUT', 'products/' . $machine, ['manage_stock' => true, 'stock_quantity' => 50]);
$finUser = 'fin' . $run;
newCustomer($admin, $finUser, $custPass);
$fc = new Client($base);
check($fc->login($finUser, $custPass), 'a fresh financing customer logs in');
$o = storeOrder($fc, [[$machine, 1]], 'shopcredit_fin_scfrsp_3xts', "$finUser@example.test");
$fin2 = orderIdFrom($o);
preg_match('/journey\/([0-9a-f-]{36})/', (string) ($o['payment_result']['redirect_url'] ?? ''), $sm);
$sub2 = $sm[1] ?? '';
$stock0 = wcRest($admin, 'GET', 'products/' . $machine)['stock_quantity'] ?? null;
fakePost($fake, '/_fake/advance', ['subscriptionId' => $sub2, 'status' => 'ACCEPTED']);
$returnUrl = '/?wc-api=shopcredit_financing_return&order_id=' . $fin2 . '&key=' . rawurlencode((string) ($o['order_key'] ?? ''));
$hookBody = json_encode(['subscriptionId' => $sub2, 'url' => $hook, 'keyForSignature' => 'e2e-webhook-key-0123456789']);
$race = parallel($base, [
    ['POST', $fake . '/_fake/webhook', $hookBody, ['Content-Type: application/json'], null],
    ['POST', $fake . '/_fake/webhook', $hookBody, ['Content-Type: application/json'], null],
    ['GET', $returnUrl, null, [], null], ['GET', $returnUrl, null, [], null], ['GET', $returnUrl, null, [], null], ['GET', $returnUrl, null, [], null],
]);
$stock1 = wcRest($admin, 'GET', 'products/' . $machine)['stock_quantity'] ?? null;
$finNotes = notes($admin, $fin2);
$accepted = count(preg_grep('/financing of .* accepted/i', $finNotes));
$paidNotes = count(preg_grep('/payment of .* recorded/', $finNotes));
check(orderStatus($admin, $fin2) === 'processing' && $accepted === 1 && $paidNotes === 1 && $stock0 !== null && $stock1 === $stock0 - 1,
    'two webhooks + four return replays at once → processing, one payment, one stock change', ['order' => $fin2, 'stock' => [$stock0, $stock1], 'accepted' => $accepted, 'payments' => $paidNotes, 'answers' => array_map(static fn ($r) => $r[0], $race)]);
$summary['financingRace'] = ['order' => $fin2, 'stock' => [$stock0, $stock1], 'notes' => $finNotes, 'answers' => array_map(static fn ($r) => [$r[0], substr($r[1], 0, 120)], $race)];

// 13. The shop's usual order e-mails, caught by the mail sink: new order to the merchant,
// processing to the customer, once, for an order on account and a financed order.
$mailLog = getenv('SC_WC_MAIL_LOG') ?: null;
foreach (['on account' => [$oid, $logins['acme']], 'financed' => [$fin2, $finUser]] as $what => [$orderId, $login]) {
    $mails = mailsFor($mailLog, $orderId);
    if ($mails === null) {
        echo "skip mail checks: set SC_WC_MAIL_LOG to the shop's mail sink (shops.sh: DIR/mail/wc-mail.log)\n";
        break;
    }
    $newOrder = array_sum(array_filter($mails, static fn ($n, $k) => (bool) preg_match('/new order/i', $k) && !str_contains($k, "$login@"), ARRAY_FILTER_USE_BOTH));
    $processing = array_sum(array_filter($mails, static fn ($n, $k) => str_contains($k, 'has been received') && str_contains($k, "$login@"), ARRAY_FILTER_USE_BOTH));
    $pending = array_sum(array_filter($mails, static fn ($n, $k) => str_contains($k, 'waiting for its credit check'), ARRAY_FILTER_USE_BOTH));
    check($newOrder === 1 && $processing === 1 && $pending === 0, "$what order: one \"New order\" to the merchant, one \"Processing order\" to the customer, no credit-check mail", $mails);
    $summary['mails'][$what] = $mails;
}

// 14. Top-ups: cash on delivery and bank transfer are off by default (refused before payment);
// allowed, a cash-on-delivery top-up is not credited at "processing"; with VAT included the net is
// credited and noted; a cancelled top-up takes its credit back.
$tu = 'topup' . $run;
newCustomer($admin, $tu, $custPass);
$tc = new Client($base);
check($tc->login($tu, $custPass), 'a fresh top-up customer logs in');
$r = topUpOrder($tc, "$tu@example.test", '20.00', 'cod');
$r2 = topUpOrder($tc, "$tu@example.test", '20.00', 'bacs');
check(($r['result'] ?? '') !== 'success' && ($r2['result'] ?? '') !== 'success' && (me($tc)['wallet']['balance'] ?? '0.00') === '0.00', 'cash on delivery and bank transfer are refused for a top-up by default', ['cod' => strip_tags((string) ($r['messages'] ?? '')), 'bacs' => strip_tags((string) ($r2['messages'] ?? ''))]);
$settingsFields['topup_methods[cod]'] = '1';
$settingsFields['wallet[topUpVat][mode]'] = 'included';
$settingsFields['wallet[topUpVat][rate]'] = '20';
$r = adminPost($admin, 'save_settings', adminForm($admin, 'settings', 'save_settings')[1], $settingsFields);
check(str_starts_with($r, 'success'), 'the merchant allows cash on delivery for top-ups and sets VAT included (20 %)', $r);
$r = topUpOrder($tc, "$tu@example.test", '24.00', 'cod');
$cod = (int) $r['_order'];
$codNotes = notes($admin, $cod);
check($cod > 0 && orderStatus($admin, $cod) === 'processing' && (me($tc)['wallet']['balance'] ?? null) === '0.00' && (bool) preg_grep('/will be credited once the payment is received/', $codNotes), 'cash-on-delivery top-up: "processing" at checkout, nothing credited', ['order' => $cod, 'notes' => $codNotes]);
$r = topUpOrder($tc, "$tu@example.test", '120.00', 'cheque');
$vat = (int) $r['_order'];
markStatus($admin, $vat, 'processing'); // the merchant received the cheque
$vatNotes = notes($admin, $vat);
check((me($tc)['wallet']['balance'] ?? null) === '100.00' && (bool) preg_grep('/top-up credited: \D{0,3}100[.,]00\D{0,3} \(paid \D{0,3}120[.,]00\D{0,3}, VAT \D{0,3}20[.,]00/u', $vatNotes), 'top-up of 120.00 with VAT included: 100.00 credited and noted as net', ['order' => $vat, 'notes' => array_slice($vatNotes, 0, 3)]);
markStatus($admin, $vat, 'cancelled');
check((me($tc)['wallet']['balance'] ?? null) === '0.00' && (bool) preg_grep('/100[.,]00\D{0,3} taken back from the store balance/u', notes($admin, $vat)), 'cancelled top-up: its 100.00 taken back from the balance', me($tc)['wallet'] ?? null);
$settingsFields['wallet[topUpVat][mode]'] = 'none';
adminPost($admin, 'save_settings', adminForm($admin, 'settings', 'save_settings')[1], $settingsFields);

// 15. Bulk actions of the list tables: acme's order on account marked paid from WordPress's
// bulk-action menu (the same call as its row's button), the credit line follows.
$list = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=receivables');
preg_match('/<form method="post" action="[^"]*admin-post\.php">\s*<input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $list, $bn);
$e0 = me($acme)['credit']['exposure'] ?? null;
$admin->request('POST', '/wp-admin/admin-post.php', ['action' => 'shopcredit_bulk_mark_paid', '_wpnonce' => $bn[1] ?? '', '_wp_http_referer' => '/wp-admin/admin.php?page=shopcredit&tab=receivables', 'refs' => ['wc-' . $oid]]);
$page = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=receivables');
preg_match('/<div class="notice notice-(success|error) is-dismissible"><p>(.*?)<\/p>/s', $page, $bm);
$e1 = me($acme)['credit']['exposure'] ?? null;
check(($bm[1] ?? '') === 'success' && $e0 === '100.00' && $e1 === '0.00' && !str_contains($page, 'value="wc-' . $oid . '"'), 'bulk action "Mark paid" on the orders on account: the order is paid, the credit line follows, it leaves the open list', ['notice' => $bm[2] ?? null, 'before' => $e0, 'after' => $e1]);
$summary['topUps'] = ['cod' => ['order' => $cod, 'notes' => $codNotes], 'vat' => ['order' => $vat, 'notes' => notes($admin, $vat)]];

echo json_encode(['run' => $run, 'failures' => $failures, 'machineProductId' => $machine, 'summary' => $summary], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
exit($failures === 0 ? 0 : 1);

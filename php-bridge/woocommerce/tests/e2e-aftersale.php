<?php
/**
 * After the sale, end to end in a real WordPress + WooCommerce with the plugin active, against the
 * local fake financing provider, over HTTP only: the merchant's "shipped" status in the settings;
 * a long-credit order shipped (delivery confirmed once at the provider, a repeated "completed"
 * asks nothing more) then refunded (the lender cancels long credit: the merchant is told); a
 * split-payment order refunded in part (cancelled in part at the provider), in part again
 * (refused by the provider's rules before anything is sent) then cancelled (the rest cancelled);
 * an order on account reminded by e-mail once per step and not after it is paid (mail sink).
 *
 *   SC_WC_URL=http://127.0.0.1:8081 SC_FAKE_URL=http://127.0.0.1:8091 SC_WC_MAIL_LOG=DIR/mail/wc-mail.log php e2e-aftersale.php
 *
 * Env as e2e.php (SC_WC_ADMIN, SC_WC_ADMIN_PASSWORD, SC_WC_CUSTOMER_PASSWORD). Prints one line per
 * check and a JSON summary (the provider's call counts, the notes, the mails); exits 1 on a failure.
 * Run after e2e.php or alone: it saves the settings it needs and creates its own customers.
 */

declare(strict_types=1);

require __DIR__ . '/e2e-client.php';

$base = rtrim((string) getenv('SC_WC_URL'), '/');
$fake = rtrim((string) (getenv('SC_FAKE_URL') ?: 'http://127.0.0.1:8091'), '/');
$run = getenv('SC_E2E_RUN') ?: (string) time();
$mailLog = getenv('SC_WC_MAIL_LOG') ?: null;
const WEBHOOK_KEY = 'e2e-webhook-key-0123456789';
const LONG_CREDIT = 'SCFRLT-TXPS'; // the fake's long-credit solution (the defaults name the real one, TXNO)

if ($base === '') {
    echo "skip: SC_WC_URL is not set\n";
    exit(0);
}

$failures = 0;
$summary = [];
function fake(string $method, string $path, ?array $body = null, array $headers = ['Content-Type: application/json']): array
{
    global $fake;
    $ch = curl_init($fake . $path);
    curl_setopt_array($ch, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => $headers, CURLOPT_TIMEOUT => 60]);
    if ($body !== null) {
        curl_setopt($ch, CURLOPT_POSTFIELDS, str_contains(implode(' ', $headers), 'urlencoded') ? http_build_query($body) : json_encode($body));
    }
    $out = (string) curl_exec($ch);
    curl_close($ch);
    return json_decode($out, true) ?? ['_raw' => $out];
}

/** The provider's own view of a subscription (status, financed amount). */
function subscription(string $id): array
{
    $t = fake('POST', '/auth-server/api/v1/oauth2/token', ['grant_type' => 'client_credentials', 'scope' => 'e-financing:rw'],
        ['Content-Type: application/x-www-form-urlencoded', 'Authorization: Basic ' . base64_encode('test-client:test-secret')]);
    return fake('GET', '/e-financing/api/v1/subscriptions/' . $id, null, ['Authorization: Bearer ' . ($t['access_token'] ?? '')]);
}

/** @return array{confirm: int, cancel: int} the provider's after-sale calls so far */
function calls(): array
{
    $c = fake('GET', '/_fake/stats')['calls'] ?? [];
    return ['confirm' => (int) ($c['confirm_delivery'] ?? 0), 'cancel' => (int) ($c['cancel'] ?? 0)];
}

function adminNonce(Client $admin, string $tab, string $action): array
{
    $html = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=' . $tab);
    preg_match('/name="action" value="shopcredit_' . $action . '" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $html, $m);
    return [$html, $m[1] ?? ''];
}

/** The fields a browser sends with one of our admin forms as shown (ticked boxes only, selected options). @return array<string, string> */
function formFields(string $html, string $action): array
{
    $start = strpos($html, 'value="shopcredit_' . $action . '"');
    $form = $start === false ? '' : substr($html, $start, (strpos($html, '</form>', $start) ?: strlen($html)) - $start);
    $out = [];
    preg_match_all('/<input\b([^>]*)>/', $form, $inputs);
    foreach ($inputs[1] as $attrs) {
        preg_match_all('/([a-z_-]+)=(["\'])(.*?)\2/', $attrs, $pairs, PREG_SET_ORDER);
        $a = array_column(array_map(static fn ($p) => [$p[1], html_entity_decode($p[3], ENT_QUOTES)], $pairs), 1, 0);
        if (isset($a['name']) && (!in_array($a['type'] ?? 'text', ['checkbox', 'radio'], true) || isset($a['checked']))) {
            $out[$a['name']] = $a['value'] ?? 'on';
        }
    }
    preg_match_all('/<select\b[^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/s', $form, $selects, PREG_SET_ORDER);
    foreach ($selects as [, $name, $options]) {
        preg_match('/<option value="([^"]*)"[^>]*selected/', $options, $sel) || preg_match('/<option value="([^"]*)"/', $options, $sel);
        $out[html_entity_decode($name)] = html_entity_decode($sel[1] ?? '', ENT_QUOTES);
    }
    unset($out['action'], $out['_wpnonce'], $out['_wp_http_referer']);
    return $out;
}

function adminPost(Client $admin, string $tab, string $action, array $fields): string
{
    $admin->request('POST', '/wp-admin/admin-post.php', ['action' => 'shopcredit_' . $action, '_wpnonce' => adminNonce($admin, $tab, $action)[1], '_wp_http_referer' => '/wp-admin/admin.php?page=shopcredit'] + $fields);
    $page = $admin->request('GET', '/wp-admin/admin.php?page=shopcredit&tab=accounts');
    preg_match('/<div class="notice notice-(success|error) is-dismissible"><p>(.*?)<\/p>/s', $page, $m);
    return ($m[1] ?? '?') . ': ' . html_entity_decode($m[2] ?? '');
}

function orderPage(Client $admin, int $id): string
{
    $html = $admin->request('GET', '/wp-admin/admin.php?page=wc-orders&action=edit&id=' . $id);
    return $admin->status === 200 && str_contains($html, 'order_item_nonce') ? $html : $admin->request('GET', '/wp-admin/post.php?post=' . $id . '&action=edit');
}

function notes(Client $admin, int $id): array
{
    preg_match_all('/<div class="note_body">\s*(.*?)\s*<\/div>/s', orderPage($admin, $id), $m);
    return array_map(static fn ($s) => trim(html_entity_decode(strip_tags($s))), $m[1]);
}

function countNotes(array $notes, string $re): int
{
    return count(preg_grep($re, $notes));
}

function orderStatus(Client $admin, int $id): string
{
    preg_match('/<select id="order_status" name="order_status"[^>]*>.*?<option value="wc-([a-z-]+)"\s+selected/s', orderPage($admin, $id), $m);
    return $m[1] ?? '?';
}

/** A status change as the merchant's tools make it (WooCommerce's REST API, as the admin: cookie + nonce). */
function setStatus(Client $admin, int $id, string $status): void
{
    $nonce = trim($admin->request('GET', '/wp-admin/admin-ajax.php?action=rest-nonce'));
    $admin->request('PUT', '/?rest_route=/wc/v3/orders/' . $id, json_encode(['status' => $status]), ['Content-Type: application/json', 'X-WP-Nonce: ' . $nonce]);
}

/** WooCommerce's refund screen, "Refund manually". */
function refund(Client $admin, int $id, string $amount): array
{
    $html = orderPage($admin, $id);
    preg_match('/"order_item_nonce":"([0-9a-f]+)"/', $html, $m);
    preg_match('/id="refunded_amount"[^>]*value="([0-9.]+)"|value="([0-9.]+)"[^>]*id="refunded_amount"/', $html, $ra);
    $raw = $admin->request('POST', '/wp-admin/admin-ajax.php', [
        'action' => 'woocommerce_refund_line_items', 'order_id' => $id, 'refund_amount' => $amount, 'refunded_amount' => ($ra[1] ?? '') !== '' ? $ra[1] : ($ra[2] ?? '0'),
        'refund_reason' => 'e2e after-sale', 'line_item_qtys' => '{}', 'line_item_totals' => '{}', 'line_item_tax_totals' => '{}',
        'api_refund' => 'false', 'restock_refunded_items' => 'false', 'security' => $m[1] ?? '',
    ]);
    return json_decode($raw, true) ?? ['_raw' => substr($raw, 0, 300)];
}

function newCustomer(Client $admin, string $login, string $pass): int
{
    $form = $admin->request('GET', '/wp-admin/user-new.php');
    preg_match('/name="_wpnonce_create-user" value="([0-9a-f]+)"/', $form, $un);
    $admin->request('POST', '/wp-admin/user-new.php', ['action' => 'createuser', '_wpnonce_create-user' => $un[1] ?? '', 'user_login' => $login, 'email' => "$login@example.test", 'pass1' => $pass, 'pass2' => $pass, 'pw_weak' => 'on', 'role' => 'customer', 'noconfirmation' => '1', 'createuser' => 'Add New User']);
    return preg_match('/user-edit\.php\?user_id=(\d+)/', $admin->request('GET', '/wp-admin/users.php?s=' . $login), $um) ? (int) $um[1] : 0;
}

function address(string $email): array
{
    return ['first_name' => 'After', 'last_name' => 'Sale', 'address_1' => '1 rue de la Paix', 'city' => 'Paris', 'postcode' => '75002', 'country' => 'FR', 'email' => $email, 'phone' => '0601020304'];
}

/** Store API checkout of $qty × product $id; @return array{0: int, 1: array} order id, answer */
function storeOrder(Client $c, int $id, int $qty, string $method, string $email): array
{
    foreach ($c->store('GET', 'cart')['items'] ?? [] as $it) {
        $c->store('POST', 'cart/remove-item', ['key' => $it['key']]);
    }
    $c->store('POST', 'cart/add-item', ['id' => $id, 'quantity' => $qty]);
    $shipping = array_diff_key(address($email), ['email' => 1]);
    $c->store('POST', 'cart/update-customer', ['billing_address' => address($email), 'shipping_address' => $shipping]);
    $o = $c->store('POST', 'checkout', ['billing_address' => address($email), 'shipping_address' => $shipping, 'payment_method' => $method]);
    return [(int) ($o['order_id'] ?? 0), $o];
}

/** A financed order taken to ACCEPTED by the provider's signed webhook. @return array{0: int, 1: string} order id, subscription id */
function financedOrder(Client $c, int $product, string $method, string $email): array
{
    global $base;
    [$id, $o] = storeOrder($c, $product, 1, $method, $email);
    preg_match('/journey\/([0-9a-f-]{36})/', (string) ($o['payment_result']['redirect_url'] ?? ''), $m);
    $sub = $m[1] ?? '';
    fake('POST', '/_fake/advance', ['subscriptionId' => $sub, 'status' => 'ACCEPTED']);
    fake('POST', '/_fake/webhook', ['subscriptionId' => $sub, 'url' => $base . '/?rest_route=/shopcredit/v1/financing/webhook', 'keyForSignature' => WEBHOOK_KEY]);
    return [$id, $sub];
}

/** Runs the plugin's scheduled jobs now: Tools > Scheduled Actions > "Run" on shopcredit_run_jobs. */
function runJobs(Client $admin): bool
{
    $page = $admin->request('GET', '/wp-admin/admin.php?page=wc-status&tab=action-scheduler&s=shopcredit_run_jobs&status=pending');
    if (!preg_match('/row_action=run(?:&|&amp;|&#038;)row_id=(\d+)(?:&|&amp;|&#038;)nonce=([0-9a-f]+)/', $page, $m)) {
        return false;
    }
    $admin->request('GET', '/wp-admin/admin.php?page=wc-status&tab=action-scheduler&row_action=run&row_id=' . $m[1] . '&nonce=' . $m[2]);
    return true;
}

/** Reminder e-mails in the mail sink to $email. */
function reminders(?string $log, string $email): ?int
{
    if ($log === null || !is_file($log)) {
        return null;
    }
    $n = 0;
    foreach (explode('=== ', (string) file_get_contents($log)) as $entry) {
        $n += (preg_match('/^To: .*' . preg_quote($email, '/') . '/m', $entry) && preg_match('/^Subject: .*payment on your account is due/m', $entry)) ? 1 : 0;
    }
    return $n;
}

// ---------------------------------------------------------------------------------------------
$admin = new Client($base, 120);
check($admin->login(getenv('SC_WC_ADMIN') ?: 'admin', getenv('SC_WC_ADMIN_PASSWORD') ?: 'adminpass'), 'admin logs in');
$custPass = getenv('SC_WC_CUSTOMER_PASSWORD') ?: 'custpass';

// 1. Settings: financing on with the fake's long credit, "Completed" is the shipped status.
[$html] = adminNonce($admin, 'settings', 'save_settings');
$fields = formFields($html, 'save_settings');
$fields = [
    'flags[credit.enabled]' => '1', 'flags[financing.enabled]' => '1', 'display' => 'show_disabled',
    'options[provider_base_url]' => $fake, 'options[provider_client_id]' => 'test-client', 'options[provider_client_secret]' => 'test-secret', 'options[webhook_key]' => WEBHOOK_KEY,
    'options[due_date_status]' => 'completed', 'options[shipped_status]' => 'completed', 'options[provider_custom_url]' => 'yes', 'topup_methods[cheque]' => '1',
] + $fields;
foreach ($fields as $name => $value) {
    if (preg_match('/^solutions\[(\d+)\]\[solutionCode\]$/', $name) && str_starts_with($value, 'SCFRLT')) {
        $fields[$name] = LONG_CREDIT; // the fake's long credit
    }
}
$r = adminPost($admin, 'settings', 'save_settings', $fields);
[$html] = adminNonce($admin, 'settings', 'save_settings');
check(str_starts_with($r, 'success') && (bool) preg_match('/name="options\[shipped_status\]">.*?<option value="completed"\s+selected/s', $html), 'settings: "Completed" saved as the shipped status of financed orders', $r);

$login = 'aftersale' . $run;
check(newCustomer($admin, $login, $custPass) > 0, 'a fresh customer');
$buyer = new Client($base, 120);
check($buyer->login($login, $custPass), 'the customer logs in');
$list = $buyer->store('GET', 'products&search=' . rawurlencode('Big machine'));
$machine = (int) (array_values(array_filter($list, static fn ($p) => ($p['name'] ?? '') === 'Big machine'))[0]['id'] ?? 0);
check($machine > 0, 'product "Big machine" (1080.00 with VAT)');

// 2. Long credit: shipped → delivery confirmed once; "completed" again asks nothing more.
$c0 = calls();
[$long, $longSub] = financedOrder($buyer, $machine, 'shopcredit_fin_' . strtolower(str_replace('-', '_', LONG_CREDIT)), "$login@example.test");
check($long > 0 && orderStatus($admin, $long) === 'processing', 'long-credit order accepted by the provider → processing', ['order' => $long, 'subscription' => $longSub]);
setStatus($admin, $long, 'completed');
$c1 = calls();
$n = notes($admin, $long);
check($c1['confirm'] - $c0['confirm'] === 1 && countNotes($n, '/delivery confirmed/i') === 1, 'shipped (completed) → the provider confirms the delivery once, one note', ['calls' => $c1['confirm'] - $c0['confirm'], 'notes' => $n]);
setStatus($admin, $long, 'processing');
setStatus($admin, $long, 'completed');
$c2 = calls();
$n = notes($admin, $long);
check(countNotes($n, '/from Processing to Completed/') === 2 && $c2['confirm'] === $c1['confirm'] && countNotes($n, '/delivery confirmed/i') === 1, 'back to processing, completed again → nothing sent again, still one note', $c2['confirm'] - $c0['confirm']);
$r = refund($admin, $long, '100.00');
$c3 = calls();
$n = notes($admin, $long);
check(($r['success'] ?? false) === true && $c3['cancel'] === $c2['cancel'] && countNotes($n, '/lender/i') >= 1, 'long credit refunded in part → nothing sent (the lender cancels long credit), the merchant is told to ask the lender', ['notes' => array_slice($n, 0, 3)]);
$summary['longCredit'] = ['order' => $long, 'subscription' => $longSub, 'provider' => subscription($longSub), 'confirmCalls' => $c3['confirm'] - $c0['confirm'], 'cancelCalls' => $c3['cancel'] - $c0['cancel'], 'notes' => $n];

// 3. Split payment: refunded in part (cancelled in part), in part again (refused before sending), cancelled (the rest).
[$split, $splitSub] = financedOrder($buyer, $machine, 'shopcredit_fin_scfrsp_3xts', "$login@example.test");
check($split > 0 && orderStatus($admin, $split) === 'processing', 'split-payment order accepted → processing', ['order' => $split, 'subscription' => $splitSub]);
$s0 = calls();
setStatus($admin, $split, 'completed');
$s1 = calls();
check($s1['confirm'] === $s0['confirm'], 'split payment shipped → no delivery confirmation (not needed)', $s1['confirm'] - $s0['confirm']);
$r = refund($admin, $split, '100.00');
$s2 = calls();
$p = subscription($splitSub);
check(($r['success'] ?? false) === true && $s2['cancel'] - $s1['cancel'] === 1 && ($p['financedAmount'] ?? null) == 980 && ($p['consolidatedStatus'] ?? $p['status'] ?? null) !== 'CANCELLED', 'refund of 100.00 → the provider cancels 100.00 (980.00 still financed)', ['calls' => $s2['cancel'] - $s1['cancel'], 'provider' => $p]);
$r = refund($admin, $split, '50.00');
$s3 = calls();
$n = notes($admin, $split);
check($s3['cancel'] === $s2['cancel'] && countNotes($n, '/cancelled at the lender; it now finances/') === 1 && countNotes($n, '/did not cancel/') === 1, 'second partial refund → refused by the provider\'s rules before anything is sent, the merchant reads why', ['calls' => $s3['cancel'] - $s2['cancel'], 'notes' => array_slice($n, 0, 4)]);
setStatus($admin, $split, 'cancelled');
$s4 = calls();
$p = subscription($splitSub);
$n = notes($admin, $split);
check(orderStatus($admin, $split) === 'cancelled' && $s4['cancel'] - $s3['cancel'] === 1 && ($p['consolidatedStatus'] ?? $p['status'] ?? null) === 'CANCELLED', 'cancelled → the provider cancels the rest (CANCELLED), once', ['calls' => $s4['cancel'] - $s3['cancel'], 'provider' => $p]);
setStatus($admin, $split, 'cancelled');
check(calls()['cancel'] === $s4['cancel'], 'cancelled again → nothing sent again');
preg_match('/<ul class="shopcredit-after-sale">(.*?)<\/ul>/s', orderPage($admin, $split), $box);
$lines = array_values(array_filter(array_map(static fn ($l) => trim(html_entity_decode(strip_tags($l))), explode('<li>', $box[1] ?? ''))));
check(count($lines) === 4 && str_contains($lines[1], 'Done') && str_contains($lines[2], 'Refused') && str_contains($lines[3], 'whole financing'), 'the order\'s financing box lists what was asked of the lender and where it stands, in words', $lines);
$summary['splitPayment'] = ['order' => $split, 'subscription' => $splitSub, 'provider' => $p, 'cancelCalls' => $s4['cancel'] - $s1['cancel'], 'notes' => $n];

// 4. Reminders: an order on account due within 3 days gets the "3 days before" step once; none once paid.
$payer = 'remind' . $run;
$payerId = newCustomer($admin, $payer, $custPass);
$r = adminPost($admin, 'accounts', 'set_account', ['customer_id' => $payerId, 'limit' => '500.00', 'risk_level' => 'low', 'payment_terms_days' => '2']);
$pc = new Client($base, 120);
$pc->login($payer, $custPass);
$list = $pc->store('GET', 'products&search=Desk');
$desk = (int) (array_values(array_filter($list, static fn ($p) => ($p['name'] ?? '') === 'Desk'))[0]['id'] ?? 0);
[$acc] = storeOrder($pc, $desk, 1, 'shopcredit_account', "$payer@example.test");
setStatus($admin, $acc, 'completed'); // the payment terms start: due in 2 days
$ran = runJobs($admin) && runJobs($admin);
$first = reminders($mailLog, "$payer@example.test");
if ($first === null) {
    echo "skip reminder checks: set SC_WC_MAIL_LOG to the shop's mail sink (shops.sh: DIR/mail/wc-mail.log)\n";
} else {
    check($ran && $first === 1, 'order on account due in 2 days: the jobs (run twice) send one reminder e-mail', ['order' => $acc, 'mails' => $first]);
    [$rh] = adminNonce($admin, 'receivables', 'record_payment');
    preg_match('/name="action" value="shopcredit_record_payment" \/><input type="hidden" id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $rh, $pn);
    $admin->request('POST', '/wp-admin/admin-post.php', ['action' => 'shopcredit_record_payment', '_wpnonce' => $pn[1] ?? '', 'order_ref' => 'wc-' . $acc, 'amount' => '120.00', 'reference' => 'VIR-AFTERSALE']);
    runJobs($admin);
    check(reminders($mailLog, "$payer@example.test") === 1, 'paid in full → no further reminder');
    $summary['reminders'] = ['order' => $acc, 'mails' => reminders($mailLog, "$payer@example.test")];
}

echo json_encode(['run' => $run, 'failures' => $failures, 'summary' => $summary], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
exit($failures === 0 ? 0 : 1);

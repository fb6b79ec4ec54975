<?php
/**
 * End-to-end run against a real PrestaShop 8.2 (see e2e.sh): every step goes through the shop's
 * own pages and classes (storefront over HTTP; the merchant's side through the module's classes
 * inside the shop), and each check reads the order, its history and payments, and the books.
 *
 * Env: SC_PS_URL, SC_PS_DIR, SC_FAKE_URL (the fake provider), SC_E2E_TAG (unique per run).
 */
require __DIR__ . '/client.php';
$tag = (string) (getenv('SC_E2E_TAG') ?: date('His'));

function order(int $id): array
{
    return shop('order', (string) $id);
}

function books(int $customer, string $currency = 'EUR'): array
{
    return shop('books', (string) $customer, $currency);
}

say('settings through the settings form (financing on, provider = the fake), bank wire allowed for France');
// The fake provider is a custom URL: allowed only with "sandbox or custom provider URL" ticked.
$s = shop('settings', 'financing_enabled=1', 'wallet_partial=1', 'SHOPCREDIT_PROVIDER_ID=test-client', 'SHOPCREDIT_PROVIDER_SECRET=test-secret', "SHOPCREDIT_PROVIDER_URL=$fake", 'SHOPCREDIT_PROVIDER_CUSTOM_URL=1');
check('settings saved (checked by the core)', ($s['saved'] ?? false) === true, $s);
$bad = shop('settings', 'map_INITIALIZED=paid', 'paid_INITIALIZED=1');
check('a mapping that pays a non-final status is refused, nothing stored', ($bad['saved'] ?? true) === false && ($bad['violations'] ?? []) !== [], $bad);
shop('payment-country', 'ps_wirepayment', 'FR');

say('B2B order on account that passes the credit check');
$ok = (int) shop('customer', "b2b-ok-$tag@example.test", 'Passw0rd-123', 'FR')['id_customer'];
shop('limit', (string) $ok, '500.00', 'low');
$p = front("b2b-ok-$tag@example.test", 'pay', '1', '2', 'account');
$o = order((int) ($p['id_order'] ?? 0));
echo '  order ', $p['id_order'] ?? '-', ' ', $o['reference'] ?? '', ' ', json_encode($o['history'] ?? null), ' total ', $o['total_paid'] ?? '', "\n";
check('order created and shown as accepted on the confirmation page', ($p['id_order'] ?? null) !== null && str_contains((string) $p['confirmation'], 'accepted'), $p);
$accepted = shop('state-name', 'SHOPCREDIT_OS_ACCOUNT_OK')['name'] ?? '?';
check("history: Pending credit check → $accepted", ($o['history'] ?? []) === ['Pending credit check', $accepted], $o['history'] ?? $o);
check('no payment recorded for an order on account that is not paid yet', $accepted !== 'Accepted on account' || ($o['payments'] ?? []) === [], $o['payments'] ?? null);
$okOrder = (int) $p['id_order'];
$b = books($ok);
check('exposure = order total, one open receivable', ($b['credit']['exposure'] ?? '') === number_format((float) $o['total_paid'], 2, '.', '') && count($b['receivables'] ?? []) === 1, $b);
echo '  ledger: ', implode(' | ', $b['movements'] ?? []), "\n";

say('the merchant marks the order on account paid');
$m = shop('pay-receivable', (string) $okOrder);
$o = order($okOrder);
$b = books($ok);
echo '  ', json_encode($m), ' → ', json_encode($o['history'] ?? null), ' payments ', json_encode($o['payments'] ?? null), "\n";
check('receivable paid, exposure back to 0.00, order reaches the paid state', ($m[0] ?? false) === true && ($b['credit']['exposure'] ?? '') === '0.00' && ($o['state'] ?? '') === shop('state-name', 'SHOPCREDIT_OS_PAID')['name'], [$m, $b['credit'] ?? null, $o['state'] ?? null]);
$p = front("b2b-ok-$tag@example.test", 'pay', '1', '2', 'account');
check('a new order on account passes again', ($p['id_order'] ?? null) !== null && str_contains((string) $p['confirmation'], 'accepted'), $p);
shop('state', (string) ($p['id_order'] ?? 0), 'PS_OS_SHIPPING');
$bk = books($ok);
$due = array_column($bk['receivables'] ?? [], 'dueDate');
$days = (int) ($bk['credit']['paymentTermsDays'] ?? 30);
echo '  shipped → due dates ', json_encode($due), " (terms $days days)\n";
check("reaching the admin-chosen state (Shipped) fixes the due date: today + $days days", in_array(gmdate('Y-m-d', time() + $days * 86400), $due, true) || in_array(date('Y-m-d', time() + $days * 86400), $due, true), $due);

$second = (int) ($p['id_order'] ?? 0);
$before = books($ok)['credit']['exposure'] ?? '';
shop('state', (string) $second, 'PS_OS_CANCELED');
$b = books($ok);
echo '  cancelled order ', $second, ': exposure ', $before, ' → ', $b['credit']['exposure'] ?? '', "\n";
check('cancelling an accepted order on account gives the unpaid rest back to the line, receivable cancelled', ($b['credit']['exposure'] ?? '') === '0.00' && ($b['receivables'] ?? []) === [], $b);

say('a second order over the remaining credit is refused at checkout, nothing booked');
$before = books($ok);
$p2 = front("b2b-ok-$tag@example.test", 'pay', '7', '40', 'account', 'forge');
check('pay on account shown disabled with the reason', in_array('This order exceeds your remaining credit.', (array) ($p2['shown'] ?? []), true), $p2);
$session = front("b2b-ok-$tag@example.test", 'session', '7', '40');
if (is_array($session['cookies'] ?? null) && (is_file('/usr/bin/chromium') || getenv('CHROMIUM'))) {
    $shot = getenv('SC_SCREENSHOTS') ? rtrim((string) getenv('SC_SCREENSHOTS'), '/') . '/ps-checkout-unavailable.png' : '';
    $b = run('node ' . escapeshellarg(dirname(__DIR__) . '/checkout.mjs') . ' ' . escapeshellarg($url) . ' ' . escapeshellarg(json_encode($session['cookies'])) . ($shot !== '' ? ' ' . escapeshellarg($shot) : ''));
    $acct = array_values(array_filter($b['options'] ?? [], static fn ($o) => str_starts_with((string) $o['label'], 'Pay on account')));
    echo '  in Chromium: ', json_encode(array_column($b['options'] ?? [], 'label'), JSON_UNESCAPED_UNICODE), "\n";
    check('in Chromium: "Pay on account — not available: <reason>" is listed with its radio button disabled, a click chooses nothing',
        count($acct) === 1 && $acct[0]['disabled'] === true && str_contains($acct[0]['label'], 'not available: This order exceeds your remaining credit.')
        && ($b['clicks'] ?? []) !== [] && !in_array(true, array_column($b['clicks'], 'checkedAfterClick'), true), $b);
} else {
    echo "  (no Chromium: the disabled option's radio button not checked in a browser)\n";
}
check('a forged submit is judged again on the server: refused with the reason in words, no order', ($p2['id_order'] ?? null) === null && str_contains((string) ($p2['error'] ?? ''), 'This order exceeds your remaining credit.'), $p2);
check('books unchanged', books($ok)['movements'] === $before['movements'], null);
$p3 = front("b2b-ok-$tag@example.test", 'pay', '1', '1', 'account', 'token=');
check('a validation post without the CSRF token (another site posting for the customer) is refused, no order', ($p3['id_order'] ?? null) === null && str_contains((string) ($p3['error'] ?? ''), 'The form expired'), $p3);
check('books unchanged', books($ok)['movements'] === $before['movements'], null);

say('B2B order on account that fails the credit check (medium risk → manual review → declined)');
$risk = (int) shop('customer', "b2b-risk-$tag@example.test", 'Passw0rd-123', 'FR')['id_customer'];
shop('limit', (string) $risk, '500.00', 'medium');
$p = front("b2b-risk-$tag@example.test", 'pay', '2', '1', 'account');
$id = (int) ($p['id_order'] ?? 0);
check('order waits in Pending credit check', (order($id)['state'] ?? '') === 'Pending credit check', order($id));
$d = shop('decide', (string) $id, 'decline');
$o = order($id);
echo '  order ', $id, ' ', json_encode($o['history'] ?? null), ' decision ', json_encode($d), "\n";
check('declined → Failed credit check', ($o['state'] ?? '') === 'Failed credit check' && ($d['creditCheck'] ?? '') === 'failed', [$o, $d]);
$b = books($risk);
check('reservation voided, exposure 0.00', ($b['credit']['exposure'] ?? '') === '0.00', $b);
echo '  ledger: ', implode(' | ', $b['movements'] ?? []), "\n";

say('store balance: full payment, then balance + another method with a refund');
$w = (int) shop('customer', "wallet-$tag@example.test", 'Passw0rd-123', 'FR')['id_customer'];
shop('bonus', (string) $w, '100.00', "e2e-open-$tag");
$p = front("wallet-$tag@example.test", 'pay', '1', '1', 'balance');
$o = order((int) ($p['id_order'] ?? 0));
echo '  order ', $p['id_order'] ?? '-', ' ', json_encode($o['history'] ?? null), ' payments ', json_encode($o['payments'] ?? null), "\n";
check('full: Payment accepted, one OrderPayment "Store balance" of the total, no transaction id (never a books key)', ($o['state'] ?? '') === 'Payment accepted' && count($o['payments'] ?? []) === 1 && $o['payments'][0]['method'] === 'Store balance' && $o['payments'][0]['amount'] === $o['total_paid'] && $o['payments'][0]['tx'] === '', $o);
$full = $o['total_paid'] ?? '0';
$b = books($w);
check('balance = 100.00 - total, reservation posted', ($b['wallet']['balance'] ?? '') === number_format(100 - (float) $full, 2, '.', '') && ($b['wallet']['reserved'] ?? '') === '0.00', $b);
$avail = $b['wallet']['available'];
$p = front("wallet-$tag@example.test", 'pay', '2', '3', 'partial');
$pid = (int) ($p['id_order'] ?? 0);
$o = order($pid);
echo '  order ', $pid, ' ', json_encode($o['history'] ?? null), ' payments ', json_encode($o['payments'] ?? null), ' total ', $o['total_paid'] ?? '', "\n";
check('partial: the balance part is an OrderPayment "Store balance" without transaction id, the rest is still to pay', ($o['payments'][0]['method'] ?? '') === 'Store balance' && ($o['payments'][0]['tx'] ?? null) === '' && (float) $o['payments'][0]['amount'] === (float) $avail && (float) $o['total_paid_real'] < (float) $o['total_paid'], $o);
check('confirmation page shows the part and the remainder', str_contains((string) ($p['confirmation'] ?? ''), 'Remaining to pay'), $p);
check('balance part reserved', (books($w)['wallet']['reserved'] ?? '') === $avail, books($w));
shop('state', (string) $pid, 'PS_OS_PAYMENT');
$b = books($w);
check('paid state posts the balance part', ($b['wallet']['reserved'] ?? '') === '0.00' && ($b['wallet']['balance'] ?? '') === '0.00', $b);
$r = shop('refund', (string) $pid, '10.00');
$b = books($w);
$o = order($pid);
echo '  credit slip ', json_encode($r['slips'] ?? $r), "\n  ledger: ", implode(' | ', $b['movements']), "\n";
check('credit slip refunded by funding source (balance part back to the balance)', (float) ($b['wallet']['balance'] ?? 0) > 0 && (float) ($b['wallet']['balance'] ?? 0) < 10 && (float) ($o['summary']['wallet']['refunded'] ?? 0) > 0 && (float) ($o['summary']['external']['refunded'] ?? 0) > 0, [$b, $o['summary'] ?? null]);

say('top-up: the top-up product paid with the bank wire module (the merchant allows it for top-ups), credited when paid');
shop('bridge-setting', 'orders.top_up_methods', '["ps_wirepayment"]');
$t = (int) shop('customer', "topup-$tag@example.test", 'Passw0rd-123', 'FR')['id_customer'];
$p = front("topup-$tag@example.test", 'topup', '50.00');
$tid = (int) ($p['id_order'] ?? 0);
check('top-up order awaiting bank wire, balance not credited yet', (order($tid)['state'] ?? '') === 'Awaiting bank wire payment' && (books($t)['wallet']['balance'] ?? '') === '0.00', [$p, books($t)]);
shop('state', (string) $tid, 'PS_OS_PAYMENT');
shop('state', (string) $tid, 'PS_OS_PREPARATION');
$b = books($t);
echo '  order ', $tid, ' ledger: ', implode(' | ', $b['movements']), "\n";
check('credited once with what was paid (two paid states, one top-up)', ($b['wallet']['balance'] ?? '') === '50.00' && count($b['movements']) === 1, $b);

say('financing: INITIALIZED → ACCEPTED with the fake provider and a duplicate webhook');
$p = front("b2b-ok-$tag@example.test", 'pay', '7', '10', 'financing', 'solution=SCFRSP-3XTS');
check('buyer sent to the provider journey', str_contains((string) ($p['redirect'] ?? ''), '/_fake/journey/'), $p);
$sub = basename((string) parse_url((string) ($p['redirect'] ?? ''), PHP_URL_PATH));
$links = shop('order-by-subscription', $sub);
$fid = (int) ($links['id_order'] ?? 0);
check('order created in Awaiting financing', (order($fid)['state'] ?? '') === 'Awaiting financing', [$links, order($fid)]);
$ret = run('curl -s -o /dev/null -w \'{"code":%{http_code}}\' ' . escapeshellarg($url . '/index.php?fc=module&module=shopcredit&controller=financingreturn&id_cart=' . ($links['id_cart'] ?? 0) . '&key=' . ($links['secure_key'] ?? '')));
$sv = shop('subscription', (string) $fid);
check('buyer\'s return applies INITIALIZED, order still awaiting', ($sv[0]['status'] ?? '') === 'INITIALIZED' && (order($fid)['state'] ?? '') === 'Awaiting financing', [$ret, $sv]);
putenv("SC_FAKE_URL=$fake");
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub, 'status' => 'PRE_ACCEPTED']));
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub, 'status' => 'ACCEPTED']));
$wh = shop('fake', '/_fake/webhook', json_encode(['subscriptionId' => $sub, 'url' => "$url/index.php?fc=module&module=shopcredit&controller=webhook", 'keyForSignature' => $links['webhook_key'] ?? '', 'duplicate' => 2]));
$deliveries = array_map(static fn ($x) => $x['responseBody'] ?? '', $wh['body']['deliveries'] ?? []);
echo '  deliveries: ', implode(' ', $deliveries), "\n";
check('first delivery stored and applied, the duplicate not stored again', str_contains($deliveries[0] ?? '', '"stored":true') && str_contains($deliveries[1] ?? '', '"stored":false'), $deliveries);
$o = order($fid);
$sv = shop('subscription', (string) $fid);
echo '  order ', $fid, ' ', json_encode($o['history'] ?? null), ' subscription ', json_encode($sv), "\n";
check('ACCEPTED → Payment accepted (the admin\'s mapping), one provider event', ($o['state'] ?? '') === 'Payment accepted' && ($sv[0]['status'] ?? '') === 'ACCEPTED' && ($sv[0]['events'] ?? 0) === 1, [$o, $sv]);
$bad = run('curl -s -w \'\n{"code":%{http_code}}\' -X POST -H "Content-Type: application/json" -H "X-BAAS-SIGNATURE: 00" -H "X-BAAS-SIGNATURE-TIMESTAMP: 2020-01-01T00:00:00.000Z" --data ' . escapeshellarg('{"eventId":"x"}') . ' ' . escapeshellarg("$url/index.php?fc=module&module=shopcredit&controller=webhook"));
check('an unsigned / forged webhook is refused (401)', ($bad['code'] ?? 0) === 401, $bad);

require __DIR__ . '/lifecycle.php';

say('customer pages, the widget endpoint, cron');
$g = front("b2b-ok-$tag@example.test", 'get', 'index.php?fc=module&module=shopcredit&controller=credit', '4000');
check('My credit account shows the limit in the shop\'s money format and the order on account', preg_match('/Credit limit\s*(€\s?500[.,]00|500[.,]00\s?€)/u', (string) ($g['body'] ?? '')) === 1 && str_contains((string) $g['body'], 'Orders on account'), $g);
$g = front("wallet-$tag@example.test", 'get', 'index.php?fc=module&module=shopcredit&controller=wallet&type=refund', '4000');
check('My store balance filters movements by type (in words)', preg_match('/Refund \+ /', (string) ($g['body'] ?? '')) === 1 && preg_match('/Bonus \+ /', (string) $g['body']) === 0 && !str_contains((string) $g['body'], 'order_payment'), $g);
$f = front("wallet-$tag@example.test", 'form', 'wallet', 'sc_withdraw', 'amount=1.00', 'message=IBAN FR76');
check('withdrawal below the minimum refused with the core\'s reason in words', str_contains(json_encode($f['alerts'] ?? []), 'below the minimum'), $f);
$f = front("b2b-ok-$tag@example.test", 'form', 'credit', 'sc_increase', 'requested_limit=800', 'message=Growing');
check('credit-increase request accepted', str_contains(json_encode($f['alerts'] ?? []), 'success'), $f);
$f = front("b2b-ok-$tag@example.test", 'form', 'credit', 'sc_increase', 'requested_limit=900', 'token=forged');
check('a form with a forged CSRF token is refused', str_contains(json_encode($f['alerts'] ?? []), 'danger: The form expired'), $f);
$f = front("topup-$tag@example.test", 'form', 'wallet', 'sc_withdraw', 'amount=10.00', 'message=IBAN FR76');
$b = books($t);
check('withdrawal of 10.00 requested: the amount is reserved', str_contains(json_encode($f['alerts'] ?? []), 'success') && ($b['wallet']['reserved'] ?? '') === '10.00', [$f, $b['wallet'] ?? null]);
$j = front("wallet-$tag@example.test", 'get', "index.php?fc=module&module=shopcredit&controller=summary&id_customer=$ok", '600');
$sum = json_decode((string) ($j['body'] ?? ''), true);
check('summary JSON is the logged-in customer\'s own (an id in the URL is ignored)', is_array($sum) && !isset($sum['credit']) && ($sum['wallet']['balance'] ?? null) === books($w)['wallet']['balance'], $j);
$anon = run('curl -s -w \'\n{"code":%{http_code}}\' ' . escapeshellarg("$url/index.php?fc=module&module=shopcredit&controller=summary"));
check('summary refused when not logged in (401)', ($anon['code'] ?? 0) === 401, $anon);
$token = shop('cron-token')['token'] ?? '';
$c1 = run('curl -s -w \'\n{"code":%{http_code}}\' ' . escapeshellarg("$url/index.php?fc=module&module=shopcredit&controller=cron&token={$token}x"));
check('cron with a wrong token: 403', ($c1['code'] ?? 0) === 403, $c1);
$a = popen('curl -s ' . escapeshellarg("$url/index.php?fc=module&module=shopcredit&controller=cron&token=$token"), 'r');
$bq = popen('curl -s ' . escapeshellarg("$url/index.php?fc=module&module=shopcredit&controller=cron&token=$token"), 'r');
$ra = json_decode((string) stream_get_contents($a), true);
$rb = json_decode((string) stream_get_contents($bq), true);
pclose($a);
pclose($bq);
check('two cron runs at once both answer, no errors', is_array($ra) && is_array($rb) && ($ra['1']['errors'] ?? ['x']) === [] && ($rb['1']['errors'] ?? ['x']) === [], [$ra, $rb]);

say('the back office as a merchant reads it: Customers > Credit & balance in Chromium');
$adminUrl = (string) getenv('SC_PS_ADMIN_URL');
if ($adminUrl !== '' && (is_file('/usr/bin/chromium') || getenv('CHROMIUM'))) {
    $adm = run('node ' . escapeshellarg(dirname(__DIR__) . '/admin-pages.mjs') . ' ' . escapeshellarg($url) . ' ' . escapeshellarg(basename(rtrim(parse_url($adminUrl, PHP_URL_PATH) ?? '', '/')))
        . ' ' . escapeshellarg((string) shop('admin-token')['token']) . ' ' . escapeshellarg((string) $rc)
        . ' ' . escapeshellarg((string) shop('admin-token', 'AdminModules')['token']) . ' ' . escapeshellarg((string) shop('admin-token', 'AdminOrders')['token']) . ' ' . escapeshellarg((string) $okOrder));
    $pg = $adm['pages'] ?? [];
    echo '  ', json_encode($pg), "\n";
    $sections = array_intersect_key($pg, array_flip(['accounts', 'receivables', 'requests', 'statistics', 'customer']));
    check('every section opens without an error, and shows no code, account id or books\' order ref', count($sections) === 5
        && array_filter($sections, static fn ($p) => $p['errors'] !== [] || $p['code'] !== null) === [], $adm);
    check('axe-core (WCAG 2.1 A/AA) finds nothing in what the module shows: the five sections, Configure, the order page\'s cards',
        count($pg) === 7 && ($pg['settings']['shown'] ?? false) && ($pg['order']['shown'] ?? false)
        && array_filter($pg, static fn ($p) => ($p['a11y'] ?? ['not scanned']) !== []) === [], array_map(static fn ($p) => $p['a11y'] ?? null, $pg));
    check('customers by name linked to their PrestaShop page (accounts, receivables, requests), orders by reference linked to theirs (receivables, a customer\'s ledger)',
        ($pg['accounts']['customerLinks'] ?? 0) > 0 && ($pg['receivables']['customerLinks'] ?? 0) > 0 && ($pg['requests']['customerLinks'] ?? 0) > 0
        && ($pg['receivables']['orderLinks'] ?? 0) > 0 && ($pg['customer']['orderLinks'] ?? 0) > 0, $pg);
    check('every table has headers, amounts in the shop\'s money format', array_sum(array_column($pg, 'tablesWithoutHeaders')) === 0
        && ($pg['accounts']['money'] ?? false) && ($pg['customer']['money'] ?? false), $pg);
    check('statistics: the four charts drawn', ($pg['statistics']['charts'] ?? 0) === 4, $pg['statistics'] ?? null);
} else {
    echo "  (no SC_PS_ADMIN_URL or no Chromium: back-office pages not checked)\n";
}

require __DIR__ . '/multishop.php';

say('books');
$rec = shop('reconcile');
check('the books reconcile', ($rec['consistent'] ?? false) === true, $rec);

exit(summary());

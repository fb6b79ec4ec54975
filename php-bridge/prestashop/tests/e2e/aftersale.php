<?php
/**
 * After the sale, end to end in a real PrestaShop 8.2 against the local fake financing provider
 * (run by e2e.sh after run.php; the same two helpers: shop.php inside the shop, storefront.php over
 * HTTP): "Delivered" chosen as the state that means shipped — a long-credit order marked Shipped
 * asks nothing, Delivered confirms the delivery once, Delivered again nothing more, a credit slip
 * tells the merchant to ask the lender; a split payment refunded in part (cancelled in part at the
 * provider), in part again (refused before sending) then cancelled (the rest, once); an order on
 * account reminded once by the cron (SMTP sink) and not after it is paid.
 *
 * Env: SC_PS_URL, SC_PS_DIR, SC_FAKE_URL, SC_E2E_TAG, SC_PS_MAIL_LOG (default DIR/../mail/ps-mail.log).
 */
require __DIR__ . '/client.php';
$tag = 'as' . (string) (getenv('SC_E2E_TAG') ?: date('His'));

/** @return array{confirm: int, cancel: int} the provider's after-sale calls so far */
function calls(): array
{
    global $fake;
    $c = json_decode((string) file_get_contents("$fake/_fake/stats"), true)['calls'] ?? [];
    return ['confirm' => (int) ($c['confirm_delivery'] ?? 0), 'cancel' => (int) ($c['cancel'] ?? 0)];
}

function notesMatching(int $order, string $re): int
{
    return count(preg_grep($re, (array) (shop('order', (string) $order)['notes'] ?? [])));
}

/** A financed order of $qty × product $product taken to ACCEPTED by the provider's signed webhook. @return array{0: int, 1: string} */
function financedOrder(string $email, string $product, string $qty, string $solution): array
{
    global $url;
    $p = front($email, 'pay', $product, $qty, 'financing', "solution=$solution");
    $sub = basename((string) parse_url((string) ($p['redirect'] ?? ''), PHP_URL_PATH));
    $links = shop('order-by-subscription', $sub);
    shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub, 'status' => 'ACCEPTED']));
    shop('fake', '/_fake/webhook', json_encode(['subscriptionId' => $sub, 'url' => "$url/index.php?fc=module&module=shopcredit&controller=webhook", 'keyForSignature' => $links['webhook_key'] ?? '']));
    return [(int) ($links['id_order'] ?? 0), $sub];
}

/** Reminder e-mails the SMTP sink received for $to. */
function reminders(string $to): ?int
{
    global $dir;
    $f = (string) (getenv('SC_PS_MAIL_LOG') ?: dirname($dir) . '/mail/ps-mail.log');
    if (!is_file($f)) {
        return null;
    }
    preg_match_all('/^=== [^\n]*to <' . preg_quote($to, '/') . '>[^\n]*\n(?:(?!=== )[^\n]*\n)*?Subject: [^\n]*Payment reminder/m', (string) file_get_contents($f), $m);
    return count($m[0]);
}

echo "\n== after the sale: delivery confirmation, cancellation at the provider, reminders\n";
putenv("SC_FAKE_URL=$fake");
$s = shop('settings', 'financing_enabled=1', 'SHOPCREDIT_PROVIDER_ID=test-client', 'SHOPCREDIT_PROVIDER_SECRET=test-secret', "SHOPCREDIT_PROVIDER_URL=$fake", 'SHOPCREDIT_PROVIDER_CUSTOM_URL=1');
$solutions = [
    ['countries' => ['FR'], 'currency' => 'EUR', 'enabled' => true, 'instalments' => 3, 'kind' => 'split', 'label' => 'Pay in 3 instalments', 'maxAmount' => '3000.00', 'minAmount' => '100.00', 'solutionCode' => 'SCFRSP-3XTS'],
    // The fake's long credit (the defaults name the real one, SCFRLT-TXNO).
    ['countries' => ['FR'], 'currency' => 'EUR', 'enabled' => true, 'instalments' => null, 'kind' => 'credit', 'label' => 'Long-term credit', 'maxAmount' => '20000.00', 'minAmount' => '1000.00', 'solutionCode' => 'SCFRLT-TXPS'],
];
shop('bridge-setting', 'financing.solutions', json_encode($solutions));
$delivered = (string) (shop('config', 'PS_OS_DELIVERED')['value'] ?? '');
shop('settings', "SHOPCREDIT_OS_SHIPPED=$delivered");
shop('bridge-setting', 'orders.shipped_status', json_encode($delivered)); // what the settings page's save syncs
check('financing on, long credit offered, "Delivered" is the state that means shipped', ($s['saved'] ?? false) === true && $delivered !== '', [$s, $delivered]);

$buyer = "aftersale-$tag@example.test";
shop('customer', $buyer, 'Passw0rd-123', 'FR');
$c0 = calls();
[$long, $longSub] = financedOrder($buyer, '1', '50', 'SCFRLT-TXPS');
check('long-credit order (50 × product 1) accepted → Payment accepted', $long > 0 && (shop('order', (string) $long)['state'] ?? '') === 'Payment accepted', shop('order', (string) $long));
shop('state', (string) $long, 'PS_OS_SHIPPING');
$c1 = calls();
check('Shipped is not the chosen state: nothing asked of the provider', $c1['confirm'] === $c0['confirm'], $c1);
shop('state', (string) $long, 'PS_OS_DELIVERED');
$c2 = calls();
check('Delivered → the delivery is confirmed to the provider once, one note', $c2['confirm'] - $c1['confirm'] === 1 && notesMatching($long, '/delivery confirmed/i') === 1, shop('order', (string) $long)['notes'] ?? null);
shop('state', (string) $long, 'PS_OS_SHIPPING');
shop('state', (string) $long, 'PS_OS_DELIVERED');
check('Delivered again → nothing sent again, still one note', calls()['confirm'] === $c2['confirm'] && notesMatching($long, '/delivery confirmed/i') === 1, calls());
shop('refund', (string) $long, '10.00');
$longCancels = calls()['cancel'] - $c2['cancel'];
check('a credit slip on long credit → nothing sent, the merchant is told to ask the lender', $longCancels === 0 && notesMatching($long, '/ask the lender/i') === 1, shop('order', (string) $long)['notes'] ?? null);

[$split, $splitSub] = financedOrder($buyer, '7', '10', 'SCFRSP-3XTS');
$o = shop('order', (string) $split);
check('split-payment order (10 × product 7) accepted → Payment accepted', ($o['state'] ?? '') === 'Payment accepted', $o);
$s0 = calls();
shop('refund', (string) $split, '10.00');
$s1 = calls();
check('credit slip of 10.00 → the provider cancels 10.00 of the financing, once', $s1['cancel'] - $s0['cancel'] === 1 && notesMatching($split, '/of the financing cancelled at the lender/') === 1, shop('order', (string) $split)['notes'] ?? null);
shop('refund', (string) $split, '5.00');
$s2 = calls();
check('a second credit slip → refused before anything is sent, the merchant reads why', $s2['cancel'] === $s1['cancel'] && notesMatching($split, '/did not cancel .* partial cancellation/') === 1, shop('order', (string) $split)['notes'] ?? null);
shop('state', (string) $split, 'PS_OS_CANCELED');
$s3 = calls();
$o = shop('order', (string) $split);
check('Canceled → the provider cancels the rest, once', $s3['cancel'] - $s2['cancel'] === 1 && ($o['state'] ?? '') === 'Canceled' && count(preg_grep('/financing cancelled/i', (array) ($o['notes'] ?? []))) >= 1, $o['notes'] ?? $o);
$summary = ['longCredit' => ['order' => $long, 'confirmCalls' => $c2['confirm'] - $c0['confirm'], 'cancelCalls' => $longCancels, 'delivery' => shop('order', (string) $long)['summary']['delivery'] ?? null],
    'splitPayment' => ['order' => $split, 'cancelCalls' => $s3['cancel'] - $s0['cancel'], 'notes' => $o['notes'] ?? []]];

// Reminders: 2-day terms, the "3 days before" step is due at once; the cron twice sends it once.
$payer = "remind-$tag@example.test";
$pid = (string) (shop('customer', $payer, 'Passw0rd-123', 'FR')['id_customer'] ?? '');
shop('limit', $pid, '500.00', 'low');
shop('settings', 'credit_terms_days=2');
$p = front($payer, 'pay', '1', '2', 'account');
$acc = (string) ($p['id_order'] ?? '');
shop('state', $acc, 'PS_OS_SHIPPING'); // the state whose date starts the payment terms
$token = shop('cron-token')['token'] ?? '';
$cron = static fn () => run('curl -s ' . escapeshellarg("$url/index.php?fc=module&module=shopcredit&controller=cron&token=$token"));
$cron();
$cron();
$n = reminders($payer);
if ($n === null) {
    echo "  skip reminder checks: no mail sink log (SC_PS_MAIL_LOG)\n";
} else {
    check('order on account due in 2 days: two cron runs send one reminder e-mail', $n === 1, ['order' => $acc, 'mails' => $n]);
    shop('pay-receivable', $acc);
    $cron();
    check('paid → no further reminder', reminders($payer) === 1, reminders($payer));
    $summary['reminders'] = ['order' => $acc, 'mails' => reminders($payer)];
}
shop('settings', 'credit_terms_days=30');

echo '  ', json_encode($summary, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
exit(summary());

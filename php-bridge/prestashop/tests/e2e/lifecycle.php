<?php
/**
 * The order lifecycle in the real shop (included by run.php, which defines shop(), front(),
 * check(), say(), order(), books() and $url/$fake/$tag): PrestaShop's order e-mails for orders on
 * account and financed orders, concurrent financing returns and webhooks, concurrent shuffled
 * status changes, refund/cancel/reopen sequences through credit slips and state changes,
 * payments typed in the order page, the purchase-order number, and top-ups (allowed modules,
 * refused before payment, credited on capture, VAT, reversal, yen).
 */

/** Runs shell commands at the same time; their outputs, in order. @param list<string> $cmds @return list<string> */
function parallel(array $cmds): array
{
    $pipes = array_map(static fn (string $c) => popen($c . ' 2>&1', 'r'), $cmds);
    return array_map(static function ($p): string {
        $out = (string) stream_get_contents($p);
        pclose($p);
        return $out;
    }, $pipes);
}

function shopCmd(string ...$args): string
{
    global $here, $dir;
    return 'php ' . escapeshellarg("$here/shop.php") . ' ' . escapeshellarg($dir) . ' ' . implode(' ', array_map('escapeshellarg', $args));
}

function money2(float $v): string
{
    return number_format($v, 2, '.', '');
}

/** Mails PrestaShop sent to $to since mail id $since (ps_mail), templates in order. */
function mailsTo(string $to, int $since): array
{
    return shop('mails', $to, (string) $since)['templates'] ?? [];
}

function mailMark(): int
{
    return (int) (shop('mails', 'nobody@example.test')['last'] ?? 0);
}

/** The SMTP sink's log (shops.sh writes every mail PrestaShop sends there): SC_PS_MAIL_LOG or DIR/../mail/ps-mail.log. */
function sinkLog(): ?string
{
    global $dir;
    $f = (string) (getenv('SC_PS_MAIL_LOG') ?: dirname($dir) . '/mail/ps-mail.log');
    return is_file($f) ? $f : null;
}

function sinkMark(): int
{
    $f = sinkLog();
    clearstatcache();
    return $f === null ? 0 : (int) filesize($f);
}

/** Subjects of the mails the sink received for $to since byte $since. @return list<string> */
function sinkSubjects(string $to, int $since): array
{
    $f = sinkLog();
    if ($f === null) {
        return [];
    }
    $h = fopen($f, 'r');
    fseek($h, $since);
    $out = [];
    $mine = false;
    while (($line = fgets($h)) !== false) {
        if (str_starts_with($line, '=== ')) {
            $mine = str_contains($line, 'to <' . $to . '>');
        } elseif ($mine && str_starts_with($line, 'Subject: ')) {
            $out[] = trim(preg_replace('/^\[[^\]]*\]\s*/', '', substr($line, 9)));
            $mine = false;
        }
    }
    fclose($h);
    return $out;
}

function count_of(array $list, string $item): int
{
    return count(array_keys($list, $item, true));
}

$merchant = (string) (shop('config', 'PS_SHOP_EMAIL')['value'] ?? 'admin@example.test');
// The merchant's new-order alert (ps_emailalerts, "Mail alerts"): on, to the shop's address.
shop('config', 'MA_MERCHANT_ORDER_EMAILS', $merchant);

say('order e-mails of orders on account (passed, reviewed then approved, declined), caught in the shop\'s mail log');
$m = mailMark();
$sink = sinkMark();
$mo = "mail-ok-$tag@example.test";
$moId = (int) shop('customer', $mo, 'Passw0rd-123', 'FR')['id_customer'];
shop('limit', (string) $moId, '500.00', 'low');
$p = front($mo, 'pay', '1', '1', 'account');
$toCustomer = mailsTo($mo, $m);
$toMerchant = mailsTo($merchant, $m);
echo '  customer: ', json_encode($toCustomer), ' merchant: ', json_encode($toMerchant), "\n";
check('passed in the same request: the order confirmation once, no "credit check pending"', count_of($toCustomer, 'order_conf') === 1 && !in_array('credit_check_pending', $toCustomer, true), $toCustomer);
check('the merchant\'s new-order alert once', count_of($toMerchant, 'new_order') === 1, $toMerchant);
if (sinkLog() !== null) {
    $c = sinkSubjects($mo, $sink);
    $a = sinkSubjects($merchant, $sink);
    echo '  mail sink: customer ', json_encode($c, JSON_UNESCAPED_UNICODE), ' merchant ', json_encode($a, JSON_UNESCAPED_UNICODE), "\n";
    check('the mail sink received them over SMTP: "Order confirmation" to the customer and "New order" to the merchant, once each',
        count_of($c, 'Order confirmation') === 1 && count(preg_grep('/^New order/', $a)) === 1, [$c, $a]);
} else {
    echo "  (no mail sink log: SMTP delivery not checked)\n";
}

$m = mailMark();
$mr = "mail-review-$tag@example.test";
$mrId = (int) shop('customer', $mr, 'Passw0rd-123', 'FR')['id_customer'];
shop('limit', (string) $mrId, '500.00', 'medium');
$p = front($mr, 'pay', '1', '1', 'account');
$rid = (int) ($p['id_order'] ?? 0);
$toCustomer = mailsTo($mr, $m);
$toMerchant = mailsTo($merchant, $m);
echo '  waiting: customer ', json_encode($toCustomer), ' merchant ', json_encode($toMerchant), "\n";
check('a check waiting for review: "credit check pending" to the customer, the review request to the merchant, no order confirmation yet',
    $toCustomer === ['credit_check_pending'] && in_array('credit_check_manual_review_admin', $toMerchant, true) && !in_array('new_order', $toMerchant, true), [$toCustomer, $toMerchant]);
$m2 = mailMark();
shop('decide', (string) $rid, 'approve');
$toCustomer = mailsTo($mr, $m2);
$toMerchant = mailsTo($merchant, $m2);
echo '  approved: order ', $rid, ' ', json_encode(order($rid)['history'] ?? null), ' customer ', json_encode($toCustomer), ' merchant ', json_encode($toMerchant), "\n";
check('approved → Accepted on account, the order confirmation and the new-order alert now, once each', (order($rid)['state'] ?? '') === shop('state-name', 'SHOPCREDIT_OS_ACCOUNT_OK')['name']
    && $toCustomer === ['order_conf'] && count_of($toMerchant, 'new_order') === 1, [$toCustomer, $toMerchant]);
$m3 = mailMark();
shop('decide', (string) $rid, 'approve');
check('approving again sends nothing', mailsTo($mr, $m3) === [] && mailsTo($merchant, $m3) === [], null);
$md = "mail-declined-$tag@example.test";
$mdId = (int) shop('customer', $md, 'Passw0rd-123', 'FR')['id_customer'];
shop('limit', (string) $mdId, '500.00', 'medium');
$did = (int) (front($md, 'pay', '1', '1', 'account')['id_order'] ?? 0);
$m4 = mailMark();
shop('decide', (string) $did, 'decline');
$toCustomer = mailsTo($md, $m4);
$toMerchant = mailsTo($merchant, $m4);
echo '  declined: order ', $did, ' customer ', json_encode($toCustomer), ' merchant ', json_encode($toMerchant), "\n";
check('declined → the "credit check failed" mail to the customer, never the order confirmation nor the new-order alert',
    $toCustomer === ['credit_check_failed_customer'] && !in_array('new_order', $toMerchant, true), [$toCustomer, $toMerchant]);

say('financing: parallel replays of the return URL and two concurrent webhooks → one payment, one invoice, one stock change, one set of e-mails');
$fc = "fin-$tag@example.test";
shop('customer', $fc, 'Passw0rd-123', 'FR');
$stock0 = (int) shop('stock', '7')['quantity'];
$m = mailMark();
$p = front($fc, 'pay', '7', '10', 'financing', 'solution=SCFRSP-3XTS');
$sub = basename((string) parse_url((string) ($p['redirect'] ?? ''), PHP_URL_PATH));
$links = shop('order-by-subscription', $sub);
$fid = (int) ($links['id_order'] ?? 0);
check('financed order created awaiting financing, no order mail yet', (order($fid)['state'] ?? '') === 'Awaiting financing' && mailsTo($fc, $m) === [], [order($fid), mailsTo($fc, $m)]);
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub, 'status' => 'PRE_ACCEPTED']));
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub, 'status' => 'ACCEPTED']));
$return = $url . '/index.php?fc=module&module=shopcredit&controller=financingreturn&id_cart=' . ($links['id_cart'] ?? 0) . '&key=' . ($links['secure_key'] ?? '');
$hook = ['subscriptionId' => $sub, 'url' => "$url/index.php?fc=module&module=shopcredit&controller=webhook", 'keyForSignature' => $links['webhook_key'] ?? ''];
$fakeCall = static fn (array $body): string => 'curl -s -X POST -H "Content-Type: application/json" --data ' . escapeshellarg(json_encode($body)) . ' ' . escapeshellarg("$fake/_fake/webhook");
$outs = parallel([
    'curl -s -o /dev/null -w "%{http_code}" ' . escapeshellarg($return), 'curl -s -o /dev/null -w "%{http_code}" ' . escapeshellarg($return),
    'curl -s -o /dev/null -w "%{http_code}" ' . escapeshellarg($return), 'curl -s -o /dev/null -w "%{http_code}" ' . escapeshellarg($return),
    $fakeCall($hook), $fakeCall($hook),
]);
$o = order($fid);
$deliveries = array_map(static fn ($j) => json_decode($j, true)['deliveries'][0]['responseBody'] ?? '', array_slice($outs, 4));
echo '  returns ', implode(' ', array_slice($outs, 0, 4)), ' webhooks ', implode(' ', $deliveries), "\n  order $fid ", json_encode($o['history'] ?? null), ' payments ', json_encode($o['payments'] ?? null), ' invoices ', $o['invoices'] ?? '?', "\n";
check('one "Payment accepted", one payment of the total named in words with the lender\'s file number, one invoice', count_of($o['history'] ?? [], 'Payment accepted') === 1 && count($o['payments'] ?? []) === 1
    && (float) ($o['payments'][0]['amount'] ?? 0) === (float) $o['total_paid'] && ($o['invoices'] ?? 0) === 1
    && ($o['payments'][0]['tx'] ?? '') === $sub && !str_contains((string) ($o['payments'][0]['method'] ?? ''), 'SCFRSP'), $o);
// Whichever comes first (a return or a webhook) applies ACCEPTED; all the others answer applied:false.
check('at most one of the concurrent webhooks applied (the one that came first, if before every return), the other answered applied:false',
    count(array_filter($deliveries, static fn ($b) => str_contains((string) $b, '"applied":true'))) <= 1 && count(array_filter($deliveries, static fn ($b) => str_contains((string) $b, '"applied":false'))) >= 1, $deliveries);
check('stock taken once (at the order)', (int) shop('stock', '7')['quantity'] === $stock0 - 10, [$stock0, shop('stock', '7')]);
$toCustomer = mailsTo($fc, $m);
$toMerchant = mailsTo($merchant, $m);
echo '  customer ', json_encode($toCustomer), ' merchant ', json_encode($toMerchant), "\n";
check('the order confirmation and PrestaShop\'s "payment accepted" once each, the new-order alert once', count_of($toCustomer, 'order_conf') === 1 && count_of($toCustomer, 'payment') === 1 && count_of($toMerchant, 'new_order') === 1, [$toCustomer, $toMerchant]);
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub, 'status' => 'CANCELLED', 'force' => true]));
parallel([$fakeCall($hook), $fakeCall($hook), $fakeCall($hook)]);
$o = order($fid);
echo '  cancelled at the lender: ', json_encode($o['history'] ?? null), "\n";
check('cancelled by the lender (three webhooks at once): Canceled once, stock given back once', count_of($o['history'] ?? [], 'Canceled') === 1 && ($o['state'] ?? '') === 'Canceled'
    && (int) shop('stock', '7')['quantity'] === $stock0, [$o['history'] ?? null, shop('stock', '7')]);

say('financing accepted by webhooks alone: three valid deliveries at once (no return URL) → one payment, one invoice');
$fc2 = "fin2-$tag@example.test";
shop('customer', $fc2, 'Passw0rd-123', 'FR');
$p = front($fc2, 'pay', '7', '10', 'financing', 'solution=SCFRSP-3XTS');
$sub2 = basename((string) parse_url((string) ($p['redirect'] ?? ''), PHP_URL_PATH));
$links2 = shop('order-by-subscription', $sub2);
$fid2 = (int) ($links2['id_order'] ?? 0);
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub2, 'status' => 'PRE_ACCEPTED']));
shop('fake', '/_fake/advance', json_encode(['subscriptionId' => $sub2, 'status' => 'ACCEPTED']));
$hook2 = ['subscriptionId' => $sub2, 'url' => "$url/index.php?fc=module&module=shopcredit&controller=webhook", 'keyForSignature' => $links2['webhook_key'] ?? ''];
$m = mailMark();
$outs = parallel([$fakeCall($hook2), $fakeCall($hook2), $fakeCall($hook2)]);
$bodies = array_map(static fn ($j) => (string) (json_decode($j, true)['deliveries'][0]['responseBody'] ?? ''), $outs);
$o = order($fid2);
echo '  webhooks ', implode(' ', $bodies), "\n  order $fid2 ", json_encode($o['history'] ?? null), ' payments ', json_encode($o['payments'] ?? null), ' invoices ', $o['invoices'] ?? '?', "\n";
check('three concurrent webhooks: one applied, the others answered applied:false', count(array_filter($bodies, static fn ($b) => str_contains($b, '"applied":true'))) === 1, $bodies);
check('one "Payment accepted", one payment of the total, one invoice, the order e-mails once', count_of($o['history'] ?? [], 'Payment accepted') === 1 && count($o['payments'] ?? []) === 1
    && (float) ($o['payments'][0]['amount'] ?? 0) === (float) $o['total_paid'] && ($o['invoices'] ?? 0) === 1
    && count_of(mailsTo($fc2, $m), 'order_conf') === 1 && count_of(mailsTo($fc2, $m), 'payment') === 1, [$o, mailsTo($fc2, $m)]);

say('eight status changes at once, shuffled, with duplicates, on a balance order');
$sc8 = "race-$tag@example.test";
$rc = (int) shop('customer', $sc8, 'Passw0rd-123', 'FR')['id_customer'];
shop('bonus', (string) $rc, '200.00', "race-$tag");
$p = front($sc8, 'pay', '1', '1', 'balance');
$sid = (int) ($p['id_order'] ?? 0);
$total = (float) (order($sid)['total_paid'] ?? 0);
$changes = ['PS_OS_CANCELED', 'PS_OS_PAYMENT', 'PS_OS_CANCELED', 'PS_OS_CANCELED', 'PS_OS_PAYMENT', 'PS_OS_PREPARATION', 'PS_OS_CANCELED', 'PS_OS_PAYMENT'];
shuffle($changes);
parallel(array_map(static fn (string $k): string => shopCmd('state', (string) $sid, $k), $changes));
$o = order($sid);
$b = books($rc);
$held = (float) ($o['summary']['wallet']['held'] ?? -1);
echo '  ', implode(' ', $changes), "\n  → ", $o['state'] ?? '?', ', books: balance ', $b['wallet']['balance'] ?? '?', ', order holds ', $o['summary']['wallet']['held'] ?? '?', ' (', $o['summary']['phase'] ?? '?', ")\n";
check('never more given back than taken: balance + what the order holds = 200.00', money2((float) $b['wallet']['balance'] + $held) === '200.00', [$b['wallet'], $o['summary']]);
check('the order holds all of it or nothing', in_array(money2($held), ['0.00', money2($total)], true), $o['summary']);
check('PrestaShop shows paid exactly when the books hold the payment', (($o['state'] ?? '') === 'Canceled') === ($held === 0.0), [$o['state'] ?? null, $held]);

say('refunds and cancellations in every order (credit slips and state changes on balance orders)');
$sq = "seq-$tag@example.test";
$qc = (int) shop('customer', $sq, 'Passw0rd-123', 'FR')['id_customer'];
shop('bonus', (string) $qc, '100.00', "seq-$tag");
$a1 = (int) (front($sq, 'pay', '1', '1', 'balance')['id_order'] ?? 0);
shop('refund', (string) $a1, '10.00');
$afterRefund = books($qc)['wallet']['balance'] ?? '';
shop('state', (string) $a1, 'PS_OS_CANCELED');
$b = books($qc);
echo '  refund 10.00 then cancel: balance ', $afterRefund, ' → ', $b['wallet']['balance'] ?? '', "\n";
check('refund then cancel: the balance is back to 100.00, not 110.00', ($b['wallet']['balance'] ?? '') === '100.00', $b['wallet']);
$a2 = (int) (front($sq, 'pay', '1', '1', 'balance')['id_order'] ?? 0);
shop('state', (string) $a2, 'PS_OS_CANCELED');
$slip = shop('refund', (string) $a2, '5.00');
$o = order($a2);
$b = books($qc);
echo '  cancel then refund: slips ', json_encode($slip['slips'] ?? $slip), ' balance ', $b['wallet']['balance'] ?? '', "\n";
check('cancel then refund: the credit slip books nothing more, the merchant is told why', ($b['wallet']['balance'] ?? '') === '100.00'
    && (float) ($o['summary']['wallet']['refunded'] ?? 1) === 0.0 && preg_grep('/did not record this/', $o['notes'] ?? []) !== [], [$b['wallet'], $o['notes'] ?? null]);
$a3 = (int) (front($sq, 'pay', '1', '1', 'balance')['id_order'] ?? 0);
$t3 = (float) (order($a3)['total_paid'] ?? 0);
shop('state', (string) $a3, 'PS_OS_CANCELED');
shop('state', (string) $a3, 'PS_OS_PAYMENT');
$b = books($qc);
check('cancel then paid again: the balance part is taken again, the order shows paid', ($b['wallet']['balance'] ?? '') === money2(100 - $t3) && (order($a3)['state'] ?? '') === 'Payment accepted', [$b['wallet'], order($a3)['state'] ?? null]);
shop('state', (string) $a3, 'PS_OS_CANCELED');
shop('bonus-debit', (string) $qc, money2(100 - $t3 + 1), "seq-spend-$tag");
shop('state', (string) $a3, 'PS_OS_PAYMENT');
$o = order($a3);
echo '  paid again without the balance: ', json_encode(array_slice($o['history'] ?? [], -3)), ' balance ', books($qc)['wallet']['balance'] ?? '', "\n";
check('paid again when the balance no longer covers it: back to Canceled, the money stays where it is', ($o['state'] ?? '') === 'Canceled'
    && (books($qc)['wallet']['balance'] ?? '') === money2($t3 - 1), [$o['state'] ?? null, books($qc)['wallet']]);
$w2 = "split-$tag@example.test";
$sc2 = (int) shop('customer', $w2, 'Passw0rd-123', 'FR')['id_customer'];
shop('bonus', (string) $sc2, '30.00', "split-$tag");
$sp = (int) (front($w2, 'pay', '2', '1', 'partial')['id_order'] ?? 0);
shop('state', (string) $sp, 'PS_OS_PAYMENT');
shop('refund', (string) $sp, '15.00');
$mid = books($sc2)['wallet']['balance'] ?? '';
$o = order($sp);
shop('state', (string) $sp, 'PS_OS_CANCELED');
$b = books($sc2);
echo '  balance 30.00 + bank wire: refund 15.00 → balance ', $mid, ' (', $o['summary']['wallet']['refunded'] ?? '', ' / ', $o['summary']['external']['refunded'] ?? '', '), cancel → ', $b['wallet']['balance'] ?? '', "\n";
check('PrestaShop\'s refund screen on a split order: split by what each source paid', money2((float) ($o['summary']['wallet']['refunded'] ?? 0) + (float) ($o['summary']['external']['refunded'] ?? 0)) === '15.00'
    && (float) ($o['summary']['wallet']['refunded'] ?? 0) > 0 && (float) ($o['summary']['external']['refunded'] ?? 0) > 0, $o['summary'] ?? null);
check('then cancelled: the balance part comes back once in all (30.00, not more)', ($b['wallet']['balance'] ?? '') === '30.00', $b['wallet']);
check('the merchant is told what to give back through the other method', preg_grep('/through the payment method they used|must be refunded through it/', order($sp)['notes'] ?? []) !== [], order($sp)['notes'] ?? null);

say('payments typed in PrestaShop\'s own order page on an order on account');
$pc = "payer-$tag@example.test";
$pcId = (int) shop('customer', $pc, 'Passw0rd-123', 'FR')['id_customer'];
shop('limit', (string) $pcId, '500.00', 'low');
$ao = (int) (front($pc, 'pay', '1', '2', 'account')['id_order'] ?? 0);
$at = (float) (order($ao)['total_paid'] ?? 0);
shop('state', (string) $ao, 'PS_OS_SHIPPING');
$o = order($ao);
echo '  shipped: payments ', json_encode($o['payments'] ?? null), ' exposure ', books($pcId)['credit']['exposure'] ?? '', "\n";
check('shipped (a state PrestaShop flags paid): PrestaShop\'s own "rest" payment row is taken out, nothing booked, the merchant is told',
    (books($pcId)['credit']['exposure'] ?? '') === money2($at) && ($o['payments'] ?? null) === [] && (float) ($o['total_paid_real'] ?? 1) === 0.0
    && preg_grep('/recorded .* as paid when the order changed state/', $o['notes'] ?? []) !== [], [books($pcId)['credit'] ?? null, $o]);
shop('add-payment', (string) $ao, '10.00', 'Bank wire', 'VIR-E2E-1');
$b = books($pcId);
check('"Add payment" 10.00 by bank wire: booked on the receivable', ($b['credit']['exposure'] ?? '') === money2($at - 10), $b['credit']);
shop('add-payment', (string) $ao, money2($at - 10), 'Cheque', 'CHQ-E2E-2');
$o = order($ao);
$b = books($pcId);
$typed = $o['payments'] ?? [];
echo '  payments typed: ', json_encode($typed), ' exposure ', $b['credit']['exposure'] ?? '', ' receivable ', json_encode($b['receivables'] ?? null), "\n";
check('the rest by cheque: nothing due, the payments carry the method and reference typed, no other payment row, the order stays Shipped',
    ($b['credit']['exposure'] ?? '') === '0.00' && array_column($typed, 'method') === ['Bank wire', 'Cheque'] && array_column($typed, 'tx') === ['VIR-E2E-1', 'CHQ-E2E-2']
    && ($o['state'] ?? '') === 'Shipped', [$typed, $b['credit'], $o['state'] ?? null]);

say('purchase-order number at checkout for orders on account');
shop('bridge-setting', 'orders.po_number', '"required"');
$no = front($pc, 'pay', '1', '1', 'account');
check('required and left empty: refused with the reason, no order', ($no['id_order'] ?? null) === null && str_contains((string) ($no['error'] ?? ''), 'purchase-order number'), $no);
$session = front($pc, 'session', '1', '1');
if (is_array($session['cookies'] ?? null) && (is_file('/usr/bin/chromium') || getenv('CHROMIUM'))) {
    $shot = getenv('SC_SCREENSHOTS') ? rtrim((string) getenv('SC_SCREENSHOTS'), '/') . '/ps-checkout-po-refused.png' : '-';
    $b = run('node ' . escapeshellarg(dirname(__DIR__) . '/checkout.mjs') . ' ' . escapeshellarg($url) . ' ' . escapeshellarg(json_encode($session['cookies'])) . ' ' . escapeshellarg($shot) . ' po-refused');
    check('in Chromium, placed without the number: back at the payment step "Pay on account" is chosen again, its field shown with the reason',
        ($b['chosenAfter'] ?? []) !== [] && str_starts_with((string) $b['chosenAfter'][0], 'Pay on account') && ($b['formShown'] ?? false) === true
        && str_contains((string) ($b['reason'] ?? ''), 'purchase-order number'), $b);
}
$long = str_repeat('9', 36);
$bad = front($pc, 'pay', '1', '1', 'account', 'sc_po_number=' . $long);
check('too long: refused, the payment step shows it again in its field with the reason beside it', ($bad['id_order'] ?? null) === null
    && ($bad['poField']['value'] ?? null) === $long && str_contains((string) ($bad['poField']['reason'] ?? ''), 'at most 35'), $bad);
$yes = front($pc, 'pay', '1', '1', 'account', 'sc_po_number=PO-E2E-' . $tag);
$o = order((int) ($yes['id_order'] ?? 0));
check('given: stored on the order, shown on the order page block', ($o['po'] ?? null) === 'PO-E2E-' . $tag, $o['po'] ?? $yes);
$g = front($pc, 'get', 'index.php?controller=order-detail&id_order=' . (int) ($yes['id_order'] ?? 0), '20000');
check('the customer\'s order page shows it', str_contains((string) ($g['body'] ?? ''), 'PO-E2E-' . $tag), mb_substr((string) ($g['body'] ?? ''), 0, 300));
shop('bridge-setting', 'orders.po_number', '"off"');

say('top-ups: only the payment modules the merchant allows, refused before payment, credited on capture, VAT, reversal, yen');
$tc = "topup2-$tag@example.test";
$tcId = (int) shop('customer', $tc, 'Passw0rd-123', 'FR')['id_customer'];
shop('bridge-setting', 'orders.top_up_methods', '[]');
$r = front($tc, 'topup', '20.00');
check('no payment module allowed for top-ups (a stock shop: bank wire, cheque and cash on delivery settle later): refused at the form', str_contains((string) ($r['refused'] ?? ''), 'balance top-up'), $r);
shop('bridge-setting', 'orders.top_up_methods', '["ps_checkpayment"]');
$r = front($tc, 'topup', '20.00', '', '-');
echo '  offered at the payment step: ', json_encode($r['offered'] ?? null), "\n";
check('only the allowed module is offered for a top-up (bank wire not)', ($r['offered'] ?? null) === ['ps_checkpayment'], $r);
shop('bridge-setting', 'orders.top_up_methods', '["ps_wirepayment"]');
$r = front($tc, 'topup', '20.00');
$tw = (int) ($r['id_order'] ?? 0);
check('a bank-wire top-up (the merchant allows it) is not credited while it waits for the wire', $tw > 0 && (order($tw)['state'] ?? '') === 'Awaiting bank wire payment' && (books($tcId)['wallet']['balance'] ?? '') === '0.00', [$r, books($tcId)['wallet'] ?? null]);
shop('state', (string) $tw, 'PS_OS_CANCELED');
check('cancelled unpaid: nothing to take back, nothing credited', (books($tcId)['wallet']['balance'] ?? '') === '0.00', books($tcId)['wallet']);
shop('settings', 'wallet_topup_vat=included', 'wallet_topup_vat_rate=20');
$r = front($tc, 'topup', '120.00');
$tv = (int) ($r['id_order'] ?? 0);
shop('state', (string) $tv, 'PS_OS_PAYMENT');
$o = order($tv);
echo '  VAT included: ', json_encode($o['summary']['topUp'] ?? null), ' notes ', json_encode(array_slice($o['notes'] ?? [], -2)), "\n";
check('VAT included 20 %: 120.00 paid, 100.00 credited, the note says the net credited', (books($tcId)['wallet']['balance'] ?? '') === '100.00'
    && preg_grep('/100\.00.*120\.00.*20\.00/', $o['notes'] ?? []) !== [], [books($tcId)['wallet'], $o['notes'] ?? null]);
$m = mailMark();
shop('state', (string) $tv, 'PS_OS_CANCELED');
$o = order($tv);
check('cancelled after it was credited: the credit is taken back', (books($tcId)['wallet']['balance'] ?? '') === '0.00' && preg_grep('/taken back from the store balance/', $o['notes'] ?? []) !== [], [books($tcId)['wallet'], $o['notes'] ?? null]);
shop('settings', 'wallet_topup_vat=none');
$jpy = (int) shop('currency', 'JPY', '161.37')['id_currency'];
shop('wallet-merge', '{}', '-perCurrency'); // a shop whose balance amounts are in euros only
$r = front($tc, 'topup', '10000', (string) $jpy, '-');
check('¥10,000 without yen amounts in the balance settings: refused at the form, before any payment', str_contains((string) ($r['refused'] ?? ''), 'currency'), $r);
shop('wallet-merge', json_encode(['perCurrency' => ['JPY' => ['minTopUp' => '500', 'maxTopUp' => '150000', 'minWithdrawal' => '1000']]]));
$r = front($tc, 'topup', '10000', (string) $jpy);
$ty = (int) ($r['id_order'] ?? 0);
echo '  yen cart: ', $r['cart_total_shown'] ?? '?', ' order ', $ty, ' ', order($ty)['total_paid'] ?? '', "\n";
check('¥10,000 in the cart is ¥10,000 (not the euro price converted)', (float) ($r['cart_total'] ?? 0) === 10000.0 && (float) (order($ty)['total_paid'] ?? 0) === 10000.0, $r);
shop('state', (string) $ty, 'PS_OS_PAYMENT');
$by = books($tcId, 'JPY');
check('paid: ¥10,000 credited to the yen balance', ($by['wallet']['balance'] ?? '') === '10000', $by['wallet'] ?? null);

say('top-ups paid later or taken back: the default methods, cash on delivery, a refunded top-up, a cancelled top-up already spent');
$d = shop('top-up-default');
check('the default when the merchant chose nothing: no module that settles after the order (bank wire, cheque, cash on delivery)',
    array_intersect($d['methods'] ?? ['?'], ['ps_wirepayment', 'ps_checkpayment', 'ps_cashondelivery']) === [] && in_array('ps_cashondelivery', $d['installed'] ?? [], true), $d);
shop('payment-country', 'ps_cashondelivery', 'FR');
shop('bridge-setting', 'orders.top_up_methods', '["ps_cashondelivery","ps_wirepayment"]');
$r = front($tc, 'topup', '20.00', '', '-');
check('cash on delivery even when ticked: never offered for a top-up (PrestaShop\'s module refuses a virtual cart), so nothing is credited before money arrives',
    !in_array('ps_cashondelivery', $r['offered'] ?? ['ps_cashondelivery'], true) && in_array('ps_wirepayment', $r['offered'] ?? [], true), $r);
shop('bridge-setting', 'orders.top_up_methods', '["ps_wirepayment"]');
$tr = "topup3-$tag@example.test";
$trId = (int) shop('customer', $tr, 'Passw0rd-123', 'FR')['id_customer'];
$t4 = (int) (front($tr, 'topup', '40.00')['id_order'] ?? 0);
shop('state', (string) $t4, 'PS_OS_PAYMENT');
$b1 = books($trId)['wallet']['balance'] ?? '';
shop('refund', (string) $t4, '10.00');
$b2 = books($trId)['wallet']['balance'] ?? '';
echo "  top-up 40.00 paid → balance $b1, credit slip 10.00 → $b2\n";
check('a top-up refunded in part (credit slip 10.00): 10.00 of its credit taken back', $b1 === '40.00' && $b2 === '30.00', [$b1, $b2, order($t4)['notes'] ?? null]);
$spent = (int) (front($tr, 'pay', '1', '1', 'balance')['id_order'] ?? 0);
$left = books($trId)['wallet']['balance'] ?? '';
$m = mailMark();
shop('state', (string) $t4, 'PS_OS_CANCELED');
$o = order($t4);
$b3 = books($trId)['wallet']['balance'] ?? '';
echo "  spent from it (order $spent) → balance $left, top-up cancelled → $b3; notes ", json_encode(array_slice($o['notes'] ?? [], -2), JSON_UNESCAPED_UNICODE), "\n";
check('the top-up cancelled after part of it was spent: what is left taken back, the merchant told what was spent (note and e-mail)', $spent > 0 && $b3 === '0.00'
    && preg_grep('/Only .* could be taken back from the store balance/', $o['notes'] ?? []) !== [] && in_array('top_up_reversal_short_admin', mailsTo($merchant, $m), true), [$left, $b3, $o['notes'] ?? null, mailsTo($merchant, $m)]);

say('checkout when the merchant turns financing off: no financing option at all, not even listed as unavailable');
$fo = "finoff-$tag@example.test";
shop('customer', $fo, 'Passw0rd-123', 'FR');
$on = front($fo, 'options', '7', '10');
shop('settings', 'financing_enabled=');
$off = front($fo, 'options', '7', '10');
shop('settings', 'financing_enabled=1');
$fin = static fn (array $r): int => count(array_filter($r['options'] ?? [], static fn ($o) => str_contains((string) $o['text'], 'financing partner') || str_contains((string) $o['text'], 'minimum amount')));
echo '  financing on: ', $fin($on), ' option(s); off: ', $fin($off), "\n";
check('financing off: none of its options is offered or listed', $fin($on) > 0 && $fin($off) === 0, [$on, $off]);

<?php

declare(strict_types=1);

namespace ShopCreditDemo;

use ShopCredit\CoreError;
use ShopCredit\Service\InvalidRequest;

/**
 * The back office: accounts, ledger, receivables, orders, requests, financing and its mapping.
 * $error: a form that could not be used comes back with its message next to the field and what
 * was typed still in it.
 */
function adminPage(Demo $demo, ?FormError $error = null): never
{
    $body = '<nav class="sections" aria-label="Back office"><a href="#accounts">Accounts</a> <a href="#receivables">Receivables</a> <a href="#orders">Orders</a> <a href="#financing">Financing</a> <a href="#ledger">Ledger</a> <a href="#requests">Requests</a> <a href="#statistics">Statistics</a> <a href="#books">Books</a></nav>'
        . accountsSection($demo) . receivablesSection($demo, $error) . ordersSection($demo, $error)
        . financingSection($demo) . ledgerSection($demo) . requestsSection($demo) . statisticsSection($demo) . booksSection($demo);
    page('Back office', $body, true, $error);
}

/**
 * Statistics of the last 30 days per day, drawn by the admin chart component (js/dist/shopcredit-chart.js)
 * from the bridge's chart data, with the figures as tables.
 */
function statisticsSection(Demo $demo): string
{
    $now = $demo->sc->clock->now();
    $stats = $demo->sc->charts()->statistics(Demo::SHOP, Demo::CURRENCY, $now - 29 * 86400, $now + 86400, 'day');
    $words = \ShopCredit\I18n\Words::for('en-GB', null, static fn (string $amount, string $currency): string => moneyText($amount));
    $out = '<section id="statistics"><h2>Statistics</h2>';
    foreach (\ShopCredit\I18n\ChartView::CHARTS as $chart) {
        $out .= \ShopCredit\I18n\ChartView::html(\ShopCredit\I18n\ChartView::of($stats, $chart, $words), 'data-chart="' . $chart . '"');
    }
    return $out . '<link rel="stylesheet" href="/widget/shopcredit-chart.css"><script defer src="/widget/shopcredit-chart.js"></script></section>';
}

/** Cell renderers for the tables below (the raw values stay in data-value). */
function moneyCell(): \Closure
{
    return static fn (mixed $v): string => $v === null || $v === '' ? '—' : money((string) $v);
}

function statusCell(): \Closure
{
    return static fn (mixed $v): string => e(Words::status((string) $v));
}

function accountsSection(Demo $demo): string
{
    $ov = $demo->sc->overview();
    $m = moneyCell();
    return '<section id="accounts"><h2>Accounts</h2>'
        . table($ov->accounts(Demo::SHOP, ['kind' => 'credit_line'])['rows'], ['customerId' => 'Customer', 'companyName' => 'Company', 'authorized' => 'Authorized', 'exposure' => 'Exposure', 'remaining' => 'Remaining', 'totalPaid' => 'Total paid', 'totalExpected' => 'Total expected', 'riskLevel' => 'Risk', 'onHold' => 'On hold', 'blockingReasons' => 'Blocking'], 'Credit lines', 'data-table="credit-lines"',
            ['customerId' => customerCell(), 'authorized' => $m, 'exposure' => $m, 'remaining' => $m, 'totalPaid' => $m, 'totalExpected' => $m, 'riskLevel' => statusCell(),
             'blockingReasons' => static fn (mixed $v): string => \is_array($v) && $v !== [] ? e(Words::reasons($v)) : '—'])
        . table($ov->accounts(Demo::SHOP, ['kind' => 'wallet'])['rows'], ['customerId' => 'Customer', 'balance' => 'Balance', 'reserved' => 'Reserved', 'available' => 'Available', 'incoming' => 'Incoming'], 'Store balances', 'data-table="wallets"',
            ['customerId' => customerCell(), 'balance' => $m, 'reserved' => $m, 'available' => $m, 'incoming' => $m])
        . '</section>';
}

function customerCell(): \Closure
{
    return static fn (mixed $v): string => e(Demo::CUSTOMERS[(string) $v]['name'] ?? (string) $v);
}

function receivablesSection(Demo $demo, ?FormError $error): string
{
    $rows = '';
    foreach ($demo->sc->overview()->receivables(Demo::SHOP)['rows'] as $r) {
        $ref = (string) $r['orderRef'];
        $actions = '';
        if ($r['state'] === 'open') {
            $form = "record_payment:$ref";
            $id = "amount-pay-$ref";
            [$attrs, $message] = fieldError($error, $form, 'amount', $id);
            $value = $error?->typed($form, 'amount', amountValue((string) $r['remaining'])) ?? amountValue((string) $r['remaining']);
            $actions = '<form method="post" action="/admin/action" class="inline" novalidate><input type="hidden" name="action" value="record_payment"><input type="hidden" name="ref" value="' . e($ref) . '">'
                . '<label for="' . e($id) . '">Amount (€)</label> <input id="' . e($id) . '" name="amount" size="10" inputmode="decimal" autocomplete="off" value="' . e($value) . '"' . $attrs . '> <button type="submit">Record payment</button>' . $message . '</form> '
                . '<form method="post" action="/admin/action" class="inline"><input type="hidden" name="action" value="mark_paid"><input type="hidden" name="ref" value="' . e($ref) . '"><button type="submit">Mark paid</button>' . formError($error, "mark_paid:$ref") . '</form>';
        }
        $rows .= '<tr data-receivable="' . e($ref) . '"><th scope="row">' . e($ref) . '</th><td>' . e(Demo::CUSTOMERS[$r['customerId']]['name'] ?? $r['customerId']) . '</td><td>' . money($r['amount']) . '</td><td data-col="paid">' . money($r['paid']) . '</td><td data-col="remaining">' . money($r['remaining']) . '</td><td>' . e($r['dueDate'] ?? '—') . '</td><td data-col="state" data-value="' . e($r['state']) . '">' . e(Words::status((string) $r['state'])) . '</td><td>' . $actions . '</td></tr>';
    }
    return '<section id="receivables"><h2>Receivables (orders on account)</h2><table data-table="receivables"><thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Amount</th><th scope="col">Paid</th><th scope="col">Remaining</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>'
        . ($rows ?: '<tr><td colspan="8">none</td></tr>') . '</tbody></table></section>';
}

function ordersSection(Demo $demo, ?FormError $error): string
{
    $rows = '';
    foreach ($demo->orders() as $o) {
        $ref = (string) $o['ref'];
        $refundable = $o['kind'] === 'order' && \in_array($o['status'], ['paid', 'processing', 'partially_refunded', 'refunded'], true)
            && \array_intersect(\array_column($o['data']['sources'] ?? [], 'source'), ['wallet', 'credit_line']) !== [];
        $refunds = '';
        foreach ($o['data']['refunds'] ?? [] as $rf) {
            $refunds .= '<div class="refund" data-refund="' . e($rf['key']) . '">Refunded ' . money($rf['amount']) . ': ' . e(legsInWords($rf['legs'])) . '</div>';
        }
        $form = '';
        if ($refundable) {
            $id = "amount-refund-$ref";
            [$attrs, $message] = fieldError($error, "refund:$ref", 'amount', $id);
            $form = '<form method="post" action="/admin/action" class="inline" novalidate><input type="hidden" name="action" value="refund"><input type="hidden" name="ref" value="' . e($ref) . '">'
                . '<label for="' . e($id) . '">Refund (€)</label> <input id="' . e($id) . '" name="amount" size="10" inputmode="decimal" autocomplete="off" value="' . e($error?->typed("refund:$ref", 'amount', '') ?? '') . '"' . $attrs . '> <button type="submit">Refund</button>' . $message . '</form>';
        }
        $rows .= '<tr data-order="' . e($ref) . '"><th scope="row">' . e($ref) . '</th><td>' . e(Demo::CUSTOMERS[$o['customer_id']]['name'] ?? $o['customer_id']) . '</td><td>' . e($o['label']) . '</td><td>' . money($o['total']) . '</td><td data-value="' . e($o['method']) . '">' . e(Words::method((string) $o['method'], $o['data']['methodLabel'] ?? null)) . '</td><td data-col="status" data-value="' . e($o['status']) . '">' . e(Words::status((string) $o['status'])) . '</td><td>'
            . $refunds . $form . '</td></tr>';
    }
    return '<section id="orders"><h2>Orders</h2><table data-table="orders"><thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Item</th><th scope="col">Total</th><th scope="col">Payment</th><th scope="col">Status</th><th scope="col">Refunds</th></tr></thead><tbody>' . ($rows ?: '<tr><td colspan="7">none</td></tr>') . '</tbody></table></section>';
}

/** @param list<array{source: string, amount: string}> $legs "20,00 € back to the store balance, 6,00 € back to the card" */
function legsInWords(array $legs): string
{
    return \implode(', ', \array_map(static fn (array $l): string => moneyText((string) $l['amount']) . ' back to ' . Words::destination((string) $l['source']), $legs));
}

/** Each financing request, its history and provider events, a provider simulator, the mapping. */
function financingSection(Demo $demo): string
{
    $fin = '';
    foreach ($demo->orders() as $o) {
        if (\str_starts_with((string) $o['method'], 'financing:')) {
            foreach ($demo->financingView((string) $o['ref']) as $f) {
                $fin .= financingArticle($o, $f);
            }
        }
    }
    $mapRows = [];
    foreach ($demo->sc->settings()->get(Demo::SHOP, 'financing.mapping') ?? [] as $status => $m) {
        $mapRows[] = ['status' => $status, 'orderStatus' => $m['orderStatus'], 'isPaid' => $m['isPaid']];
    }
    return '<section id="financing"><h2>Financing requests</h2>' . ($fin ?: '<p>No financing order yet.</p>')
        . table($mapRows, ['status' => 'Lender status', 'orderStatus' => 'Order status', 'isPaid' => 'Order paid'], 'Lender status → order status (setting financing.mapping)', 'data-table="mapping"',
            ['status' => static fn (mixed $v): string => e(Words::financing((string) $v)), 'orderStatus' => statusCell()])
        . '</section>';
}

/** @param array<string, mixed> $o the order @param array<string, mixed> $f its financing request */
function financingArticle(array $o, array $f): string
{
    $hist = \implode(' → ', \array_map(static fn (array $h): string => Words::financing((string) $h['status']), $f['history']));
    $buttons = '';
    foreach (['PRE_ACCEPTED', 'ACCEPTED', 'REJECTED', 'CANCELLED'] as $st) {
        $buttons .= '<button type="submit" name="status" value="' . $st . '" data-simulate="' . $st . '">' . e(Words::financing($st)) . '</button> ';
    }
    $deliveries = '';
    foreach ($o['data']['webhooks'] ?? [] as $w) {
        $deliveries .= '<li data-delivery="' . e($w['status']) . '" data-http="' . e($w['http'] ?? '') . '" data-stored="' . e($w['stored'] ?? '') . '">' . e($w['summary']) . '</li>';
    }
    return '<article class="financing" data-financing="' . e($o['ref']) . '"><h3>' . e($o['ref'] . ' — ' . ($f['label'] ?? 'Financing') . ' — ') . money((string) $f['amount']) . '</h3>'
        . '<p>Status <strong data-col="status" data-value="' . e($f['status']) . '">' . e(Words::financing((string) $f['status'])) . '</strong> → order status <strong data-col="order-status" data-value="' . e($f['orderStatus'] ?? '') . '">' . e(isset($f['orderStatus']) ? Words::status((string) $f['orderStatus']) : '—') . '</strong>' . ($f['final'] ? ' (final)' : '') . '</p>'
        . '<p>History: ' . e($hist ?: 'none') . '</p><p>Messages from the lender kept: <span data-events>' . \count($f['events']) . '</span></p>'
        . '<form method="post" action="/admin/action"><input type="hidden" name="action" value="provider"><input type="hidden" name="ref" value="' . e($o['ref']) . '">'
        . '<fieldset><legend>Act as the lender: move the request, then send its signed notification twice (a duplicate delivery)</legend>' . $buttons . '</fieldset></form>'
        . ($deliveries === '' ? '' : '<ul class="deliveries">' . $deliveries . '</ul>') . '</article>';
}

/** One account's movements (the transfer ids are the books' own references). */
function ledgerSection(Demo $demo): string
{
    $ov = $demo->sc->overview();
    $accounts = [];
    foreach (['credit_line' => 'credit line', 'wallet' => 'store balance'] as $kind => $what) {
        foreach ($ov->accounts(Demo::SHOP, ['kind' => $kind])['rows'] as $a) {
            $accounts[(string) $a['accountId']] = (Demo::CUSTOMERS[$a['customerId']]['name'] ?? $a['customerId']) . " — $what";
        }
    }
    $account = (string) ($_GET['account'] ?? (\array_key_first($accounts) ?? ''));
    $opts = '';
    foreach ($accounts as $id => $label) {
        $opts .= '<option value="' . e($id) . '"' . ($id === $account ? ' selected' : '') . '>' . e($label) . '</option>';
    }
    $moves = isset($accounts[$account]) ? $ov->movements($account, [], 100) : ['items' => []];
    foreach ($moves['items'] as &$t) {
        $t['time'] = \gmdate('Y-m-d H:i:s', (int) $t['timestampS']) . ' UTC';
    }
    unset($t);
    return '<section id="ledger"><h2>Ledger</h2><form method="get" action="/admin#ledger"><label for="acc">Account</label> <select id="acc" name="account">' . $opts . '</select> <button type="submit">Show</button></form>'
        . table($moves['items'], ['id' => 'Transfer', 'direction' => 'Direction', 'amount' => 'Amount', 'pendingStatus' => 'Reservation', 'flags' => 'Kind', 'orderRef' => 'Order', 'time' => 'Time'], 'Movements of ' . ($accounts[$account] ?? 'no account yet'), 'data-table="ledger"',
            ['direction' => statusCell(), 'amount' => moneyCell(), 'pendingStatus' => statusCell(),
             'flags' => static fn (mixed $v): string => e(\is_array($v) && $v !== [] ? \implode(', ', \array_map(static fn (mixed $f): string => \str_replace('_', ' ', (string) $f), $v)) : '—')])
        . '</section>';
}

function requestsSection(Demo $demo): string
{
    $ov = $demo->sc->overview();
    $m = moneyCell();
    return '<section id="requests"><h2>Requests</h2>'
        . table($ov->requests('credit_increase', Demo::SHOP), ['customer_id' => 'Customer', 'current_limit' => 'Current', 'requested_limit' => 'Requested', 'state' => 'State'], 'Credit increases', '',
            ['customer_id' => customerCell(), 'current_limit' => $m, 'requested_limit' => $m, 'state' => statusCell()])
        . table($ov->requests('withdrawal', Demo::SHOP), ['customer_id' => 'Customer', 'amount' => 'Amount', 'state' => 'State'], 'Withdrawals', '',
            ['customer_id' => customerCell(), 'amount' => $m, 'state' => statusCell()])
        . '</section>';
}

function booksSection(Demo $demo): string
{
    $rec = $demo->sc->reconciliation()->run();
    return '<section id="books"><h2>Books</h2><p data-reconciled="' . ($rec['consistent'] ? 'true' : 'false') . '">Reconciliation over ' . e($rec['accounts']) . ' accounts: <strong>' . ($rec['consistent'] ? 'consistent' : 'the books do not add up') . '</strong></p>'
        . '<form method="post" action="/admin/action"><input type="hidden" name="action" value="jobs"><button type="submit">Run the scheduled jobs (expire reservations, reminders, ask the lender)</button></form></section>';
}

/**
 * POST /admin/action: one bridge call per button. Success: a message and back to the section.
 * Refused (unreadable amount, a rule of the core): the back office again, the message next to the
 * field, the typed value kept, HTTP 422, nothing changed.
 */
function adminAction(Demo $demo): never
{
    $action = (string) ($_POST['action'] ?? '');
    $ref = (string) ($_POST['ref'] ?? '');
    try {
        [$message, $anchor] = match ($action) {
            'record_payment' => recordPaymentAction($demo, $ref, (string) ($_POST['amount'] ?? '')),
            'mark_paid' => markPaidAction($demo, $ref),
            'refund' => refundAction($demo, $ref, (string) ($_POST['amount'] ?? '')),
            'provider' => providerAction($demo, $ref, (string) ($_POST['status'] ?? '')),
            'jobs' => jobsAction($demo),
            default => throw new FormRefused(new FormError('admin', 'This button does nothing here.')),
        };
    } catch (FormRefused $e) {
        \http_response_code(422);
        adminPage($demo, $e->error);
    }
    flash($message, 'success');
    redirect("/admin#$anchor");
}

/** @return array{string, string} message, anchor */
function recordPaymentAction(Demo $demo, string $ref, string $typed): array
{
    $form = "record_payment:$ref";
    $amount = typedAmount($typed, $form);
    $n = \count($demo->sc->receivables->paymentsFor(Demo::SHOP, $ref)) + 1;
    $r = bridgeCall($form, 'amount', $typed, static fn (): array => $demo->sc->credit()->recordPayment(Demo::SHOP, $ref, "pay-$ref-$n", $amount, 'bank_transfer', "VIR-$ref-$n", 'admin:demo'));
    if (!$r['accepted']) {
        $max = \in_array('amount_above_maximum', $r['reasons'], true) && isset($r['maximum']) ? ' At most ' . moneyText((string) $r['maximum']) . ' is still due.' : '';
        throw new FormRefused(new FormError($form, 'The payment was not recorded. ' . Words::reasons($r['reasons']) . $max, 'amount', ['amount' => $typed], $r['reasons']));
    }
    return ['Payment of ' . moneyText((string) $r['amount']) . " recorded on $ref.", 'receivables'];
}

/** @return array{string, string} */
function markPaidAction(Demo $demo, string $ref): array
{
    $form = "mark_paid:$ref";
    $r = bridgeCall($form, null, '', static fn (): array => $demo->sc->credit()->markPaid(Demo::SHOP, $ref, "pay-$ref-final", 'bank_transfer', null, 'admin:demo'));
    if (!($r['accepted'] ?? false)) {
        throw new FormRefused(new FormError($form, "$ref was not marked paid. " . Words::reasons($r['reasons'] ?? []), null, [], $r['reasons'] ?? []));
    }
    return ["$ref marked paid (" . moneyText((string) $r['amount']) . ').', 'receivables'];
}

/** @return array{string, string} */
function refundAction(Demo $demo, string $ref, string $typed): array
{
    $form = "refund:$ref";
    $o = $demo->order($ref) ?? throw new FormRefused(new FormError('admin', Words::input('not_found')));
    $amount = typedAmount($typed, $form);
    $n = \count($o['data']['refunds'] ?? []) + 1;
    $key = "rf-$ref-$n";
    $r = bridgeCall($form, 'amount', $typed, static fn (): array => $demo->sc->wallet()->refund(Demo::SHOP, (string) $o['customer_id'], Demo::CURRENCY, $key, $ref, $amount, $o['data']['sources']));
    if (!$r['accepted']) {
        throw new FormRefused(new FormError($form, 'The refund was not made. ' . Words::reasons($r['reasons']), 'amount', ['amount' => $typed], $r['reasons']));
    }
    $legs = \array_map(static fn (array $l): array => ['source' => $l['source'], 'amount' => $l['amount']], $r['legs']);
    $demo->updateOrder($ref, ['data' => ['refunds' => [...($o['data']['refunds'] ?? []), ['key' => $key, 'amount' => $amount, 'legs' => $legs]]]]);
    return ['Refund of ' . moneyText($amount) . " on $ref: " . legsInWords($legs) . '.', 'orders'];
}

/** @return array{string, string} */
function providerAction(Demo $demo, string $ref, string $status): array
{
    $o = $demo->order($ref) ?? throw new FormRefused(new FormError('admin', Words::input('not_found')));
    if (!\in_array($status, ['PRE_ACCEPTED', 'ACCEPTED', 'REJECTED', 'CANCELLED'], true) || !isset($o['data']['subscriptionId'])) {
        throw new FormRefused(new FormError('admin', 'This is not something the lender can answer for this order.'));
    }
    $sub = (string) $o['data']['subscriptionId'];
    $adv = $demo->fakeProvider('/_fake/advance', ['subscriptionId' => $sub, 'status' => $status]);
    if ($adv['http'] !== 200) {
        throw new FormRefused(new FormError('admin', 'The lender cannot move this request to "' . Words::financing($status) . '" now (it may already be final).'));
    }
    $hook = $demo->fakeProvider('/_fake/webhook', ['subscriptionId' => $sub, 'url' => $demo->config['base_url'] . '/webhook', 'keyForSignature' => $demo->config['webhook_key'], 'duplicate' => 2]);
    $log = [];
    foreach ($hook['body']['deliveries'] ?? [] as $d) {
        $answer = \json_decode((string) ($d['responseBody'] ?? ''), true);
        $stored = $answer['stored'] ?? null;
        // stored=false: the inbox already had this event id, so the bridge answered its stored result.
        $summary = Words::financing($status) . ': ' . match (true) {
            (int) $d['httpStatus'] !== 200 => 'not accepted by the shop (HTTP ' . (int) $d['httpStatus'] . ')',
            $stored === false => 'delivered again — a duplicate: answered, not applied again',
            default => 'delivered and applied',
        };
        $log[] = ['status' => $status, 'http' => (string) $d['httpStatus'], 'stored' => \json_encode($stored), 'summary' => $summary];
    }
    $o = $demo->order($ref);
    $demo->updateOrder($ref, ['data' => ['webhooks' => \array_merge($o['data']['webhooks'] ?? [], $log)]]);
    return ['The lender answered "' . Words::financing($status) . '"; its notification was delivered ' . \count($log) . ' times.', 'financing'];
}

/** @return array{string, string} */
function jobsAction(Demo $demo): array
{
    $r = $demo->sc->jobs()->runAll(Demo::SHOP);
    $done = \sprintf('Scheduled jobs ran: %d expired reservations released, %d waiting lender messages applied, %d financing requests checked, %d reminders.',
        (int) ($r['expired'] ?? 0), (int) ($r['inbox']['applied'] ?? 0), (int) ($r['financing']['polled'] ?? 0), \count($r['reminders']));
    return [$done . ($r['errors'] === [] ? '' : ' Some could not run now and will run next time.'), 'books'];
}

/**
 * A bridge call behind a form: input the core or the service refuses as malformed comes back as
 * the form's error in words (never the developer text).
 * @param callable(): array<string, mixed> $call
 * @return array<string, mixed>
 */
function bridgeCall(string $form, ?string $field, string $typed, callable $call): array
{
    try {
        return $call();
    } catch (CoreError $e) {
        throw new FormRefused(new FormError($form, Words::input($e->errorCode), $field, $field === null ? [] : [$field => $typed], [$e->errorCode]));
    } catch (InvalidRequest $e) {
        throw new FormRefused(new FormError($form, Words::input($e->errorCode), $field, $field === null ? [] : [$field => $typed], [$e->errorCode]));
    }
}

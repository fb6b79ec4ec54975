<?php

declare(strict_types=1);

namespace ShopCreditDemo;

use ShopCredit\Service\InvalidRequest;

/** The back office: accounts, ledger, receivables, orders, requests, financing and its mapping. */
function adminPage(Demo $demo): never
{
    $sc = $demo->sc;
    $ov = $sc->overview();
    $credit = $ov->accounts(Demo::SHOP, ['kind' => 'credit_line']);
    $wallets = $ov->accounts(Demo::SHOP, ['kind' => 'wallet']);
    $body = '<nav class="sections" aria-label="Back office"><a href="#accounts">Accounts</a> <a href="#receivables">Receivables</a> <a href="#orders">Orders</a> <a href="#financing">Financing</a> <a href="#ledger">Ledger</a> <a href="#requests">Requests</a> <a href="#books">Books</a></nav>';

    $body .= '<section id="accounts"><h2>Accounts</h2>'
        . table($credit['rows'], ['customerId' => 'Customer', 'companyName' => 'Company', 'authorized' => 'Authorized', 'exposure' => 'Exposure', 'remaining' => 'Remaining', 'totalPaid' => 'Total paid', 'totalExpected' => 'Total expected', 'riskLevel' => 'Risk', 'onHold' => 'On hold', 'blockingReasons' => 'Blocking'], 'Credit lines', 'data-table="credit-lines"')
        . table($wallets['rows'], ['customerId' => 'Customer', 'balance' => 'Balance', 'reserved' => 'Reserved', 'available' => 'Available', 'incoming' => 'Incoming'], 'Store balances', 'data-table="wallets"')
        . '</section>';

    $rcv = $ov->receivables(Demo::SHOP);
    $rows = '';
    foreach ($rcv['rows'] as $r) {
        $actions = $r['state'] === 'open'
            ? '<form method="post" action="/admin/action" class="inline"><input type="hidden" name="action" value="record_payment"><input type="hidden" name="ref" value="' . e($r['orderRef']) . '">'
              . '<label>Amount <input name="amount" size="8" inputmode="decimal" value="' . e($r['remaining']) . '"></label> <button type="submit">Record payment</button></form> '
              . '<form method="post" action="/admin/action" class="inline"><input type="hidden" name="action" value="mark_paid"><input type="hidden" name="ref" value="' . e($r['orderRef']) . '"><button type="submit">Mark paid</button></form>'
            : '';
        $rows .= '<tr data-receivable="' . e($r['orderRef']) . '"><th scope="row">' . e($r['orderRef']) . '</th><td>' . e($r['customerId']) . '</td><td>' . money($r['amount']) . '</td><td data-col="paid">' . money($r['paid']) . '</td><td data-col="remaining">' . money($r['remaining']) . '</td><td>' . e($r['dueDate'] ?? '—') . '</td><td data-col="state">' . e($r['state']) . '</td><td>' . $actions . '</td></tr>';
    }
    $body .= '<section id="receivables"><h2>Receivables (orders on account)</h2><table data-table="receivables"><thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Amount</th><th scope="col">Paid</th><th scope="col">Remaining</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>'
        . ($rows ?: '<tr><td colspan="8">none</td></tr>') . '</tbody></table></section>';

    $rows = '';
    foreach ($demo->orders() as $o) {
        $refundable = $o['kind'] === 'order' && \in_array($o['status'], ['paid', 'processing', 'partially_refunded', 'refunded'], true)
            && \array_intersect(\array_column($o['data']['sources'] ?? [], 'source'), ['wallet', 'credit_line']) !== [];
        $refunds = '';
        foreach ($o['data']['refunds'] ?? [] as $rf) {
            $refunds .= '<div class="refund" data-refund="' . e($rf['key']) . '">refund ' . money($rf['amount']) . ': ' . e(\implode(', ', \array_map(static fn (array $l): string => $l['source'] . ' ' . $l['amount'], $rf['legs']))) . '</div>';
        }
        $rows .= '<tr data-order="' . e($o['ref']) . '"><th scope="row">' . e($o['ref']) . '</th><td>' . e($o['customer_id']) . '</td><td>' . e($o['label']) . '</td><td>' . money($o['total']) . '</td><td>' . e($o['method']) . '</td><td data-col="status">' . e($o['status']) . '</td><td>'
            . $refunds . ($refundable ? '<form method="post" action="/admin/action" class="inline"><input type="hidden" name="action" value="refund"><input type="hidden" name="ref" value="' . e($o['ref']) . '"><label>Refund <input name="amount" size="8" inputmode="decimal" value=""></label> <button type="submit">Refund</button></form>' : '')
            . '</td></tr>';
    }
    $body .= '<section id="orders"><h2>Orders</h2><table data-table="orders"><thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Item</th><th scope="col">Total</th><th scope="col">Payment</th><th scope="col">Status</th><th scope="col">Refunds</th></tr></thead><tbody>' . ($rows ?: '<tr><td colspan="7">none</td></tr>') . '</tbody></table></section>';

    // Financing: each request, its history and provider events, a provider simulator, the mapping.
    $fin = '';
    foreach ($demo->orders() as $o) {
        if (!\str_starts_with((string) $o['method'], 'financing:')) {
            continue;
        }
        foreach ($demo->financingView((string) $o['ref']) as $f) {
            $hist = \implode(' → ', \array_map(static fn (array $h): string => $h['status'] . ' (' . $h['source'] . ')', $f['history']));
            $buttons = '';
            foreach (['PRE_ACCEPTED', 'ACCEPTED', 'REJECTED', 'CANCELLED'] as $st) {
                $buttons .= '<button type="submit" name="status" value="' . $st . '" data-simulate="' . $st . '">' . $st . '</button> ';
            }
            $deliveries = '';
            foreach ($o['data']['webhooks'] ?? [] as $w) {
                $deliveries .= '<li data-delivery="' . e($w['status']) . '">' . e($w['status'] . ': ' . $w['summary']) . '</li>';
            }
            $fin .= '<article class="financing" data-financing="' . e($o['ref']) . '"><h3>' . e($o['ref'] . ' — ' . ($f['label'] ?? $f['solutionCode']) . ' — ' . $f['amount'] . ' €') . '</h3>'
                . '<p>Status <strong data-col="status">' . e($f['status']) . '</strong> → order status <strong data-col="order-status">' . e($f['orderStatus'] ?? '—') . '</strong>' . ($f['final'] ? ' (final)' : '') . '</p>'
                . '<p>History: ' . e($hist ?: 'none') . '</p><p>Provider events stored: ' . \count($f['events']) . '</p>'
                . '<form method="post" action="/admin/action"><input type="hidden" name="action" value="provider"><input type="hidden" name="ref" value="' . e($o['ref']) . '">'
                . '<fieldset><legend>Simulate the provider: move the request and send its signed webhook twice (a duplicate delivery)</legend>' . $buttons . '</fieldset></form>'
                . ($deliveries === '' ? '' : '<ul class="deliveries">' . $deliveries . '</ul>') . '</article>';
        }
    }
    $mapping = $sc->settings()->get(Demo::SHOP, 'financing.mapping') ?? [];
    $mapRows = [];
    foreach ($mapping as $status => $m) {
        $mapRows[] = ['status' => $status, 'orderStatus' => $m['orderStatus'], 'isPaid' => $m['isPaid']];
    }
    $body .= '<section id="financing"><h2>Financing requests</h2>' . ($fin ?: '<p>No financing order yet.</p>')
        . table($mapRows, ['status' => 'Financing status', 'orderStatus' => 'Order status', 'isPaid' => 'Order paid'], 'Financing → order status mapping (setting financing.mapping)', 'data-table="mapping"') . '</section>';

    // Ledger: one account's movements.
    $all = \array_merge(\array_column($credit['rows'], 'accountId'), \array_column($wallets['rows'], 'accountId'));
    $account = (string) ($_GET['account'] ?? ($all[0] ?? ''));
    $opts = '';
    foreach ($all as $a) {
        $opts .= '<option' . ($a === $account ? ' selected' : '') . '>' . e($a) . '</option>';
    }
    $moves = $account === '' ? ['items' => []] : $ov->movements($account, [], 100);
    foreach ($moves['items'] as &$t) {
        $t['time'] = \gmdate('Y-m-d H:i:s', (int) $t['timestampS']) . ' UTC';
    }
    unset($t);
    $body .= '<section id="ledger"><h2>Ledger</h2><form method="get" action="/admin#ledger"><label for="acc">Account</label> <select id="acc" name="account">' . $opts . '</select> <button type="submit">Show</button></form>'
        . table($moves['items'], ['id' => 'Transfer', 'direction' => 'Direction', 'amount' => 'Amount', 'pendingStatus' => 'Pending status', 'flags' => 'Flags', 'orderRef' => 'Order', 'time' => 'Time'], 'Movements of ' . $account, 'data-table="ledger"') . '</section>';

    $body .= '<section id="requests"><h2>Requests</h2>'
        . table($ov->requests('credit_increase', Demo::SHOP), ['id' => 'Request', 'customer_id' => 'Customer', 'current_limit' => 'Current', 'requested_limit' => 'Requested', 'state' => 'State'], 'Credit increases')
        . table($ov->requests('withdrawal', Demo::SHOP), ['id' => 'Request', 'customer_id' => 'Customer', 'amount' => 'Amount', 'state' => 'State'], 'Withdrawals') . '</section>';

    $rec = $sc->reconciliation()->run();
    $body .= '<section id="books"><h2>Books</h2><p data-reconciled="' . ($rec['consistent'] ? 'true' : 'false') . '">Reconciliation over ' . e($rec['accounts']) . ' accounts: <strong>' . ($rec['consistent'] ? 'consistent' : 'DRIFT') . '</strong></p>'
        . '<form method="post" action="/admin/action"><input type="hidden" name="action" value="jobs"><button type="submit">Run the jobs (expire reservations, reminders, poll financing)</button></form></section>';
    page('Back office', $body, true);
}

/** POST /admin/action: one bridge call per button. */
function adminAction(Demo $demo): never
{
    $sc = $demo->sc;
    $action = (string) ($_POST['action'] ?? '');
    $ref = (string) ($_POST['ref'] ?? '');
    $amount = \trim((string) ($_POST['amount'] ?? ''));
    $anchor = 'accounts';
    switch ($action) {
        case 'record_payment':
            $n = \count($sc->receivables->paymentsFor(Demo::SHOP, $ref)) + 1;
            $r = $sc->credit()->recordPayment(Demo::SHOP, $ref, "pay-$ref-$n", $amount, 'bank_transfer', "VIR-$ref-$n", 'admin:demo');
            flash($r['accepted'] ? "Payment of {$r['amount']} € recorded on $ref." : 'Payment refused: ' . \implode(', ', $r['reasons']) . '.', $r['accepted'] ? 'success' : 'error');
            $anchor = 'receivables';
            break;
        case 'mark_paid':
            $r = $sc->credit()->markPaid(Demo::SHOP, $ref, "pay-$ref-final", 'bank_transfer', null, 'admin:demo');
            flash(($r['accepted'] ?? false) ? "$ref marked paid ({$r['amount']} €)." : 'Refused: ' . \implode(', ', $r['reasons'] ?? []) . '.', ($r['accepted'] ?? false) ? 'success' : 'error');
            $anchor = 'receivables';
            break;
        case 'refund':
            $o = $demo->order($ref) ?? throw new InvalidRequest('not_found', "no order $ref", 'ref');
            $n = \count($o['data']['refunds'] ?? []) + 1;
            $key = "rf-$ref-$n";
            $r = $sc->wallet()->refund(Demo::SHOP, (string) $o['customer_id'], Demo::CURRENCY, $key, $ref, $amount, $o['data']['sources']);
            if ($r['accepted']) {
                $refunds = $o['data']['refunds'] ?? [];
                $refunds[] = ['key' => $key, 'amount' => $amount, 'legs' => \array_map(static fn (array $l): array => ['source' => $l['source'], 'amount' => $l['amount']], $r['legs'])];
                $demo->updateOrder($ref, ['data' => ['refunds' => $refunds]]);
                flash("Refund of $amount € on $ref: " . \implode(', ', \array_map(static fn (array $l): string => $l['source'] . ' ' . $l['amount'] . ' €', $r['legs'])) . '.', 'success');
            } else {
                flash('Refund refused: ' . \implode(', ', $r['reasons']) . '.', 'error');
            }
            $anchor = 'orders';
            break;
        case 'provider':
            $o = $demo->order($ref) ?? throw new InvalidRequest('not_found', "no order $ref", 'ref');
            $status = (string) ($_POST['status'] ?? '');
            $sub = (string) $o['data']['subscriptionId'];
            $adv = $demo->fakeProvider('/_fake/advance', ['subscriptionId' => $sub, 'status' => $status]);
            if ($adv['http'] !== 200) {
                flash("The provider refused $status: " . \json_encode($adv['body']), 'error');
                redirect('/admin#financing');
            }
            $hook = $demo->fakeProvider('/_fake/webhook', ['subscriptionId' => $sub, 'url' => $demo->config['base_url'] . '/webhook', 'keyForSignature' => $demo->config['webhook_key'], 'duplicate' => 2]);
            $log = [];
            foreach ($hook['body']['deliveries'] ?? [] as $d) {
                $answer = \json_decode((string) ($d['responseBody'] ?? ''), true);
                // stored=false: the inbox already had this event id, so the bridge answered its stored result.
                $log[] = ['status' => $status, 'summary' => 'HTTP ' . $d['httpStatus'] . ', stored=' . \json_encode($answer['stored'] ?? null) . ', code=' . ($answer['code'] ?? '-')
                    . (($answer['stored'] ?? null) === false ? ' (duplicate delivery: answered, not applied again)' : '')];
            }
            $o = $demo->order($ref);
            $demo->updateOrder($ref, ['data' => ['webhooks' => \array_merge($o['data']['webhooks'] ?? [], $log)]]);
            flash("Provider: $status, webhook delivered " . \count($log) . ' times.', 'success');
            $anchor = 'financing';
            break;
        case 'jobs':
            $r = $sc->jobs()->runAll(Demo::SHOP);
            flash('Jobs: ' . \json_encode($r), 'success');
            $anchor = 'books';
            break;
        default:
            throw new InvalidRequest('invalid_value', 'unknown action', 'action');
    }
    redirect("/admin#$anchor");
}

<?php

declare(strict_types=1);

namespace ShopCreditDemo;

use ShopCredit\Financing\ProviderException;
use ShopCredit\Service\InvalidRequest;

/** The storefront: catalog, checkout, order pages, My account, top-ups. */
function shopHome(Demo $demo): never
{
    $cid = Demo::customerId();
    $items = '';
    foreach (Demo::PRODUCTS as $id => $p) {
        $items .= '<li class="product" data-product="' . e($id) . '"><h2>' . e($p['label']) . '</h2><p class="price">' . money($p['price']) . '</p>'
            . ($cid === null ? '<p>Sign in (top right) to buy.</p>' : '<p><a class="button" href="/checkout?product=' . e($id) . '">Buy</a></p>') . '</li>';
    }
    page('Shop', '<p class="lead">Choose a customer at the top right: <strong>Acme SARL</strong> buys on account within its credit line; <strong>Léa Martin</strong> tops up her store balance, pays with it, and can finance a purchase.</p><ul class="products">' . $items . '</ul>');
}

function requireCustomer(): string
{
    $cid = Demo::customerId();
    if ($cid === null) {
        flash('Sign in first (choose a customer at the top right).', 'error');
        redirect('/');
    }
    return $cid;
}

/** GET /checkout?product=ID: the server's eligibility (what will be decided) and the widget's preview. */
function checkoutPage(Demo $demo): never
{
    $cid = requireCustomer();
    $pid = (string) ($_GET['product'] ?? '');
    $p = Demo::PRODUCTS[$pid] ?? notFound();
    $elig = $demo->sc->checkout()->eligibility(Demo::SHOP, Demo::customer($cid), Demo::cart($p['price']));
    $radios = '';
    $first = true;
    foreach ($elig['methods'] as $m) {
        if (($m['display'] ?? 'shown') === 'hidden') {
            continue;
        }
        $value = $m['method'] . (isset($m['solutionCode']) ? ':' . $m['solutionCode'] : '');
        $name = match ($m['method']) {
            'credit_line' => 'Pay on account',
            'wallet_full' => 'Store balance',
            'wallet_partial' => 'Store balance, the rest by card',
            'financing' => (string) ($m['label'] ?? 'Financing'),
            default => $m['method'],
        };
        $detail = $m['available']
            ? 'covers ' . money($m['covers'] ?? null) . ', left to pay ' . money($m['remaining'] ?? null)
            : reasons($m['reasons']);
        $checked = $m['available'] && $first ? ' checked' : '';
        $first = $first && !$m['available'];
        $id = 'm-' . \preg_replace('/[^a-z0-9_]+/i', '-', $value);
        $radios .= '<li data-method="' . e($value) . '" data-available="' . ($m['available'] ? 'true' : 'false') . '"><input type="radio" name="method" id="' . e($id) . '" value="' . e($value) . '"' . ($m['available'] ? '' : ' disabled') . $checked . '> '
            . '<label for="' . e($id) . '"><strong>' . e($name) . '</strong> — ' . $detail . '</label></li>';
    }
    $radios .= '<li data-method="card" data-available="true"><input type="radio" name="method" id="m-card" value="card"' . ($first ? ' checked' : '') . '> <label for="m-card"><strong>Card</strong> (simulated, outside ShopCredit)</label></li>';
    page('Checkout', '<section class="cart"><h2>Your cart</h2><p data-cart-total="' . e($p['price']) . '">' . e($p['label']) . ': <strong>' . money($p['price']) . '</strong></p></section>'
        . '<section class="preview" aria-labelledby="preview-h"><h2 id="preview-h">Preview in your browser</h2><div data-shopcredit-checkout data-total="' . e($p['price']) . '" data-billing-country="' . Demo::COUNTRY . '"></div></section>'
        . '<form method="post" action="/checkout" class="methods"><input type="hidden" name="product" value="' . e($pid) . '"><fieldset><legend>Payment method (decided by the server)</legend><ul>' . $radios . '</ul></fieldset>'
        . '<button type="submit" id="place-order">Place order</button></form>');
}

/** POST /checkout: reserve, credit check, settle or start financing, exactly as a host does. */
function placeOrder(Demo $demo): never
{
    $cid = requireCustomer();
    $pid = (string) ($_POST['product'] ?? '');
    $p = Demo::PRODUCTS[$pid] ?? notFound();
    $method = (string) ($_POST['method'] ?? '');
    $sc = $demo->sc;
    $customer = Demo::customer($cid);
    $cart = Demo::cart($p['price']);
    $ref = $demo->nextRef('D');
    $key = "co-$ref";
    $total = $p['price'];

    if ($method === 'credit_line') {
        $r = $sc->checkout()->reserve(Demo::SHOP, $key, $ref, $customer, Demo::reserveCart($total), ['creditLine' => $total]);
        if (!$r['accepted']) {
            refused('Pay on account was refused', $r['reasons'], $pid);
        }
        $placed = $sc->credit()->checkPlaced("chk-$ref", $ref, Demo::CURRENCY, $total, 'processing');
        $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, 'credit_line', (string) $placed['nextStatus'], ['sources' => [['source' => 'credit_line', 'paid' => $total]]]);
        // The credit check runs at once here (a host runs it from its order-status hook).
        $run = $sc->credit()->checkRun(Demo::SHOP, $cid, "chk-$ref", $ref, Demo::CURRENCY, $total, 'processing', "$key:credit");
        $data = ['creditCheck' => $run['outcome'], 'creditReasons' => $run['reasons'] ?? []];
        if ($run['outcome'] === 'passed') {
            $due = $sc->credit()->dueDate(Demo::SHOP, $ref, \gmdate('Y-m-d', $sc->clock->now()));
            $data['dueDate'] = $due['receivable']['dueDate'] ?? null;
        }
        $demo->updateOrder($ref, ['status' => (string) $run['nextStatus'], 'data' => $data]);
        flash("Order $ref placed on account: credit check " . $run['outcome'] . '.', $run['outcome'] === 'passed' ? 'success' : 'error');
        redirect("/order?ref=$ref");
    }
    if ($method === 'wallet_full' || $method === 'wallet_partial') {
        $elig = \array_column($sc->checkout()->eligibility(Demo::SHOP, $customer, $cart)['methods'], null, 'method');
        $m = $elig[$method] ?? null;
        if ($m === null || !$m['available']) {
            refused('The store balance cannot pay this order', $m['reasons'] ?? ['method_disabled'], $pid);
        }
        $r = $sc->checkout()->reserve(Demo::SHOP, $key, $ref, $customer, Demo::reserveCart($total), ['wallet' => (string) $m['covers']]);
        if (!$r['accepted']) {
            refused('The store balance was refused', $r['reasons'], $pid);
        }
        $sources = [['source' => 'wallet', 'paid' => (string) $m['covers']]];
        if ($method === 'wallet_partial') {
            $sources[] = ['source' => 'external', 'paid' => (string) $r['remainingToPay']]; // the card pays the rest (simulated)
        }
        $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, $method, 'awaiting_payment', ['sources' => $sources]);
        $s = $sc->checkout()->settle($ref, 'paid');
        $demo->updateOrder($ref, ['status' => $s['settled'] ? 'paid' : 'payment_error']);
        flash("Order $ref paid: " . $m['covers'] . ' € from the store balance' . ($method === 'wallet_partial' ? ', ' . $r['remainingToPay'] . ' € by card' : '') . '.', 'success');
        redirect("/order?ref=$ref");
    }
    if (\str_starts_with($method, 'financing:')) {
        $code = \substr($method, 10);
        $c = Demo::CUSTOMERS[$cid];
        $base = (string) $demo->config['base_url'];
        try {
            $start = $sc->financing()->start(Demo::SHOP, $ref, $code, $total, Demo::CURRENCY, $cid,
                ['firstName' => $c['first'], 'lastName' => $c['last'], 'email' => $c['email'], 'phone' => '+33612345678'],
                ['street' => '12 rue de la Paix', 'zip' => '75002', 'city' => 'Paris', 'country' => Demo::COUNTRY], null,
                [['id' => $pid, 'label' => $p['label'], 'quantity' => 1, 'price' => $total]], "$base/financing/return?order=$ref");
        } catch (ProviderException $e) {
            refused('The financing provider could not be reached', ['provider_unavailable'], $pid);
        }
        $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, "financing:$code", 'awaiting_financing', ['subscriptionId' => $start['subscriptionId'], 'redirectUrl' => $start['redirectUrl'], 'sources' => [['source' => 'external', 'paid' => $total]]]);
        // Read the request's first status from the provider (hosts do it on return or by polling).
        $sc->financing()->poll($start['subscriptionId']);
        $demo->syncFinancingOrder($ref);
        flash("Order $ref: financing request created. Continue at the lender, or let the back office simulate the provider.", 'success');
        redirect("/order?ref=$ref");
    }
    if ($method === 'card') {
        $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, 'card', 'paid', ['sources' => [['source' => 'external', 'paid' => $total]]]);
        flash("Order $ref paid by card (simulated).", 'success');
        redirect("/order?ref=$ref");
    }
    throw new InvalidRequest('invalid_value', 'choose a payment method', 'method');
}

/** @param list<string> $reasons */
function refused(string $title, array $reasons, string $pid): never
{
    flash($title . ': ' . \implode(', ', $reasons) . '.', 'error');
    redirect('/checkout?product=' . \rawurlencode($pid));
}

/** GET /order?ref=: the customer's own order, with the financing timeline. */
function orderPage(Demo $demo): never
{
    $cid = requireCustomer();
    $ref = (string) ($_GET['ref'] ?? '');
    $o = $demo->order($ref);
    if ($o === null || $o['customer_id'] !== $cid) {
        notFound();
    }
    $body = '<dl class="facts"><dt>Order</dt><dd data-order-ref>' . e($o['ref']) . '</dd><dt>Item</dt><dd>' . e($o['label']) . '</dd><dt>Total</dt><dd>' . money($o['total']) . '</dd>'
        . '<dt>Payment</dt><dd>' . e($o['method']) . '</dd><dt>Status</dt><dd data-order-status="' . e($o['status']) . '">' . e(\str_replace('_', ' ', $o['status'])) . '</dd>';
    if (isset($o['data']['dueDate'])) {
        $body .= '<dt>Due date</dt><dd>' . e($o['data']['dueDate']) . '</dd>';
    }
    $body .= '</dl>';
    if (isset($o['data']['redirectUrl']) && \in_array($o['status'], ['awaiting_financing'], true)) {
        $body .= '<p><a class="button" id="to-lender" href="' . e($o['data']['redirectUrl']) . '">Continue at the lender (fake Scalexpert)</a></p>';
    }
    if (\str_starts_with((string) $o['method'], 'financing:')) {
        $body .= '<div data-shopcredit-timeline data-order="' . e($o['ref']) . '"></div>';
    }
    page("Order $ref", $body . '<p><a href="/account">My account</a> · <a href="/">Continue shopping</a></p>');
}

/** GET /financing/return?order=: the buyer is back from the lender; read and apply the status. */
function financingReturn(Demo $demo): never
{
    $ref = (string) ($_GET['order'] ?? '');
    $o = $demo->order($ref) ?? notFound();
    $r = $demo->sc->financing()->customerReturn((string) $o['data']['subscriptionId']);
    $demo->syncFinancingOrder($ref);
    flash('Back from the lender: ' . ($r['subscription']['status'] ?? 'status unchanged') . '.', 'success');
    redirect("/order?ref=$ref");
}

/** GET /account: the widget's panel (figures from the core) and the customer's orders. */
function accountPage(Demo $demo): never
{
    $cid = requireCustomer();
    $rows = \array_map(static fn (array $o): array => ['ref' => $o['ref'], 'label' => $o['label'], 'total' => $o['total'], 'method' => $o['method'], 'status' => $o['status']], $demo->orders($cid));
    $links = '';
    foreach ($rows as $r) {
        $links .= '<li><a href="/order?ref=' . e($r['ref']) . '">' . e($r['ref'] . ' — ' . $r['label'] . ' — ' . $r['total'] . ' € — ' . \str_replace('_', ' ', $r['status'])) . '</a></li>';
    }
    $topups = '';
    foreach (Demo::TOP_UPS as $i => $a) {
        $topups .= '<input type="radio" name="amount" id="t' . $i . '" value="' . e($a) . '"' . ($i === 1 ? ' checked' : '') . '> <label for="t' . $i . '">' . money($a) . '</label> ';
    }
    page('My account', '<section data-shopcredit-account aria-label="Credit line and store balance"></section>'
        . '<section><h2>Top up my store balance</h2><form method="post" action="/topup"><fieldset><legend>Amount (paid by card, simulated)</legend>' . $topups . '</fieldset><button type="submit" id="topup">Top up</button></form></section>'
        . '<section><h2>My orders</h2><ul class="orders">' . ($links ?: '<li>No orders yet.</li>') . '</ul></section>');
}

/** POST /topup: a paid top-up order credits the balance (wallet.topUp, one key per order). */
function topUp(Demo $demo): never
{
    $cid = requireCustomer();
    $amount = (string) ($_POST['amount'] ?? '');
    if (!\in_array($amount, Demo::TOP_UPS, true)) {
        throw new InvalidRequest('invalid_value', 'choose a top-up amount', 'amount');
    }
    $ref = $demo->nextRef('T');
    $demo->saveOrder($ref, $cid, 'topup', 'Store balance top-up', $amount, 'card', 'paid', ['sources' => [['source' => 'external', 'paid' => $amount]]]);
    $r = $demo->sc->wallet()->topUp(Demo::SHOP, $cid, Demo::CURRENCY, "top-$ref", $ref, $amount);
    if (!($r['accepted'] ?? false)) {
        $demo->updateOrder($ref, ['status' => 'refund_due']);
        flash('Top-up refused: ' . \implode(', ', $r['reasons'] ?? []) . '.', 'error');
    } else {
        flash("Top-up $ref: +$amount €, balance " . $r['balance'] . ' €.', 'success');
    }
    redirect('/account');
}

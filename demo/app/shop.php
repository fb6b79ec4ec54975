<?php

declare(strict_types=1);

namespace ShopCreditDemo;

use ShopCredit\Financing\ProviderException;

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

/**
 * The shopper's cart for one product: a token kept in a cookie while they look at that product's
 * checkout. The order it paid is found by the token, so coming back to a paid cart (the back
 * button after paying) warns before a second payment.
 */
function cartToken(string $pid): string
{
    $c = isset($_COOKIE['demo_cart']) ? \json_decode((string) $_COOKIE['demo_cart'], true) : null;
    if (\is_array($c) && ($c['product'] ?? null) === $pid && \is_string($c['token'] ?? null) && \preg_match('/^[a-f0-9]{16}$/', $c['token']) === 1) {
        return $c['token'];
    }
    return newCart($pid);
}

function newCart(string $pid): string
{
    $token = \bin2hex(\random_bytes(8));
    \setcookie('demo_cart', \json_encode(['product' => $pid, 'token' => $token]), ['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
    return $token;
}

/**
 * GET /checkout?product=ID: the server's eligibility (what will be decided) and the widget's
 * preview. $error: the form again after a refusal, with the message by the payment methods.
 */
function checkoutPage(Demo $demo, ?FormError $error = null, ?string $cart = null): never
{
    $cid = requireCustomer();
    $pid = (string) ($_GET['product'] ?? $_POST['product'] ?? '');
    $p = Demo::PRODUCTS[$pid] ?? notFound();
    $cart ??= cartToken($pid);
    $paid = $demo->orderForCart($cart, $cid);
    $elig = $demo->sc->checkout()->eligibility(Demo::SHOP, Demo::customer($cid), Demo::cart($p['price']));
    $chosen = $error?->typed('checkout', 'method', '') ?? '';
    $radios = '';
    $first = true;
    foreach ($elig['methods'] as $m) {
        if (($m['display'] ?? 'shown') === 'hidden') {
            continue;
        }
        $value = $m['method'] . (isset($m['solutionCode']) ? ':' . $m['solutionCode'] : '');
        $detail = $m['available'] ? 'covers ' . money($m['covers'] ?? null) . ', left to pay ' . money($m['remainingToPay'] ?? null) : reasons($m['reasons']);
        $checked = $m['available'] && ($chosen === '' ? $first : $chosen === $value);
        $first = $first && !$m['available'];
        $radios .= methodRadio($value, methodName($m), $detail, $m['available'], $checked);
    }
    $radios .= methodRadio('card', 'Card', '(simulated, outside ShopCredit)', true, $chosen === '' ? $first : $chosen === 'card');
    [$attrs, $message] = fieldError($error, 'checkout', 'method', 'methods');
    $again = $paid === null ? '' : alreadyPaid($paid, $error);
    page('Checkout', '<section class="cart"><h2>Your cart</h2><p data-cart-total="' . e($p['price']) . '">' . e($p['label']) . ': <strong>' . money($p['price']) . '</strong></p></section>'
        . '<section class="preview" aria-labelledby="preview-h"><h2 id="preview-h">Preview in your browser</h2><div data-shopcredit-checkout data-total="' . e($p['price']) . '" data-billing-country="' . Demo::COUNTRY . '"></div></section>'
        . '<form method="post" action="/checkout" class="methods" novalidate><input type="hidden" name="product" value="' . e($pid) . '"><input type="hidden" name="cart" value="' . e($cart) . '">'
        . '<fieldset id="methods"' . $attrs . '><legend>Payment method (decided by the server)</legend><ul>' . $radios . '</ul>' . $message . '</fieldset>'
        . $again . '<button type="submit" id="place-order">Place order</button></form>', false, $error);
}

/**
 * A cart that was already paid (the back button after paying): said above the button, and paying
 * again takes a tick, so the first click after coming back never pays twice.
 * @param array<string, mixed> $paid the order that paid this cart
 */
function alreadyPaid(array $paid, ?FormError $error): string
{
    [$attrs, $message] = fieldError($error, 'checkout', 'again', 'again');
    return '<div class="warning" role="alert" data-already-paid="' . e($paid['ref']) . '"><p><strong>You already paid for this cart:</strong> order <a href="/order?ref=' . e($paid['ref']) . '">' . e($paid['ref']) . '</a> ('
        . e($paid['label']) . ', ' . money($paid['total']) . ', ' . e(Words::status((string) $paid['status'])) . ').</p>'
        . '<p><input type="checkbox" name="again" value="1" id="again"' . $attrs . '> <label for="again">Yes, place a second order and pay again</label>' . $message . '</p></div>';
}

/** @param array<string, mixed> $m an eligibility method */
function methodName(array $m): string
{
    return match ($m['method']) {
        'credit_line' => 'Pay on account',
        'wallet_full' => 'Store balance',
        'wallet_partial' => 'Store balance, the rest by card',
        'financing' => (string) ($m['label'] ?? 'Financing'),
        default => Words::method((string) $m['method']),
    };
}

function methodRadio(string $value, string $name, string $detailHtml, bool $available, bool $checked): string
{
    $id = 'm-' . \preg_replace('/[^a-z0-9_]+/i', '-', $value);
    return '<li data-method="' . e($value) . '" data-available="' . ($available ? 'true' : 'false') . '"><input type="radio" name="method" id="' . e($id) . '" value="' . e($value) . '"' . ($available ? '' : ' disabled') . ($checked ? ' checked' : '') . '> '
        . '<label for="' . e($id) . '"><strong>' . e($name) . '</strong> — ' . $detailHtml . '</label></li>';
}

/**
 * POST /checkout: reserve, credit check, settle or start financing, exactly as a host does. A cart
 * already paid is not paid again without the shopper saying so; a refusal shows the checkout again.
 */
function placeOrder(Demo $demo): never
{
    $cid = requireCustomer();
    $pid = (string) ($_POST['product'] ?? '');
    $p = Demo::PRODUCTS[$pid] ?? notFound();
    $method = (string) ($_POST['method'] ?? '');
    $cart = (string) ($_POST['cart'] ?? '');
    if (($_POST['again'] ?? '') === '1' || \preg_match('/^[a-f0-9]{16}$/', $cart) !== 1) {
        $cart = newCart($pid); // the shopper chose to pay again: a new cart
    } elseif (($paid = $demo->orderForCart($cart, $cid)) !== null) {
        \http_response_code(409);
        checkoutPage($demo, new FormError('checkout', "This cart is already paid (order {$paid['ref']}): tick the box to pay for it a second time.", 'again', ['method' => $method], ['already_paid']), $cart);
    }
    try {
        $ref = placeWith($demo, $cid, $pid, $p, $method, $cart);
    } catch (FormRefused $e) {
        \http_response_code(422);
        checkoutPage($demo, $e->error, $cart);
    }
    redirect("/order?ref=$ref");
}

/** @param array{label: string, price: string} $p @return string the order's reference */
function placeWith(Demo $demo, string $cid, string $pid, array $p, string $method, string $cart): string
{
    $ref = $demo->nextRef('D');
    return match (true) {
        $method === 'credit_line' => onAccount($demo, $cid, $p, $ref, $cart),
        $method === 'wallet_full', $method === 'wallet_partial' => withBalance($demo, $cid, $p, $method, $ref, $cart),
        \str_starts_with($method, 'financing:') => withFinancing($demo, $cid, $pid, $p, \substr($method, 10), $ref, $cart),
        $method === 'card' => byCard($demo, $cid, $p, $ref, $cart),
        default => throw new FormRefused(new FormError('checkout', 'Choose a payment method.', 'method', ['method' => $method], ['method_not_offered'])),
    };
}

/** @param list<string> $reasons */
function methodRefused(string $what, array $reasons, string $method): FormRefused
{
    return new FormRefused(new FormError('checkout', "$what. " . Words::reasons($reasons), 'method', ['method' => $method], $reasons));
}

/** @param array{label: string, price: string} $p */
function onAccount(Demo $demo, string $cid, array $p, string $ref, string $cart): string
{
    $sc = $demo->sc;
    $total = $p['price'];
    $key = "co-$ref";
    $r = $sc->checkout()->reserve(Demo::SHOP, $key, $ref, Demo::customer($cid), Demo::reserveCart($total), ['creditLine' => $total]);
    if (!$r['accepted']) {
        throw methodRefused('Pay on account was refused', $r['reasons'], 'credit_line');
    }
    $placed = $sc->credit()->checkPlaced("chk-$ref", $ref, Demo::CURRENCY, $total, 'processing');
    $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, 'credit_line', (string) $placed['nextStatus'], ['sources' => [['source' => 'credit_line', 'paid' => $total]]], $cart);
    // The credit check runs at once here (a host runs it from its order-status hook).
    $run = $sc->credit()->checkRun(Demo::SHOP, $cid, "chk-$ref", $ref, Demo::CURRENCY, $total, 'processing', "$key:credit");
    $data = ['creditCheck' => $run['outcome'], 'creditReasons' => $run['reasons'] ?? []];
    if ($run['outcome'] === 'passed') {
        $due = $sc->credit()->dueDate(Demo::SHOP, $ref, \gmdate('Y-m-d', $sc->clock->now()));
        $data['dueDate'] = $due['receivable']['dueDate'] ?? null;
    }
    $demo->updateOrder($ref, ['status' => (string) $run['nextStatus'], 'data' => $data]);
    flash("Order $ref placed on account: credit check " . Words::status((string) $run['outcome']) . '.', $run['outcome'] === 'passed' ? 'success' : 'error');
    return $ref;
}

/** @param array{label: string, price: string} $p */
function withBalance(Demo $demo, string $cid, array $p, string $method, string $ref, string $cart): string
{
    $sc = $demo->sc;
    $total = $p['price'];
    $elig = \array_column($sc->checkout()->eligibility(Demo::SHOP, Demo::customer($cid), Demo::cart($total))['methods'], null, 'method');
    $m = $elig[$method] ?? null;
    if ($m === null || !$m['available']) {
        throw methodRefused('The store balance cannot pay this order', $m['reasons'] ?? ['method_disabled'], $method);
    }
    $r = $sc->checkout()->reserve(Demo::SHOP, "co-$ref", $ref, Demo::customer($cid), Demo::reserveCart($total), ['wallet' => (string) $m['covers']]);
    if (!$r['accepted']) {
        throw methodRefused('The store balance was refused', $r['reasons'], $method);
    }
    $sources = [['source' => 'wallet', 'paid' => (string) $m['covers']]];
    if ($method === 'wallet_partial') {
        $sources[] = ['source' => 'external', 'paid' => (string) $r['remainingToPay']]; // the card pays the rest (simulated)
    }
    $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, $method, 'awaiting_payment', ['sources' => $sources], $cart);
    $s = $sc->checkout()->settle($ref, 'paid');
    $demo->updateOrder($ref, ['status' => $s['settled'] ? 'paid' : 'payment_error']);
    flash("Order $ref paid: " . moneyText((string) $m['covers']) . ' from the store balance' . ($method === 'wallet_partial' ? ', ' . moneyText((string) $r['remainingToPay']) . ' by card' : '') . '.', 'success');
    return $ref;
}

/** @param array{label: string, price: string} $p */
function withFinancing(Demo $demo, string $cid, string $pid, array $p, string $code, string $ref, string $cart): string
{
    $sc = $demo->sc;
    $total = $p['price'];
    $c = Demo::CUSTOMERS[$cid];
    $base = (string) $demo->config['base_url'];
    try {
        $start = $sc->financing()->start(Demo::SHOP, $ref, $code, $total, Demo::CURRENCY, $cid,
            ['firstName' => $c['first'], 'lastName' => $c['last'], 'email' => $c['email'], 'phone' => '+33612345678'],
            ['street' => '12 rue de la Paix', 'zip' => '75002', 'city' => 'Paris', 'country' => Demo::COUNTRY], null,
            [['id' => $pid, 'label' => $p['label'], 'quantity' => 1, 'price' => $total]], "$base/financing/return?order=$ref");
    } catch (ProviderException) {
        throw methodRefused('Financing could not start', ['provider_unavailable'], "financing:$code");
    } catch (\ShopCredit\Service\InvalidRequest | \ShopCredit\CoreError $e) {
        throw methodRefused('Financing could not start', [$e->errorCode], "financing:$code");
    }
    $label = null;
    foreach ($sc->checkout()->eligibility(Demo::SHOP, Demo::customer($cid), Demo::cart($total))['methods'] as $m) {
        $label = ($m['solutionCode'] ?? null) === $code ? ($m['label'] ?? null) : $label;
    }
    $demo->saveOrder($ref, $cid, 'order', $p['label'], $total, "financing:$code", 'awaiting_financing', ['subscriptionId' => $start['subscriptionId'], 'redirectUrl' => $start['redirectUrl'], 'methodLabel' => $label, 'sources' => [['source' => 'external', 'paid' => $total]]], $cart);
    // Read the request's first status from the provider (hosts do it on return or by polling).
    $sc->financing()->poll($start['subscriptionId']);
    $demo->syncFinancingOrder($ref);
    flash("Order $ref: financing request sent. Continue at the lender, or let the back office act as the lender.", 'success');
    return $ref;
}

/** @param array{label: string, price: string} $p */
function byCard(Demo $demo, string $cid, array $p, string $ref, string $cart): string
{
    $demo->saveOrder($ref, $cid, 'order', $p['label'], $p['price'], 'card', 'paid', ['sources' => [['source' => 'external', 'paid' => $p['price']]]], $cart);
    flash("Order $ref paid by card (simulated).", 'success');
    return $ref;
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
        . '<dt>Payment</dt><dd data-order-method="' . e($o['method']) . '">' . e(Words::method((string) $o['method'], $o['data']['methodLabel'] ?? null)) . '</dd><dt>Status</dt><dd data-order-status="' . e($o['status']) . '">' . e(Words::status((string) $o['status'])) . '</dd>';
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
    $status = $r['subscription']['status'] ?? null;
    flash('Back from the lender: ' . ($status === null ? 'no decision yet' : Words::financing((string) $status)) . '.', 'success');
    redirect("/order?ref=$ref");
}

/** GET /account: the widget's panel (figures from the core), a top-up, the customer's orders. */
function accountPage(Demo $demo, ?FormError $error = null): never
{
    $cid = requireCustomer();
    $links = '';
    foreach ($demo->orders($cid) as $o) {
        $links .= '<li><a href="/order?ref=' . e($o['ref']) . '">' . e($o['ref'] . ' — ' . $o['label'] . ' — ') . money($o['total']) . e(' — ' . Words::status((string) $o['status'])) . '</a></li>';
    }
    $choice = $error?->typed('topup', 'choice', '') ?? '';
    $topups = '';
    foreach (Demo::TOP_UPS as $i => $a) {
        $checked = $choice === '' ? $i === 1 : $choice === $a;
        $topups .= '<input type="radio" name="amount" id="t' . $i . '" value="' . e($a) . '"' . ($checked ? ' checked' : '') . '> <label for="t' . $i . '">' . money($a) . '</label> ';
    }
    [$attrs, $message] = fieldError($error, 'topup', 'other', 'topup-other');
    $topups .= '<input type="radio" name="amount" id="t-other" value="other"' . ($choice === 'other' ? ' checked' : '') . '> <label for="t-other">Another amount</label> '
        . '<label class="visually-hidden" for="topup-other">Another amount in euros</label><input id="topup-other" name="other" size="10" inputmode="decimal" autocomplete="off" placeholder="75,50" value="' . e($error?->typed('topup', 'other', '') ?? '') . '"' . $attrs . '> €' . $message;
    page('My account', '<section data-shopcredit-account aria-label="Credit line and store balance"></section>'
        . '<section><h2>Top up my store balance</h2><form method="post" action="/topup" novalidate><fieldset><legend>Amount (paid by card, simulated)</legend>' . $topups . formError($error, 'topup') . '</fieldset><button type="submit" id="topup">Top up</button></form></section>'
        . '<section><h2>My orders</h2><ul class="orders">' . ($links ?: '<li>No orders yet.</li>') . '</ul></section>', false, $error);
}

/**
 * POST /topup: one of the offered amounts, or another one typed in the shop's format; the core
 * judges it (wallet.topUpCheck) before the card is charged, then a paid top-up order credits the
 * balance (wallet.topUp, one key per order).
 */
function topUp(Demo $demo): never
{
    $cid = requireCustomer();
    $choice = (string) ($_POST['amount'] ?? '');
    $typed = (string) ($_POST['other'] ?? '');
    try {
        $amount = match (true) {
            \in_array($choice, Demo::TOP_UPS, true) => $choice,
            $choice === 'other' => typedAmount($typed, 'topup', 'other'),
            default => throw new FormRefused(new FormError('topup', 'Choose an amount to top up.', null, ['choice' => $choice])),
        };
        $check = $demo->sc->wallet()->checkTopUp(Demo::SHOP, Demo::CURRENCY, $amount);
        if (!($check['accepted'] ?? false)) {
            throw new FormRefused(new FormError('topup', 'This top-up is not possible. ' . Words::reasons($check['reasons'] ?? []), $choice === 'other' ? 'other' : null, ['choice' => $choice, 'other' => $typed], $check['reasons'] ?? []));
        }
    } catch (FormRefused $e) {
        \http_response_code(422);
        accountPage($demo, new FormError($e->error->form, $e->error->message, $e->error->field, $e->error->typed + ['choice' => $choice, 'other' => $typed], $e->error->codes));
    }
    $ref = $demo->nextRef('T');
    $demo->saveOrder($ref, $cid, 'topup', 'Store balance top-up', $amount, 'card', 'paid', ['sources' => [['source' => 'external', 'paid' => $amount]]]);
    $r = $demo->sc->wallet()->topUp(Demo::SHOP, $cid, Demo::CURRENCY, "top-$ref", $ref, $amount);
    if (!($r['accepted'] ?? false)) {
        $demo->updateOrder($ref, ['status' => 'refund_due']);
        flash('The top-up was refused and the card payment will be refunded. ' . Words::reasons($r['reasons'] ?? []), 'error');
    } else {
        flash("Top-up $ref: +" . moneyText($amount) . ', balance ' . moneyText((string) $r['balance']) . '.', 'success');
    }
    redirect('/account');
}

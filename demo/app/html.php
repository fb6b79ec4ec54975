<?php

declare(strict_types=1);

namespace ShopCreditDemo;

/** HTML helpers: escaping, the page frame with the widget, money shown as the bridge gave it. */
function e(mixed $s): string
{
    return \htmlspecialchars((string) $s, \ENT_QUOTES | \ENT_SUBSTITUTE, 'UTF-8');
}

/** Server-side pages show amounts as the decimal strings the bridge answered, with the currency. */
function money(?string $amount): string
{
    return $amount === null ? '—' : e($amount) . ' €';
}

function redirect(string $to): never
{
    \header('Location: ' . $to, true, 303);
    exit;
}

function json(mixed $data, int $status = 200): never
{
    \http_response_code($status);
    \header('Content-Type: application/json');
    \header('Cache-Control: no-store');
    echo \json_encode($data, \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE | \JSON_THROW_ON_ERROR);
    exit;
}

/** A flash message for the next page (cookie, the demo has no sessions). */
function flash(?string $message = null, string $kind = 'info'): ?array
{
    if ($message !== null) {
        \setcookie('demo_flash', \json_encode([$kind, $message]), ['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
        return null;
    }
    $f = isset($_COOKIE['demo_flash']) ? \json_decode((string) $_COOKIE['demo_flash'], true) : null;
    if ($f !== null) {
        \setcookie('demo_flash', '', ['expires' => 1, 'path' => '/']);
    }
    return \is_array($f) ? $f : null;
}

function page(string $title, string $body, bool $admin = false): never
{
    $cid = Demo::customerId();
    $options = '<option value="">Guest (not logged in)</option>';
    foreach (Demo::CUSTOMERS as $id => $c) {
        $options .= '<option value="' . e($id) . '"' . ((string) $id === $cid ? ' selected' : '') . '>' . e($c['name']) . '</option>';
    }
    $f = flash();
    $flash = $f === null ? '' : '<p class="flash flash--' . e($f[0]) . '" role="' . ($f[0] === 'error' ? 'alert' : 'status') . '" data-flash="' . e($f[0]) . '">' . e($f[1]) . '</p>';
    // The widget only for a logged-in customer; ?bundle=classic loads the self-starting script instead of the module.
    $widget = '';
    if ($cid !== null && !$admin) {
        $widget = ($_GET['bundle'] ?? '') === 'classic'
            ? '<script defer src="/widget/shopcredit-widget.js" data-endpoint="/api/me" data-locale="' . Demo::LOCALE . '"></script>'
            : '<script type="module">import { mount } from "/widget/shopcredit-widget.mjs";'
              . 'window.ShopCreditDemo = mount({ endpoint: "/api/me", locale: "' . Demo::LOCALE . '" });</script>';
    }
    $badge = $cid !== null && !$admin ? '<a class="sc-badge" href="/account" data-shopcredit-badge aria-label="Your credit and balance"></a>' : '';
    \header('Content-Type: text/html; charset=utf-8');
    echo '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        . '<title>' . e($title) . ' · ShopCredit demo</title><link rel="icon" href="data:,">'
        . '<link rel="stylesheet" href="/widget/shopcredit-widget.css"><link rel="stylesheet" href="/demo.css">'
        // The wasm and the module start downloading with the page, not when the script asks for them.
        . ($widget === '' ? '' : '<link rel="preload" href="/widget/shopcredit_js_bg.wasm" as="fetch" type="application/wasm" crossorigin>'
            . (($_GET['bundle'] ?? '') === 'classic' ? '' : '<link rel="modulepreload" href="/widget/shopcredit-widget.mjs">'))
        . '</head><body class="' . ($admin ? 'admin' : 'shop') . '">'
        . '<header class="top"><a class="brand" href="/">Atelier Démo</a><nav aria-label="Main"><a href="/">Shop</a> <a href="/account">My account</a> <a href="/admin">Back office</a></nav>'
        . $badge
        . '<form class="who" method="post" action="/login"><label for="who">Signed in as</label> <select id="who" name="customer">' . $options . '</select> <button type="submit">Switch</button></form></header>'
        . '<main id="main">' . $flash . '<h1>' . e($title) . '</h1>' . $body . '</main>'
        . '<footer><p>ShopCredit demo: every decision comes from the core (wasm) through the PHP bridge; the widget runs the same core in the browser.</p></footer>'
        . $widget . '</body></html>';
    exit;
}

/** @param list<string> $reasons */
function reasons(array $reasons): string
{
    return $reasons === [] ? '' : '<span class="reasons" data-reasons="' . e(\implode(',', $reasons)) . '">' . e(\implode(', ', \array_map(static fn (string $r): string => \str_replace('_', ' ', $r), $reasons))) . '</span>';
}

/** @param list<array<string, mixed>> $rows @param array<string, string> $cols key → heading */
function table(array $rows, array $cols, string $caption, string $attr = ''): string
{
    $h = '<table ' . $attr . '><caption>' . e($caption) . '</caption><thead><tr>';
    foreach ($cols as $label) {
        $h .= '<th scope="col">' . e($label) . '</th>';
    }
    $h .= '</tr></thead><tbody>';
    foreach ($rows as $r) {
        $h .= '<tr>';
        foreach (\array_keys($cols) as $k) {
            $v = $r[$k] ?? '';
            $h .= '<td data-col="' . e($k) . '">' . (\is_array($v) ? e(\json_encode($v, \JSON_UNESCAPED_UNICODE)) : (\is_bool($v) ? ($v ? 'yes' : 'no') : e($v))) . '</td>';
        }
        $h .= '</tr>';
    }
    if ($rows === []) {
        $h .= '<tr><td colspan="' . \count($cols) . '">none</td></tr>';
    }
    return $h . '</tbody></table>';
}

<?php

declare(strict_types=1);

namespace ShopCreditDemo;

use ShopCredit\Money\InvalidAmountInput;
use ShopCredit\Money\LocalizedAmount;

/** HTML helpers: escaping, the page frame with the widget, money shown as the bridge gave it. */
function e(mixed $s): string
{
    return \htmlspecialchars((string) $s, \ENT_QUOTES | \ENT_SUBSTITUTE, 'UTF-8');
}

/** Amounts as the shop's locale writes them ("1 234,50 €", like the widget), from the bridge's decimal strings. */
function money(?string $amount): string
{
    return $amount === null ? '—' : e(moneyText($amount));
}

/** The same as text (flash messages, escaped when shown). */
function moneyText(string $amount): string
{
    return LocalizedAmount::format($amount, Demo::CURRENCY, Demo::LOCALE);
}

/** The number alone, for a form field ("1 234,50"). */
function amountValue(string $amount): string
{
    return LocalizedAmount::formatNumber($amount, Demo::CURRENCY, Demo::LOCALE);
}

/**
 * What someone typed, read in the shop's locale (12,50 · 1 000,00 · 1 234,50 €) into the decimal
 * string the bridge takes; otherwise the form comes back with the reason next to the field.
 */
function typedAmount(string $typed, string $form, string $field = 'amount'): string
{
    try {
        return LocalizedAmount::parse($typed, Demo::CURRENCY, Demo::LOCALE);
    } catch (InvalidAmountInput $e) {
        throw new FormRefused(new FormError($form, Words::input($e->errorCode), $field, [$field => $typed], [$e->errorCode]));
    }
}

/** A form that could not be used: which one, the words, the field they belong to, what was typed. */
final class FormError
{
    /** @param array<string, string> $typed field => value as typed @param list<string> $codes */
    public function __construct(
        public readonly string $form,
        public readonly string $message,
        public readonly ?string $field = null,
        public readonly array $typed = [],
        public readonly array $codes = [],
    ) {
    }

    public function typed(string $form, string $field, string $default): string
    {
        return $this->form === $form && isset($this->typed[$field]) ? $this->typed[$field] : $default;
    }
}

/** Thrown by a form handler: the page shows the form again with the error (nothing was changed). */
final class FormRefused extends \RuntimeException
{
    public function __construct(public readonly FormError $error)
    {
        parent::__construct($error->message);
    }
}

/**
 * An input's error wiring: the attributes for the <input> and the message shown right after it.
 * @return array{string, string} attributes, message HTML
 */
function fieldError(?FormError $error, string $form, string $field, string $inputId): array
{
    if ($error === null || $error->form !== $form || ($error->field ?? '') !== $field) {
        return ['', ''];
    }
    return [
        ' aria-invalid="true" aria-describedby="' . e("$inputId-error") . '"',
        '<span class="field-error" id="' . e("$inputId-error") . '" data-form-error="' . e($form) . '" data-error="' . e(\implode(',', $error->codes)) . '">' . e($error->message) . '</span>',
    ];
}

/** A refusal that belongs to a whole form rather than one field (shown above its button). */
function formError(?FormError $error, string $form): string
{
    if ($error === null || $error->form !== $form || $error->field !== null) {
        return '';
    }
    return '<p class="field-error" data-form-error="' . e($form) . '" data-error="' . e(\implode(',', $error->codes)) . '">' . e($error->message) . '</p>';
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

/** The page frame; $error puts a summary on top that names the form's problem (the details stay at the field). */
function page(string $title, string $body, bool $admin = false, ?FormError $error = null): never
{
    $cid = Demo::customerId();
    $options = '<option value="">Guest (not logged in)</option>';
    foreach (Demo::CUSTOMERS as $id => $c) {
        $options .= '<option value="' . e($id) . '"' . ((string) $id === $cid ? ' selected' : '') . '>' . e($c['name']) . '</option>';
    }
    $f = flash();
    $flash = $f === null ? '' : '<p class="flash flash--' . e($f[0]) . '" role="' . ($f[0] === 'error' ? 'alert' : 'status') . '" data-flash="' . e($f[0]) . '">' . e($f[1]) . '</p>';
    if ($error !== null) {
        $flash .= '<p class="flash flash--error" role="alert" data-error-summary="' . e($error->form) . '">' . e($error->message) . ' Nothing was changed.</p>';
    }
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
        // The module starts downloading with the page; the wasm only where a checkout preview needs it
        // (the badge and My account show the server's figures).
        . ($widget === '' ? '' : (\str_contains($body, 'data-shopcredit-checkout') ? '<link rel="preload" href="/widget/shopcredit_storefront_bg.wasm" as="fetch" type="application/wasm" crossorigin>' : '')
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

/** @param list<string> $reasons the core's codes, shown as sentences (the codes stay in data-reasons) */
function reasons(array $reasons): string
{
    return $reasons === [] ? '' : '<span class="reasons" data-reasons="' . e(\implode(',', $reasons)) . '">' . e(Words::reasons($reasons)) . '</span>';
}

/**
 * @param list<array<string, mixed>> $rows
 * @param array<string, string> $cols key → heading
 * @param array<string, callable(mixed): string> $show key → the cell's HTML (escaped text by default);
 *        the raw value stays in the cell's data-value
 */
function table(array $rows, array $cols, string $caption, string $attr = '', array $show = []): string
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
            $raw = \is_array($v) ? \implode(',', \array_map('strval', $v)) : (\is_bool($v) ? ($v ? 'true' : 'false') : (string) $v);
            $cell = isset($show[$k]) ? $show[$k]($v) : (\is_bool($v) ? ($v ? 'yes' : 'no') : e($raw));
            $h .= '<td data-col="' . e($k) . '" data-value="' . e($raw) . '">' . $cell . '</td>';
        }
        $h .= '</tr>';
    }
    if ($rows === []) {
        $h .= '<tr><td colspan="' . \count($cols) . '">none</td></tr>';
    }
    return $h . '</tbody></table>';
}

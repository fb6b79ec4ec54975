<?php

declare(strict_types=1);

namespace ShopCredit\I18n;

use ShopCredit\Money\LocalizedAmount;

/**
 * Words for every code a merchant or a customer can see (refusal reasons, errors, order notes,
 * statuses, movement kinds and states, financing statuses, request states, chart series), in the
 * shop's language, with amounts in the shop's money format. People never see a code.
 *
 *     $w = Words::for('fr-FR');                                  // the bundled French words
 *     $w->text('movement', 'top_up');                           // "Recharge"
 *     $w->reason('exceeds_credit_limit');                       // "La commande dépasse le crédit restant."
 *     $w->note('balance_reserved', ['amount' => '30.00', 'rest' => '70.00'], 'EUR');
 *                                                               // "30,00 € réservés sur le solde ; 70,00 € à payer …"
 *     $w->options('movement');                                  // code => words, for a select
 *     $w->widgetLabels();                                       // the storefront widget's `labels` option
 *
 * The catalogue is the bridge's (`catalogue/{en,fr}.php`: one source, checked complete against
 * the core's code lists by php-bridge/tests/I18n/CatalogueTest.php). Hosts pass their own
 * translation function as $translate: it gets the English words and answers the host's
 * translation (WordPress `__($s, 'shopcredit')`, PrestaShop `$module->l($s, 'words')`), so a
 * translation in the host's catalogue — another language, or the merchant's own wording — wins;
 * where it has none (it answers the English unchanged, or null) the bridge's words for the
 * language are used, then English. `php php-bridge/tools/words.php pot|po|prestashop` writes the
 * same entries for the hosts' catalogue files. $money formats a decimal string and a currency
 * the host's way (default: LocalizedAmount for the locale); $date a YYYY-MM-DD date.
 */
final class Words
{
    /** Languages the bridge ships words for. */
    public const LANGUAGES = ['en', 'fr'];

    /** Note params that are amounts (in the order's currency); `date` is a date; `reason(s)` codes. */
    private const NOTE_AMOUNTS = ['amount', 'rest', 'outstanding', 'missing', 'credit', 'vat', 'paid', 'reversed', 'wallet', 'creditLine', 'external', 'financedAfter'];

    /** @var array<string, array<string, array<string, string>>> language → group → code → words */
    private static array $loaded = [];

    private readonly string $language;
    private readonly \Closure $money;
    private readonly \Closure $date;

    /**
     * @param (\Closure(string $english, string $group, string $code): ?string)|null $translate the host's translation
     * @param (\Closure(string $decimal, string $currency): string)|null $money
     * @param (\Closure(string $ymd): string)|null $date
     */
    public function __construct(
        private readonly string $locale,
        private readonly ?\Closure $translate = null,
        ?\Closure $money = null,
        ?\Closure $date = null,
    ) {
        $lang = \strtolower(\substr(\str_replace('_', '-', $locale), 0, 2));
        $this->language = \in_array($lang, self::LANGUAGES, true) ? $lang : 'en';
        $this->money = $money ?? static fn (string $amount, string $currency): string => LocalizedAmount::format($amount, $currency, $locale);
        $french = $this->language === 'fr';
        $this->date = $date ?? static fn (string $ymd): string => $french && \preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $ymd, $m) ? "$m[3]/$m[2]/$m[1]" : $ymd;
    }

    public static function for(string $locale, ?\Closure $translate = null, ?\Closure $money = null, ?\Closure $date = null): self
    {
        return new self($locale, $translate, $money, $date);
    }

    /** The bundled language in use (`en` when the bridge has none for the locale). */
    public function language(): string
    {
        return $this->language;
    }

    public function locale(): string
    {
        return $this->locale;
    }

    /**
     * The words for one code, placeholders `{name}` filled with $params (already formatted
     * strings). A code the catalogue does not know gets a neutral phrase, never the code.
     * @param array<string, string|int> $params
     */
    public function text(string $group, string $code, array $params = []): string
    {
        $english = self::catalogue('en')[$group][$code] ?? null;
        if ($english === null) {
            return $this->text('word', 'unavailable');
        }
        $words = null;
        if ($this->translate !== null) {
            $host = ($this->translate)($english, $group, $code);
            // The host's function answers the English itself when its catalogue has nothing.
            $words = \is_string($host) && $host !== '' && ($host !== $english || $this->language === 'en') ? $host : null;
        }
        $words ??= self::catalogue($this->language)[$group][$code] ?? $english;
        return self::fill($words, $params);
    }

    public function has(string $group, string $code): bool
    {
        return isset(self::catalogue('en')[$group][$code]);
    }

    /** A refusal reason or ledger result (`docs/codes.md`). */
    public function reason(string $code): string
    {
        return $this->text('reason', $code);
    }

    /**
     * Several reasons, as the core lists them (first = the main one), in one sentence each.
     * @param list<string> $codes
     */
    public function reasons(array $codes): string
    {
        return \implode(' ', \array_map(fn (string $c): string => $this->reason($c), \array_values(\array_unique($codes))));
    }

    /**
     * A malformed-input error (`ShopCredit\Service\InvalidRequest::$errorCode`, `CoreError::$errorCode`,
     * `LocalizedAmount::parse` refusals); `invalid_amount` shows an example in the shop's format.
     */
    public function error(string $code, string $currency = 'EUR'): string
    {
        if (!$this->has('error', $code)) {
            return $this->has('reason', $code) ? $this->reason($code) : $this->text('error', 'internal_error');
        }
        return $this->text('error', $code, ['example' => $this->money('12.50', $currency)]);
    }

    /**
     * An order note (the order lifecycle's `note` action): amounts in $currency in the shop's
     * format, the date in its date format, reason codes in words.
     * @param array<string, string> $params as the core sent them
     */
    public function note(string $code, array $params, string $currency): string
    {
        $shown = [];
        foreach ($params as $name => $value) {
            $value = (string) $value;
            $shown[$name] = match (true) {
                \in_array($name, self::NOTE_AMOUNTS, true) => $this->money($value, $currency),
                $name === 'date' => ($this->date)($value),
                $name === 'reasons' => $this->reasons(\array_values(\array_filter(\explode(',', $value)))),
                $name === 'reason' => $this->has('reason', $value) ? $this->reason($value) : $this->text('movement', $value),
                default => $value,
            };
        }
        // A param that is empty (no provider message when our rules refused) leaves no double space.
        return \trim((string) \preg_replace('/ {2,}/', ' ', $this->text('note', $code, $shown)));
    }

    /**
     * One request to the lender after the sale (a row of AfterSale::forOrder) in one sentence for
     * the order's financing block: what was asked, where it stands, why, and the lender's own words.
     * @param array<string, mixed> $r
     */
    public function afterSaleRequest(array $r): string
    {
        $what = match (true) {
            $r['kind'] === 'confirm_delivery' => $this->text('after_sale_kind', 'confirm_delivery'),
            $r['amount'] === null || $r['fullCancel'] => $this->text('after_sale_kind', 'cancel_all'),
            default => $this->text('after_sale_kind', 'cancel', ['amount' => $this->money((string) $r['amount'], (string) $r['currency'])]),
        };
        $out = $this->text('after_sale_kind', 'line', ['what' => $what, 'state' => $this->text('after_sale_state', (string) $r['state'])]);
        if ($r['state'] === 'pending' && (int) $r['attempts'] > 0) {
            $out .= ' ' . $this->text('after_sale_kind', 'attempts', ['attempts' => (string) $r['attempts']]);
        }
        if (\is_string($r['reason']) && $r['reason'] !== '' && $r['reason'] !== 'provider_refused') {
            $out .= ' — ' . $this->reason($r['reason']);
        }
        if (\is_string($r['providerMessage']) && $r['providerMessage'] !== '') {
            $out .= ' — ' . $r['providerMessage'];
        }
        return $out;
    }

    public function money(string $decimal, string $currency): string
    {
        return ($this->money)($decimal, $currency);
    }

    public function date(string $ymd): string
    {
        return ($this->date)($ymd);
    }

    /** @return array<string, string> code → words of a group, in catalogue order (for selects and legends) */
    public function options(string $group): array
    {
        $out = [];
        foreach (\array_keys(self::catalogue('en')[$group] ?? []) as $code) {
            $out[(string) $code] = $this->text($group, (string) $code);
        }
        return $out;
    }

    /**
     * The storefront widget's `labels` option (js/src/labels.ts) in this language: its texts
     * (placeholders kept for the widget to fill) and the maps of methods, financing statuses and
     * reasons by code.
     * @return array<string, string|array<string, string>>
     */
    public function widgetLabels(): array
    {
        $out = [];
        foreach (\array_keys(self::catalogue('en')['widget']) as $key) {
            $english = self::catalogue('en')['widget'][$key];
            $host = $this->translate === null ? null : ($this->translate)($english, 'widget', (string) $key);
            $out[(string) $key] = \is_string($host) && $host !== '' && ($host !== $english || $this->language === 'en')
                ? $host : (self::catalogue($this->language)['widget'][$key] ?? $english);
        }
        $out['methods'] = $this->options('method');
        $out['statuses'] = ['NONE' => $this->text('financing_status', 'INITIALIZED')] + $this->options('financing_status');
        $out['reasons'] = $this->options('reason');
        return $out;
    }

    /** @param array<string, string|int> $params */
    private static function fill(string $words, array $params): string
    {
        return \preg_replace_callback('/\{([A-Za-z]+)\}/', static fn (array $m): string => \array_key_exists($m[1], $params) ? (string) $params[$m[1]] : $m[0], $words) ?? $words;
    }

    /** @return array<string, array<string, string>> group → code → words */
    public static function catalogue(string $language): array
    {
        if (!\in_array($language, self::LANGUAGES, true)) {
            throw new \InvalidArgumentException("no words in '$language'");
        }
        return self::$loaded[$language] ??= require __DIR__ . "/catalogue/$language.php";
    }
}

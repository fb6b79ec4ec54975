<?php

declare(strict_types=1);

namespace ShopCredit\Tests\I18n;

use PHPUnit\Framework\TestCase;
use ShopCredit\Generated\LabelKeys;
use ShopCredit\I18n\Words;
use ShopCredit\Money\LocalizedAmount;

/**
 * The words people read instead of codes: every code the core lists (src/words.rs, generated
 * into LabelKeys by `make codegen`, so a new code without words fails here) has words in every
 * language the bridge ships, with the same placeholders in each; order notes name exactly the
 * params the core sends; the widget's texts are complete; no words show a code.
 */
final class CatalogueTest extends TestCase
{
    public function testEveryCoreCodeHasWordsInEveryLanguage(): void
    {
        $missing = [];
        foreach (Words::LANGUAGES as $lang) {
            $cat = Words::catalogue($lang);
            foreach (LabelKeys::GROUPS as $group => $codes) {
                foreach ($codes as $code) {
                    if (!isset($cat[$group][$code]) || \trim($cat[$group][$code]) === '') {
                        $missing[] = "$lang: $group.$code";
                    }
                }
            }
        }
        self::assertSame([], $missing, 'codes without words (add them to php-bridge/src/I18n/catalogue/*.php)');
    }

    public function testEveryLanguageHasTheSameEntriesAndPlaceholdersAsEnglish(): void
    {
        $en = Words::catalogue('en');
        foreach (Words::LANGUAGES as $lang) {
            $cat = Words::catalogue($lang);
            self::assertSame(\array_keys($en), \array_keys($cat), "$lang: groups");
            foreach ($en as $group => $entries) {
                self::assertSame(\array_keys($entries), \array_keys($cat[$group]), "$lang: entries of $group");
                foreach ($entries as $code => $english) {
                    self::assertSame(self::placeholders($english), self::placeholders($cat[$group][$code]), "$lang: placeholders of $group.$code");
                }
            }
        }
    }

    public function testTheHostCatalogueExportCarriesEveryEntry(): void
    {
        // Within a group, the same English has the same words in every language: the hosts'
        // catalogues hold one entry per group and English text.
        foreach (Words::LANGUAGES as $lang) {
            foreach (Words::catalogue('en') as $group => $entries) {
                $byEnglish = [];
                foreach ($entries as $code => $english) {
                    $words = Words::catalogue($lang)[$group][$code];
                    self::assertSame($byEnglish[$english] ??= $words, $words, "$lang: $group.$code");
                }
            }
        }
        $tool = \dirname(__DIR__, 2) . '/tools/words.php';
        $lines = (string) \shell_exec(\PHP_BINARY . ' ' . \escapeshellarg($tool) . ' prestashop fr');
        $_MODULE = [];
        eval($lines);
        $key = '<{shopcredit}prestashop>words_movement_' . \md5('Top-up');
        self::assertSame('Recharge', $_MODULE[$key] ?? null);
        $po = (string) \shell_exec(\PHP_BINARY . ' ' . \escapeshellarg($tool) . ' po fr');
        self::assertStringContainsString("msgctxt \"status\"\nmsgid \"Paid\"\nmsgstr \"Payée\"", $po);
        self::assertStringContainsString("msgctxt \"receivable_state\"\nmsgid \"Paid\"\nmsgstr \"Payée\"", $po);
    }

    public function testNoGroupHoldsCodesTheCoreDoesNotKnow(): void
    {
        $en = Words::catalogue('en');
        foreach (LabelKeys::GROUPS as $group => $codes) {
            self::assertSame([], \array_values(\array_diff(\array_keys($en[$group]), $codes)), "$group: words for codes the core does not have");
        }
    }

    public function testOrderNotesNameExactlyTheParamsTheCoreSends(): void
    {
        $en = Words::catalogue('en');
        foreach (LabelKeys::NOTE_PARAMS as $note => $params) {
            $expected = $params;
            \sort($expected);
            self::assertSame($expected, self::placeholders($en['note'][$note]), "note $note");
        }
    }

    public function testTheWidgetGetsEveryTextItHas(): void
    {
        $ts = (string) \file_get_contents(\dirname(__DIR__, 3) . '/js/src/labels.ts');
        self::assertSame(1, \preg_match('/export interface Labels \{(.*?)\n\}/s', $ts, $m));
        \preg_match_all('/^\s*(\w+): string;/m', $m[1], $fields);
        self::assertNotEmpty($fields[1]);
        $labels = Words::for('fr-FR')->widgetLabels();
        foreach ($fields[1] as $f) {
            self::assertArrayHasKey($f, $labels, "widget label $f");
            self::assertIsString($labels[$f]);
        }
        self::assertSame('Crédit restant {credit}, solde {balance}', $labels['badgeAria'], 'the widget fills its own placeholders');
        self::assertSame('Paiement en compte', $labels['methods']['credit_line']);
        self::assertSame('Acceptée par l’organisme de financement', $labels['statuses']['ACCEPTED']);
        self::assertArrayHasKey('exceeds_credit_limit', $labels['reasons']);
    }

    public function testNoWordsShowACodeOrJargon(): void
    {
        foreach (Words::LANGUAGES as $lang) {
            foreach (Words::catalogue($lang) as $group => $entries) {
                foreach ($entries as $code => $words) {
                    if ($group === 'doctor') {
                        continue; // the runtime doctor's rows name php.ini settings and codes as Doctor writes them
                    }
                    self::assertDoesNotMatchRegularExpression('/\b[a-z]+_[a-z_]+\b/', $words, "$lang: $group.$code shows a code");
                    self::assertDoesNotMatchRegularExpression('/\bexposure\b/i', $words, "$lang: $group.$code says exposure");
                }
            }
        }
    }

    public function testNotesAreWordsWithMoneyInTheShopsFormat(): void
    {
        $fr = Words::for('fr-FR');
        $eur = static fn (string $a): string => LocalizedAmount::format($a, 'EUR', 'fr-FR');
        self::assertSame($eur('30.00') . ' réservés sur le solde ; ' . $eur('70.00') . ' à payer avec l’autre moyen de paiement.',
            $fr->note('balance_reserved', ['amount' => '30.00', 'rest' => '70.00'], 'EUR'));
        self::assertSame('Paiement dû le 05/06/2026.', $fr->note('due_date_set', ['date' => '2026-06-05'], 'EUR'));
        self::assertSame('Vérification de crédit refusée : Le compte est suspendu. La commande dépasse le crédit restant.',
            $fr->note('credit_check_failed', ['reasons' => 'account_on_hold,exceeds_credit_limit'], 'EUR'));
        self::assertStringContainsString('Commande en compte', $fr->note('reopen_refused', ['reason' => 'order_on_account', 'missing' => '0.00'], 'EUR'));
        $jpy = Words::for('en-GB')->note('top_up_credited', ['credit' => '10000', 'paid' => '10000', 'vat' => '0'], 'JPY');
        self::assertSame('Balance top-up credited: ' . LocalizedAmount::format('10000', 'JPY', 'en-GB') . ' (paid ' . LocalizedAmount::format('10000', 'JPY', 'en-GB') . ', VAT ' . LocalizedAmount::format('0', 'JPY', 'en-GB') . ').', $jpy);
        self::assertSame('Saisissez un montant comme ' . $eur('12.50') . '.', $fr->error('invalid_amount'));
        self::assertSame('The lender did not cancel ' . LocalizedAmount::format('50.00', 'EUR', 'en-GB') . ' of the financing. The one partial cancellation the lender allows was already made. Give this amount back to the customer another way.',
            Words::for('en-GB')->note('financing_cancel_refused', ['amount' => '50.00', 'reason' => 'financing_partial_cancel_used', 'providerMessage' => ''], 'EUR'), 'an empty provider message leaves no double space');
    }

    public function testAfterSaleRequestsReadAsSentencesForTheFinancingBlock(): void
    {
        $en = Words::for('en-GB');
        $eur = static fn (string $a): string => LocalizedAmount::format($a, 'EUR', 'en-GB');
        $row = static fn (array $r): array => $r + ['kind' => 'cancel', 'amount' => null, 'fullCancel' => false, 'currency' => 'EUR', 'attempts' => 0, 'reason' => null, 'providerMessage' => null];
        self::assertSame('Delivery confirmation to the lender: To be sent (2 tries so far) — The lender could not be reached; the request will be sent again automatically.',
            $en->afterSaleRequest($row(['kind' => 'confirm_delivery', 'state' => 'pending', 'attempts' => 2, 'reason' => 'provider_unavailable'])));
        self::assertSame('Cancellation of ' . $eur('100.00') . ' at the lender: Done', $en->afterSaleRequest($row(['amount' => '100.00', 'state' => 'done'])));
        self::assertSame('Cancellation of ' . $eur('50.00') . ' at the lender: Refused — The one partial cancellation the lender allows was already made.',
            $en->afterSaleRequest($row(['amount' => '50.00', 'state' => 'refused', 'reason' => 'financing_partial_cancel_used', 'providerMessage' => ''])));
        self::assertSame('Annulation de tout le financement auprès de l’organisme de financement : Refusé — cancellation period expired',
            Words::for('fr-FR')->afterSaleRequest($row(['amount' => '80.00', 'fullCancel' => true, 'state' => 'refused', 'reason' => 'provider_refused', 'providerMessage' => 'cancellation period expired'])));
    }

    public function testTheHostsTranslationWinsAndAnUnknownCodeIsNeverShown(): void
    {
        $seen = [];
        $host = static function (string $english, string $group, string $code) use (&$seen): string {
            $seen[] = "$group.$code";
            return $code === 'top_up' ? 'Aufladung' : $english; // a German catalogue with one entry
        };
        $de = Words::for('de-DE', $host);
        self::assertSame('en', $de->language(), 'no bundled German: English is the fallback');
        self::assertSame('Aufladung', $de->text('movement', 'top_up'));
        self::assertSame('Refund', $de->text('movement', 'refund'));
        self::assertContains('movement.refund', $seen);
        $fr = Words::for('fr_FR', static fn (string $english): string => $english);
        self::assertSame('Remboursement', $fr->text('movement', 'refund'), 'a host catalogue without the entry answers the English: the bundled French is used');
        self::assertSame('Versement au client', Words::for('fr-FR', static fn (string $e, string $g, string $c): string => $c === 'withdrawal' ? 'Versement au client' : $e)->text('movement', 'withdrawal'));
        self::assertSame('Indisponible.', Words::for('fr-FR')->text('movement', 'no_such_code'));
        self::assertSame('Indisponible.', Words::for('fr-FR')->reason('no_such_code'));
    }

    public function testOptionsListAGroupInItsOrderForSelects(): void
    {
        $o = Words::for('fr-FR')->options('status');
        self::assertSame(LabelKeys::GROUPS['status'], \array_keys($o));
        self::assertSame('En attente de vérification de crédit', $o['pending_credit_check']);
    }

    /** @return list<string> sorted placeholder names */
    private static function placeholders(string $words): array
    {
        \preg_match_all('/\{([A-Za-z]+)\}/', $words, $m);
        $names = \array_values(\array_unique($m[1]));
        \sort($names);
        return $names;
    }
}

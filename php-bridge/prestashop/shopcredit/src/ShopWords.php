<?php
/**
 * The bridge's words catalogue (ShopCredit\I18n\Words: every code in words, en and fr) in the
 * context's language, with the shop's money and date formats; the module's own catalogue
 * (translations/<iso>.php, file 'words_<group>') wins where the merchant translated a string.
 */

namespace ShopCreditPs;

use ShopCredit\I18n\Words;

final class ShopWords
{
    /** @var array<string, Words> per locale */
    private static array $cache = [];

    public static function of(\Shopcredit $module): Words
    {
        $lang = \Context::getContext()->language;
        $locale = $lang instanceof \Language && (string) $lang->locale !== '' ? (string) $lang->locale : 'en-US';
        return self::$cache[$locale] ??= Words::for($locale,
            static fn (string $english, string $group): string => $module->l($english, 'words_' . $group),
            static fn (string $amount, string $iso): string => OnAccount::money($amount, $iso),
            static fn (string $ymd): string => \Tools::displayDate($ymd));
    }
}

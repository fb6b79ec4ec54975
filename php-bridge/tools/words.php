<?php
/**
 * The bridge's words (php-bridge/src/I18n/catalogue) as entries of the hosts' own catalogues, so
 * they show in the hosts' translation screens (Loco Translate, PrestaShop's translations page) and
 * a translator or merchant can change them or add a language. Each group is one context: the
 * host's translation function passed to Words gets (english, group, code) and calls
 * `_x($english, $group, 'shopcredit')` (WordPress) or `$module->l($english, 'words_' . $group)`
 * (PrestaShop), which these entries answer.
 *
 *   php php-bridge/tools/words.php pot              gettext template (msgctxt = group)
 *   php php-bridge/tools/words.php po fr            gettext entries with the French words
 *   php php-bridge/tools/words.php prestashop fr    $_MODULE lines of translations/fr.php
 */

declare(strict_types=1);

require dirname(__DIR__) . '/src/autoload.php';

use ShopCredit\I18n\Words;

$format = $argv[1] ?? '';
$lang = $argv[2] ?? 'en';
if (!in_array($format, ['pot', 'po', 'prestashop'], true) || !in_array($lang, Words::LANGUAGES, true)) {
    fwrite(STDERR, "usage: words.php pot | po <lang> | prestashop <lang>   (languages: " . implode(', ', Words::LANGUAGES) . ")\n");
    exit(2);
}

$po = static fn (string $s): string => '"' . addcslashes($s, "\"\\\n\t") . '"';
$en = Words::catalogue('en');
$target = Words::catalogue($lang);
$seen = [];
foreach ($en as $group => $entries) {
    foreach ($entries as $code => $english) {
        // One entry per group and English text: codes sharing words share a translation.
        if (isset($seen[$group][$english])) {
            continue;
        }
        $seen[$group][$english] = true;
        $words = $format === 'pot' ? '' : $target[$group][$code];
        if ($format === 'prestashop') {
            // The key PrestaShop's l($string, $specific) looks up (Translate::getModuleTranslation).
            $key = strtolower('<{shopcredit}prestashop>words_' . $group) . '_' . md5(preg_replace("/\\\\*'/", "\\'", $english));
            echo '$_MODULE[' . var_export($key, true) . '] = ' . var_export($words, true) . ";\n";
            continue;
        }
        echo "#. $group.$code\nmsgctxt " . $po($group) . "\nmsgid " . $po($english) . "\nmsgstr " . $po($words) . "\n\n";
    }
}

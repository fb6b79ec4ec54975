<?php
/**
 * Checks the plugin's catalogues: every .po parses, English maps each message to itself, and
 * French translates every message and keeps every placeholder (%s, %1$s, {order_number}) of the messages it translates.
 * Usage: php check-po.php LANGUAGES_DIR
 */

declare(strict_types=1);

require __DIR__ . '/po.php';

$dir = rtrim($argv[1] ?? '', '/');
$fail = 0;
$placeholders = static function (string $s): array {
    preg_match_all('/%(?:\d+\$)?[sd]|\{[a-z_]+\}/', $s, $m);
    $p = $m[0];
    sort($p);
    return $p;
};
$en = parse_po("$dir/shopcredit-en_US.po");
foreach ($en as $key => $str) {
    $id = (string) (strrchr("\x04" . $key, "\x04") ?: '');
    $id = substr($id, 1); // without its context ("ctx\x04msgid")
    if ($key !== '' && $id !== $str) {
        echo "en_US: '$id' is translated as '$str'\n";
        $fail = 1;
    }
}
$fr = parse_po("$dir/shopcredit-fr_FR.po");
foreach ($fr as $id => $str) {
    if ($id !== '' && $placeholders((string) $id) !== $placeholders($str)) {
        echo "fr_FR: placeholders differ in '$id' → '$str'\n";
        $fail = 1;
    }
}
// French is complete: every message of the English catalogue (= the template) is translated.
$missing = array_diff_key($en, $fr);
foreach (array_slice(array_keys($missing), 0, 20) as $id) {
    echo "fr_FR: not translated: '$id'\n";
}
if ($missing !== []) {
    echo 'fr_FR: ' . count($missing) . " messages not translated\n";
    $fail = 1;
}
echo 'catalogues: en_US ' . (count($en) - 1) . ' messages, fr_FR ' . (count($fr) - 1) . " translated\n";
exit($fail);

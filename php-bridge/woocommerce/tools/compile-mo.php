<?php
/**
 * Compiles every languages/*.po of the plugin into a .mo (GNU gettext binary format, what
 * WordPress's load_plugin_textdomain reads) and a .l10n.php (what WordPress 6.5+ reads first: a
 * PHP array opcache keeps compiled, where a .mo is parsed again on every request). A catalogue
 * that translates every message to itself (English) is not compiled: WordPress shows the
 * plugin's own words without it, and would otherwise load it on every page. Plain PHP so the
 * build needs no gettext tools.
 * Usage: php compile-mo.php LANGUAGES_DIR
 */

declare(strict_types=1);

$dir = $argv[1] ?? '';
if (!is_dir($dir)) {
    fwrite(STDERR, "usage: php compile-mo.php LANGUAGES_DIR\n");
    exit(2);
}

require __DIR__ . '/po.php';

$count = 0;
foreach (glob(rtrim($dir, '/') . '/*.po') as $po) {
    $entries = parse_po($po);
    if (is_identity($entries)) {
        echo 'compile-mo: ' . basename($po) . " translates every message to itself: not compiled\n";
        continue;
    }
    write_mo($entries, substr($po, 0, -3) . '.mo');
    write_l10n_php($entries, substr($po, 0, -3) . '.l10n.php');
    echo 'compile-mo: ' . basename($po) . ' → ' . basename($po, '.po') . '.mo, .l10n.php (' . (count($entries) - 1) . " translations)\n";
    $count++;
}
exit($count > 0 ? 0 : 1);

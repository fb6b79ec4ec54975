<?php
/**
 * Compiles every languages/*.po of the plugin into a .mo (GNU gettext binary format, what
 * WordPress's load_plugin_textdomain reads). Plain PHP so the build needs no gettext tools.
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
    write_mo($entries, substr($po, 0, -3) . '.mo');
    echo 'compile-mo: ' . basename($po) . ' → ' . basename($po, '.po') . '.mo (' . (count($entries) - 1) . " translations)\n";
    $count++;
}
exit($count > 0 ? 0 : 1);

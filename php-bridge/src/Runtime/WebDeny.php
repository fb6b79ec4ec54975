<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Folders the bridge writes (the ffi.preload header, the compiled-module cache) may sit under a
 * shop's web root: each gets Apache deny rules and an empty index.php. nginx ignores both: the
 * README gives its `location` rule.
 */
final class WebDeny
{
    public const HTACCESS = "# ShopCredit: nothing here is for browsers\n"
        . "<IfModule mod_authz_core.c>\n    Require all denied\n</IfModule>\n"
        . "<IfModule !mod_authz_core.c>\n    Order deny,allow\n    Deny from all\n</IfModule>\n";
    public const INDEX = "<?php\n// Nothing to see here.\nhttp_response_code(404);\n";

    /** Writes the deny files into $dir when missing (never overwrites the shop's own). */
    public static function protect(string $dir): void
    {
        if (!\is_dir($dir)) {
            return;
        }
        foreach (['.htaccess' => self::HTACCESS, 'index.php' => self::INDEX] as $name => $content) {
            if (!\file_exists("$dir/$name")) {
                @\file_put_contents("$dir/$name", $content);
            }
        }
    }
}

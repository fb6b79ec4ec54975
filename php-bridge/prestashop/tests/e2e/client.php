<?php
/**
 * What every PrestaShop end-to-end script shares (run.php and the files it includes,
 * aftersale.php, adoption.php): the helpers that drive the shop (shop.php inside it,
 * storefront.php over HTTP), check() and the count. Like WooCommerce's tests/e2e-client.php: one
 * copy. The scripts that run inside the shop boot it with kernel.php.
 *
 * Env: SC_PS_URL, SC_PS_DIR, SC_FAKE_URL, SC_E2E_TAG.
 */
$url = rtrim((string) getenv('SC_PS_URL'), '/');
$dir = rtrim((string) getenv('SC_PS_DIR'), '/');
$fake = rtrim((string) getenv('SC_FAKE_URL'), '/');
$here = __DIR__;
$pass = 0;
$failed = [];

/** @return array<string, mixed> the last JSON line a command printed, else its last lines and exit code */
function run(string $cmd): array
{
    $out = [];
    exec($cmd . ' 2>&1', $out, $rc);
    foreach (array_reverse($out) as $line) {
        $t = trim($line);
        if (str_starts_with($t, '{') || str_starts_with($t, '[')) {
            $j = json_decode($t, true);
            if (is_array($j)) {
                return $j;
            }
        }
    }
    return ['_raw' => implode("\n", array_slice($out, -8)), '_rc' => $rc];
}

/** The merchant's side, inside the shop (shop.php COMMAND ARGS...). */
function shop(string ...$args): array
{
    global $here, $dir;
    return run('php ' . escapeshellarg("$here/shop.php") . ' ' . escapeshellarg($dir) . ' ' . implode(' ', array_map('escapeshellarg', $args)));
}

/** A customer's side, over HTTP (storefront.php; the customer is created on first use). */
function front(string $email, string ...$args): array
{
    global $here, $url;
    return run('php ' . escapeshellarg("$here/storefront.php") . ' ' . escapeshellarg($url) . ' ' . escapeshellarg($email) . ' Passw0rd-123 ' . implode(' ', array_map('escapeshellarg', $args)));
}

function check(string $what, bool $ok, mixed $evidence = null): void
{
    global $pass, $failed;
    if ($ok) {
        $pass++;
        echo "  ok   $what\n";
    } else {
        $failed[] = $what;
        echo "  FAIL $what\n       " . json_encode($evidence, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n";
    }
}

function say(string $s): void
{
    echo "\n== $s\n";
}

/** The count, the failures by name; the exit code of the script. */
function summary(): int
{
    global $pass, $failed;
    echo "\n", $pass, ' checks passed, ', count($failed), " failed\n";
    foreach ($failed as $f) {
        echo "  failed: $f\n";
    }
    return $failed === [] ? 0 : 1;
}

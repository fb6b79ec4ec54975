<?php
/**
 * What the plugin adds to a real shop's pages: a customer with a credit line and a store balance,
 * one product in the cart, the plugin switched on and off in alternating rounds (on, off, off,
 * on, …) within one run, each page requested N times per round with the probe (probe.php)
 * measuring each request's CPU time inside PHP. Prints, per page, the median CPU time with the
 * plugin on and off and the difference, and what explains it (database statements, files
 * included, peak memory). See shop-overhead.sh for the environment.
 */

declare(strict_types=1);

const PROBE_MARK = 'ShopCredit overhead probe';

$rounds = max(2, (int) (getenv('SC_OVERHEAD_ROUNDS') ?: 4));
$perRound = max(1, (int) (getenv('SC_OVERHEAD_REQUESTS') ?: 20));
$php = 'php ' . (getenv('SC_OVERHEAD_PHP') ?: '-d ffi.enable=1');
$hosts = array_filter(['wc' => getenv('SC_WC_URL') ?: null, 'ps' => getenv('SC_PS_URL') ?: null]);
$only = getenv('SC_OVERHEAD_HOSTS');
if ($only) {
    $hosts = array_intersect_key($hosts, array_flip(explode(',', $only)));
}

/** A page as the browser asks for it: a name for the report, the path, optional headers. */
final class Page
{
    /** @param list<string> $headers */
    public function __construct(public readonly string $name, public readonly string $path, public array $headers = [])
    {
    }
}

/** A customer's browser session (cookie jar) against one shop. */
final class Browser
{
    private string $jar;

    public function __construct(public readonly string $base)
    {
        $this->jar = (string) tempnam(sys_get_temp_dir(), 'sc-overhead-jar-');
    }

    /** @param list<string> $headers @return array{code: int, body: string, headers: array<string, string>} */
    public function request(string $path, ?array $post = null, array $headers = [], ?string $json = null): array
    {
        $ch = curl_init($this->base . $path);
        $got = [];
        curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_COOKIEJAR => $this->jar, CURLOPT_COOKIEFILE => $this->jar,
            CURLOPT_FOLLOWLOCATION => true, CURLOPT_TIMEOUT => 120, CURLOPT_HTTPHEADER => $headers,
            CURLOPT_HEADERFUNCTION => static function ($ch, string $h) use (&$got): int {
                $p = explode(':', $h, 2);
                if (count($p) === 2) {
                    $got[strtolower(trim($p[0]))] = trim($p[1]);
                }
                return strlen($h);
            }]);
        if ($post !== null || $json !== null) {
            curl_setopt($ch, CURLOPT_POST, true);
            curl_setopt($ch, CURLOPT_POSTFIELDS, $json ?? http_build_query($post));
        }
        $body = (string) curl_exec($ch);
        $code = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        curl_close($ch);
        return ['code' => $code, 'body' => $body, 'headers' => $got];
    }

    public function __destruct()
    {
        @unlink($this->jar);
    }
}

/** @return array<string, mixed> the JSON line a helper printed */
function helper(string $script, string ...$args): array
{
    global $php;
    $cmd = $php . ' ' . escapeshellarg(__DIR__ . '/' . $script) . ' ' . implode(' ', array_map('escapeshellarg', $args)) . ' 2>&1';
    exec($cmd, $out, $rc);
    $j = json_decode((string) end($out), true);
    if ($rc !== 0 || !is_array($j)) {
        throw new RuntimeException("$script " . implode(' ', $args) . " failed:\n" . implode("\n", array_slice($out, -10)));
    }
    return $j;
}

/** Writes the probe where the shop loads it on every request; refuses to replace a file of someone else's. */
function installProbe(string $target, array $db, string $log): void
{
    if (is_file($target) && !str_contains((string) file_get_contents($target), PROBE_MARK)) {
        throw new RuntimeException("$target exists and is not the probe; not replacing it");
    }
    $code = (string) file_get_contents(__DIR__ . '/probe.php');
    $code = str_replace(['/*DB*/ array()', "/*LOG*/ ''"], [var_export($db, true), var_export($log, true)], $code);
    @mkdir(dirname($target), 0777, true);
    file_put_contents($target, $code);
}

/** @param list<Page> $pages */
function measureRound(Browser $b, array $pages, string $state, int $n): void
{
    // Warm after the switch: opcache, the shop's caches, the core's module cache, each web worker.
    for ($i = 0; $i < 4; $i++) {
        foreach ($pages as $p) {
            $b->request($p->path, null, $p->headers);
        }
    }
    for ($i = 0; $i < $n; $i++) {
        foreach ($pages as $p) {
            $r = $b->request($p->path, null, array_merge($p->headers, ["X-SC-Probe: $state|{$p->name}"]));
            if ($r['code'] >= 500) {
                throw new RuntimeException("{$p->name} ($state) answered {$r['code']}");
            }
        }
    }
}

/**
 * Rounds alternate on, off, off, on, … so a slow minute of the machine falls on both states.
 *
 * @param callable(string): void $toggle
 * @param callable(string): list<Page> $pagesFor pages for a state (the badge's nonce comes from the page)
 */
function runRounds(Browser $b, callable $toggle, callable $pagesFor, int $rounds, int $n): void
{
    for ($r = 0; $r < $rounds; $r++) {
        foreach ($r % 2 === 0 ? ['on', 'off'] : ['off', 'on'] as $state) {
            $toggle($state);
            measureRound($b, $pagesFor($state), $state, $n);
            echo '.';
        }
    }
    echo "\n";
}

function median(array $xs): float
{
    return percentile($xs, 0.5);
}

function percentile(array $xs, float $p): float
{
    sort($xs);
    $i = $p * (count($xs) - 1);
    $lo = (int) floor($i);
    return $xs === [] ? 0.0 : $xs[$lo] + ($xs[min($lo + 1, count($xs) - 1)] - $xs[$lo]) * ($i - $lo);
}

/** @param list<string> $order page names in the order measured */
function report(string $log, array $order): void
{
    $by = [];
    $ffi = [];
    $opcache = [];
    foreach (file($log, FILE_IGNORE_NEW_LINES) ?: [] as $line) {
        $l = json_decode($line, true);
        [$state, $page] = explode('|', $l['tag'], 2);
        $by[$page][$state][] = $l;
        $ffi[$l['ffi']] = true;
        $opcache[$l['opcache'] ? 'on' : 'off'] = true;
    }
    printf("web server: ffi.enable=%s, opcache %s\n", implode('/', array_keys($ffi)), implode('/', array_keys($opcache)));
    printf("%-22s %5s %9s %9s %8s %8s | %7s %7s | %6s %6s | %7s %7s | %5s\n", 'page', 'n', 'CPU on', 'CPU off', 'diff', 'p25 diff', 'SQL on', 'off', 'files', 'off', 'KB on', 'off', 'core');
    foreach ($order as $page) {
        $on = $by[$page]['on'] ?? [];
        $off = $by[$page]['off'] ?? [];
        $col = static fn (array $rows, string $k): array => array_column($rows, $k);
        $mOn = median($col($on, 'cpu_us')) / 1000;
        $mOff = median($col($off, 'cpu_us')) / 1000;
        $p25 = (percentile($col($on, 'cpu_us'), 0.25) - percentile($col($off, 'cpu_us'), 0.25)) / 1000;
        printf("%-22s %5d %7.1fms %7.1fms %+7.1f %+8.1f | %7.0f %7.0f | %6.0f %6.0f | %7.0f %7.0f | %5.0f\n", $page, min(count($on), count($off)), $mOn, $mOff, $mOn - $mOff, $p25,
            median($col($on, 'queries')), median($col($off, 'queries')), median($col($on, 'files')), median($col($off, 'files')),
            median($col($on, 'peak_kb')), median($col($off, 'peak_kb')), median(array_map(static fn (array $l): int => $l['core_calls'] ?? 0, $on)));
    }
}

function loadAverage(): string
{
    return implode(' ', array_slice(explode(' ', (string) @file_get_contents('/proc/loadavg')), 0, 3));
}

/** @return list<Page> */
function wcPages(Browser $b, string $state): array
{
    static $nonce = '';
    if ($state === 'on' && $nonce === '' && preg_match('/"nonce":"([0-9a-f]+)"/', $b->request('/')['body'], $m)) {
        $nonce = $m[1]; // the badge's REST nonce, as the widget gets it
    }
    return [
        new Page('home', '/'),
        new Page('classic checkout', '/?pagename=classic-checkout'),
        new Page('block checkout', '/?pagename=checkout'),
        new Page('Store API cart', '/?rest_route=/wc/store/v1/cart'),
        new Page('badge /me', '/?rest_route=/shopcredit/v1/me', ["X-WP-Nonce: $nonce"]),
    ];
}

function runWooCommerce(string $url, string $dir, int $rounds, int $n): void
{
    $log = (string) tempnam(sys_get_temp_dir(), 'sc-overhead-wc-');
    $probe = "$dir/wp-content/mu-plugins/shopcredit-overhead-probe.php";
    installProbe($probe, helper('wc.php', $dir, 'db'), $log);
    try {
        helper('wc.php', $dir, 'plugin', 'on');
        $login = 'overhead' . date('His') . random_int(100, 999);
        $pass = bin2hex(random_bytes(8));
        helper('wc.php', $dir, 'customer', $login, $pass);
        $b = new Browser($url);
        $b->request('/wp-login.php');
        $b->request('/wp-login.php', ['log' => $login, 'pwd' => $pass, 'wp-submit' => 'Log In', 'testcookie' => '1'], ['Cookie: wordpress_test_cookie=WP%20Cookie%20check']);
        $b->request('/?add-to-cart=' . (int) (getenv('SC_WC_PRODUCT_ID') ?: 10));
        echo "WooCommerce $url: customer $login, $rounds rounds × $n requests per page and state, load average " . loadAverage() . "\n";
        runRounds($b, static fn (string $s) => helper('wc.php', $dir, 'plugin', $s), static fn (string $s): array => wcPages($b, $s), $rounds, $n);
        echo 'load average ' . loadAverage() . "\n";
        report($log, array_map(static fn (Page $p): string => $p->name, wcPages($b, 'off')));
    } finally {
        helper('wc.php', $dir, 'plugin', 'on');
        @unlink($probe);
        @unlink($log);
    }
}

function runPrestaShop(string $url, string $dir, int $rounds, int $n): void
{
    $log = (string) tempnam(sys_get_temp_dir(), 'sc-overhead-ps-');
    $probe = "$dir/config/defines_custom.inc.php";
    installProbe($probe, helper('ps.php', $dir, 'db'), $log);
    try {
        helper('ps.php', $dir, 'module', 'on');
        $email = 'overhead' . date('His') . random_int(100, 999) . '@example.test';
        $pass = 'Bench-' . bin2hex(random_bytes(6));
        helper('ps.php', $dir, 'customer', $email, $pass);
        $b = new Browser($url);
        $b->request('/index.php?controller=authentication');
        $b->request('/index.php?controller=authentication', ['email' => $email, 'password' => $pass, 'submitLogin' => '1', 'back' => 'my-account']);
        psToPaymentStep($b, (int) (getenv('SC_PS_PRODUCT_ID') ?: 1));
        $pages = [
            new Page('home', '/index.php'),
            new Page('checkout (order page)', '/index.php?controller=order'),
            new Page('badge summary', '/index.php?fc=module&module=shopcredit&controller=summary'),
        ];
        echo "PrestaShop $url: customer $email, $rounds rounds × $n requests per page and state, load average " . loadAverage() . "\n";
        runRounds($b, static fn (string $s) => helper('ps.php', $dir, 'module', $s), static fn (): array => $pages, $rounds, $n);
        echo 'load average ' . loadAverage() . "\n";
        report($log, array_map(static fn (Page $p): string => $p->name, $pages));
    } finally {
        helper('ps.php', $dir, 'module', 'on');
        @unlink($probe);
        @unlink($log);
    }
}

/** One product in the cart, the address and carrier steps done: the order page shows the payment step. */
function psToPaymentStep(Browser $b, int $productId): void
{
    if (!preg_match('/"static_token":"([0-9a-f]{32})"/', $b->request('/index.php')['body'], $m)) {
        throw new RuntimeException('PrestaShop login failed (no static token)');
    }
    $b->request('/index.php?controller=cart', ['token' => $m[1], 'id_product' => $productId, 'id_customization' => 0, 'qty' => 1, 'add' => 1, 'action' => 'update', 'ajax' => 1]);
    $r = $b->request('/index.php?controller=order');
    if (preg_match('/name="id_address_delivery"[^>]*value="(\d+)"/', $r['body'], $m) || preg_match('/value="(\d+)"[^>]*name="id_address_delivery"/', $r['body'], $m)) {
        $r = $b->request('/index.php?controller=order', ['id_address_delivery' => $m[1], 'confirm-addresses' => '1']);
    }
    if (preg_match('/name="delivery_option\[(\d+)\]"[^>]*value="([^"]+)"/', $r['body'], $m)) {
        $r = $b->request('/index.php?controller=order', ['delivery_option[' . $m[1] . ']' => html_entity_decode($m[2]), 'confirmDeliveryOption' => '1', 'delivery_message' => '']);
    }
    if (!str_contains($r['body'], 'payment-option-')) {
        throw new RuntimeException("PrestaShop's order page shows no payment step");
    }
}

// Failures are exceptions, so each shop's finally block removes the probe and leaves the plugin on.
try {
    foreach ($hosts as $host => $url) {
        $dir = (string) getenv($host === 'wc' ? 'SC_WC_DIR' : 'SC_PS_DIR');
        $url = rtrim($url, '/');
        if ($host === 'wc') {
            runWooCommerce($url, $dir, $rounds, $perRound);
        } else {
            runPrestaShop($url, $dir, $rounds, $perRound);
        }
        echo "\n";
    }
} catch (RuntimeException $e) {
    fwrite(STDERR, "\nshop-overhead: " . $e->getMessage() . "\n");
    exit(1);
}

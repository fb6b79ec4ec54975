<?php

declare(strict_types=1);

/*
 * Generated-PHP runtime benchmark, side by side with wasmtime and plain PHP bcmath:
 *   php php-bridge/bench/generated.php [--calls=N] [--requests=N] [--jit=off|function]
 *
 *  per decision     one more call on a warm runtime (CoreRuntime::call, JSON in and out), for
 *                   money.allocate and eligibility.evaluate (the first eligibility vector);
 *                   bcmath: the allocation written in plain PHP
 *  per web request  a PHP built-in web server (php -S, one worker, opcache on, the generated file
 *                   cached after the first request): autoload + runtime + one eligibility decision,
 *                   timed inside the request; wasmtime in the same server with ffi.enable=1
 *  first load       loading the generated core and making one eligibility decision without opcache
 *                   (what a host without opcache pays per request; the core's functions load
 *                   lazily, so the decision compiles the part files its calls reach)
 *                   pays per request), and its memory
 *
 * Needs the generated core (make php-runtime) and, for the wasmtime column, libwasmtime.
 */

require __DIR__ . '/../src/autoload.php';
require __DIR__ . '/support.php';
require_once __DIR__ . '/../fake-provider/PhpServer.php';

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Runtime\CanonicalJson;
use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\WasmtimeRuntime;

const ALLOCATE = '{"v":1,"op":"money.allocate","now":1795390200,"input":{"currency":"EUR","parts":3,"total":"100.00"}}';

function eligibilityRequest(): string
{
    $cases = \json_decode((string) \file_get_contents(RuntimeConfig::rootDir() . '/tests/vectors/eligibility.json'), false, 512, \JSON_BIGINT_AS_STRING);
    $r = $cases[0]->request;
    // The envelope in Core::call's order (v, op, now, input), as every bridge call sends it: the core
    // then takes the input's end from the request's end instead of scanning for it.
    return '{"v":' . $r->v . ',"op":"' . $r->op . '","now":' . $r->now . ',"input":' . CanonicalJson::encode($r->input) . '}';
}

/** CPU time of this process so far (user + system), µs: steadier than wall time on a loaded machine. */
function cpuMicros(): float
{
    $r = \getrusage();
    return ($r['ru_utime.tv_sec'] + $r['ru_stime.tv_sec']) * 1e6 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_usec'];
}

// Inside the built-in web server: one request = what a shop's page pays.
if (\PHP_SAPI === 'cli-server') {
    $cpu0 = cpuMicros();
    $t = \hrtime(true);
    $rt = ($_GET['rt'] ?? 'php') === 'php' ? new GeneratedPhpRuntime() : new WasmtimeRuntime();
    $out = $rt->call(eligibilityRequest());
    $us = (\hrtime(true) - $t) / 1e3;
    \header('Content-Type: application/json');
    echo \json_encode(['us' => $us, 'cpu_us' => cpuMicros() - $cpu0, 'ok' => \json_decode($out, true)['ok'] ?? false, 'cached' => \function_exists('opcache_is_script_cached') && \opcache_is_script_cached((string) GeneratedPhpRuntime::locate())]);
    return;
}

if (($argv[1] ?? '') === '--first-load') {
    $request = eligibilityRequest();
    $m0 = \memory_get_usage();
    $t = \hrtime(true);
    (new GeneratedPhpRuntime())->call($request);
    $files = \count(\array_filter(\get_included_files(), static fn (string $f): bool => \str_contains(\basename($f), 'shopcredit_core')));
    echo \json_encode(['ms' => (\hrtime(true) - $t) / 1e6, 'mem' => \memory_get_usage() - $m0, 'peak' => \memory_get_peak_usage(), 'files' => $files]), "\n";
    exit(0);
}

$opts = \getopt('', ['calls::', 'requests::', 'jit::']);
$jit = ($opts['jit'] ?? 'off') === 'function' ? 'function' : 'off';
$jitIni = ['opcache.jit' => $jit, 'opcache.jit_buffer_size' => $jit === 'off' ? '0' : '128M'];
if (!\filter_var(\ini_get('opcache.enable_cli'), \FILTER_VALIDATE_BOOLEAN)) {
    // Decisions are measured with opcache (as on a web server): this process becomes the same
    // benchmark with it on (exec, not a child: a signal to this pid reaches the benchmark).
    $args = [];
    foreach ($jitIni + ['opcache.enable_cli' => '1', 'memory_limit' => '1G'] as $name => $value) {
        \array_push($args, '-d', "$name=$value");
    }
    \pcntl_exec(\PHP_BINARY, [...$args, ...$argv]);
    throw new RuntimeException('cannot re-run with opcache: ' . \pcntl_strerror(\pcntl_get_last_error()));
}

$calls = \max(50, (int) ($opts['calls'] ?? 300));
$requests = \max(20, (int) ($opts['requests'] ?? 100));

/** @return list<float> microseconds per call */
function timeCalls(callable $fn, int $n): array
{
    for ($i = 0; $i < \min(20, $n); $i++) {
        $fn();
    }
    $xs = [];
    for ($i = 0; $i < $n; $i++) {
        $t = \hrtime(true);
        $fn();
        $xs[] = (\hrtime(true) - $t) / 1e3;
    }
    return $xs;
}

$core = GeneratedPhpRuntime::locate() ?? throw new RuntimeException('the generated core is not built: make php-runtime');
$eligibility = eligibilityRequest();
$rows = [];

// First load without opcache, in a fresh process.
$first = \json_decode((string) \shell_exec(\escapeshellarg(\PHP_BINARY) . ' -n -d memory_limit=1G ' . \escapeshellarg(__FILE__) . ' --first-load'), true);

// Per decision on warm runtimes.
$gen = new GeneratedPhpRuntime();
$wt = null;
try {
    $wt = new WasmtimeRuntime();
} catch (\Throwable $e) {
    \fwrite(\STDERR, 'wasmtime column skipped: ' . $e->getMessage() . "\n");
}
if ($wt !== null && ($gen->call($eligibility) !== $wt->call($eligibility) || $gen->call(ALLOCATE) !== $wt->call(ALLOCATE))) {
    throw new RuntimeException('the runtimes disagree');
}
$rows[] = ["money.allocate, generated PHP, $calls calls", pct(timeCalls(fn () => $gen->call(ALLOCATE), $calls))];
if ($wt !== null) {
    $rows[] = ["money.allocate, wasmtime, $calls calls", pct(timeCalls(fn () => $wt->call(ALLOCATE), $calls))];
}
$rows[] = ["money.allocate, plain PHP bcmath, $calls calls", pct(timeCalls(fn () => bc_allocate('100.00', 3, 2), $calls))];
$rows[] = ["eligibility.evaluate (" . \strlen($eligibility) . " B request), generated PHP, $calls calls", pct(timeCalls(fn () => $gen->call($eligibility), $calls))];
if ($wt !== null) {
    $rows[] = ["eligibility.evaluate, wasmtime, $calls calls", pct(timeCalls(fn () => $wt->call($eligibility), $calls))];
}

// Per web request through php -S with opcache (PhpServer: its own process group, stopped at the
// end, on an exception and on Ctrl-C / SIGTERM to this benchmark).
$server = PhpServer::start(__FILE__, [], 1, null, $jitIni + [
    'opcache.enable' => '1', 'opcache.enable_cli' => '1', 'opcache.memory_consumption' => '256',
    'opcache.max_accelerated_files' => '20000', 'ffi.enable' => '1', 'memory_limit' => '512M',
]);
$web = ['php' => [], 'wasmtime' => []];
$webCpu = ['php' => [], 'wasmtime' => []];
$cachedAfterWarmup = null;
try {
    foreach (\array_keys($web) as $rt) {
        if ($rt === 'wasmtime' && $wt === null) {
            continue;
        }
        for ($i = 0; $i < $requests + 3; $i++) {
            $r = \json_decode((string) \file_get_contents("$server->baseUrl/?rt=$rt"), true);
            if (($r['ok'] ?? false) !== true) {
                throw new RuntimeException("web request through $rt failed: " . $server->log());
            }
            if ($i >= 3) {
                $web[$rt][] = (float) $r['us'];
                $webCpu[$rt][] = (float) $r['cpu_us'];
            } elseif ($rt === 'php') {
                $cachedAfterWarmup = $r['cached'];
            }
        }
    }
} finally {
    $server->stop();
}
$rows[] = ["per web request (php -S, opcache, file cached: autoload + runtime + 1 eligibility decision), generated PHP, $requests requests", pct($web['php'])];
$rows[] = ['  the same, CPU time inside the request (user + system)', pct($webCpu['php'])];
if ($web['wasmtime'] !== []) {
    $rows[] = ["per web request, wasmtime (engine + cached module + instance + decision), $requests requests", pct($web['wasmtime'])];
    $rows[] = ['  the same, CPU time inside the request (user + system)', pct($webCpu['wasmtime'])];
}

$files = GeneratedPhpRuntime::files($core);
$size = GeneratedPhpRuntime::totalBytes($core);
$gz = \strlen((string) \gzencode(\implode('', \array_map('file_get_contents', $files)), 9));
\printf("ShopCredit generated-PHP runtime benchmark — PHP %s, opcache on, JIT %s\n", \PHP_VERSION, (string) \ini_get('opcache.jit') === '' ? 'off' : (string) \ini_get('opcache.jit'));
\printf("generated core: %s + %d part files — %.2f MB raw, %.0f KB gzipped (wasm: %d KB); cached by opcache after warm-up: %s\n", $core, \count($files) - 1, $size / 1e6, $gz / 1e3, \filesize(RuntimeConfig::resolve([])['wasm']) / 1000, \var_export($cachedAfterWarmup, true));
\printf(
    "first load without opcache (load + 1 eligibility decision): %.0f ms, %.1f MB kept, %.1f MB peak, %d of %d generated files compiled\n\n",
    $first['ms'] ?? -1,
    ($first['mem'] ?? 0) / 1048576,
    ($first['peak'] ?? 0) / 1048576,
    $first['files'] ?? 0,
    \count(GeneratedPhpRuntime::files($core))
);
\printf("%-120s %10s %10s\n", 'step', 'p50 µs', 'p99 µs');
foreach ($rows as [$label, [$p50, $p99]]) {
    \printf("%-120s %10.1f %10.1f\n", $label, $p50, $p99);
}

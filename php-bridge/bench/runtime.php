<?php

declare(strict_types=1);

/*
 * Runtime benchmark: php php-bridge/bench/runtime.php [--requests=N] [--calls=N]
 *
 *  per web request   engine + compiled module from the cache + instance + one decision through
 *                    Core (fresh runtime every iteration, as each PHP request builds its own);
 *                    then the same through RuntimeFactory (runtime=auto, what the hosts use:
 *                    the generated-PHP core unless the faster runtime is turned on in the cache
 *                    directory, see RuntimeFactory) with one eligibility.evaluate
 *  per extra decision one more Core::call on a warm runtime (json_encode + wasm + json_decode),
 *                    money.allocate and eligibility.evaluate (the first eligibility vector)
 *  raw wasm call     WasmtimeRuntime::call alone (no PHP JSON work)
 *  plain PHP bcmath  the same decision (allocate 100.00 EUR into 3 parts) written in PHP
 *  FFI::cdef         loading the declarations (paid per request with ffi.enable=1 or the CLI;
 *                    the preloaded scope does not), measured in fresh processes
 *
 * Prints p50/p99 per step and RSS growth. Settings come from the usual SHOPCREDIT_* variables.
 */

require __DIR__ . '/../src/autoload.php';
require __DIR__ . '/support.php';

use ShopCredit\Core;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\WasmtimeRuntime;

if (($argv[1] ?? '') === '--child') {
    $t = \hrtime(true);
    $rt = new WasmtimeRuntime();
    echo \json_encode($rt->info()['timings_ms']), "\n";
    exit(0);
}

$opts = \getopt('', ['requests::', 'calls::']);
$requests = \max(200, (int) ($opts['requests'] ?? 300));
$calls = \max(20000, (int) ($opts['calls'] ?? 20000));
$input = ['total' => '100.00', 'currency' => 'EUR', 'parts' => 3];
$expected = ['currency' => 'EUR', 'parts' => ['33.34', '33.33', '33.33']];
$now = 1795390200;
$eligibility = \json_decode((string) \file_get_contents(RuntimeConfig::rootDir() . '/tests/vectors/eligibility.json'), true, 512, \JSON_BIGINT_AS_STRING)[0]['request'];

// Warm the compiled-module cache (first run compiles once).
$warm = new WasmtimeRuntime();
$info = $warm->info();
unset($warm);

// 1. Per web request: fresh runtime + one decision.
$rss0 = rss();
$perRequest = [];
$phases = ['engine_ms' => [], 'module_ms' => [], 'instantiate_ms' => []];
for ($i = 0; $i < $requests; $i++) {
    $t = \hrtime(true);
    $rt = new WasmtimeRuntime();
    Core::useRuntime($rt);
    $r = Core::call('money.allocate', $input, $now);
    $perRequest[] = (\hrtime(true) - $t) / 1e3;
    foreach ($phases as $k => $_) {
        $phases[$k][] = $rt->info()['timings_ms'][$k] * 1e3;
    }
    if ($r !== $expected) {
        throw new \RuntimeException('unexpected decision');
    }
    Core::useRuntime(null);
    unset($rt);
}
$rssRequests = rss() - $rss0;
$perFactoryRequest = [];
for ($i = 0; $i < $requests; $i++) {
    Core::configure(['runtime' => 'auto']); // drops the previous request's runtime outside the timing, as above
    $t = \hrtime(true);
    Core::call('eligibility.evaluate', $eligibility['input'], $eligibility['now']);
    $perFactoryRequest[] = (\hrtime(true) - $t) / 1e3;
}
Core::configure([]);

// 2. Per extra decision on a warm runtime, and the raw wasm call.
$rt = new WasmtimeRuntime();
Core::useRuntime($rt);
for ($i = 0; $i < 1000; $i++) {
    Core::call('money.allocate', $input, $now);
}
$rss1 = rss();
for ($i = 0; $i < $calls; $i++) {
    Core::call('money.allocate', $input, $now);
}
$rssCalls = rss() - $rss1;
$perCall = [];
for ($i = 0; $i < $calls; $i++) {
    $t = \hrtime(true);
    $r = Core::call('money.allocate', $input, $now);
    $perCall[] = (\hrtime(true) - $t) / 1e3;
}
if ($r !== $expected) {
    throw new \RuntimeException('unexpected decision');
}
$perEligibility = [];
for ($i = 0; $i < $calls; $i++) {
    $t = \hrtime(true);
    Core::call('eligibility.evaluate', $eligibility['input'], $eligibility['now']);
    $perEligibility[] = (\hrtime(true) - $t) / 1e3;
}
$raw = [];
$req = '{"v":1,"op":"money.allocate","now":1795390200,"input":{"total":"100.00","currency":"EUR","parts":3}}';
for ($i = 0; $i < $calls; $i++) {
    $t = \hrtime(true);
    $rt->call($req);
    $raw[] = (\hrtime(true) - $t) / 1e3;
}

// 3. The same decision in plain PHP with bcmath.
$bc = [];
for ($i = 0; $i < $calls; $i++) {
    $t = \hrtime(true);
    $parts = bc_allocate('100.00', 3, 2);
    $bc[] = (\hrtime(true) - $t) / 1e3;
}
if ($parts !== $expected['parts']) {
    throw new \RuntimeException('bcmath allocation differs: ' . \implode(',', $parts));
}

// 4. FFI::cdef in fresh processes.
$cdef = [];
for ($i = 0; $i < 15; $i++) {
    $line = \exec(\escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg(__FILE__) . ' --child');
    $cdef[] = (float) (\json_decode($line, true)['ffi_ms'] ?? 0) * 1e3;
}

$rows = [
    ["per web request (engine + cached module + instance + 1 decision), $requests fresh runtimes", $perRequest],
    ['  of which: engine', $phases['engine_ms']],
    ['  of which: module from cache', $phases['module_ms']],
    ['  of which: instantiate', $phases['instantiate_ms']],
    ["per web request through RuntimeFactory (runtime=auto) + 1 eligibility.evaluate, $requests requests", $perFactoryRequest],
    ["per extra decision via Core::call (JSON encode + wasm + decode), $calls calls", $perCall],
    ["eligibility.evaluate via Core::call, $calls calls", $perEligibility],
    ["raw WasmtimeRuntime::call, $calls calls", $raw],
    ["same decision in plain PHP bcmath, $calls calls", $bc],
    ['FFI::cdef load in a fresh process (not with the preloaded scope), 15 processes', $cdef],
];
$wasmPath = \ShopCredit\Runtime\RuntimeConfig::resolve([])['wasm'];
\printf("ShopCredit runtime benchmark — PHP %s, wasmtime %s, %s (%d KiB), first load: %s, memory %s, load average %s\n\n", \PHP_VERSION, $info['wasmtime_version'] ?? '?', $wasmPath, (int) (\filesize($wasmPath) / 1024), $info['module_source'], $info['memory'], \implode(' ', \array_slice(\explode(' ', (string) @\file_get_contents('/proc/loadavg')), 0, 3)));
\printf("%-96s %10s %10s %10s\n", 'step', 'p50 µs', 'p90 µs', 'p99 µs');
foreach ($rows as [$label, $xs]) {
    \sort($xs);
    [$p50, $p99] = pct($xs);
    \printf("%-96s %10.1f %10.1f %10.1f\n", $label, $p50, $xs[(int) \floor(0.90 * (\count($xs) - 1))], $p99);
}
\printf("\nwasm vs plain PHP per decision: %.1fx (p50)\n", pct($perCall)[0] / \max(0.001, pct($bc)[0]));
\printf("RSS growth: %+.2f MiB over %d fresh runtimes, %+.2f MiB over %d calls; RSS now %.1f MiB\n", $rssRequests / 1048576, $requests, $rssCalls / 1048576, $calls, rss() / 1048576);

<?php

declare(strict_types=1);

// The profile `make php-runtime` translates with (scripts/build-php-runtime.sh): every request of
// tests/vectors/*.json once, and a real checkout's request (php-bridge/bench/fixtures/) 100 times,
// through a counting build of the generated core (wasm2php --count-calls), then one `<function
// index> <calls>` line per function that ran.
// With a second argument, also the words of linear memory each request touched, each request on a
// fresh instance as a web request runs it: `requests <n>`, then one `<byte address> <requests>`
// line per word (wasm2php --words: the most touched start every instance).
// Usage: php tools/wasm2php/profile.php COUNTING_BUILD/shopcredit_core.php [WORDS_FILE] > profile.txt

require __DIR__ . '/../../php-bridge/src/autoload.php';

use ShopCredit\Runtime\CanonicalJson;
use ShopCredit\Runtime\GeneratedPhpRuntime;

$wordsFile = $argv[2] ?? null;
$module = new \ReflectionProperty(GeneratedPhpRuntime::class, 'module');
$module->setAccessible(true);
$runtime = new GeneratedPhpRuntime(['php_core' => $argv[1] ?? '']);
$files = \glob(__DIR__ . '/../../tests/vectors/*.json') ?: [];
\sort($files);
$requests = 0;
$touched = [];
$run = static function (string $request) use (&$runtime, &$requests, &$touched, $module, $wordsFile, $argv): void {
    if ($wordsFile !== null) {
        $runtime = new GeneratedPhpRuntime(['php_core' => $argv[1]]);
    }
    $runtime->call($request);
    if ($wordsFile !== null) {
        $requests++;
        foreach (\array_keys($module->getValue($runtime)?->w ?? []) as $address) {
            $touched[$address] = ($touched[$address] ?? 0) + 1;
        }
    }
};
foreach ($files as $file) {
    $cases = \json_decode((string) \file_get_contents($file), false, 512, \JSON_THROW_ON_ERROR | \JSON_BIGINT_AS_STRING);
    foreach ($cases as $case) {
        // As the vector tests send them: a string marked raw verbatim, anything else canonically.
        $raw = \is_string($case->request) && ($case->raw ?? false) === true;
        $run($raw ? $case->request : CanonicalJson::encode($case->request));
    }
}
// Every checkout page of a shop asks this (a real WooCommerce checkout's request, three financing
// solutions), where the vectors weigh each case alike: CHECKOUT_RUNS more runs make its path's
// functions the inline ones and its words start every instance. Per web request: the checkout's
// 9.36M → 8.99M PHP instructions, the first eligibility vector's 6.58M → 6.31M.
const CHECKOUT_RUNS = 200;
$checkout = (string) \file_get_contents(__DIR__ . '/../../php-bridge/bench/fixtures/checkout-request.json');
for ($k = 0; $k < CHECKOUT_RUNS; $k++) {
    $run($checkout);
}
if ($wordsFile !== null) {
    \ksort($touched);
    $lines = ["requests $requests"];
    foreach ($touched as $address => $n) {
        $lines[] = "$address $n";
    }
    \file_put_contents($wordsFile, \implode("\n", $lines) . "\n");
}
$calls = \ShopCredit\Runtime\Generated\CoreModule::$calls;
if ($calls === []) {
    \fwrite(\STDERR, "profile: no function counted (is {$argv[1]} a --count-calls build?)\n");
    exit(1);
}
\ksort($calls);
foreach ($calls as $function => $n) {
    echo "$function $n\n";
}

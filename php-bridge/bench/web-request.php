<?php

declare(strict_types=1);

/*
 * One web request's cost with the generated-PHP core, as a web server's PHP pays it (opcache in
 * shared memory, the files cached after the first request), split by what the request does:
 *
 *   valgrind --tool=callgrind php-cgi -d opcache.enable=1 -d opcache.jit=off -q -T N php-bridge/bench/web-request.php
 *
 * for N = 11 and 21: (instructions(21) − instructions(11)) / 10 is one request without the first
 * one's compilation. SC_STAGE picks what a request does:
 *   autoload  the bridge's autoloader and the request's bytes only (the baseline)
 *   runtime   + new GeneratedPhpRuntime (load the module class, instantiate)
 *   call      + one eligibility.evaluate (the default: what a checkout page pays)
 *   warm      + a second call on the same instance (minus `call`: a warm decision)
 *   fresh     + a second call on a new instance (minus `call`: warm code, cold memory)
 * The request is a real WooCommerce checkout's (fixtures/checkout-request.json: the bench shop's
 * customer with a credit line, a store balance and the shop's three financing solutions, 1,782
 * bytes, as Core::call sent it); SC_REQUEST=FILE sends another (fixtures/eligibility-request.json:
 * the first eligibility vector's, one solution, the figure before session 9).
 * `php-cgi -T` needs the php-cgi package (apt-get install php8.2-cgi); SHOPCREDIT_PHP_CORE picks
 * another build of the core. With SC_PRINT=1 each request prints the answer's md5 and length, with
 * SC_CPU=1 its CPU time in µs (user + system, from the script's first line to its last).
 */

$cpu = static function (): int {
    $r = \getrusage();
    return ($r['ru_utime.tv_sec'] + $r['ru_stime.tv_sec']) * 1_000_000 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_usec'];
};
$cpu0 = $cpu();
require __DIR__ . '/../src/autoload.php';

use ShopCredit\Runtime\GeneratedPhpRuntime;

$stage = \getenv('SC_STAGE') ?: 'call';
// Saved in Core::call's envelope order (v, op, now, input), so that the request pays for no JSON
// work of its own.
$request = (string) \file_get_contents(\getenv('SC_REQUEST') ?: __DIR__ . '/fixtures/checkout-request.json');
$answer = '';
if ($stage !== 'autoload') {
    $runtime = new GeneratedPhpRuntime();
    if ($stage !== 'runtime') {
        $answer = $runtime->call($request);
    }
    if ($stage === 'warm') {
        $answer = $runtime->call($request);
    } elseif ($stage === 'fresh') {
        $answer = (new GeneratedPhpRuntime())->call($request);
    }
}
if (\getenv('SC_PRINT')) {
    echo \md5($answer), ' ', \strlen($answer), "\n";
}
if (\getenv('SC_CPU')) {
    echo $cpu() - $cpu0, "\n";
}

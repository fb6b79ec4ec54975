<?php

declare(strict_types=1);

/*
 * opcache.preload script: compiles ShopCredit's runtime classes into shared memory at server
 * start. Under ffi.enable=preload, PHP allows FFI calls only from preloaded code, so
 * WasmtimeRuntime must be loaded here; together with ffi.preload=<generated header> (which
 * defines the SHOPCREDIT_WASMTIME scope) ordinary request scripts can then call Core.
 *
 * php.ini (absolute paths; `php php-bridge/bin/shopcredit doctor` prints them for this machine):
 *   ffi.enable=preload
 *   ffi.preload=/…/var/preload/shopcredit_wasmtime.h
 *   opcache.enable=1
 *   opcache.preload=/…/php-bridge/preload/preload.php
 *   opcache.preload_user=www-data
 *
 * opcache.preload takes one script: a shop that already preloads something requires this file
 * from its own preload script. Nothing native is created here; FFI::scope is resolved per request.
 */

// Under a shop's web root: a request for this file itself does nothing.
if (\PHP_SAPI !== 'cli' && isset($_SERVER['SCRIPT_FILENAME']) && \realpath((string) $_SERVER['SCRIPT_FILENAME']) === __FILE__) {
    \http_response_code(404);
    return;
}

require __DIR__ . '/../src/autoload.php';

foreach ([
    // Dependencies first: preloading links a class only when its parents/interfaces are loaded.
    \ShopCredit\Runtime\CoreRuntime::class,
    \ShopCredit\Runtime\RuntimeUnavailable::class,
    \ShopCredit\Runtime\RuntimeFailure::class,
    \ShopCredit\Runtime\RuntimeConfig::class,
    \ShopCredit\Runtime\WasmtimeApi::class,
    \ShopCredit\Runtime\WebDeny::class,
    \ShopCredit\Runtime\ModuleCache::class,
    \ShopCredit\Runtime\WasmtimeRuntime::class,
    \ShopCredit\Runtime\RuntimeFactory::class,
    \ShopCredit\Runtime\CanonicalJson::class,
    \ShopCredit\Runtime\Doctor::class,
    \ShopCredit\CoreError::class,
    \ShopCredit\Core::class,
] as $class) {
    if (!\class_exists($class) && !\interface_exists($class)) {
        throw new \RuntimeException("ShopCredit preload: $class could not be loaded");
    }
}

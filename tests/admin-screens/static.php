<?php
/**
 * What both hosts' php -S routers share: a 404 and the staged plugin/module's own files (plus the
 * host-like CSS) served with their content type.
 */

declare(strict_types=1);

function notFound(): void
{
    http_response_code(404);
    echo 'not found';
}

/** Serves `$file` (false or missing: 404); always true, the router's "handled". */
function serveFile(string|false $file): bool
{
    if (false === $file || !is_file($file)) {
        http_response_code(404);
        return true;
    }
    $types = ['js' => 'text/javascript', 'mjs' => 'text/javascript', 'css' => 'text/css', 'wasm' => 'application/wasm'];
    header('Content-Type: ' . ($types[pathinfo($file, PATHINFO_EXTENSION)] ?? 'application/octet-stream'));
    readfile($file);
    return true;
}

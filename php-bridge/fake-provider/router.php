<?php

declare(strict_types=1);

/**
 * Router for PHP's built-in server:
 *
 *     FAKE_SCALEXPERT_STATE=/tmp/fake-scalexpert.json PHP_CLI_SERVER_WORKERS=4 \
 *         php -S 127.0.0.1:8765 php-bridge/fake-provider/router.php
 *
 * Then point ScalexpertConfig::$baseUrl at http://127.0.0.1:8765 (client id test-client, secret
 * test-secret unless FAKE_SCALEXPERT_CLIENT_ID / FAKE_SCALEXPERT_CLIENT_SECRET say otherwise).
 * See FakeScalexpert.php for every route.
 */

require_once __DIR__ . '/FakeScalexpert.php';

\ShopCredit\FakeProvider\FakeScalexpert::fromEnv()->serveGlobals();
return true;

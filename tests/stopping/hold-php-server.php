<?php

declare(strict_types=1);

/*
 * For tests/stopping/run.sh: starts a PhpServer (its own process group, two workers) serving this
 * folder, prints "serving <url>", and waits until it is told to stop.
 */

require_once __DIR__ . '/../../php-bridge/fake-provider/PhpServer.php';

$server = ShopCredit\FakeProvider\PhpServer::start(__DIR__, [], 2);
echo "serving $server->baseUrl\n";
while (true) {
    \sleep(60);
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Runtime\ModuleCache;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\WebDeny;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';
require_once __DIR__ . '/../../fake-provider/PhpServer.php';

/**
 * Issue 17: the bridge ships under a shop's web root. A web request for a generated core file or
 * the preload script itself is refused before anything is compiled or run (the 5 MB core cost
 * ~0.1 s and 49 MB per hit); folders the bridge writes get deny rules.
 */
final class DirectRequestTest extends RuntimeTestCase
{
    public function testGeneratedCoreFilesAndThePreloadScriptAnswer404ToDirectRequests(): void
    {
        $main = GeneratedPhpRuntime::locate();
        if ($main === null) {
            self::markTestSkipped('no generated core (make php-runtime)');
        }
        // A web root holding the bridge as the zips ship it: bridge/lib, bridge/preload, bridge/src.
        $root = $this->tmpDir();
        \mkdir("$root/bridge/lib", 0755, true);
        foreach (\glob(\dirname($main) . '/shopcredit_core*.php') as $f) {
            \copy($f, "$root/bridge/lib/" . \basename($f));
        }
        \exec('cp -r ' . \escapeshellarg(RuntimeConfig::bridgeDir() . '/src') . ' ' . \escapeshellarg(RuntimeConfig::bridgeDir() . '/preload') . ' ' . \escapeshellarg("$root/bridge/"));
        \file_put_contents("$root/router.php", "<?php\nreturn false; // serve and run files as a web server without deny rules would\n");
        $server = PhpServer::start("$root/router.php", [], 1);
        try {
            $files = \array_map(static fn ($f) => 'bridge/lib/' . \basename($f), \glob("$root/bridge/lib/*.php"));
            self::assertGreaterThanOrEqual(2, \count($files));
            foreach ([...$files, 'bridge/preload/preload.php'] as $path) {
                [$status, $body] = self::get($server->baseUrl . '/' . $path);
                self::assertSame(404, $status, $path);
                self::assertSame('', $body, $path);
            }
            // The same files still load when the bridge requires them (the CLI and every test do).
            self::assertSame(0, self::phpExit("require '$root/bridge/lib/shopcredit_core.php'; exit(class_exists('ShopCredit\\\\Runtime\\\\Generated\\\\CoreModule', false) ? 0 : 1);"));
        } finally {
            $server->stop();
        }
    }

    public function testFoldersTheBridgeWritesGetDenyRules(): void
    {
        $dir = $this->tmpDir() . '/cache/nested';
        $cache = new ModuleCache($dir, RuntimeConfig::resolve([])['wasm'], 'test-engine');
        self::assertTrue($cache->ensureDir());
        self::assertSame(WebDeny::HTACCESS, \file_get_contents("$dir/.htaccess"));
        self::assertStringContainsString('Require all denied', (string) \file_get_contents("$dir/.htaccess"));
        self::assertStringContainsString('http_response_code(404)', (string) \file_get_contents("$dir/index.php"));
        // A shop's own rules are never overwritten.
        \file_put_contents("$dir/.htaccess", "# the shop's\n");
        WebDeny::protect($dir);
        self::assertSame("# the shop's\n", \file_get_contents("$dir/.htaccess"));
    }

    /** @return array{int, string} */
    private static function get(string $url): array
    {
        $ctx = \stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 20]]);
        $body = (string) @\file_get_contents($url, false, $ctx);
        $status = 0;
        foreach ($http_response_header ?? [] as $h) {
            if (\preg_match('#^HTTP/\S+ (\d{3})#', $h, $m)) {
                $status = (int) $m[1];
            }
        }
        return [$status, $body];
    }

    private static function phpExit(string $code): int
    {
        \exec(\escapeshellarg(\PHP_BINARY) . ' -r ' . \escapeshellarg($code) . ' 2>&1', $out, $rc);
        return $rc;
    }
}

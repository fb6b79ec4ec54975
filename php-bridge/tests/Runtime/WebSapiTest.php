<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\WasmtimeApi;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';
require_once __DIR__ . '/../../fake-provider/PhpServer.php';

/**
 * A real web SAPI: `php -S` (cli-server, where the default ffi.enable=preload restricts FFI to
 * preloaded code like php-fpm and apache2handler do) serving scripts that call Core.
 */
final class WebSapiTest extends RuntimeTestCase
{
    private string $docroot = '';
    private string $header = '';
    private ?PhpServer $server = null;

    protected function setUp(): void
    {
        parent::setUp();
        $this->docroot = $this->tmpDir();
        $this->header = $this->tmpDir() . '/shopcredit_wasmtime.h';
        \file_put_contents($this->header, WasmtimeApi::preloadHeader(self::library()));
        // wasmtime under web SAPIs (the generated-PHP fallback has its own web test).
        $config = \var_export(self::config(['runtime' => 'wasmtime']), true);
        $autoload = \var_export(RuntimeConfig::bridgeDir() . '/src/autoload.php', true);
        \file_put_contents($this->docroot . '/decide.php', <<<PHP
<?php
require $autoload;
use ShopCredit\\Core;
use ShopCredit\\Runtime\\RuntimeUnavailable;
header('Content-Type: application/json');
Core::configure($config);
try {
    \$decisions = [];
    for (\$i = 0; \$i < 3; \$i++) {
        \$decisions[] = Core::call('money.allocate', ['total' => '100.00', 'currency' => 'EUR', 'parts' => 3], 1795390200);
    }
    // A second runtime in the same request, after dropping the first.
    Core::configure($config);
    \$decisions[] = Core::call('money.allocate', ['total' => '10.00', 'currency' => 'EUR', 'parts' => 2], 1795390200);
    echo json_encode(['ok' => true, 'decisions' => \$decisions, 'runtime' => Core::runtime()->name(), 'sapi' => PHP_SAPI]);
} catch (RuntimeUnavailable \$e) {
    echo json_encode(['ok' => false, 'unavailable' => \$e->getMessage(), 'available' => Core::isAvailable(), 'sapi' => PHP_SAPI]);
}
PHP);
        \file_put_contents($this->docroot . '/doctor.php', <<<PHP
<?php
require $autoload;
header('Content-Type: application/json');
echo json_encode(ShopCredit\\Runtime\\Doctor::report($config + ['preload_header' => '{$this->header}']));
PHP);
    }

    protected function tearDown(): void
    {
        $this->stopServer();
        parent::tearDown();
    }

    /** @param array<string, string> $ini */
    private function startServer(array $ini): string
    {
        // Its own process group, stopped with its workers after the test (or when phpunit is stopped).
        $this->server = PhpServer::start($this->docroot, [], 1, null, $ini);
        return $this->server->baseUrl;
    }

    private function stopServer(): void
    {
        $this->server?->stop();
        $this->server = null;
    }

    private function serverLog(): string
    {
        return $this->server?->log() ?? '';
    }

    /** @return array<string, mixed> */
    private function get(string $url): array
    {
        $body = @\file_get_contents($url, false, \stream_context_create(['http' => ['timeout' => 30, 'ignore_errors' => true]]));
        self::assertIsString($body, "no answer from $url: " . $this->serverLog());
        $data = \json_decode($body, true);
        self::assertIsArray($data, "not JSON from $url: $body\n" . $this->serverLog());
        return $data;
    }

    /** @return array<string, string> */
    private function preloadIni(): array
    {
        $ini = [
            'ffi.enable' => 'preload',
            'ffi.preload' => $this->header,
            'opcache.enable' => '1',
            'opcache.enable_cli' => '1',
            'opcache.preload' => RuntimeConfig::bridgeDir() . '/preload/preload.php',
        ];
        // Preloading as root is refused unless opcache.preload_user names the user to run as.
        if (\function_exists('posix_geteuid') && \posix_geteuid() === 0) {
            $ini['opcache.preload_user'] = 'root';
        }
        return $ini;
    }

    public function testPreloadedScopeServesDecisions(): void
    {
        $base = $this->startServer($this->preloadIni());
        for ($request = 0; $request < 3; $request++) {
            $data = $this->get("$base/decide.php");
            self::assertTrue($data['ok'], \json_encode($data) . "\n" . $this->serverLog());
            self::assertSame('cli-server', $data['sapi']);
            self::assertSame(['currency' => 'EUR', 'parts' => ['33.34', '33.33', '33.33']], $data['decisions'][0]);
            self::assertSame(['currency' => 'EUR', 'parts' => ['5.00', '5.00']], $data['decisions'][3]);
            self::assertStringContainsString('(ffi scope, module cache)', $data['runtime']);
        }
        $doctor = $this->get("$base/doctor.php");
        $s = \array_column($doctor['checks'], 'status', 'id');
        self::assertSame('cli-server', $doctor['sapi']);
        self::assertSame('ok', $s['library_loadable']);
        // It works, but a missing preload file would stop PHP from starting: remove the lines.
        self::assertSame('warn', $s['preload']);
        self::assertContains("ffi.preload={$this->header}", $doctor['ini']['remove']);
        self::assertContains('opcache.preload=' . RuntimeConfig::bridgeDir() . '/preload/preload.php', $doctor['ini']['remove']);
        self::assertSame([], $doctor['ini']['add']);
        self::assertSame('ok', $s['round_trip']);
        self::assertSame('scope', $doctor['runtime']['ffi']);
    }

    public function testFfiEnablePreloadWithoutThePreloadFailsClosed(): void
    {
        $base = $this->startServer(['ffi.enable' => 'preload']);
        $data = $this->get("$base/decide.php");
        self::assertFalse($data['ok']);
        self::assertFalse($data['available']);
        self::assertStringContainsString('FFI is restricted to preloaded code (ffi.enable=preload) under the cli-server SAPI', $data['unavailable']);
        $doctor = $this->get("$base/doctor.php");
        $s = \array_column($doctor['checks'], 'status', 'id');
        self::assertFalse($doctor['ok']);
        self::assertSame('info', $s['preload']);
        self::assertSame('fail', $s['library_loadable']);
        self::assertSame('fail', $s['round_trip']);
        // No php.ini line is recommended, and never a preload line.
        self::assertSame([], $doctor['ini']['add']);
        self::assertSame([], $doctor['ini']['remove']);
        self::assertStringNotContainsString('preload=', (string) \json_encode($doctor['ini']));
    }

    public function testFfiEnableOneWorksWithoutPreload(): void
    {
        $base = $this->startServer(['ffi.enable' => '1']);
        for ($request = 0; $request < 2; $request++) {
            $data = $this->get("$base/decide.php");
            self::assertTrue($data['ok'], \json_encode($data));
            self::assertStringContainsString('(ffi cdef, module cache)', $data['runtime']);
        }
    }
}

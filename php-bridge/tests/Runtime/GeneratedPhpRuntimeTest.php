<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';
require_once __DIR__ . '/../../fake-provider/PhpServer.php';

/**
 * The generated-PHP runtime behind CoreRuntime: round trip, traps fail closed and rebuild the
 * instance, RuntimeFactory's choice (forced, auto fallback, not built) and the doctor's report.
 * Every vector and 10,000 fuzzed requests against wasmtime run in scripts/test-translator.sh.
 */
final class GeneratedPhpRuntimeTest extends RuntimeTestCase
{
    private const REQUEST = '{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}';
    private const RESPONSE = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    protected function setUp(): void
    {
        parent::setUp();
        if (GeneratedPhpRuntime::locate() === null) {
            self::markTestSkipped('the generated-PHP core is not built (make php-runtime)');
        }
    }

    public function testRoundTripAndInfo(): void
    {
        $rt = new GeneratedPhpRuntime(self::config());
        self::assertSame(self::RESPONSE, $rt->call(self::REQUEST));
        self::assertSame(self::RESPONSE, $rt->call(self::REQUEST), 'the instance serves many calls');
        $info = $rt->info();
        self::assertSame(GeneratedPhpRuntime::locate(), $info['file']);
        self::assertSame(\filesize(self::wasm()), $info['wasm_bytes'], 'generated from the current wasm');
        self::assertSame(1, $info['instance_generation']);
        self::assertStringStartsWith('generated PHP (', $rt->name());
    }

    /**
     * The functions load lazily from part files: one missing (an incomplete upload) fails the call
     * closed with a clear message instead of require's fatal error ending the request.
     */
    public function testAMissingPartFileFailsTheCallClosed(): void
    {
        $dir = $this->tmpDir();
        \copy((string) GeneratedPhpRuntime::locate(), "$dir/" . GeneratedPhpRuntime::FILE_NAME);
        $script = "$dir/run.php";
        \file_put_contents($script, "<?php\nrequire " . \var_export(\ShopCredit\Runtime\RuntimeConfig::bridgeDir() . '/src/autoload.php', true) . ";\n"
            . '$rt = new ShopCredit\\Runtime\\GeneratedPhpRuntime([\'php_core\' => ' . \var_export("$dir/" . GeneratedPhpRuntime::FILE_NAME, true) . "]);\n"
            . 'foreach ([1, 2] as $i) { try { $rt->call(' . \var_export(self::REQUEST, true) . '); echo "answered\n"; } catch (ShopCredit\\Runtime\\RuntimeFailure $e) { echo "failed: ", $e->getMessage(), "\n"; } }' . "\n");
        $out = (string) \shell_exec(\escapeshellarg(\PHP_BINARY) . ' -n -d memory_limit=256M ' . \escapeshellarg($script) . ' 2>&1');
        $lines = \explode("\n", \trim($out));
        self::assertCount(2, $lines, $out);
        foreach ($lines as $line) {
            self::assertStringStartsWith('failed: wasm trap: the generated core\'s part file ', $line);
            self::assertStringEndsWith(' is missing', $line);
        }
    }

    /**
     * The core's autoloader comes before every other one: the bridge's and the plugins' also take
     * `ShopCredit\\…` names and would look for a file (a stat call) for each function group a
     * request loads.
     */
    public function testFunctionGroupsLoadWithoutAskingOtherAutoloaders(): void
    {
        $dir = $this->tmpDir();
        $script = "$dir/run.php";
        \file_put_contents($script, "<?php\nrequire " . \var_export(\ShopCredit\Runtime\RuntimeConfig::bridgeDir() . '/src/autoload.php', true) . ";\n"
            . '$asked = []; spl_autoload_register(static function (string $c) use (&$asked): void { $asked[] = $c; });' . "\n"
            . '$rt = new ShopCredit\\Runtime\\GeneratedPhpRuntime([\'php_core\' => ' . \var_export((string) GeneratedPhpRuntime::locate(), true) . "]);\n"
            . 'echo $rt->call(' . \var_export(self::REQUEST, true) . ') === ' . \var_export(self::RESPONSE, true) . ' ? "answered" : "wrong answer", " ", count(preg_grep("/Generated\\\\\\\\G[0-9]+$/", $asked)), " ", count(preg_grep("/Generated\\\\\\\\G[0-9]+$/", get_declared_classes())), "\n";' . "\n");
        $out = \trim((string) \shell_exec(\escapeshellarg(\PHP_BINARY) . ' -n -d memory_limit=256M ' . \escapeshellarg($script) . ' 2>&1'));
        self::assertMatchesRegularExpression('/^answered 0 [1-9][0-9]*$/', $out, 'groups were loaded, none through another autoloader');
    }

    public function testMalformedRequestIsACodedErrorNotATrap(): void
    {
        $rt = new GeneratedPhpRuntime(self::config());
        $res = \json_decode($rt->call('{"v":1,"op":"money.allocate","input":'), true);
        self::assertFalse($res['ok']);
        self::assertIsString($res['error']['code']);
        self::assertSame(1, $rt->instanceGeneration());
    }

    public function testTrapFailsClosedAndTheInstanceIsRebuilt(): void
    {
        $rt = new GeneratedPhpRuntime(self::config());
        try {
            $rt->callEntryForTesting(0xFFFFFF00, 0x1000);
            self::fail('an out-of-bounds request buffer must trap');
        } catch (RuntimeFailure $e) {
            self::assertStringContainsString('wasm trap: out of bounds memory access', $e->getMessage());
        }
        self::assertSame(self::RESPONSE, $rt->call(self::REQUEST));
        self::assertSame(2, $rt->instanceGeneration(), 'a fresh instance after the trap');
    }

    /**
     * Each call's heap starts over once the host has freed the request and the response (the
     * response is handed over in the arena block it was built in): a checkout's request 100
     * times on one instance whose memory may grow by one page only. A response never freed
     * (or counted twice) would need a page every few calls and fail.
     */
    public function testTheHeapStartsOverAfterEachCall(): void
    {
        $request = (string) \file_get_contents(__DIR__ . '/../../bench/fixtures/checkout-request.json');
        $rt = new GeneratedPhpRuntime(self::config(['memory_limit_bytes' => 18 * 65536]));
        $first = $rt->call($request);
        self::assertStringStartsWith('{"ok":true,', $first);
        for ($i = 0; $i < 100; $i++) {
            self::assertSame($first, $rt->call($request));
        }
        self::assertSame(1, $rt->instanceGeneration(), 'no trap, no new instance');
    }

    public function testMemoryLimitIsEnforcedLikeWasmtime(): void
    {
        // 1.1 MiB: below the module's initial memory, so no growth is possible and the large
        // request cannot be allocated — a failure, never a decision.
        $rt = new GeneratedPhpRuntime(self::config(['memory_limit_bytes' => 17 * 65536]));
        $this->expectException(RuntimeFailure::class);
        $rt->call('{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"' . \str_repeat('1', 2_000_000) . '"}}');
    }

    public function testFactoryForcesOrFallsBackToTheGeneratedRuntime(): void
    {
        self::assertTrue(RuntimeFactory::phpRuntimeShipped(self::config()));
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'php'])));
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'auto'])), 'the default, wherever nobody turned on the faster runtime');
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(self::config(['runtime' => 'wasmtime'])));
        $fallback = RuntimeFactory::create(self::config(['runtime' => 'auto', 'library' => '/nonexistent/libwasmtime.so']));
        self::assertInstanceOf(GeneratedPhpRuntime::class, $fallback);
        self::assertSame(self::RESPONSE, $fallback->call(self::REQUEST));
    }

    public function testNotBuiltMeansUnavailable(): void
    {
        $missing = self::config(['php_core' => '/nonexistent/shopcredit_core.php']);
        self::assertFalse(RuntimeFactory::phpRuntimeShipped($missing));
        try {
            RuntimeFactory::create($missing + ['runtime' => 'php']);
            self::fail('runtime=php without the generated file must be unavailable');
        } catch (RuntimeUnavailable $e) {
            self::assertStringContainsString('/nonexistent/shopcredit_core.php', $e->getMessage());
        }
        $this->expectException(RuntimeUnavailable::class);
        $this->expectExceptionMessage('libwasmtime is missing');
        RuntimeFactory::create(['runtime' => 'auto', 'library' => '/nonexistent/libwasmtime.so'] + $missing);
    }

    public function testDoctorSaysWhichRuntimeIsActiveAndWhy(): void
    {
        $header = $this->tmpDir() . '/h.h';
        $fallback = Doctor::report(self::config(['runtime' => 'auto', 'library' => '/nonexistent/libwasmtime.so', 'preload_header' => $header]));
        self::assertTrue($fallback['usable']);
        self::assertSame('php', $fallback['active']['kind']);
        self::assertStringContainsString('wasmtime cannot run here', $fallback['active']['reason']);
        self::assertSame('plain_only', $fallback['words']['code']);
        self::assertSame(GeneratedPhpRuntime::locate(), $fallback['active']['info']['file']);
        $checks = \array_column($fallback['checks'], null, 'id');
        self::assertSame('ok', $checks['php_core']['status']);
        self::assertStringContainsString(GeneratedPhpRuntime::FILE_NAME, $checks['php_core']['detail']);
        self::assertSame('ok', $checks['active_runtime']['status']);
        // The generated core answering is a healthy state: nothing to fix, no php.ini line.
        self::assertTrue($fallback['ok']);
        self::assertSame('info', $checks['round_trip']['status']);
        self::assertStringContainsString('OK: the core is usable here.', Doctor::format($fallback));

        $healthy = Doctor::report(self::config(['runtime' => 'auto', 'preload_header' => $header]));
        self::assertSame('php', $healthy['active']['kind'], 'wasmtime works, nobody turned it on');
        self::assertStringContainsString('the faster runtime (wasmtime) works here and is off until you turn it on', $healthy['active']['reason']);
        self::assertSame('plain_can_turn_on', $healthy['words']['code']);
        self::assertSame('ok', \array_column($healthy['checks'], 'status', 'id')['round_trip'], 'the doctor still checks it');

        $forced = Doctor::report(self::config(['runtime' => 'php', 'preload_header' => $header]));
        self::assertSame('php', $forced['active']['kind']);
        self::assertStringContainsString('forced by runtime=php', $forced['active']['reason']);
        self::assertSame('forced_php', $forced['words']['code']);

        $none = Doctor::report(self::config(['runtime' => 'auto', 'library' => '/nonexistent/libwasmtime.so', 'php_core' => '/nonexistent/core.php', 'preload_header' => $header]));
        self::assertFalse($none['usable']);
        self::assertNull($none['active']);
        self::assertSame('fail', \array_column($none['checks'], 'status', 'id')['active_runtime']);
    }

    /**
     * A web SAPI with FFI switched off entirely (most shared hosting): with runtime=auto every
     * decision still comes from the core, through the generated PHP, and the doctor says so.
     */
    public function testWebServerWithoutFfiDecidesThroughTheGeneratedCore(): void
    {
        $docroot = $this->tmpDir();
        $autoload = \var_export(\ShopCredit\Runtime\RuntimeConfig::bridgeDir() . '/src/autoload.php', true);
        $config = \var_export(self::config(['runtime' => 'auto']), true);
        \file_put_contents("$docroot/decide.php", "<?php\nrequire $autoload;\nheader('Content-Type: application/json');\nShopCredit\\Core::configure($config);\n"
            . "echo json_encode(['decision' => ShopCredit\\Core::call('money.allocate', ['total' => '100.00', 'currency' => 'EUR', 'parts' => 3], 1795390200), 'runtime' => ShopCredit\\Core::runtime()->name(), 'ffi' => extension_loaded('ffi') ? ini_get('ffi.enable') : 'none',"
            . " 'doctor' => ShopCredit\\Runtime\\Doctor::report($config + ['preload_header' => '$docroot/h.h'])['active']]);\n");
        $server = PhpServer::start($docroot, [], 1, null, ['ffi.enable' => '0', 'memory_limit' => '256M']);
        try {
            $body = @\file_get_contents("$server->baseUrl/decide.php");
            $data = \json_decode((string) $body, true);
            self::assertIsArray($data, (string) $body . $server->log());
            self::assertSame('0', $data['ffi']);
            self::assertSame(['currency' => 'EUR', 'parts' => ['33.34', '33.33', '33.33']], $data['decision']);
            self::assertStringStartsWith('generated PHP', $data['runtime']);
            self::assertSame('php', $data['doctor']['kind']);
            self::assertStringContainsString('FFI is disabled', $data['doctor']['reason']);
            self::assertStringNotContainsString('preload', $data['doctor']['reason'], 'no preload set-up recommended');
        } finally {
            $server->stop();
        }
    }

    /**
     * PHP 8.2's tracing JIT miscompiles the generated methods ("Undefined variable" in checkout
     * decisions); the runtime lowers a tracing setting to the function JIT, so hosts with the
     * tracing JIT on still get the right answers.
     */
    public function testTracingJitHostsStillGetTheSameDecisions(): void
    {
        if (!\extension_loaded('Zend OPcache')) {
            self::markTestSkipped('no opcache here');
        }
        $script = $this->tmpDir() . '/jit.php';
        $autoload = \var_export(\ShopCredit\Runtime\RuntimeConfig::bridgeDir() . '/src/autoload.php', true);
        $vectors = \var_export(\ShopCredit\Runtime\RuntimeConfig::rootDir() . '/tests/vectors/checkout.json', true);
        $code = <<<'PHP'
<?php
require AUTOLOAD;
use ShopCredit\Runtime\CanonicalJson;
$rt = new ShopCredit\Runtime\GeneratedPhpRuntime();
$same = 0;
foreach (array_slice(json_decode(file_get_contents(VECTORS), false, 512, JSON_BIGINT_AS_STRING), 0, 5) as $c) {
    $same += $rt->call(CanonicalJson::encode($c->request)) === CanonicalJson::encode($c->response) ? 1 : 0;
}
echo ini_get('opcache.jit'), ' ', $same;
PHP;
        \file_put_contents($script, \strtr($code, ['AUTOLOAD' => $autoload, 'VECTORS' => $vectors]));
        $out = \exec(\escapeshellarg(\PHP_BINARY) . ' -d opcache.enable_cli=1 -d opcache.jit=tracing -d opcache.jit_buffer_size=64M ' . \escapeshellarg($script) . ' 2>&1', $lines, $rc);
        self::assertSame(0, $rc, \implode("\n", $lines));
        self::assertSame('function 5', $out);
    }
}

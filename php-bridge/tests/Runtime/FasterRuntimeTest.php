<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\FakeProvider\PhpServer;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';
require_once __DIR__ . '/../../fake-provider/PhpServer.php';

/**
 * runtime=auto is the generated-PHP core; wasmtime answers only once the merchant turned on the
 * faster runtime and the doctor verified it here (RuntimeFactory::CHOICE_FILE and the verdict
 * beside the compiled module). A request never runs the round trip and never builds a wasmtime
 * runtime only to find there is no choice; a choice that no longer matches is not trusted.
 */
final class FasterRuntimeTest extends RuntimeTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        if (GeneratedPhpRuntime::locate() === null) {
            self::markTestSkipped('the generated-PHP core is not built (make php-runtime)');
        }
    }

    /** A cache directory of its own holding the shared cache's compiled module (compiling takes seconds). */
    private function cacheDir(): string
    {
        RuntimeFactory::create(self::config(['runtime' => 'wasmtime'])); // the shared cache holds this wasm's module
        $dir = $this->tmpDir() . '/cache';
        \mkdir($dir, 0755);
        foreach (\glob(self::sharedCacheDir() . '/*.{cwasm,sha256}', \GLOB_BRACE) ?: [] as $file) {
            \copy($file, $dir . '/' . \basename($file));
        }
        return $dir;
    }

    /** @param array<string, mixed> $overrides @return array<string, mixed> */
    private function auto(string $cache, array $overrides = []): array
    {
        return self::config($overrides + ['runtime' => 'auto', 'cache_dir' => $cache, 'preload_header' => \dirname($cache) . '/h.h']);
    }

    public function testAutoIsTheGeneratedCoreUntilTheFasterRuntimeIsTurnedOn(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache);
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto), 'wasmtime works here, but nobody turned it on');
        self::assertSame([], \glob("$cache/verified-*.ok"), 'and no request verified it on its own');
        self::assertSame('off', Doctor::report($auto)['faster']['state']);

        $on = Doctor::turnOnFaster($auto);
        self::assertTrue($on['done'], $on['message']);
        self::assertSame('turned_on', $on['code']);
        self::assertFileExists($cache . '/' . RuntimeFactory::CHOICE_FILE);
        self::assertCount(1, \glob("$cache/verified-*.ok"), 'the verdict beside the module');
        for ($i = 0; $i < 2; $i++) {
            $runtime = RuntimeFactory::create($auto);
            self::assertInstanceOf(WasmtimeRuntime::class, $runtime);
            self::assertSame('cached verdict', $runtime->info()['verification'], 'requests never run the round trip');
            self::assertSame(RuntimeFactory::ROUND_TRIP_RESPONSE, $runtime->call(RuntimeFactory::ROUND_TRIP_REQUEST));
        }
        $report = Doctor::report($auto);
        self::assertSame('on', $report['faster']['state']);
        self::assertSame('faster_on', $report['words']['code']);
        self::assertSame('wasmtime', $report['active']['kind']);

        // Forced settings still win over the choice.
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($this->auto($cache, ['runtime' => 'php'])));

        $off = Doctor::turnOffFaster($auto);
        self::assertTrue($off['done'], $off['message']);
        self::assertFileDoesNotExist($cache . '/' . RuntimeFactory::CHOICE_FILE);
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto), 'turned off: the generated core again');
        self::assertSame('plain_can_turn_on', Doctor::report($auto)['words']['code']);
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create($this->auto(self::sharedCacheDir(), ['runtime' => 'wasmtime'])), 'runtime=wasmtime needs no choice');
    }

    public function testARequestWithAChoiceButNoVerdictDoesNotRunTheRoundTrip(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache);
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        [$verdict] = \glob("$cache/verified-*.ok");
        \unlink($verdict);
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto), 'a choice alone is not a verdict');
        self::assertSame([], \glob("$cache/verified-*.ok"), 'the request did not verify wasmtime itself');
        $report = Doctor::report($auto);
        self::assertSame('stale', $report['faster']['state']);
        self::assertSame('plain_faster_changed', $report['words']['code']);
    }

    /** Each change after the choice leaves the generated core answering, and the doctor names it. */
    public function testAStaleChoiceIsNotTrusted(): void
    {
        $dir = $this->tmpDir();
        $wasm = "$dir/core.wasm";
        $library = "$dir/libwasmtime.so";
        \copy(self::wasm(), $wasm);
        \copy(self::library(), $library);
        $cache = $this->cacheDir();
        $auto = $this->auto($cache, ['wasm' => $wasm, 'library' => $library]);
        $changes = [
            'core republished' => [static fn () => self::republish($wasm), 'core was updated'],
            'library replaced' => [static fn () => self::republish($library), 'libwasmtime was replaced'],
            'module rebuilt' => [static fn () => self::republish(self::choice($cache)['module']['path']), 'compiled module was rebuilt'],
            'PHP upgraded' => [static fn () => self::rewriteChoice($cache, ['php' => '8.1.0']), 'PHP changed'],
            'library moved' => [static fn () => self::rewriteChoice($cache, ['library' => ['path' => '/elsewhere/libwasmtime.so', 'id' => 'x']]), 'libwasmtime was replaced or moved'],
        ];
        foreach ($changes as $label => [$change, $why]) {
            $on = Doctor::turnOnFaster($auto);
            self::assertTrue($on['done'], "$label: " . $on['message']);
            self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create($auto), "$label: on before the change");
            $change();
            self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto), "$label: a stale choice is not trusted");
            $faster = Doctor::report($auto)['faster'];
            self::assertSame('stale', $faster['state'], $label);
            self::assertStringContainsString($why, $faster['why'], $label);
        }
    }

    /** An update (a new core) that still verifies here keeps the faster runtime: checked again, a new choice. */
    public function testAnUpdateThatStillVerifiesKeepsTheFasterRuntime(): void
    {
        [$wasm, $cache, $auto] = $this->ownCore();
        self::assertNull(Doctor::keepFasterAfterUpdate($auto), 'never turned on: nothing to keep');
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        self::assertNull(Doctor::keepFasterAfterUpdate($auto), 'no update: nothing to do');
        self::republish($wasm); // the update: the same core under a new identity
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto), 'stale until checked again');

        $kept = Doctor::keepFasterAfterUpdate($auto);
        self::assertSame(['done' => true, 'code' => 'kept'], ['done' => $kept['done'] ?? null, 'code' => $kept['code'] ?? null], (string) ($kept['message'] ?? ''));
        self::assertSame(RuntimeFactory::fileId($wasm), self::choice($cache)['wasm']['id'], 'the choice is the new core\'s');
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create($auto), 'the shop uses it again');
        self::assertSame('faster_on', Doctor::report($auto)['words']['code']);
        self::assertNull(Doctor::keepFasterAfterUpdate($auto), 'once');
        $mode = \fileperms($cache . '/' . RuntimeFactory::CHOICE_FILE) & 0777;
        self::assertSame(0, $mode & 0022, 'written owner-only');

        // A choice made in another PHP (here: another SAPI) is checked again only there.
        self::rewriteChoice($cache, ['sapi' => 'fpm-fcgi']);
        self::republish($wasm);
        self::assertNull(Doctor::keepFasterAfterUpdate($auto));
        self::assertSame('fpm-fcgi', self::choice($cache)['sapi']);
    }

    /** An update whose core does not verify here: no new choice, the generated core answers, the doctor says why, tried once. */
    public function testAnUpdateThatDoesNotVerifyLeavesTheGeneratedCore(): void
    {
        [$wasm, $cache, $auto] = $this->ownCore();
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        $before = self::choice($cache);
        $good = (string) \file_get_contents($wasm);
        \link($wasm, "$wasm.kept"); // its inode stays taken: the good core put back below is a new file (an identity has no sub-second times)
        \file_put_contents("$wasm.new", "\0asm\x01\0\0\0not a core");
        \rename("$wasm.new", $wasm);
        \clearstatcache();

        $failed = Doctor::keepFasterAfterUpdate($auto);
        self::assertFalse($failed['done'] ?? true);
        self::assertSame('cannot_run', $failed['code']);
        $after = self::choice($cache);
        self::assertSame($before['wasm'], $after['wasm'], 'no choice for a core that does not verify');
        self::assertNotNull(RuntimeFactory::choiceProblem($after, RuntimeConfig::resolve($auto)));
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto));
        $report = Doctor::report($auto);
        self::assertSame('stale', $report['faster']['state']);
        self::assertStringContainsString('checked again with the new version', $report['faster']['why']);
        self::assertSame('plain_faster_lost', $report['words']['code']);
        self::assertNull(Doctor::keepFasterAfterUpdate($auto), 'tried once per build');

        // The next update verifies again: on again.
        \file_put_contents("$wasm.new", $good);
        \rename("$wasm.new", $wasm);
        \clearstatcache();
        self::assertSame('kept', Doctor::keepFasterAfterUpdate($auto)['code'] ?? null);
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create($auto));
        self::assertArrayNotHasKey('recheck', self::choice($cache));
    }

    /** Where others can write the choice or its directory, an update checks nothing and writes nothing. */
    public function testAnUpdateRewritesNothingWhereOthersCanWrite(): void
    {
        [$wasm, $cache, $auto] = $this->ownCore();
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        $before = (string) \file_get_contents($cache . '/' . RuntimeFactory::CHOICE_FILE);
        self::republish($wasm);
        \chmod($cache, 0775);
        try {
            self::assertNull(Doctor::keepFasterAfterUpdate($auto));
            self::assertSame($before, \file_get_contents($cache . '/' . RuntimeFactory::CHOICE_FILE));
        } finally {
            \chmod($cache, 0755);
        }
    }

    /** @return array{0: string, 1: string, 2: array<string, mixed>} a core of its own (the update replaces it), the cache, the settings */
    private function ownCore(): array
    {
        $wasm = $this->tmpDir() . '/core.wasm';
        \copy(self::wasm(), $wasm);
        $cache = $this->cacheDir();
        return [$wasm, $cache, $this->auto($cache, ['wasm' => $wasm])];
    }

    public function testAChoiceOthersCanWriteIsIgnored(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache);
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        \chmod($cache . '/' . RuntimeFactory::CHOICE_FILE, 0666);
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($auto));
        self::assertStringContainsString('is ignored', Doctor::report($auto)['faster']['why']);
        \unlink($cache . '/' . RuntimeFactory::CHOICE_FILE);
        \chmod($cache, 0777);
        try {
            $refused = Doctor::turnOnFaster($auto);
            self::assertFalse($refused['done'], 'never recorded where others can write');
            self::assertSame('cannot_record', $refused['code']);
            self::assertFileDoesNotExist($cache . '/' . RuntimeFactory::CHOICE_FILE);
        } finally {
            \chmod($cache, 0755);
        }
    }

    public function testTurningOnWhereWasmtimeCannotRunIsRefused(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache, ['library' => '/nonexistent/libwasmtime.so']);
        $refused = Doctor::turnOnFaster($auto);
        self::assertFalse($refused['done']);
        self::assertSame('cannot_run', $refused['code']);
        self::assertStringContainsString('libwasmtime is missing', $refused['message']);
        self::assertFileDoesNotExist($cache . '/' . RuntimeFactory::CHOICE_FILE);
        self::assertSame('plain_only', Doctor::report($auto)['words']['code']);

        // Turned on, then wasmtime can no longer run here: the words say so and offer only "turn off".
        self::assertTrue(Doctor::turnOnFaster($this->auto($cache))['done']);
        $lost = Doctor::report($auto);
        self::assertSame(['stale', false], [$lost['faster']['state'], $lost['faster']['works_here']]);
        self::assertSame('plain_faster_lost', $lost['words']['code']);
    }

    /**
     * Request processes: without a choice (or with one that does not hold) not a single wasmtime
     * class loads; FFI turned off after the choice leaves the generated core answering.
     */
    public function testRequestsDecideFromTheChoiceFileAlone(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache);
        self::assertSame(['runtime' => 'generated', 'wasmtime_classes' => []], self::request($auto, []));
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        $on = self::request($auto, []);
        self::assertSame('cached verdict', $on['runtime'], 'wasmtime, without a round trip');
        self::assertContains('ShopCredit\Runtime\WasmtimeRuntime', $on['wasmtime_classes']);
        self::assertSame(['runtime' => 'generated', 'wasmtime_classes' => []], self::request($auto, ['ffi.enable' => '0']), 'FFI turned off');
        self::rewriteChoice($cache, ['php' => '8.1.0']);
        self::assertSame(['runtime' => 'generated', 'wasmtime_classes' => []], self::request($auto, []), 'a stale choice');
    }

    /**
     * A web server with the default ffi.enable=preload, where the choice was made from the CLI
     * (FFI::cdef): not verified for this PHP, so the generated core answers and its doctor says why.
     */
    public function testAChoiceMadeWhereEveryScriptMayUseFfiDoesNotHoldUnderPreload(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache);
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        $docroot = $this->tmpDir();
        $autoload = \var_export(RuntimeConfig::bridgeDir() . '/src/autoload.php', true);
        $config = \var_export($auto, true);
        \file_put_contents("$docroot/page.php", "<?php\nrequire $autoload;\n\$r = ShopCredit\\Runtime\\RuntimeFactory::create($config);\n"
            . "echo json_encode(['runtime' => \$r->name(), 'ffi' => ini_get('ffi.enable'), 'doctor' => ShopCredit\\Runtime\\Doctor::report($config)]);\n");
        $server = PhpServer::start($docroot, [], 1, null, ['ffi.enable' => 'preload']);
        try {
            $body = (string) @\file_get_contents("$server->baseUrl/page.php");
            $data = \json_decode($body, true);
            self::assertIsArray($data, $body . $server->log());
            self::assertSame('preload', $data['ffi']);
            self::assertStringStartsWith('generated PHP', $data['runtime']);
            self::assertSame('stale', $data['doctor']['faster']['state']);
            self::assertStringContainsString('ffi.enable=preload', $data['doctor']['faster']['why']);
            self::assertSame('plain_faster_lost', $data['doctor']['words']['code']);
            // Nothing the doctor says here recommends the preload set-up (PHP does not start when a file it names goes missing).
            self::assertDoesNotMatchRegularExpression('/ffi\.enable=preload with|preload set-up|php\.ini lines printed|add ffi\.preload|add opcache\.preload/i', (string) \json_encode($data['doctor']));
            self::assertSame([], $data['doctor']['ini']['add']);
        } finally {
            $server->stop();
        }
    }

    /** The doctor recommends no php.ini line that can keep PHP from starting, in any state of the choice. */
    public function testTheDoctorNeverRecommendsAPreloadLine(): void
    {
        $cache = $this->cacheDir();
        $auto = $this->auto($cache, ['ffi_advice' => true]);
        $states = [];
        foreach (['off' => null, 'on' => Doctor::turnOnFaster(...), 'stale' => static fn () => self::rewriteChoice($cache, ['php' => '8.1.0'])] as $state => $step) {
            if ($step !== null) {
                $step($auto);
            }
            $report = Doctor::report($auto);
            $states[] = $report['faster']['state'];
            $text = Doctor::format($report);
            self::assertSame([], $report['ini']['add'], $state);
            self::assertSame(['ffi.enable=1'], $report['ini']['ffi'], $state);
            self::assertDoesNotMatchRegularExpression('/^    \S*(preload|extension)/m', $text, "$state: never a preload line to add");
            self::assertStringContainsString('php.ini: nothing to add', $text, $state);
        }
        self::assertSame(['off', 'on', 'stale'], $states);
    }

    public function testCliTurnsItOnAndOff(): void
    {
        $cache = $this->cacheDir();
        $bin = \escapeshellarg(\PHP_BINARY) . ' ' . \escapeshellarg(RuntimeConfig::bridgeDir() . '/bin/shopcredit') . ' doctor --no-write --runtime=auto --cache-dir=' . \escapeshellarg($cache);
        \exec("$bin --faster=on 2>&1", $out, $rc);
        self::assertSame(0, $rc, \implode("\n", $out));
        self::assertStringStartsWith('The faster runtime (wasmtime) is on', $out[0]);
        self::assertStringContainsString('Runtime: ' . Doctor::WORDS['faster_on'], \str_replace("\n", ' ', \implode("\n", $out)));
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create($this->auto($cache)));
        $out = [];
        \exec("$bin --faster=off 2>&1", $out, $rc);
        self::assertSame(0, $rc, \implode("\n", $out));
        self::assertStringStartsWith('The faster runtime is off', $out[0]);
        self::assertInstanceOf(GeneratedPhpRuntime::class, RuntimeFactory::create($this->auto($cache)));
        $out = [];
        \exec("$bin --faster=on --lib=/nonexistent/libwasmtime.so 2>&1", $out, $rc);
        self::assertSame(1, $rc, 'refused');
        $out = [];
        \exec("$bin --faster=maybe 2>&1", $out, $rc);
        self::assertSame(2, $rc);
    }

    private const WASMTIME_CLASSES = ['ShopCredit\\Runtime\\WasmtimeRuntime', 'ShopCredit\\Runtime\\ModuleCache', 'ShopCredit\\Runtime\\WasmtimeApi', 'ShopCredit\\Runtime\\MemoryPlan'];

    /** The same bytes under a new inode, as a deploy (copy, then rename over) does. */
    private static function republish(string $path): void
    {
        \copy($path, "$path.new");
        \rename("$path.new", $path);
        \clearstatcache();
    }

    /** @return array<string, mixed> the recorded choice */
    private static function choice(string $cache): array
    {
        return (array) \json_decode((string) \file_get_contents($cache . '/' . RuntimeFactory::CHOICE_FILE), true);
    }

    /** @param array<string, mixed> $fields */
    private static function rewriteChoice(string $cache, array $fields): void
    {
        \file_put_contents($cache . '/' . RuntimeFactory::CHOICE_FILE, \json_encode($fields + self::choice($cache)));
    }

    /**
     * One request in a fresh PHP process: the runtime auto picks and the wasmtime classes it loaded.
     *
     * @param array<string, mixed> $config
     * @param array<string, string> $ini
     * @return array{runtime: string, wasmtime_classes: list<string>}
     */
    private static function request(array $config, array $ini): array
    {
        $code = 'require ' . \var_export(RuntimeConfig::bridgeDir() . '/src/autoload.php', true) . ';'
            . '$r = ShopCredit\Runtime\RuntimeFactory::create(' . \var_export($config, true) . ');'
            . 'echo json_encode(["runtime" => $r instanceof ShopCredit\Runtime\GeneratedPhpRuntime ? "generated" : $r->info()["verification"],'
            . ' "wasmtime_classes" => array_values(array_intersect(' . \var_export(self::WASMTIME_CLASSES, true) . ', get_declared_classes()))]);';
        $flags = '';
        foreach ($ini as $k => $v) {
            $flags .= ' -d ' . \escapeshellarg("$k=$v");
        }
        \exec(\escapeshellarg(\PHP_BINARY) . $flags . ' -r ' . \escapeshellarg($code) . ' 2>&1', $out, $rc);
        self::assertSame(0, $rc, \implode("\n", $out));
        return \json_decode(\implode("\n", $out), true);
    }
}

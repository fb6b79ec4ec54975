<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCreditPs\Admin\RuntimeUpdate;
use ShopCreditPs\Bridge;

/**
 * A module upgrade keeps the merchant's faster runtime when the new core still passes the doctor's
 * check, on the next back-office page (the module's displayBackOfficeHeader hook runs
 * RuntimeUpdate::check): never on a storefront page or a back-office AJAX call; a core that does
 * not pass gets no choice. Only PrestaShop's side is stubbed (Support/RuntimeUpdateStubs.php).
 *
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class RuntimeUpdateTest extends TestCase
{
    private string $dir = '';

    protected function setUp(): void
    {
        require_once __DIR__ . '/Support/RuntimeUpdateStubs.php';
        if (!\extension_loaded('ffi') || !\is_file(RuntimeConfig::resolve([])['library'])) {
            self::markTestSkipped('wasmtime cannot run here (FFI or libwasmtime missing)');
        }
        $this->dir = \sys_get_temp_dir() . '/sc-ps-update-' . \getmypid();
        \mkdir($this->dir . '/cache', 0755, true);
        \copy(RuntimeConfig::resolve([])['wasm'], $this->dir . '/core.wasm');
        \putenv('SHOPCREDIT_WASM=' . $this->dir . '/core.wasm');
        \putenv('SHOPCREDIT_CACHE_DIR=' . $this->dir . '/cache');
        \putenv('SHOPCREDIT_RUNTIME=auto');
        $on = Doctor::turnOnFaster(Bridge::runtimeConfig());
        self::assertTrue($on['done'], $on['message']);
    }

    protected function tearDown(): void
    {
        if ($this->dir !== '') {
            \exec('rm -rf ' . \escapeshellarg($this->dir));
        }
    }

    public function testTheNextBackOfficePageAfterAnUpgradeKeepsTheFasterRuntime(): void
    {
        $this->install((string) \file_get_contents($this->dir . '/core.wasm')); // the same core, a new file
        $stale = $this->choice();
        RuntimeUpdate::check(); // a storefront page: no back office
        \define('_PS_ADMIN_DIR_', $this->dir);
        Tools::$post = ['ajax' => '1'];
        RuntimeUpdate::check();
        self::assertSame($stale, $this->choice(), 'nothing checked or written on a storefront page or an AJAX call');
        self::assertSame([], Configuration::$values);

        Tools::$post = [];
        RuntimeUpdate::check();
        self::assertSame([RuntimeUpdate::NOTICE_KEY => 'kept'], Configuration::$values);
        self::assertNotSame($stale, $this->choice());
        self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(Bridge::runtimeConfig()), 'the shop uses it again');
    }

    public function testACoreThatDoesNotPassGetsNoChoice(): void
    {
        $before = \json_decode($this->choice(), true)['wasm'];
        $this->install("\0asm\x01\0\0\0not a core");
        \define('_PS_ADMIN_DIR_', $this->dir);
        RuntimeUpdate::check();
        self::assertSame([RuntimeUpdate::NOTICE_KEY => 'cannot_run'], Configuration::$values);
        self::assertSame($before, \json_decode($this->choice(), true)['wasm'], 'no choice for that core');
        self::assertNotInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(Bridge::runtimeConfig()));
    }

    /** What an upgrade does to the core: a new file in its place. */
    private function install(string $bytes): void
    {
        \file_put_contents($this->dir . '/core.wasm.new', $bytes);
        \rename($this->dir . '/core.wasm.new', $this->dir . '/core.wasm');
        \clearstatcache();
    }

    private function choice(): string
    {
        return (string) \file_get_contents($this->dir . '/cache/' . RuntimeFactory::CHOICE_FILE);
    }
}

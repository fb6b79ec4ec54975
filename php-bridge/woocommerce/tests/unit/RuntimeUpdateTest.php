<?php

declare(strict_types=1);

namespace ShopCreditWC\Admin {
    // The request as WordPress classifies it (RuntimeUpdateWp::$request) and its options.
    if (!\function_exists('ShopCreditWC\Admin\is_admin')) {
        function is_admin(): bool
        {
            return \in_array(\RuntimeUpdateWp::$request, ['admin', 'ajax', 'cron'], true); // admin-ajax.php is admin too
        }
        function wp_doing_ajax(): bool
        {
            return \RuntimeUpdateWp::$request === 'ajax';
        }
        function wp_doing_cron(): bool
        {
            return \RuntimeUpdateWp::$request === 'cron';
        }
        function current_user_can(string $cap): bool
        {
            return true; // the shop's administrator, on every kind of request
        }
        function update_option(string $name, mixed $value, mixed $autoload = null): bool
        {
            \RuntimeUpdateWp::$options[$name] = $value;
            return true;
        }
    }
}

namespace {
    use PHPUnit\Framework\TestCase;
    use ShopCredit\Runtime\Doctor;
    use ShopCredit\Runtime\RuntimeConfig;
    use ShopCredit\Runtime\RuntimeFactory;
    use ShopCredit\Runtime\WasmtimeRuntime;
    use ShopCreditWC\Admin\RuntimeUpdate;
    use ShopCreditWC\Bridge;

    final class RuntimeUpdateWp
    {
        public static string $request = 'front';
        /** @var array<string, mixed> */
        public static array $options = [];
    }

    /**
     * A plugin update keeps the merchant's faster runtime when the new core still passes the
     * doctor's check, checked on the first admin page of the new code: never on a storefront
     * page, an AJAX call or WP-Cron; a core that does not pass gets no choice.
     */
    final class RuntimeUpdateTest extends TestCase
    {
        private static string $dir = '';

        public static function setUpBeforeClass(): void
        {
            self::$dir = \sys_get_temp_dir() . '/sc-wc-update-' . \getmypid();
            @\mkdir(self::$dir . '/cache', 0755, true); // one compiled module for every test
        }

        public static function tearDownAfterClass(): void
        {
            \exec('rm -rf ' . \escapeshellarg(self::$dir));
        }

        protected function setUp(): void
        {
            if (!\extension_loaded('ffi') || !\is_file(RuntimeConfig::resolve([])['library'])) {
                self::markTestSkipped('wasmtime cannot run here (FFI or libwasmtime missing)');
            }
            \copy(RuntimeConfig::resolve([])['wasm'], self::$dir . '/core.wasm');
            @\unlink(self::$dir . '/cache/' . RuntimeFactory::CHOICE_FILE);
            \putenv('SHOPCREDIT_WASM=' . self::$dir . '/core.wasm');
            \putenv('SHOPCREDIT_CACHE_DIR=' . self::$dir . '/cache');
            \putenv('SHOPCREDIT_RUNTIME=auto');
            RuntimeUpdateWp::$options = [];
            $on = Doctor::turnOnFaster(Bridge::runtimeConfig());
            self::assertTrue($on['done'], $on['message']);
        }

        protected function tearDown(): void
        {
            \putenv('SHOPCREDIT_WASM');
            \putenv('SHOPCREDIT_CACHE_DIR');
            \putenv('SHOPCREDIT_RUNTIME');
        }

        public function testTheFirstAdminPageAfterAnUpdateKeepsTheFasterRuntime(): void
        {
            $this->install((string) \file_get_contents(self::$dir . '/core.wasm')); // the same core, a new file
            $stale = $this->choice();
            foreach (['front', 'ajax', 'cron'] as $request) {
                RuntimeUpdateWp::$request = $request;
                RuntimeUpdate::check();
                self::assertSame($stale, $this->choice(), "$request: nothing checked or written");
                self::assertSame([], RuntimeUpdateWp::$options, $request);
            }
            RuntimeUpdateWp::$request = 'admin';
            RuntimeUpdate::check();
            self::assertSame([RuntimeUpdate::NOTICE_OPTION => 'kept'], RuntimeUpdateWp::$options);
            self::assertNotSame($stale, $this->choice());
            self::assertInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(Bridge::runtimeConfig()), 'the shop uses it again');
        }

        public function testACoreThatDoesNotPassGetsNoChoice(): void
        {
            $before = \json_decode($this->choice(), true)['wasm'];
            $this->install("\0asm\x01\0\0\0not a core");
            RuntimeUpdateWp::$request = 'admin';
            RuntimeUpdate::check();
            self::assertSame([RuntimeUpdate::NOTICE_OPTION => 'cannot_run'], RuntimeUpdateWp::$options);
            self::assertSame($before, \json_decode($this->choice(), true)['wasm'], 'no choice for that core');
            self::assertNotInstanceOf(WasmtimeRuntime::class, RuntimeFactory::create(Bridge::runtimeConfig()));
        }

        /** What an update does to the core: a new file in its place. */
        private function install(string $bytes): void
        {
            \file_put_contents(self::$dir . '/core.wasm.new', $bytes);
            \rename(self::$dir . '/core.wasm.new', self::$dir . '/core.wasm');
            \clearstatcache();
        }

        private function choice(): string
        {
            return (string) \file_get_contents(self::$dir . '/cache/' . RuntimeFactory::CHOICE_FILE);
        }
    }
}

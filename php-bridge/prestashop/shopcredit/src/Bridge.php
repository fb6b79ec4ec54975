<?php
/**
 * The bridge for this PrestaShop: the books in the shop's own MySQL database (tables
 * `{_DB_PREFIX_}shopcredit_sc_*`) on a connection of their own (the bridge sets its session:
 * utf8mb4, strict mode, UTC), the runtime the bridge picks (wasmtime through FFI, or the
 * generated-PHP core when shipped), the financing provider from the module's configuration.
 */

namespace ShopCreditPs;

use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\Connection;

final class Bridge
{
    private static ?ShopCredit $sc = null;

    /** One composition root per request; migrations run only on install and upgrade. */
    public static function sc(bool $install = false): ShopCredit
    {
        if (self::$sc !== null && !$install) {
            return self::$sc;
        }
        $config = self::$overrides + [
            'runtime' => self::runtimeConfig(),
            'install' => $install,
            'logger' => static function (string $level, string $message, array $context): void {
                \PrestaShopLogger::addLog('ShopCredit: ' . $message . ' ' . json_encode($context), $level === 'warning' ? 2 : 1);
            },
        ];
        if (!isset($config['connection']) && !isset($config['dsn'])) {
            $config['connection'] = Connection::open(Db::dsn(_DB_SERVER_, _DB_NAME_), _DB_USER_, _DB_PASSWD_, Db::tablePrefix(_DB_PREFIX_));
        }
        // Built when a request talks to the provider (webhooks, returns, polling), not on every checkout page.
        $config['webhook_keys'] = static function (): ?string {
            $key = (string) \Configuration::get('SHOPCREDIT_WEBHOOK_KEY');
            return $key !== '' ? $key : null;
        };
        $config['scalexpert'] = static fn (): ?ScalexpertClient => self::providerClient();
        return self::$sc = ShopCredit::boot($config);
    }

    /** @var array<string, mixed> boot settings that replace the shop's (the admin-screen tests: their own books and clock) */
    private static array $overrides = [];

    /** Every later boot uses these (a `dsn` or `connection` replaces the shop's database). @param array<string, mixed> $config */
    public static function override(array $config): void
    {
        self::$overrides = $config;
        self::$sc = null;
    }

    public static function reset(): void
    {
        self::$sc = null;
    }

    /** Runtime settings from the module's configuration, else the bridge's environment and defaults. */
    public static function runtimeConfig(): array
    {
        $c = [];
        $runtime = (string) \Configuration::getGlobalValue('SHOPCREDIT_RUNTIME');
        if (in_array($runtime, ['wasmtime', 'php'], true)) {
            $c['runtime'] = $runtime;
        }
        $lib = (string) \Configuration::getGlobalValue('SHOPCREDIT_LIBWASMTIME');
        if ($lib !== '') {
            $c['library'] = $lib;
        }
        // php.ini names the ffi.preload header: it lives in the shop's var/, outside the module
        // folder an upgrade replaces (a missing preload file stops PHP from starting at all).
        // The compiled-module cache too: var/ is outside what PrestaShop serves (var/.htaccess
        // denies it on Apache; nginx: see the README), the module folder is not.
        if (defined('_PS_ROOT_DIR_')) {
            $c['preload_header'] = _PS_ROOT_DIR_ . '/var/shopcredit/preload/shopcredit_wasmtime.h';
            if (getenv('SHOPCREDIT_CACHE_DIR') === false) {
                $c['cache_dir'] = _PS_ROOT_DIR_ . '/var/shopcredit/wasmtime-cache';
            }
        }
        return $c;
    }

    /** The books are kept per shop (multishop): the shop id is the books' shop. */
    public static function shopId(?int $idShop = null): string
    {
        return (string) ($idShop ?? (int) \Context::getContext()->shop->id);
    }

    private static function providerClient(): ?ScalexpertClient
    {
        $id = (string) \Configuration::get('SHOPCREDIT_PROVIDER_ID');
        $secret = (string) \Configuration::get('SHOPCREDIT_PROVIDER_SECRET');
        if ($id === '' || $secret === '') {
            return null;
        }
        $url = (string) \Configuration::get('SHOPCREDIT_PROVIDER_URL');
        if (ScalexpertConfig::urlProblem($url, (bool) \Configuration::get('SHOPCREDIT_PROVIDER_CUSTOM_URL')) !== null) {
            return null; // credentials go to the provider's own host only (or a URL the merchant enabled)
        }
        try {
            return new ScalexpertClient(new ScalexpertConfig($id, $secret, $url !== '' ? $url : ScalexpertConfig::BASE_URL_PROD));
        } catch (\InvalidArgumentException) {
            return null;
        }
    }
}

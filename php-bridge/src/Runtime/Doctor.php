<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Checks whether the core can run in this PHP process and says how to fix it. The same data
 * serves `php php-bridge/bin/shopcredit doctor` and admin pages (run it from the web SAPI to see
 * the web server's own settings; the CLI reads the CLI php.ini).
 *
 * report() returns:
 *   ok        bool — a decision round trip works here and nothing unsafe was found
 *   sapi      PHP_SAPI
 *   checks    list of {id, status: ok|warn|fail|info, title, detail}
 *   paths     resolved library, wasm, cache_dir, preload_header, preload_script
 *   ini       {preload: list<string>, enable_all: list<string>, conf_dirs: list<string>} — php.ini
 *             lines for web SAPIs with absolute paths
 *   runtime   WasmtimeRuntime::info() of the live runtime, or null
 *   active    the runtime RuntimeFactory picks with these settings: {kind: wasmtime|php, name,
 *             reason, info} (info: the runtime's info(), e.g. the generated file's path and
 *             size), or null when none can run
 *   usable    bool — some runtime answers decisions here (wasmtime, or the generated-PHP
 *             fallback where FFI is unavailable); `ok` stays about wasmtime and safety
 *
 * Extra config keys: write_preload_header (bool, CLI doctor: generate/refresh the header).
 */
final class Doctor
{
    /**
     * @param array<string, mixed> $config see RuntimeConfig
     * @return array{ok: bool, sapi: string, checks: list<array{id: string, status: string, title: string, detail: string}>,
     *               paths: array<string, ?string>, ini: array{preload: list<string>, enable_all: list<string>, conf_dirs: list<string>},
     *               runtime: ?array<string, mixed>}
     */
    public static function report(array $config = []): array
    {
        $checks = [];
        $add = static function (string $id, string $status, string $title, string $detail = '') use (&$checks): void {
            $checks[] = ['id' => $id, 'status' => $status, 'title' => $title, 'detail' => $detail];
        };
        try {
            $c = RuntimeConfig::resolve($config);
        } catch (RuntimeUnavailable $e) {
            $add('config', 'fail', 'Settings', $e->getMessage());
            return ['ok' => false, 'sapi' => \PHP_SAPI, 'checks' => $checks, 'paths' => [], 'ini' => ['preload' => [], 'enable_all' => [], 'conf_dirs' => []], 'runtime' => null, 'active' => null, 'usable' => false];
        }
        $cli = \PHP_SAPI === 'cli';
        $library = self::absolute($c['library']);
        $wasm = self::absolute($c['wasm']);
        $header = self::absolute($c['preload_header']);
        $script = RuntimeConfig::bridgeDir() . '/preload/preload.php';
        $cacheDir = $c['cache_dir'] === null ? null : self::absolute($c['cache_dir']);

        // PHP and FFI.
        $add('php_version', \PHP_VERSION_ID >= 80100 ? 'ok' : 'fail', 'PHP ' . \PHP_VERSION, \PHP_VERSION_ID >= 80100 ? '' : 'PHP 8.1 or later is required');
        $ffiLoaded = \extension_loaded('ffi');
        $add('ffi_loaded', $ffiLoaded ? 'ok' : 'fail', $ffiLoaded ? 'FFI extension loaded' : 'FFI extension not loaded', $ffiLoaded ? '' : 'install/enable the PHP FFI extension (extension=ffi; Debian: part of php8.x-common)');
        $enable = \strtolower(\trim((string) \ini_get('ffi.enable')));
        $add('ffi_enable', \in_array($enable, ['0', 'false', 'off', 'no', ''], true) ? 'fail' : 'ok', 'ffi.enable=' . ($enable === '' ? '0' : $enable), self::explainFfiEnable($enable));

        // Library.
        $version = WasmtimeApi::versionOf($library, $c['wasmtime_version']);
        if (!\is_file($library)) {
            $add('library', 'fail', 'libwasmtime missing', "$library does not exist (scripts/setup.sh installs it; or set SHOPCREDIT_LIBWASMTIME / library)");
        } else {
            $add('library', 'ok', 'libwasmtime ' . ($version ?? '(version unknown)'), $library . ' (' . \number_format(\filesize($library) / 1048576, 1) . ' MiB)');
        }
        if ($ffiLoaded) {
            try {
                $mode = WasmtimeRuntime::probeLibrary($c);
                $add('library_loadable', 'ok', "libwasmtime loads (FFI $mode)", $mode === 'scope' ? 'through the preloaded scope ' . WasmtimeApi::SCOPE : 'through FFI::cdef');
            } catch (RuntimeUnavailable $e) {
                $add('library_loadable', 'fail', 'libwasmtime cannot be loaded here', $e->getMessage());
            }
        }

        // Wasm.
        if (!\is_file($wasm)) {
            $add('wasm', 'fail', 'core wasm missing', "$wasm does not exist (make wasm)");
        } else {
            $add('wasm', 'ok', 'core wasm present', $wasm . ' (' . \number_format(\filesize($wasm) / 1024, 0) . ' KiB, sha256 ' . \hash_file('sha256', $wasm) . ')');
        }

        // Preload header (generated: FFI_LIB must be this machine's path).
        $expected = null;
        try {
            $expected = WasmtimeApi::preloadHeader($library);
        } catch (RuntimeUnavailable $e) {
            $add('preload_header', 'fail', 'preload header cannot be generated', $e->getMessage());
        }
        if ($expected !== null) {
            $current = @\file_get_contents($header);
            if ($current !== $expected && !empty($config['write_preload_header'])) {
                $dir = \dirname($header);
                if ((\is_dir($dir) || @\mkdir($dir, 0755, true)) && @\file_put_contents($header . '.tmp', $expected) !== false && @\rename($header . '.tmp', $header)) {
                    @\chmod($header, 0644);
                    WebDeny::protect($dir);
                    $add('preload_header', 'ok', 'preload header written', $header);
                    $current = $expected;
                } else {
                    $add('preload_header', 'warn', 'preload header could not be written', "$header (run the doctor as the deploying user)");
                }
            } elseif ($current === $expected) {
                if (!empty($config['write_preload_header'])) {
                    WebDeny::protect(\dirname($header)); // headers written before the deny rules existed
                }
                $add('preload_header', 'ok', 'preload header up to date', $header);
            } else {
                $add('preload_header', 'warn', $current === false ? 'preload header not generated yet' : 'preload header out of date', "$header — run `php php-bridge/bin/shopcredit doctor` (or preload-header) as the deploying user");
            }
        }

        // Cache directory.
        self::checkCache($cacheDir, $c['web_user'], $cli, $add);

        // Preload settings as this SAPI sees them.
        $ffiPreload = (string) \ini_get('ffi.preload');
        $opcachePreload = (string) \ini_get('opcache.preload');
        $opcacheOn = \filter_var(\ini_get('opcache.enable'), \FILTER_VALIDATE_BOOLEAN) && \extension_loaded('Zend OPcache');
        $headerListed = \in_array($header, \array_map([self::class, 'absolute'], \array_filter(\explode(\PATH_SEPARATOR, $ffiPreload))), true);
        $scriptListed = $opcachePreload !== '' && self::absolute($opcachePreload) === $script;
        $needPreload = !$cli && $enable === 'preload';
        $detail = 'ffi.preload=' . ($ffiPreload === '' ? '(empty)' : $ffiPreload)
            . '; opcache.enable=' . ($opcacheOn ? '1' : '0')
            . '; opcache.preload=' . ($opcachePreload === '' ? '(empty)' : $opcachePreload)
            . '; opcache.preload_user=' . ((string) \ini_get('opcache.preload_user') === '' ? '(empty)' : (string) \ini_get('opcache.preload_user'));
        if ($headerListed && ($scriptListed || $opcachePreload !== '') && $opcacheOn) {
            $add('preload', 'ok', 'FFI + opcache preload configured', $detail . ($scriptListed ? '' : ' (another preload script: it must require ' . $script . ')'));
        } elseif ($needPreload) {
            $add('preload', 'fail', 'web SAPI with ffi.enable=preload but the ShopCredit preload is not configured', $detail . ' — add the php.ini lines below');
        } else {
            $add('preload', 'info', $cli ? 'preload not needed for the CLI (web SAPIs need it unless ffi.enable=1)' : 'preload not needed (ffi.enable=1)', $detail);
        }

        // Live round trip.
        $info = null;
        try {
            $t = \hrtime(true);
            $runtime = new WasmtimeRuntime($c);
            $response = $runtime->call('{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}');
            $ms = (\hrtime(true) - $t) / 1e6;
            $info = $runtime->info();
            $expectedResponse = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';
            if ($response === $expectedResponse) {
                $add('round_trip', 'ok', 'decision round trip works', \sprintf('%s in %.2f ms: money.allocate 100.00 EUR / 3 → 33.34, 33.33, 33.33', $runtime->name(), $ms));
            } else {
                $add('round_trip', 'fail', 'round trip answered unexpectedly', $response);
            }
            if ($info['cache_rejected'] !== null) {
                $add('cache_rejected', 'warn', 'a cached module was rejected and recompiled', $info['cache_rejected']);
            }
            if ($cacheDir !== null && $info['module_source'] === 'compiled') {
                $add('cache_warm', $cli ? 'warn' : 'fail', 'no compiled module in the cache', 'every request compiles the wasm (~0.2 s and more); run `php php-bridge/bin/shopcredit doctor` as the deploying user to publish it');
            }
        } catch (RuntimeUnavailable $e) {
            $wasmtimeError = $e->getMessage();
            $add('round_trip', 'fail', 'no decision possible here (fail closed)', $e->getMessage());
        }

        $active = self::activeRuntime($config, $c['runtime'], $wasmtimeError ?? null, $add);

        $ini = self::iniLines($header, $script, $c['web_user']);
        $ok = true;
        foreach ($checks as $check) {
            $ok = $ok && $check['status'] !== 'fail';
        }
        return [
            'ok' => $ok,
            'sapi' => \PHP_SAPI,
            'checks' => $checks,
            'paths' => ['library' => $library, 'wasm' => $wasm, 'cache_dir' => $cacheDir, 'preload_header' => $header, 'preload_script' => $script],
            'ini' => $ini,
            'runtime' => $info,
            'active' => $active,
            'usable' => $active !== null,
        ];
    }

    private const ROUND_TRIP_REQUEST = '{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}';
    private const ROUND_TRIP_RESPONSE = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    /**
     * The generated-PHP core file, and which runtime RuntimeFactory picks here and why.
     *
     * @param array<string, mixed> $config
     * @param callable(string, string, string, string=): void $add
     * @return array{kind: string, name: string, reason: string, info: array<string, mixed>}|null
     */
    private static function activeRuntime(array $config, string $setting, ?string $wasmtimeError, callable $add): ?array
    {
        $core = GeneratedPhpRuntime::locate($config);
        if ($core === null) {
            $add('php_core', 'info', 'generated-PHP core not built', 'none of ' . \implode(', ', GeneratedPhpRuntime::candidates($config)) . ' exists (`make php-runtime`); it is the fallback where wasmtime cannot run');
        } else {
            $opcache = \function_exists('opcache_is_script_cached') && \filter_var(\ini_get(\PHP_SAPI === 'cli' ? 'opcache.enable_cli' : 'opcache.enable'), \FILTER_VALIDATE_BOOLEAN);
            $cached = !$opcache ? ', opcache off here: every process compiles it (~0.3 s, ~35 MB peak)' : (@\opcache_is_script_cached($core) ? ', in the opcache' : ', not in the opcache yet');
            $add('php_core', 'ok', 'generated-PHP core present', \sprintf('%s (%d files, %.1f MiB%s)', $core, \count(GeneratedPhpRuntime::files($core)), GeneratedPhpRuntime::totalBytes($core) / 1048576, $cached));
        }
        try {
            $t = \hrtime(true);
            $runtime = RuntimeFactory::create($config);
            $response = $runtime->call(self::ROUND_TRIP_REQUEST);
            $ms = (\hrtime(true) - $t) / 1e6;
        } catch (RuntimeUnavailable $e) {
            $add('active_runtime', 'fail', 'no runtime can run the core here (every gate answers runtime_unavailable)', $e->getMessage());
            return null;
        }
        $kind = $runtime instanceof GeneratedPhpRuntime ? 'php' : 'wasmtime';
        $reason = match (true) {
            $setting === 'php' => 'forced by runtime=php (setting or SHOPCREDIT_RUNTIME)',
            $setting === 'wasmtime' => 'forced by runtime=wasmtime (setting or SHOPCREDIT_RUNTIME)',
            $kind === 'wasmtime' => 'runtime=auto and wasmtime is usable (the faster runtime)',
            default => 'runtime=auto and wasmtime is not usable here' . ($wasmtimeError !== null ? " ($wasmtimeError)" : '') . ': the generated-PHP core answers instead (same decisions, plain PHP, slower)',
        };
        $ok = $response === self::ROUND_TRIP_RESPONSE;
        $add(
            'active_runtime',
            $ok ? 'ok' : 'fail',
            'active runtime: ' . ($kind === 'php' ? 'generated PHP' : 'wasmtime'),
            $reason . \sprintf('; %s answered money.allocate in %.2f ms', $runtime->name(), $ms) . ($ok ? '' : ' with an unexpected response: ' . $response),
        );
        if (!$ok) {
            return null;
        }
        $info = \method_exists($runtime, 'info') ? $runtime->info() : [];
        return ['kind' => $kind, 'name' => $runtime->name(), 'reason' => $reason, 'info' => $info];
    }

    /** Human-readable report (what the CLI prints). @param array<string, mixed> $report */
    public static function format(array $report): string
    {
        $out = 'ShopCredit runtime doctor (PHP ' . \PHP_VERSION . ', SAPI ' . $report['sapi'] . ")\n\n";
        foreach ($report['checks'] as $check) {
            $out .= \sprintf("  [%-4s] %s\n", $check['status'], $check['title']);
            if ($check['detail'] !== '') {
                $out .= '         ' . \str_replace("\n", "\n         ", $check['detail']) . "\n";
            }
        }
        $out .= "\nphp.ini for web SAPIs (php-fpm, apache2handler), with ffi.enable=preload (the default):\n\n";
        foreach ($report['ini']['preload'] as $line) {
            $out .= "    $line\n";
        }
        $out .= "\nor, simpler but FFI for every script on the server:\n\n";
        foreach ($report['ini']['enable_all'] as $line) {
            $out .= "    $line\n";
        }
        if ($report['ini']['conf_dirs'] !== []) {
            $out .= "\nPut them in e.g. " . \implode(' or ', \array_map(static fn (string $d): string => "$d/90-shopcredit.ini", $report['ini']['conf_dirs'])) . " and restart the PHP service.\n";
        }
        $out .= "\nffi.enable is INI_SYSTEM: .htaccess and .user.ini cannot set it. ffi.preload takes several headers separated by '"
            . \PATH_SEPARATOR . "'; opcache.preload takes one script (require ours from an existing one).\n";
        $out .= "\n" . ($report['ok'] ? 'OK: the core is usable here.' : 'NOT USABLE here: see [fail] above.') . "\n";
        if (!$report['ok'] && ($report['usable'] ?? false)) {
            $out .= 'Decisions still run here through the generated-PHP runtime (see [ok] active runtime above); fix the [fail] lines for the faster wasmtime runtime.' . "\n";
        }
        return $out;
    }

    /** @return array{preload: list<string>, enable_all: list<string>, conf_dirs: list<string>} */
    private static function iniLines(string $header, string $script, string $webUser): array
    {
        $dirs = \glob('/etc/php/' . \PHP_MAJOR_VERSION . '.' . \PHP_MINOR_VERSION . '/{fpm,apache2,cgi}/conf.d', \GLOB_BRACE) ?: [];
        return [
            'preload' => [
                'ffi.enable=preload',
                "ffi.preload=$header",
                'opcache.enable=1',
                "opcache.preload=$script",
                "opcache.preload_user=$webUser",
            ],
            'enable_all' => ['ffi.enable=1'],
            'conf_dirs' => $dirs,
        ];
    }

    private static function explainFfiEnable(string $enable): string
    {
        return match ($enable) {
            'preload' => 'CLI: FFI usable everywhere. Web SAPIs (php-fpm, apache2handler, cli-server): FFI only from preloaded code — needs ffi.preload=<header> and opcache.preload=<script> (lines below), or ffi.enable=1',
            '1', 'true', 'on', 'yes' => 'FFI usable from every script, CLI and web (no preload needed; any script on the server can call native code)',
            default => 'FFI disabled in every SAPI: the core cannot run',
        };
    }

    /** @param callable(string, string, string, string=): void $add */
    private static function checkCache(?string $dir, string $webUser, bool $cli, callable $add): void
    {
        if ($dir === null) {
            $add('cache_dir', 'warn', 'compiled-module cache disabled', 'every request compiles the wasm');
            return;
        }
        if (!\is_dir($dir)) {
            $parentWritable = \is_writable(\dirname($dir));
            $add('cache_dir', $cli ? 'warn' : 'fail', 'cache directory does not exist', $dir . ($parentWritable ? ' (created by the first CLI run)' : ' (create it, owned by the deploying user, mode 0755)'));
            return;
        }
        \clearstatcache(true, $dir);
        $perms = \fileperms($dir) & 0777;
        $owner = \fileowner($dir);
        $group = \filegroup($dir);
        $problems = [];
        if ($perms & 0002) {
            $problems[] = 'world-writable (mode ' . \sprintf('%04o', $perms) . ')';
        }
        if (\function_exists('posix_getpwnam') && ($pw = \posix_getpwnam($webUser)) !== false) {
            if ($owner === $pw['uid'] && $pw['uid'] !== 0) {
                $problems[] = "owned by the web server user $webUser";
            }
            if (($perms & 0020) && $group === $pw['gid']) {
                $problems[] = "group-writable by $webUser's group";
            }
        }
        $writable = \is_writable($dir);
        if (!$cli && $writable) {
            $problems[] = 'writable by this web process (' . self::currentUser() . ')';
        }
        $detail = \sprintf('%s (mode %04o, owner %s)', $dir, $perms, self::userName($owner));
        if ($problems !== []) {
            $add('cache_dir', 'fail', 'cache directory is writable by others: wasmtime runs its files as native code', $detail . ': ' . \implode(', ', $problems) . ' — chown it to the deploying user and chmod 0755');
            return;
        }
        $add('cache_dir', 'ok', $cli ? ($writable ? 'cache directory safe and writable by the CLI' : 'cache directory safe but not writable by this CLI user') : 'cache directory safe (read-only for this web process)', $detail);
    }

    private static function currentUser(): string
    {
        return \function_exists('posix_geteuid') ? self::userName(\posix_geteuid()) : (\get_current_user() ?: '?');
    }

    private static function userName(int|false $uid): string
    {
        if ($uid === false) {
            return '?';
        }
        if (\function_exists('posix_getpwuid') && ($pw = \posix_getpwuid($uid)) !== false) {
            return $pw['name'];
        }
        return (string) $uid;
    }

    private static function absolute(string $path): string
    {
        if ($path === '' || $path[0] === '/') {
            return $path;
        }
        $real = \realpath($path);
        return $real !== false ? $real : \getcwd() . '/' . $path;
    }
}

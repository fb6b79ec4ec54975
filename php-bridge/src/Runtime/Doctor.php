<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Checks whether the core can run in this PHP process and says how to fix it. The same data
 * serves `php php-bridge/bin/shopcredit doctor` and admin pages (run it from the web SAPI to see
 * the web server's own settings; the CLI reads the CLI php.ini).
 *
 * The policy: no php.ini line by default. The generated-PHP core runs on every PHP 8.1+ without an
 * extension or a setting and answers by default (runtime=auto); wasmtime (faster per decision, the
 * same answers) answers only once the merchant turned on "the faster runtime" here: turnOnFaster
 * (CLI `doctor --faster=on`, the hosts' runtime screens) verifies it in this PHP with a live round
 * trip and records the verdict and the choice beside the compiled module, where this user may
 * write and only the directory's owner can; turnOffFaster removes the choice. The report says in
 * words which runtime answers and why (`words`), and why a recorded choice no longer holds (the
 * core republished, libwasmtime moved, PHP upgraded, FFI off: requests then use the generated
 * core, silently). Asked for FFI
 * (config `ffi_advice`, CLI `doctor --ffi`), the doctor names one line, `ffi.enable=1`, which
 * cannot keep PHP from starting, and says what it allows. It never recommends ffi.preload or
 * opcache.preload: PHP refuses to start when a file they name goes missing (a plugin deleted or
 * updated). Where php.ini already names ShopCredit's preload files, it says to remove them.
 *
 * report() returns:
 *   ok        bool — a runtime answers decisions here and nothing unsafe was found (wasmtime's
 *             checks are information when the generated core answers instead)
 *   sapi      PHP_SAPI
 *   checks    list of {id, status: ok|warn|fail|info, title, detail}
 *   paths     resolved library, wasm, cache_dir, preload_header, preload_script
 *   ini       {add: list<string> (always empty: nothing is needed), ffi: list<string> (only when
 *             asked: ffi.enable=1), ffi_allows: string (what that line allows), remove: list<string>
 *             (ShopCredit preload lines this SAPI has, which can stop PHP from starting),
 *             conf_dirs: list<string>}
 *   runtime   WasmtimeRuntime::info() of the live runtime, or null
 *   active    the runtime RuntimeFactory picks with these settings: {kind: wasmtime|php, name,
 *             reason, info} (info: the runtime's info(), e.g. the generated file's path and
 *             size), or null when none can run
 *   usable    bool — some runtime answers decisions here (wasmtime, or the generated-PHP
 *             fallback where FFI is unavailable); `ok` stays about wasmtime and safety
 *   faster    the faster runtime (wasmtime) here: {state: on|off|stale, why (words: when it was
 *             turned on, or what changed since), works_here (its round trip answered here),
 *             can_record (this user may turn it on or off here), turn_on, turn_off (the CLI
 *             commands for the deploying user)}
 *   words     {code, text}: which runtime answers and why, in one sentence (English text; the
 *             hosts translate by code: WORDS)
 *
 * Extra config keys: write_preload_header (bool: generate/refresh the header that php.ini lines
 * written for older versions may still name, so PHP keeps starting), ffi_advice (bool: the
 * merchant asked how to turn FFI on).
 */
final class Doctor
{
    /**
     * @param array<string, mixed> $config see RuntimeConfig
     * @return array{ok: bool, sapi: string, checks: list<array{id: string, status: string, title: string, detail: string}>,
     *               paths: array<string, ?string>, ini: array{add: list<string>, ffi: list<string>, ffi_allows: string, remove: list<string>, conf_dirs: list<string>},
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
            return ['ok' => false, 'sapi' => \PHP_SAPI, 'checks' => $checks, 'paths' => [], 'ini' => self::iniLines(false, []), 'runtime' => null, 'active' => null, 'usable' => false];
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
        $enable = RuntimeConfig::ffiEnable();
        $add('ffi_enable', RuntimeConfig::ffiEnableOff($enable) ? 'fail' : 'ok', 'ffi.enable=' . ($enable === '' ? '0' : $enable), self::explainFfiEnable($enable));

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
        $remove = \array_values(\array_filter([$headerListed ? "ffi.preload=$ffiPreload" : null, $scriptListed ? "opcache.preload=$opcachePreload" : null]));
        if ($remove !== []) {
            $add('preload', 'warn', 'php.ini names ShopCredit preload files: PHP does not start when one of them goes missing', $detail . ' — remove these lines (a deleted or updated plugin must not stop the server); decisions keep running through the generated-PHP core, or wasmtime with ffi.enable=1');
        } elseif ($needPreload) {
            $add('preload', 'info', 'FFI only from preloaded code here (ffi.enable=preload): wasmtime is not used, the generated-PHP core answers', $detail);
        } else {
            $add('preload', 'info', 'no preload needed', $detail);
        }

        // Live round trip.
        $info = null;
        try {
            $t = \hrtime(true);
            $runtime = new WasmtimeRuntime($c);
            $response = $runtime->call(RuntimeFactory::ROUND_TRIP_REQUEST);
            $ms = (\hrtime(true) - $t) / 1e6;
            $info = $runtime->info();
            $wasmtimeWorks = $response === RuntimeFactory::ROUND_TRIP_RESPONSE;
            if ($wasmtimeWorks) {
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

        $faster = self::faster($c, $wasmtimeWorks ?? false);
        $active = self::activeRuntime($config, $c['runtime'], $faster, $wasmtimeError ?? null, $add);
        if ($faster['state'] === 'on' && ($active['kind'] ?? null) !== 'wasmtime' && $c['runtime'] === 'auto') {
            $faster['state'] = 'stale';
            $faster['why'] = 'wasmtime did not load with its recorded verdict (the verdict beside the compiled module is missing or no longer matches)';
        }
        $add('faster_runtime', ['on' => 'ok', 'off' => 'info', 'stale' => 'warn'][$faster['state']], self::FASTER_TITLES[$faster['state']], $faster['why']);
        $words = self::words($c['runtime'], $active, $faster, RuntimeFactory::phpRuntimeShipped($config));
        if ($active !== null && $active['kind'] === 'php' && $c['runtime'] !== 'wasmtime') {
            $checks = self::wasmtimeOptional($checks);
        }

        $ini = self::iniLines(!empty($config['ffi_advice']), $remove);
        $ok = $active !== null;
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
            'faster' => $faster,
            'words' => $words,
        ];
    }

    private const FASTER_TITLES = [
        'on' => 'faster runtime (wasmtime) turned on and verified here',
        'off' => 'faster runtime (wasmtime) off',
        'stale' => 'faster runtime (wasmtime) turned on, but the check no longer matches: the generated-PHP core answers',
    ];

    /**
     * Which runtime answers and why, in one plain sentence per case; the hosts show their own
     * translation of each code.
     */
    public const WORDS = [
        'forced_php' => 'The plain-PHP core answers every decision: the runtime is set to it (runtime=php).',
        'forced_wasmtime' => 'wasmtime answers every decision: the runtime is set to it (runtime=wasmtime).',
        'faster_on' => 'The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.',
        'plain_can_turn_on' => 'The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) works on this server and is off: you can turn it on.',
        'plain_faster_changed' => 'The plain-PHP core answers: you turned on the faster runtime, but something changed since (see below). Turn it on again to check it on this server.',
        'plain_faster_lost' => 'The plain-PHP core answers: you turned on the faster runtime, but it cannot run on this server any more (see below). Turn it off, or fix what is below and turn it on again.',
        'plain_only' => 'The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) cannot run on this server; nothing needs doing.',
        'wasmtime_no_plain' => 'wasmtime answers: the plain-PHP core is not part of this build.',
        'none' => 'No runtime can run the core here: nothing is offered at checkout until this is fixed.',
    ];

    /**
     * @param array{state: string} $faster
     * @param array{kind: string}|null $active
     * @return array{code: string, text: string}
     */
    private static function words(string $setting, ?array $active, array $faster, bool $shipped): array
    {
        $code = match (true) {
            $active === null => 'none',
            $setting === 'php' => 'forced_php',
            $setting === 'wasmtime' => 'forced_wasmtime',
            $active['kind'] === 'wasmtime' => $shipped ? 'faster_on' : 'wasmtime_no_plain',
            $faster['state'] === 'stale' => $faster['works_here'] ? 'plain_faster_changed' : 'plain_faster_lost',
            default => $faster['works_here'] ? 'plain_can_turn_on' : 'plain_only',
        };
        return ['code' => $code, 'text' => self::WORDS[$code]];
    }

    /**
     * The faster runtime's state here (see report()).
     *
     * @param array{cache_dir: ?string, wasm: string, library: string} $c
     * @return array{state: string, why: string, works_here: bool, can_record: bool, turn_on: string, turn_off: string}
     */
    private static function faster(array $c, bool $works): array
    {
        $file = $c['cache_dir'] === null ? null : $c['cache_dir'] . '/' . RuntimeFactory::CHOICE_FILE;
        $choice = RuntimeFactory::choice($c);
        $problem = $choice === null ? null : RuntimeFactory::choiceProblem($choice, $c);
        [$state, $why] = match (true) {
            $choice !== null && $problem === null => ['on', \sprintf('turned on %s UTC by %s (PHP %s, %s, FFI %s)', \gmdate('Y-m-d H:i', (int) ($choice['at'] ?? 0)), $choice['by'] ?? '?', $choice['php'], $choice['sapi'] ?? '?', $choice['ffi'])],
            $choice !== null && ($choice['recheck']['for'] ?? null) === self::build($c) => ['stale', \sprintf('ShopCredit was updated and the faster runtime was checked again with the new version on %s UTC: it did not pass (%s)', \gmdate('Y-m-d H:i', (int) $choice['recheck']['at']), $choice['recheck']['why'] ?? '?')],
            $choice !== null => ['stale', (string) $problem],
            $file !== null && \file_exists($file) => ['stale', "$file is ignored: others than its owner can write it or its directory, or it cannot be read"],
            default => ['off', $works ? 'it works here: turning it on makes the shop use it' : 'it cannot run here (see the wasmtime lines); the generated-PHP core gives the same decisions'],
        };
        $command = 'php ' . RuntimeConfig::bridgeDir() . '/bin/shopcredit doctor --faster=%s --lib=' . \escapeshellarg($c['library']) . ' --cache-dir=' . \escapeshellarg((string) $c['cache_dir']);
        return [
            'state' => $state,
            'why' => $why,
            'works_here' => $works,
            'can_record' => (new ModuleCache($c['cache_dir'], $c['wasm'], ''))->canRecord(),
            'turn_on' => \sprintf($command, 'on'),
            'turn_off' => \sprintf($command, 'off'),
        ];
    }

    /**
     * "Turn on the faster runtime": wasmtime built afresh in this PHP must answer the round trip;
     * then its verdict (WasmtimeRuntime::recordGood) and the choice (RuntimeFactory::CHOICE_FILE)
     * are written beside the compiled module. Only where this user may write the cache directory
     * and only its owner can (else the words say who can: the deploying user, with the command).
     *
     * @param array<string, mixed> $config see RuntimeConfig
     * @return array{done: bool, code: string, message: string}
     */
    public static function turnOnFaster(array $config): array
    {
        $c = RuntimeConfig::resolve($config);
        try {
            $runtime = new WasmtimeRuntime($config);
            $answer = $runtime->call(RuntimeFactory::ROUND_TRIP_REQUEST);
        } catch (RuntimeUnavailable | RuntimeFailure $e) {
            return self::turned(false, 'cannot_run', 'The faster runtime cannot run on this server, so it stays off: ' . $e->getMessage());
        }
        if ($answer !== RuntimeFactory::ROUND_TRIP_RESPONSE) {
            return self::turned(false, 'wrong_answer', 'The faster runtime answered a test decision wrongly on this server, so it stays off: ' . \substr($answer, 0, 200));
        }
        $cache = new ModuleCache($c['cache_dir'], $c['wasm'], '');
        $module = $runtime->info()['module_file'];
        $check = RuntimeFactory::roundTripCheck();
        if ($module === null || !$cache->canRecord()) {
            return self::turned(false, 'cannot_record', 'The faster runtime works here, but this user (' . self::currentUser() . ') may not record that in ' . ($c['cache_dir'] ?? '(no cache directory)') . ', as it should be: the user who deploys the shop runs ' . self::faster($c, true)['turn_on']);
        }
        $runtime->recordGood($check);
        if (!$runtime->knownGood($check) || !$cache->publishTrusted(RuntimeFactory::CHOICE_FILE, RuntimeFactory::choiceRecord($c, $runtime->info()['ffi'], $module, self::currentUser()))) {
            return self::turned(false, 'cannot_record', 'The faster runtime works here, but its verdict could not be written in ' . $c['cache_dir']);
        }
        return self::turned(true, 'turned_on', 'The faster runtime (wasmtime) is on: it answered a test decision correctly on this server, and the shop uses it from the next page on (until ShopCredit, libwasmtime or PHP change: then the plain-PHP core answers again until you turn it on again).');
    }

    /**
     * "Turn off the faster runtime": removes the choice; requests use the generated core again.
     *
     * @param array<string, mixed> $config see RuntimeConfig
     * @return array{done: bool, code: string, message: string}
     */
    public static function turnOffFaster(array $config): array
    {
        $c = RuntimeConfig::resolve($config);
        $file = $c['cache_dir'] === null ? null : $c['cache_dir'] . '/' . RuntimeFactory::CHOICE_FILE;
        if ($file !== null && \file_exists($file) && !@\unlink($file)) {
            return self::turned(false, 'cannot_record', 'This user (' . self::currentUser() . ') may not change ' . $c['cache_dir'] . ': the user who deploys the shop runs ' . self::faster($c, false)['turn_off']);
        }
        return self::turned(true, 'turned_off', 'The faster runtime is off: the plain-PHP core answers from the next page on.');
    }

    /**
     * After an update of ShopCredit (the core changed since the merchant turned the faster runtime
     * on), in the PHP where it was turned on: the button's own check (turnOnFaster) for the new
     * core, which writes a new choice only when it passes, owner-only. For the hosts' update paths
     * and admin pages, never a storefront request (it may compile the wasm). Tried once per build:
     * when the new core fails, the old choice (which no request trusts) notes the attempt, so later
     * admin pages do not compile it again, and the doctor says why (faster()).
     *
     * @param array<string, mixed> $config see RuntimeConfig
     * @return array{done: bool, code: string, message: string}|null null: nothing to do here;
     *         code kept, or turnOnFaster's refusal (cannot_run, wrong_answer, cannot_record)
     */
    public static function keepFasterAfterUpdate(array $config): ?array
    {
        $c = RuntimeConfig::resolve($config);
        $choice = $c['runtime'] === 'auto' ? RuntimeFactory::choice($c) : null;
        $build = self::build($c);
        if ($choice === null || !self::updatedSince($choice, $c['wasm'], $build['wasm']) || ($choice['recheck']['for'] ?? null) === $build) {
            return null;
        }
        $cache = new ModuleCache($c['cache_dir'], $c['wasm'], '');
        if (!$cache->canRecord()) {
            return null; // this PHP may write nothing here: the screen shows the deploying user's command
        }
        $on = self::turnOnFaster($config);
        $now = RuntimeFactory::choice($c);
        if ($on['done'] && $now !== null && RuntimeFactory::choiceProblem($now, $c) === null) {
            return self::turned(true, 'kept', 'ShopCredit was updated: the faster runtime (wasmtime) passed its check again with the new version on this server and stays on.');
        }
        $code = $on['done'] ? 'cannot_record' : $on['code'];
        $tried = \array_merge($choice, ['recheck' => ['for' => $build, 'at' => \time(), 'code' => $code, 'why' => $on['message']]]);
        $cache->publishTrusted(RuntimeFactory::CHOICE_FILE, \json_encode($tried, \JSON_UNESCAPED_SLASHES | \JSON_PRETTY_PRINT) . "\n");
        return self::turned(false, $code, 'ShopCredit was updated and the faster runtime (wasmtime) did not pass its check with the new version on this server, so the plain-PHP core answers. ' . $on['message']);
    }

    /**
     * What an update replaces: the core and the library (their identities).
     *
     * @param array{wasm: string, library: string} $c
     * @return array{wasm: ?string, library: ?string}
     */
    private static function build(array $c): array
    {
        return ['wasm' => RuntimeFactory::fileId($c['wasm']), 'library' => RuntimeFactory::fileId($c['library'])];
    }

    /**
     * The choice was made in this very PHP (version and SAPI: the check must run where it ran) and
     * the core changed since, as every update of the plugin or module does. $wasmId is the core's
     * identity as build() read it (one stat per admin page, not two).
     *
     * @param array<string, mixed> $choice see RuntimeFactory::choice
     */
    private static function updatedSince(array $choice, string $wasm, ?string $wasmId): bool
    {
        return ($choice['php'] ?? null) === \PHP_VERSION && ($choice['sapi'] ?? null) === \PHP_SAPI
            && ($choice['wasm'] ?? null) !== ['path' => $wasm, 'id' => $wasmId];
    }

    /** @return array{done: bool, code: string, message: string} */
    private static function turned(bool $done, string $code, string $message): array
    {
        return ['done' => $done, 'code' => $code, 'message' => $message];
    }

    /** The checks only wasmtime needs: information, not failures, while the generated core answers. */
    private const WASMTIME_CHECKS = ['ffi_loaded', 'ffi_enable', 'library', 'library_loadable', 'preload_header', 'round_trip', 'cache_warm', 'cache_rejected', 'cache_dir'];

    /** An unsafe cache directory stays a failure whichever runtime answers: FFI may be turned on later. */
    private const CACHE_UNSAFE = 'cache directory is writable by others: wasmtime runs its files as native code';

    /**
     * @param list<array{id: string, status: string, title: string, detail: string}> $checks
     * @return list<array{id: string, status: string, title: string, detail: string}>
     */
    private static function wasmtimeOptional(array $checks): array
    {
        foreach ($checks as &$check) {
            if (\in_array($check['id'], self::WASMTIME_CHECKS, true) && $check['status'] !== 'ok' && $check['title'] !== self::CACHE_UNSAFE) {
                $check['status'] = 'info';
                $check['title'] = 'wasmtime (optional): ' . $check['title'];
            }
        }
        return $checks;
    }

    /**
     * The generated-PHP core file, and which runtime RuntimeFactory picks here and why.
     *
     * @param array<string, mixed> $config
     * @param array{state: string, why: string, works_here: bool} $faster
     * @param callable(string, string, string, string=): void $add
     * @return array{kind: string, name: string, reason: string, info: array<string, mixed>}|null
     */
    private static function activeRuntime(array $config, string $setting, array $faster, ?string $wasmtimeError, callable $add): ?array
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
            $response = $runtime->call(RuntimeFactory::ROUND_TRIP_REQUEST);
            $ms = (\hrtime(true) - $t) / 1e6;
        } catch (RuntimeUnavailable $e) {
            $add('active_runtime', 'fail', 'no runtime can run the core here (every gate answers runtime_unavailable)', $e->getMessage());
            return null;
        }
        $kind = $runtime instanceof GeneratedPhpRuntime ? 'php' : 'wasmtime';
        $reason = match (true) {
            $setting === 'php' => 'forced by runtime=php (setting or SHOPCREDIT_RUNTIME)',
            $setting === 'wasmtime' => 'forced by runtime=wasmtime (setting or SHOPCREDIT_RUNTIME)',
            $kind === 'wasmtime' && $faster['state'] === 'on' => 'runtime=auto and the faster runtime is turned on: wasmtime answers, verified here (' . $faster['why'] . '; its verdict beside the compiled module lets requests skip the round trip)',
            $kind === 'wasmtime' => 'runtime=auto and the generated-PHP core is not part of this build: wasmtime answers once its round trip does',
            $faster['state'] === 'stale' => 'runtime=auto: the generated-PHP core answers (same decisions, plain PHP, no php.ini line needed); the faster runtime was turned on, but ' . $faster['why'] . ': turn it on again to verify it here',
            $faster['works_here'] => 'runtime=auto: the generated-PHP core answers (same decisions, plain PHP, no php.ini line needed); the faster runtime (wasmtime) works here and is off until you turn it on',
            default => 'runtime=auto: the generated-PHP core answers (same decisions, plain PHP, no php.ini line needed); wasmtime cannot run here' . ($wasmtimeError !== null ? " ($wasmtimeError)" : ''),
        };
        $ok = $response === RuntimeFactory::ROUND_TRIP_RESPONSE;
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
        if (isset($report['words'])) {
            $out .= \wordwrap('Runtime: ' . $report['words']['text'], 100) . "\n\n";
        }
        foreach ($report['checks'] as $check) {
            $out .= \sprintf("  [%-4s] %s\n", $check['status'], $check['title']);
            if ($check['detail'] !== '') {
                $out .= '         ' . \str_replace("\n", "\n         ", $check['detail']) . "\n";
            }
        }
        $out .= self::formatFaster($report['faster'] ?? null);
        $out .= self::formatIni($report['ini']);
        $out .= "\n" . ($report['ok'] ? 'OK: the core is usable here.' : 'NOT USABLE here: see [fail] above.') . "\n";
        if (!$report['ok'] && ($report['usable'] ?? false)) {
            $out .= 'Decisions still run here (see [ok] active runtime above); fix the [fail] lines.' . "\n";
        }
        return $out;
    }

    /** How to turn the faster runtime on or off from here (the CLI's report). @param array<string, mixed>|null $faster */
    private static function formatFaster(?array $faster): string
    {
        if ($faster === null) {
            return '';
        }
        $out = '';
        if ($faster['state'] !== 'on' && $faster['works_here']) {
            $out .= "\nTo turn on the faster runtime (wasmtime, verified first), as the user who deploys the shop:\n\n    " . $faster['turn_on'] . "\n";
        }
        if ($faster['state'] !== 'off') {
            $out .= "\nTo turn it off (the plain-PHP core answers again):\n\n    " . $faster['turn_off'] . "\n";
        }
        return $out;
    }

    /** What ffi.enable=1 allows, said wherever it is named. */
    public const FFI_ALLOWS = 'ffi.enable=1 lets every PHP script on this server load native libraries and call native code through FFI (not only ShopCredit); it cannot keep PHP from starting. ShopCredit uses wasmtime only once you turn on the faster runtime and it answers a test decision correctly here; without it the generated-PHP core gives the same decisions.';

    /**
     * @param list<string> $remove
     * @return array{add: list<string>, ffi: list<string>, ffi_allows: string, remove: list<string>, conf_dirs: list<string>}
     */
    private static function iniLines(bool $ffiAdvice, array $remove): array
    {
        $dirs = \glob('/etc/php/' . \PHP_MAJOR_VERSION . '.' . \PHP_MINOR_VERSION . '/{fpm,apache2,cgi}/conf.d', \GLOB_BRACE) ?: [];
        return ['add' => [], 'ffi' => $ffiAdvice ? ['ffi.enable=1'] : [], 'ffi_allows' => self::FFI_ALLOWS, 'remove' => $remove, 'conf_dirs' => $dirs];
    }

    /** @param array{add: list<string>, ffi: list<string>, ffi_allows: string, remove: list<string>, conf_dirs: list<string>} $ini */
    private static function formatIni(array $ini): string
    {
        $out = "\nphp.ini: nothing to add (the generated-PHP core needs no extension and no setting).\n";
        if ($ini['remove'] !== []) {
            $out .= "\nRemove these lines from php.ini and restart PHP (PHP does not start when a file they name goes missing):\n\n    "
                . \implode("\n    ", $ini['remove']) . "\n";
        }
        if ($ini['ffi'] === []) {
            return $out . "\nFor the optional wasmtime runtime: php " . RuntimeConfig::bridgeDir() . "/bin/shopcredit doctor --ffi\n";
        }
        $where = $ini['conf_dirs'] === [] ? "the web server's php.ini" : \implode(' or ', \array_map(static fn (string $d): string => "$d/90-shopcredit.ini", $ini['conf_dirs']));
        return $out . "\nOnly if you want the optional wasmtime runtime, in $where (INI_SYSTEM: not in .htaccess or .user.ini), then restart PHP:\n\n    "
            . \implode("\n    ", $ini['ffi']) . "\n\n" . \wordwrap($ini['ffi_allows'], 100) . "\n";
    }

    private static function explainFfiEnable(string $enable): string
    {
        return match ($enable) {
            'preload' => 'CLI: FFI usable everywhere. Web SAPIs (php-fpm, apache2handler, cli-server): FFI only from preloaded code, so wasmtime is not used there (the generated-PHP core answers; ffi.enable=1 would allow wasmtime)',
            '1', 'true', 'on', 'yes' => 'FFI usable from every script, CLI and web (no preload needed; any script on the server can call native code)',
            default => 'FFI disabled in every SAPI: wasmtime cannot run (the generated-PHP core answers)',
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
        $webWrites = !$cli && $writable;
        $codeWritable = \is_writable(RuntimeConfig::bridgeDir() . '/src/Runtime');
        if (self::webWritableIsAProblem($cli, $writable, $codeWritable)) {
            $problems[] = 'writable by this web process (' . self::currentUser() . '), which cannot change ShopCredit\'s PHP files';
        }
        $detail = \sprintf('%s (mode %04o, owner %s)', $dir, $perms, self::userName($owner));
        if ($problems !== []) {
            $add('cache_dir', 'fail', self::CACHE_UNSAFE, $detail . ': ' . \implode(', ', $problems) . ' — chown it to the deploying user and chmod 0755');
            return;
        }
        $add('cache_dir', 'ok', match (true) {
            $cli => $writable ? 'cache directory safe and writable by the CLI' : 'cache directory safe but not writable by this CLI user',
            $webWrites => 'cache directory writable by this web process, as ShopCredit\'s own PHP files are (it can change nothing it could not already)',
            default => 'cache directory safe (read-only for this web process)',
        }, $detail);
    }

    /**
     * A web process that may write the cache of native code is a problem only where it may not
     * already change ShopCredit's own PHP files (a hardened install: the deploying user owns the
     * code); where it may (usual shared hosting, a WordPress that updates its plugins), writing the
     * cache gives it nothing it does not have, and the merchant's "turn on" button needs it.
     */
    public static function webWritableIsAProblem(bool $cli, bool $cacheWritable, bool $codeWritable): bool
    {
        return !$cli && $cacheWritable && !$codeWritable;
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

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\I18n\Words;
use ShopCredit\Money\LocalizedAmount;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\DoctorWords;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

/**
 * The doctor's rows on the hosts' runtime screens speak the merchant's language: every row Doctor
 * writes, in every state reached here (healthy, forced runtimes, missing library or wasm, unsafe,
 * missing and disabled caches, the faster runtime on and stale, FFI off, FFI for preloaded code
 * only), is one entry of the words catalogue, and its French differs from the English wherever the
 * row has words; values stay as Doctor wrote them.
 */
final class DoctorWordsTest extends RuntimeTestCase
{
    /** A row part that is one value (a path): the same in every language. */
    private const VALUE_ONLY = '/^\/\S+$/';

    public function testEveryRowDoctorWritesIsACatalogueEntryWithFrenchWords(): void
    {
        $fr = Words::for('fr-FR');
        $seen = [];
        foreach ($this->reports() as $state => $report) {
            $texts = [];
            foreach ($report['checks'] as $c) {
                $texts["{$c['id']} title"] = $c['title'];
                $texts["{$c['id']} detail"] = $c['detail'];
            }
            $texts['active reason'] = (string) ($report['active']['reason'] ?? '');
            $texts['active name'] = (string) ($report['active']['name'] ?? '');
            $texts['ffi_allows'] = $report['ini']['ffi_allows'];
            foreach ($texts as $what => $text) {
                if ($text === '' || \preg_match(self::VALUE_ONLY, $text) === 1) {
                    continue;
                }
                $found = DoctorWords::parse($text);
                self::assertNotNull($found, "$state, $what: no catalogue entry for \"$text\"");
                $seen[$found[0]] = true;
                $french = DoctorWords::say($fr, $text);
                if (!\in_array($found[0], ['php', 'ffi_enable', 'library', 'mib', 'wasm_file', 'name_wasmtime'], true)) {
                    self::assertNotSame($text, $french, "$state, $what: still English");
                }
                self::assertDoesNotMatchRegularExpression('/money\.allocate|\banswered\b/', $french, "$state, $what");
            }
            foreach ($report['checks'] as $c) {
                self::assertNotSame($c['status'], DoctorWords::row($fr, $c)['status'], "$state: {$c['id']}'s status in words");
            }
        }
        // The states above reach the rows a merchant meets; the rest are rarer failures.
        foreach (['ffi_disabled', 'ffi_is_disabled', 'reason_cannot', 'turned_on_by', 'reason_faster_on', 'php_changed', 'reason_stale', 'cache_fix', 'library_absent', 'wasm_absent', 'round_trip_works', 'active_answered', 'preload_settings'] as $code) {
            self::assertArrayHasKey($code, $seen, "state reached: $code");
        }
    }

    public function testValuesStayAndQuotedSentencesAreTranslated(): void
    {
        $fr = Words::for('fr-FR');
        $reason = 'runtime=auto: the generated-PHP core answers (same decisions, plain PHP, no php.ini line needed); wasmtime cannot run here (FFI is disabled (ffi.enable=0): wasmtime cannot run here (ffi.enable=1 would allow it; the generated-PHP core needs nothing))';
        self::assertSame(
            'runtime=auto : le cœur en PHP généré répond (mêmes décisions, PHP seul, aucune ligne php.ini nécessaire) ; wasmtime ne peut pas tourner ici (FFI est désactivé (ffi.enable=0) : wasmtime ne peut pas tourner ici (ffi.enable=1 le permettrait ; le cœur en PHP généré n’a besoin de rien))',
            DoctorWords::say($fr, $reason),
        );
        self::assertSame(
            '/srv/var/cache (mode 0777, propriétaire www-data) : modifiable par tous (mode 0777), appartient à l’utilisateur du serveur web www-data — donnez-le (chown) à l’utilisateur qui déploie la boutique et chmod 0755',
            DoctorWords::say($fr, '/srv/var/cache (mode 0777, owner www-data): world-writable (mode 0777), owned by the web server user www-data — chown it to the deploying user and chmod 0755'),
            'a list of problems, each in words',
        );
        $eur = static fn (string $a): string => LocalizedAmount::format($a, 'EUR', 'fr-FR');
        self::assertSame(
            'wasmtime 50.0.1 (ffi cdef, module cache) a répondu à une décision de test en 0.90 ms : ' . $eur('100.00') . ' réparti en trois → ' . $eur('33.34') . ', ' . $eur('33.33') . ', ' . $eur('33.33'),
            DoctorWords::say($fr, 'wasmtime 50.0.1 (ffi cdef, module cache) in 0.90 ms: money.allocate 100.00 EUR / 3 → 33.34, 33.33, 33.33'),
        );
        self::assertSame(
            'wasmtime 50.0.1 (ffi cdef, module cache) answered a test decision in 0.90 ms: 100.00 EUR shared three ways → 33.34 EUR, 33.33 EUR, 33.33 EUR',
            DoctorWords::say(Words::for('en-US', null, static fn (string $a, string $c): string => "$a $c"), 'wasmtime 50.0.1 (ffi cdef, module cache) in 0.90 ms: money.allocate 100.00 EUR / 3 → 33.34, 33.33, 33.33'),
            'in English too the operation is said in words',
        );
        self::assertSame(
            'Cet utilisateur (www-data) ne peut pas modifier /srv/cache : l’utilisateur qui déploie la boutique lance php /srv/bin/shopcredit doctor --faster=off',
            DoctorWords::say($fr, 'This user (www-data) may not change /srv/cache: the user who deploys the shop runs php /srv/bin/shopcredit doctor --faster=off'),
            'the turn on/off buttons\' refusals, shown with the hosts\' notices',
        );
        self::assertSame(
            'ShopCredit a été mis à jour et le moteur rapide a été vérifié à nouveau avec la nouvelle version le 2026-12-02 12:00 UTC : il n’a pas réussi (Le moteur rapide ne peut pas tourner sur ce serveur, il reste donc désactivé : wasmtime n’a pas pu compiler /srv/core.wasm : failed to parse WebAssembly module)',
            DoctorWords::say($fr, 'ShopCredit was updated and the faster runtime was checked again with the new version on 2026-12-02 12:00 UTC: it did not pass (The faster runtime cannot run on this server, so it stays off: wasmtime could not compile /srv/core.wasm: failed to parse WebAssembly module)'),
            'after an update whose core does not pass: three sentences deep, wasmtime\'s own message kept',
        );
        self::assertSame('Settings', DoctorWords::say(Words::for('en-US'), 'Settings'));
        self::assertSame('/a/path', DoctorWords::say($fr, '/a/path'), 'a value alone stays');
        self::assertSame('something Doctor never wrote', DoctorWords::say($fr, 'something Doctor never wrote'));
    }

    public function testTheHostsCatalogueWinsOverTheBundledWords(): void
    {
        $mine = Words::for('fr-FR', static fn (string $english): string => $english === 'FFI extension loaded' ? 'FFI est là' : $english);
        self::assertSame('FFI est là', DoctorWords::row($mine, ['id' => 'ffi_loaded', 'status' => 'ok', 'title' => 'FFI extension loaded', 'detail' => ''])['title']);
    }

    public function testWrittenAndMoneyEntriesAreCatalogueEntries(): void
    {
        $en = Words::catalogue('en');
        foreach (\array_keys(DoctorWords::WRITTEN + DoctorWords::MONEY) as $code) {
            self::assertArrayHasKey($code, $en['doctor']);
        }
        self::assertSame(Doctor::FFI_ALLOWS, $en['doctor']['ffi_allows']);
        self::assertSame(['ok', 'warn', 'fail', 'info'], \array_keys($en['doctor_status']));
    }

    /** @return array<string, array<string, mixed>> state → Doctor::report() */
    private function reports(): array
    {
        $h = fn (): string => $this->tmpDir() . '/h.h';
        $out = [
            'healthy' => Doctor::report(self::config(['preload_header' => $h()])),
            'header written' => Doctor::report(self::config(['preload_header' => $h(), 'write_preload_header' => true, 'ffi_advice' => true])),
            'runtime=php' => Doctor::report(self::config(['runtime' => 'php', 'preload_header' => $h()])),
            'runtime=wasmtime' => Doctor::report(self::config(['runtime' => 'wasmtime', 'preload_header' => $h()])),
            'no library' => Doctor::report(self::config(['library' => '/nonexistent/libwasmtime.so', 'preload_header' => $h()])),
            'no library, wasmtime' => Doctor::report(self::config(['runtime' => 'wasmtime', 'library' => '/nonexistent/libwasmtime.so', 'preload_header' => $h()])),
            'no wasm, wasmtime' => Doctor::report(self::config(['runtime' => 'wasmtime', 'wasm' => '/nonexistent/core.wasm', 'preload_header' => $h()])),
            'no cache' => Doctor::report(self::config(['cache_dir' => null, 'preload_header' => $h()])),
            'cache missing' => Doctor::report(self::config(['cache_dir' => $this->tmpDir() . '/none', 'preload_header' => $h()])),
            'bad setting' => Doctor::report(self::config(['runtime' => 'fastest'])),
        ];
        $unsafe = $this->tmpDir();
        \chmod($unsafe, 0777);
        $out['cache world-writable'] = Doctor::report(self::config(['cache_dir' => $unsafe, 'preload_header' => $h()]));
        $cache = $this->tmpDir() . '/cache';
        \mkdir($cache, 0755);
        $auto = self::config(['runtime' => 'auto', 'cache_dir' => $cache, 'preload_header' => $h()]);
        self::assertTrue(Doctor::turnOnFaster($auto)['done']);
        $out['faster on'] = Doctor::report($auto);
        $choice = $cache . '/faster-runtime.json';
        \file_put_contents($choice, (string) \json_encode(['php' => '8.1.0'] + (array) \json_decode((string) \file_get_contents($choice), true)));
        $out['faster stale'] = Doctor::report($auto);
        foreach (['FFI off' => '0', 'FFI preload only' => 'preload'] as $state => $enable) {
            $out[$state] = $this->cliReport($enable, $this->tmpDir());
        }
        return $out;
    }

    /** The doctor's report in a PHP with another ffi.enable (INI_SYSTEM: a process of its own). @return array<string, mixed> */
    private function cliReport(string $ffiEnable, string $cache): array
    {
        $bin = RuntimeConfig::bridgeDir() . '/bin/shopcredit';
        \exec(\escapeshellarg(\PHP_BINARY) . ' -d ffi.enable=' . $ffiEnable . ' ' . \escapeshellarg($bin) . ' doctor --json --no-write --runtime=auto --cache-dir=' . \escapeshellarg($cache) . ' 2>/dev/null', $out);
        $report = \json_decode(\implode("\n", $out), true);
        self::assertIsArray($report, "ffi.enable=$ffiEnable: " . \implode("\n", $out));
        return $report;
    }
}

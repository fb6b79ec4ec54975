<?php
/**
 * ShopCredit overhead probe, written into a real shop by php-bridge/bench/shop-overhead.sh (a
 * WordPress must-use plugin, or PrestaShop's config/defines_custom.inc.php) and removed when the
 * run ends. Only requests that carry an X-SC-Probe header are measured: the CPU time of the
 * request from here to the end of the last shutdown function (getrusage: the machine's load
 * makes wall time meaningless), the wall time, the peak memory, the files included, the requests
 * sent to the ShopCredit core and the statements the database server ran meanwhile (its global
 * Questions; the shop's database serves nobody else while the bench runs), one JSON line per
 * request appended to the log.
 */
if (isset($_SERVER['HTTP_X_SC_PROBE']) && extension_loaded('mysqli')) {
    (static function (array $db, string $log, string $tag): void {
        mysqli_report(MYSQLI_REPORT_OFF);
        $link = @mysqli_connect($db['host'], $db['user'], $db['password'], '', (int) $db['port']);
        $questions = static function () use ($link): int {
            $r = $link ? mysqli_query($link, "SHOW GLOBAL STATUS LIKE 'Questions'") : false;
            return $r ? (int) mysqli_fetch_row($r)[1] : 0;
        };
        $cpu = static function (): int {
            $r = getrusage();
            return $r['ru_utime.tv_sec'] * 1000000 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_sec'] * 1000000 + $r['ru_stime.tv_usec'];
        };
        $q0 = $questions();
        $t0 = hrtime(true);
        $c0 = $cpu();
        // Registered again from inside the shutdown phase, so it runs after every shutdown
        // function the shop registers later (WooCommerce saves its session there).
        register_shutdown_function(static function () use ($cpu, $questions, $log, $tag, $c0, $t0, $q0, $link): void {
            register_shutdown_function(static function () use ($cpu, $questions, $log, $tag, $c0, $t0, $q0, $link): void {
                $c1 = $cpu();
                $t1 = hrtime(true);
                $line = array(
                    'tag' => $tag,
                    'cpu_us' => $c1 - $c0,
                    'wall_us' => intdiv($t1 - $t0, 1000),
                    'peak_kb' => intdiv(memory_get_peak_usage(), 1024),
                    'files' => count(get_included_files()),
                    'queries' => $questions() - $q0 - 1,
                    'core_calls' => class_exists('ShopCredit\\Core', false) && method_exists('ShopCredit\\Core', 'calls') ? \ShopCredit\Core::calls() : 0,
                    'status' => http_response_code(),
                    'opcache' => function_exists('opcache_get_status') && is_array($s = @opcache_get_status(false)) && !empty($s['opcache_enabled']),
                    'ffi' => (string) ini_get('ffi.enable'),
                );
                if ($link) {
                    mysqli_close($link);
                }
                file_put_contents($log, json_encode($line) . "\n", FILE_APPEND | LOCK_EX);
            });
        });
    })(/*DB*/ array(), /*LOG*/ '', (string) $_SERVER['HTTP_X_SC_PROBE']);
}

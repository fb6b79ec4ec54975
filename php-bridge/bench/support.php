<?php

declare(strict_types=1);

// What every bench script measures with: percentiles, resident memory, and the plain-PHP bcmath
// baseline the core is compared with.

/** @param list<float> $xs microseconds @return array{float, float} p50, p99 */
function pct(array $xs): array
{
    \sort($xs);
    $n = \count($xs);
    return [$xs[(int) \floor(0.50 * ($n - 1))], $xs[(int) \floor(0.99 * ($n - 1))]];
}

function rss(): int
{
    $s = (string) @\file_get_contents('/proc/self/status');
    return \preg_match('/^VmRSS:\s+(\d+) kB/m', $s, $m) === 1 ? (int) $m[1] * 1024 : 0;
}

/** Plain-PHP allocation with bcmath: split $total into $parts, the first parts take the odd cents. */
function bc_allocate(string $total, int $parts, int $scale): array
{
    $unit = \bcpow('10', (string) $scale, 0);
    $minor = \bcmul($total, $unit, 0);
    $base = \bcdiv($minor, (string) $parts, 0);
    $rest = (int) \bcsub($minor, \bcmul($base, (string) $parts, 0), 0);
    $out = [];
    for ($i = 0; $i < $parts; $i++) {
        $out[] = \bcdiv(\bcadd($base, $i < $rest ? '1' : '0', 0), $unit, $scale);
    }
    return $out;
}

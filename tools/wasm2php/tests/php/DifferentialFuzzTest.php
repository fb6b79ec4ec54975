<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Wasm2Php;

use ShopCredit\Runtime\GeneratedPhpRuntime;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;
use ShopCredit\Tests\Runtime\VectorsTest;

require_once __DIR__ . '/../../../../php-bridge/tests/Runtime/Support/RuntimeTestCase.php';
require_once __DIR__ . '/../../../../php-bridge/tests/Runtime/VectorsTest.php';

/**
 * Differential fuzzing: random and mutated requests (the generator of
 * tests/node/robustness.test.mjs) through wasmtime-in-PHP and the generated-PHP core; both must
 * answer, byte for byte the same. FUZZ_ITERATIONS (default 10,000) and FUZZ_SEED set the run.
 */
final class DifferentialFuzzTest extends RuntimeTestCase
{
    private int $s = 0;

    private function rand(): float
    {
        $this->s = ($this->s * 1664525 + 1013904223) & 0xFFFFFFFF;
        return $this->s / 4294967296;
    }

    /** @param list<mixed> $a */
    private function pick(array $a): mixed
    {
        return $a[(int) \floor($this->rand() * \count($a))];
    }

    /** @return list<mixed> */
    private static function weird(): array
    {
        return ['', '-1', '1e9', '0.001', '99999999999999999999', 'NaN', '€', "\u{0000}", \str_repeat('x', 300), '1.', '.5', ' 1', '١٢٣',
            -1, 0, 1.5, 2 ** 53, \PHP_INT_MIN, true, null, [], new \stdClass(), [1, [2, [3]]], ['a' => ['b' => ['c' => new \stdClass()]]]];
    }

    private function mutate(mixed $value, int $depth = 0): mixed
    {
        if ($depth > 6) {
            return $value;
        }
        $r = $this->rand();
        if (\is_array($value) && \array_is_list($value)) {
            $copy = \array_map(fn ($v) => $this->rand() < 0.3 ? $this->mutate($v, $depth + 1) : $v, $value);
            if ($r < 0.1) {
                $copy[] = $this->pick(self::weird());
            }
            if ($r > 0.9 && $copy !== []) {
                \array_splice($copy, (int) \floor($this->rand() * \count($copy)), 1);
            }
            if ($r > 0.85 && $r <= 0.9 && $copy !== []) {
                $copy[] = $copy[0];
            }
            return $copy;
        }
        if ($value instanceof \stdClass) {
            $copy = clone $value;
            $keys = \array_keys(\get_object_vars($copy));
            foreach ($keys as $k) {
                if ($this->rand() < 0.25) {
                    $copy->$k = $this->mutate($copy->$k, $depth + 1);
                }
            }
            if ($r < 0.08 && $keys !== []) {
                unset($copy->{$this->pick($keys)});
            }
            if ($r > 0.92) {
                $copy->{$this->pick(['extra', 'amount', 'currency', 'id', 'flags'])} = $this->pick(self::weird());
            }
            return $copy;
        }
        if ($r < 0.6) {
            return $this->pick(self::weird());
        }
        if (\is_string($value) && $r < 0.8) {
            return $value . $this->pick(['0', '.0', '9', ':', ' ', '"']);
        }
        return $value;
    }

    private function randomBytes(): string
    {
        $n = (int) \floor($this->rand() * 64);
        $s = '';
        for ($i = 0; $i < $n; $i++) {
            $s .= \chr((int) \floor($this->rand() * 128));
        }
        return $s;
    }

    public function testGeneratedPhpAnswersExactlyLikeWasmtime(): void
    {
        $iterations = (int) (\getenv('FUZZ_ITERATIONS') ?: 10000);
        $seed = (int) (\getenv('FUZZ_SEED') ?: 20261122);
        $this->s = $seed & 0xFFFFFFFF;
        $base = [];
        $parsed = [];
        foreach (VectorsTest::vectors() as [$request]) {
            $base[] = $request;
            $decoded = \json_decode($request, false, 512, \JSON_BIGINT_AS_STRING);
            if ($decoded !== null) {
                $parsed[] = $decoded;
            }
        }
        $wasmtime = new WasmtimeRuntime(self::config());
        $generated = new GeneratedPhpRuntime(self::config());
        $errors = 0;
        $kinds = ['random' => 0, 'truncated' => 0, 'deep' => 0, 'mutated' => 0];
        for ($i = 0; $i < $iterations; $i++) {
            $r = $this->rand();
            if ($r < 0.08) {
                $req = $this->randomBytes();
                $kinds['random']++;
            } elseif ($r < 0.12) {
                $b = $this->pick($base);
                $req = \substr($this->pick($base), 0, (int) \floor($this->rand() * \strlen($b)));
                $kinds['truncated']++;
            } elseif ($r < 0.14) {
                $req = \str_repeat('[', 200 + (int) \floor($this->rand() * 5000));
                $kinds['deep']++;
            } else {
                $req = \json_encode($this->mutate($this->pick($parsed)), \JSON_UNESCAPED_UNICODE | \JSON_UNESCAPED_SLASHES | \JSON_PRESERVE_ZERO_FRACTION | \JSON_INVALID_UTF8_SUBSTITUTE) ?: 'null';
                $kinds['mutated']++;
            }
            $want = $wasmtime->call($req);
            $got = $generated->call($req);
            if ($got !== $want) {
                self::fail("runtimes disagree on input #$i (seed $seed): " . \substr($req, 0, 300) . "\nwasmtime:  " . \substr($want, 0, 300) . "\ngenerated: " . \substr($got, 0, 300));
            }
            $res = \json_decode($want, true);
            self::assertSame(1, $res['v'] ?? null);
            if (($res['ok'] ?? null) !== true) {
                $errors++;
            }
        }
        self::assertSame(1, $generated->instanceGeneration(), 'the generated core never trapped');
        self::assertSame(1, $wasmtime->instanceGeneration(), 'wasmtime never trapped');
        self::assertGreaterThan($iterations / 10, $errors, 'mutations should mostly be rejected');
        self::assertGreaterThan($iterations / 20, $iterations - $errors, 'some mutations must still be accepted');
        \fwrite(\STDERR, \sprintf("\ndifferential fuzz: %d requests (%s), seed %d: identical; %d coded errors, %d accepted\n", $iterations, \http_build_query($kinds, '', ', '), $seed, $errors, $iterations - $errors));
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Runtime\MemoryPlan;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Runtime\WasmtimeRuntime;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

final class MemoryPlanTest extends RuntimeTestCase
{
    private const ALLOCATE = '{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00"}}';
    private const ALLOCATED = '{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34","33.33","33.33"]},"v":1}';

    public function testAutoIsWideOnlyWithRoomForIt(): void
    {
        self::assertSame(MemoryPlan::WIDE_RESERVATION, MemoryPlan::forAddressSpace(null)->reservation, 'no address-space limit');
        self::assertSame(MemoryPlan::WIDE_RESERVATION, MemoryPlan::forAddressSpace(128 * 1024 ** 3)->reservation);
        self::assertSame(MemoryPlan::COMPACT_RESERVATION, MemoryPlan::forAddressSpace(2 * 1024 ** 3)->reservation, 'ulimit -v 2G');
        self::assertSame(MemoryPlan::COMPACT_RESERVATION, MemoryPlan::forAddressSpace(false)->reservation, 'limit unknown: the safe plan');
        self::assertSame(MemoryPlan::COMPACT_RESERVATION, MemoryPlan::choose('compact')->reservation);
        self::assertSame(MemoryPlan::WIDE_RESERVATION, MemoryPlan::choose('wide')->reservation);
        $this->expectException(RuntimeUnavailable::class);
        MemoryPlan::choose('huge');
    }

    /** The runtime reads its own process's RLIMIT_AS (through libc's getrlimit in the library's scope). */
    public function testAutoFollowsTheProcesssAddressSpaceLimit(): void
    {
        $script = $this->tmpDir() . '/plan.php';
        \file_put_contents($script, '<?php require ' . \var_export(\dirname(__DIR__, 2) . '/src/autoload.php', true) . ';'
            . ' $rt = new ShopCredit\\Runtime\\WasmtimeRuntime(' . \var_export(self::config(['memory_reservation' => 'auto']), true) . ');'
            . ' echo $rt->info()["memory"], "|", $rt->call(' . \var_export(self::ALLOCATE, true) . ');');
        $run = static fn (string $ulimit): string => (string) \shell_exec($ulimit . \escapeshellarg(\PHP_BINARY) . ' -d ffi.enable=1 ' . \escapeshellarg($script) . ' 2>&1');
        $limited = $run('ulimit -v 4000000; ');
        self::assertStringStartsWith('compact', $limited, $limited);
        self::assertStringEndsWith(self::ALLOCATED, $limited);
        if (MemoryPlan::addressSpaceLimit() === null) {
            $free = $run('');
            self::assertStringStartsWith('wide', $free, $free);
            self::assertStringEndsWith(self::ALLOCATED, $free);
        }
    }

    public function testKeysNameWhatShapesTheCompiledCode(): void
    {
        self::assertSame('-r64m-g64k', MemoryPlan::compact()->key(), 'compact keeps the key modules were cached under before');
        self::assertSame('-r4096m-g32768k-fixed', MemoryPlan::wide()->key());
        self::assertSame('-r4096m-g32768k', MemoryPlan::wide()->movable()->key());
        self::assertTrue(MemoryPlan::wide()->fixed);
        self::assertFalse(MemoryPlan::compact()->fixed);
    }

    public function testBothPlansAnswerTheSameAndCacheApart(): void
    {
        $dir = $this->tmpDir();
        $wide = new WasmtimeRuntime(self::config(['cache_dir' => $dir, 'memory_reservation' => 'wide']));
        $compact = new WasmtimeRuntime(self::config(['cache_dir' => $dir, 'memory_reservation' => 'compact']));
        self::assertStringEndsWith('-r4096m-g32768k-fixed.cwasm', (string) $wide->info()['cache_file']);
        self::assertStringEndsWith('-r64m-g64k.cwasm', (string) $compact->info()['cache_file']);
        self::assertStringStartsWith('wide', $wide->info()['memory']);
        self::assertStringStartsWith('compact', $compact->info()['memory']);
        foreach ([$wide, $compact] as $rt) {
            for ($i = 0; $i < 3; $i++) { // the first call is checked, the others unchecked
                self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
            }
        }
    }

    /** Requests that make the memory grow (and, in the compact plan, may move it) are read and answered right. */
    public function testMemoryGrowthBetweenCallsIsFollowed(): void
    {
        foreach (['wide', 'compact'] as $plan) {
            $rt = new WasmtimeRuntime(self::config(['memory_reservation' => $plan]));
            self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
            foreach ([1, 4, 12] as $mib) {
                $label = \str_repeat('é', $mib * 512 * 1024); // 2 bytes each: $mib MiB of request
                $answer = $rt->call('{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":3,"total":"100.00","x":"' . $label . '"}}');
                $decoded = \json_decode($answer, true);
                self::assertIsArray($decoded, "$plan, $mib MiB");
                self::assertFalse($decoded['ok'], "$plan, $mib MiB: an unknown field is refused");
                self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE), "$plan after $mib MiB");
            }
            self::assertSame(1, $rt->instanceGeneration(), $plan);
        }
    }

    public function testTrapsFailClosedInBothPlans(): void
    {
        foreach (['wide', 'compact'] as $plan) {
            $rt = new WasmtimeRuntime(self::config(['memory_reservation' => $plan]));
            self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE));
            try {
                $rt->callEntryForTesting(0x7FFF0000, 4096);
                self::fail("$plan: an out-of-bounds request must trap");
            } catch (RuntimeFailure $e) {
                self::assertStringContainsString('out of bounds memory access', $e->getMessage(), $plan);
            }
            self::assertSame(self::ALLOCATED, $rt->call(self::ALLOCATE), $plan);
            self::assertSame(2, $rt->instanceGeneration(), $plan);
        }
    }
}

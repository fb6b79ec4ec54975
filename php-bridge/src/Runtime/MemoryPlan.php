<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * How much address space wasmtime reserves for the core's linear memory, which decides the
 * compiled code (so it is part of the compiled-module cache key).
 *
 *  wide     4 GiB + 32 MiB guard, memory never moves: every 32-bit address lands in the
 *           reservation, so compiled code has no bounds check per memory access (a quarter of an
 *           eligibility decision's instructions) and the runtime keeps the base for the
 *           instance's life. Reserved, not committed: costs address space only.
 *  compact  64 MiB + 64 KiB guard, bounds-checked code, memory may move when it grows. For
 *           processes under an address-space limit (RLIMIT_AS, `ulimit -v`), where the wide
 *           reservation would fail.
 *
 * Setting `memory_reservation` (env SHOPCREDIT_MEMORY_RESERVATION): auto (default: wide unless
 * the process's address space is limited below WIDE_MIN_ADDRESS_SPACE or the limit is unknown),
 * wide or compact.
 */
final class MemoryPlan
{
    public const COMPACT_RESERVATION = 64 * 1024 * 1024;
    public const COMPACT_GUARD = 64 * 1024;
    public const WIDE_RESERVATION = 4 * 1024 * 1024 * 1024;
    public const WIDE_GUARD = 32 * 1024 * 1024;
    /** Below this RLIMIT_AS the wide reservation could exhaust the process's address space. */
    public const WIDE_MIN_ADDRESS_SPACE = 64 * 1024 * 1024 * 1024;

    private function __construct(
        public readonly int $reservation,
        public readonly int $guard,
        /** The engine was told the memory may not move (so its base is read once per instance). */
        public readonly bool $fixed,
    ) {
    }

    public static function wide(): self
    {
        return new self(self::WIDE_RESERVATION, self::WIDE_GUARD, true);
    }

    public static function compact(): self
    {
        return new self(self::COMPACT_RESERVATION, self::COMPACT_GUARD, false);
    }

    /**
     * @param string $setting auto|wide|compact
     * @param (callable(): (int|null|false))|null $addressSpaceLimit reads RLIMIT_AS (see forAddressSpace); default: posix_getrlimit or /proc
     * @throws RuntimeUnavailable on an unknown setting
     */
    public static function choose(string $setting, ?callable $addressSpaceLimit = null): self
    {
        return match ($setting) {
            'wide' => self::wide(),
            'compact' => self::compact(),
            'auto' => self::forAddressSpace(($addressSpaceLimit ?? self::addressSpaceLimit(...))()),
            default => throw new RuntimeUnavailable("unknown memory_reservation \"$setting\" (expected auto, wide or compact)"),
        };
    }

    /** The auto plan for an RLIMIT_AS in bytes (null: unlimited; false: unknown, so compact). */
    public static function forAddressSpace(int|null|false $limit): self
    {
        return $limit === null || ($limit !== false && $limit >= self::WIDE_MIN_ADDRESS_SPACE) ? self::wide() : self::compact();
    }

    /** The same plan, for an engine that could not be told the memory must not move (older preloaded scope). */
    public function movable(): self
    {
        return new self($this->reservation, $this->guard, false);
    }

    /** Part of the compiled-module cache key (compact keeps the key modules were cached under before plans existed). */
    public function key(): string
    {
        return '-r' . ($this->reservation >> 20) . 'm-g' . ($this->guard >> 10) . 'k' . ($this->fixed ? '-fixed' : '');
    }

    public function describe(): string
    {
        return \sprintf('%s (reserves %d MiB + %d KiB guard%s)', $this->reservation >= self::WIDE_RESERVATION ? 'wide' : 'compact', $this->reservation >> 20, $this->guard >> 10, $this->fixed ? ', fixed base' : '');
    }

    /** This process's RLIMIT_AS (soft): bytes, null when unlimited, false when it cannot be read. */
    public static function addressSpaceLimit(): int|null|false
    {
        if (\function_exists('posix_getrlimit')) {
            $limits = \posix_getrlimit();
            $soft = \is_array($limits) ? ($limits['soft totalmem'] ?? false) : false;
            if ($soft === 'unlimited') {
                return null;
            }
            if (\is_int($soft) || (\is_string($soft) && \ctype_digit($soft))) {
                return (int) $soft;
            }
        }
        $text = @\file_get_contents('/proc/self/limits');
        if (\is_string($text) && \preg_match('/^Max address space\s+(\S+)/m', $text, $m) === 1) {
            return $m[1] === 'unlimited' ? null : (\ctype_digit($m[1]) ? (int) $m[1] : false);
        }
        return false;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Service;

/** A clock that only moves when told to (tests, replays of past events). */
final class FixedClock implements Clock
{
    public function __construct(private int $nowS)
    {
    }

    public function now(): int
    {
        return $this->nowS;
    }

    public function set(int $nowS): void
    {
        $this->nowS = $nowS;
    }

    public function advance(int $seconds): int
    {
        return $this->nowS += $seconds;
    }
}

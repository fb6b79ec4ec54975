<?php

declare(strict_types=1);

namespace ShopCredit\Service;

final class SystemClock implements Clock
{
    public function now(): int
    {
        return \time();
    }
}

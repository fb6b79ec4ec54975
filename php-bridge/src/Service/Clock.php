<?php

declare(strict_types=1);

namespace ShopCredit\Service;

/** Where services get "now" (unix seconds): the core has no clock, the caller passes it. */
interface Clock
{
    public function now(): int;
}

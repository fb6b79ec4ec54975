<?php
/** The cron URL's secret: random, compared in constant time, never logged. */

namespace ShopCreditPs;

final class CronToken
{
    public static function generate(): string
    {
        return bin2hex(random_bytes(24));
    }

    /** Only a configured token of at least 32 characters opens the cron; compared in constant time. */
    public static function matches(string $expected, mixed $given): bool
    {
        if (strlen($expected) < 32 || !is_string($given) || $given === '') {
            return false;
        }
        return hash_equals($expected, $given);
    }
}

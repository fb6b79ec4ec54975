<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\SettingsRepository;

/**
 * The one clock: "now" and the shop's date in the shop's time zone. Hosts, jobs and the core
 * all take the date from here (the core gets the shop's UTC offset at `now` with the credit
 * settings, so its "today" is this one). The zone is the setting `shop.timezone` (an IANA name
 * the host stores from its own configuration: WordPress `wp_timezone_string()`, PrestaShop
 * `PS_TIMEZONE`); without one, the fixed offset of the credit settings (`utcOffsetS`), else UTC.
 */
final class ShopTime
{
    public const SETTING = 'shop.timezone';
    /** No shop is further from UTC than this (UTC+14): "today" somewhere on earth is at most this far ahead. */
    public const MAX_OFFSET_S = 50400;

    public function __construct(private readonly Clock $clock, private readonly SettingsRepository $settings)
    {
    }

    public function now(): int
    {
        return $this->clock->now();
    }

    public function timezone(string $shopId): \DateTimeZone
    {
        $name = $this->settings->resolve($shopId, self::SETTING);
        if (!\is_string($name) || $name === '') {
            $offset = (int) ($this->settings->resolve($shopId, 'credit')['utcOffsetS'] ?? 0);
            $name = \sprintf('%s%02d:%02d', $offset < 0 ? '-' : '+', \intdiv(\abs($offset), 3600), \intdiv(\abs($offset) % 3600, 60));
        }
        try {
            return new \DateTimeZone($name);
        } catch (\Exception) {
            return new \DateTimeZone('UTC');
        }
    }

    /** The shop's calendar date now, `YYYY-MM-DD`. */
    public function today(string $shopId, ?int $atS = null): string
    {
        return $this->at($shopId, $atS)->format('Y-m-d');
    }

    /** The shop's offset from UTC now (daylight saving included), in seconds. */
    public function utcOffsetS(string $shopId, ?int $atS = null): int
    {
        return $this->at($shopId, $atS)->getOffset();
    }

    /** Stores the shop's zone; refuses a name PHP does not know. */
    public function setTimezone(string $shopId, string $name): void
    {
        try {
            new \DateTimeZone($name);
        } catch (\Exception) {
            throw new InvalidRequest('invalid_value', "'" . \substr($name, 0, 64) . "' is not a time zone", 'timezone');
        }
        $this->settings->set($shopId, self::SETTING, $name, $this->clock->now());
    }

    private function at(string $shopId, ?int $atS): \DateTimeImmutable
    {
        return (new \DateTimeImmutable('@' . ($atS ?? $this->clock->now())))->setTimezone($this->timezone($shopId));
    }
}

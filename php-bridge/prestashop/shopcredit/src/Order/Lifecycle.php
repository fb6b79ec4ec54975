<?php
/**
 * The order lifecycle wired into the running shop: Orders (the bridge), PrestaShop's calls
 * (PsShop), the state map and the shop's words. Actions answered inside one of PrestaShop's own
 * status changes or refunds (a hook) are performed at the end of the request: a status set from
 * inside PrestaShop's status change would be overwritten when that change finishes. Actions the
 * request could not perform stay in the outbox for the jobs (Orders::redrive).
 */

namespace ShopCreditPs\Order;

use ShopCreditPs\Bridge;
use ShopCreditPs\StatusMap;

final class Lifecycle
{
    /** @var list<array<string, mixed>> */
    private static array $later = [];
    private static bool $registered = false;

    public static function actions(\Shopcredit $module): Actions
    {
        return new Actions(Bridge::sc(), new PsShop($module), StatusMap::ofShop(), self::words($module));
    }

    public static function words(\Shopcredit $module): NoteText
    {
        return new NoteText(static fn (string $s): string => $module->l($s, 'notetext'), static fn (string $amount, string $iso): string => \ShopCreditPs\OnAccount::money($amount, $iso));
    }

    /** Events whose actions are performed at once (controllers, jobs: outside PrestaShop's own changes). */
    public static function now(\Shopcredit $module): Events
    {
        $host = self::actions($module);
        return new Events(Bridge::sc()->orders(), StatusMap::ofShop(), new PsShop($module), self::words($module),
            static fn (array $actions) => Bridge::sc()->orders()->perform($actions, $host));
    }

    /** Events from inside PrestaShop's hooks: actions performed when the request ends. */
    public static function fromHook(\Shopcredit $module): Events
    {
        return new Events(Bridge::sc()->orders(), StatusMap::ofShop(), new PsShop($module), self::words($module),
            static fn (array $actions) => self::later($module, $actions));
    }

    /** Performs actions now (a host failure leaves the action to the jobs; the request goes on). */
    public static function perform(\Shopcredit $module, array $actions): void
    {
        try {
            Bridge::sc()->orders()->perform($actions, self::actions($module));
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: order actions: ' . $e->getMessage(), 3);
        }
    }

    /** @param list<array<string, mixed>> $actions */
    private static function later(\Shopcredit $module, array $actions): void
    {
        if ($actions === []) {
            return;
        }
        array_push(self::$later, ...$actions);
        if (!self::$registered) {
            self::$registered = true;
            register_shutdown_function(static function () use ($module): void {
                // Performing an action may fire hooks that queue more: until none is left.
                while (self::$later !== []) {
                    $batch = self::$later;
                    self::$later = [];
                    self::perform($module, $batch);
                }
            });
        }
    }
}

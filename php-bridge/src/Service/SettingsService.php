<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\CoreError;
use ShopCredit\Storage\AuditLog;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\SettingsRepository;

/**
 * The shop's settings as admin pages save them: every value the rules read is checked by the
 * core (`settings.validate`) before it is stored, every change is audited, and a new shop gets
 * the core's working defaults (`settings.defaults`).
 *
 *     $sc->settings()->installDefaults('1', 'EUR', 'install');
 *     $r = $sc->settings()->save('1', ['wallet' => [...], 'financing.mapping' => [...]], 'EUR', 'admin:7');
 *     // $r['saved'] === false → $r['violations'] (rule violations: nothing was stored)
 *     // a malformed value throws InvalidRequest(code, message, field = the setting's JSON path)
 *
 * Names the rules read: `wallet`, `credit`, `credit.enabled`, `financing.enabled`,
 * `financing.mapping`, `financing.solutions`, `checkout.display` (hide | show_disabled).
 * Hosts may keep their own values under `host.*` (any JSON value up to 64 KiB; not read by the
 * rules).
 *
 * Multishop: each shop's values are rows of its own; the global `*` row of a name is every
 * shop's fallback. installGlobalDefaults() puts the core's defaults there, so a shop created
 * later works before anyone saves its settings; saveDefaults() changes them for every shop
 * without a value of its own; save() for one shop writes that shop's rows only.
 */
final class SettingsService
{
    public const CORE_NAMES = ['wallet', 'credit', 'financing.mapping', 'financing.solutions'];
    public const FLAG_NAMES = ['credit.enabled', 'financing.enabled'];
    public const DISPLAY_MODES = ['hide', 'show_disabled'];
    private const HOST_VALUE_MAX_BYTES = 65536;

    public function __construct(
        private readonly Connection $c,
        private readonly SettingsRepository $settings,
        private readonly AuditLog $audit,
        private readonly Books $books,
    ) {
    }

    /** The core's working defaults for a shop in $currency. @return array<string, mixed> name → value */
    public function defaults(string $currency): array
    {
        $d = $this->books->ask('settings.defaults', ['currency' => Ids::currency($currency)]) + ['checkout.display' => 'show_disabled'];
        // The balance amounts say which currency they are in (see save()).
        $d['wallet'] = ['currency' => $currency] + $d['wallet'];
        return $d;
    }

    /**
     * Stores each default the shop does not have yet (a reinstall keeps the merchant's values),
     * and each one the shared defaults (`*`) do not have yet: a shop created later runs on them
     * from its first request, whether or not the host also calls installGlobalDefaults().
     * @return list<string> the names written for the shop
     */
    public function installDefaults(string $shopId, string $currency, string $by): array
    {
        Ids::part($shopId, 'shopId');
        Ids::check($by, 'by');
        $defaults = $this->defaults($currency);
        return $this->c->transaction(function () use ($shopId, $defaults, $by): array {
            $this->fill(SettingsRepository::GLOBAL_SHOP, $defaults, $by);
            return $this->fill($shopId, $defaults, $by);
        });
    }

    /**
     * Stores the core's working defaults as every shop's fallback (the global `*` row), for each
     * name not set there yet: a shop created later, which has no rows of its own, runs on them
     * from its first request, and a shop's own values always win over them. installDefaults()
     * does it too; call this one where no shop is installed (a multishop "all shops" install).
     * @return list<string> the names written
     */
    public function installGlobalDefaults(string $currency, string $by): array
    {
        Ids::check($by, 'by');
        $defaults = $this->defaults($currency);
        return $this->c->transaction(fn (): array => $this->fill(SettingsRepository::GLOBAL_SHOP, $defaults, $by));
    }

    /** Writes the defaults $target (a shop or `*`) has no value for, audited. @return list<string> */
    private function fill(string $target, array $defaults, string $by): array
    {
        $have = $this->settings->all($target);
        $written = [];
        foreach ($defaults as $name => $value) {
            if (!\array_key_exists($name, $have)) {
                $this->settings->set($target, $name, $value, $this->books->now());
                $written[] = $name;
            }
        }
        if ($written !== []) {
            $shop = $target === SettingsRepository::GLOBAL_SHOP ? null : $target;
            $this->audit->record($by, 'settings_defaults_installed', "settings:$target", null, $written, $this->books->now(), $shop);
        }
        return $written;
    }

    /**
     * Saves values as the defaults of every shop that has no value of its own (the "all shops"
     * context of a multishop back office); shops with their own value keep it. Checked like save().
     * @param array<string, mixed> $values
     * @return array{saved: bool, violations: list<array<string, mixed>>, changed: list<string>}
     */
    public function saveDefaults(array $values, string $currency, string $by): array
    {
        return $this->store(SettingsRepository::GLOBAL_SHOP, $values, $currency, $by);
    }

    /**
     * Every setting a shop runs with: its own values over the shared defaults. What a settings
     * form shows for a shop that never saved one (its save then stores that shop's own copy).
     * @return array<string, mixed>
     */
    public function effective(string $shopId): array
    {
        return $this->settings->all($shopId) + ($shopId === SettingsRepository::GLOBAL_SHOP ? [] : $this->settings->all(SettingsRepository::GLOBAL_SHOP));
    }

    /** The shop's value, else the global one, else null. */
    public function get(string $shopId, string $name): mixed
    {
        return $this->settings->resolve($shopId, $name);
    }

    /** @return array<string, mixed> every value the shop has set (without global fallbacks) */
    public function all(string $shopId): array
    {
        return $this->settings->all($shopId);
    }

    /**
     * Validates all $values together, then stores them in one transaction, or nothing.
     * @param array<string, mixed> $values name → value
     * @param string $currency the shop's currency (wallet amounts are checked against its decimals)
     * @return array{saved: bool, violations: list<array<string, mixed>>, changed: list<string>}
     * @throws InvalidRequest a malformed value (code from the core, field = the setting's path);
     *         `invalid_id` for a save without one shop's id (an "all shops" context has no shop
     *         id: it saves with saveDefaults(), which never overwrites a shop's own values)
     */
    public function save(string $shopId, array $values, string $currency, string $by): array
    {
        if ($shopId === SettingsRepository::GLOBAL_SHOP) {
            throw new InvalidRequest('invalid_id', 'save() is for one shop; the defaults of every shop are saved with saveDefaults()', 'shopId');
        }
        Ids::part($shopId, 'shopId');
        return $this->store($shopId, $values, $currency, $by);
    }

    /** save() and saveDefaults(): checks every value, then stores them in one transaction, or nothing. */
    private function store(string $shopId, array $values, string $currency, string $by): array
    {
        Ids::check($by, 'by');
        $check = ['currency' => Ids::currency($currency)];
        foreach ($values as $name => $value) {
            $name = (string) $name;
            if (\in_array($name, self::FLAG_NAMES, true)) {
                if (!\is_bool($value)) {
                    throw new InvalidRequest('invalid_type', "$name must be true or false", $name);
                }
            } elseif ($name === 'checkout.display') {
                if (!\in_array($value, self::DISPLAY_MODES, true)) {
                    throw new InvalidRequest('invalid_value', 'checkout.display must be hide or show_disabled', $name);
                }
            } elseif (\str_starts_with($name, 'host.') && \preg_match('/^host\.[a-z0-9_.]{1,58}$/', $name)) {
                if (\strlen(\json_encode($value, JSON_THROW_ON_ERROR)) > self::HOST_VALUE_MAX_BYTES) {
                    throw new InvalidRequest('value_too_large', "$name is larger than 64 KiB", $name);
                }
            } elseif ($name === 'wallet' || $name === 'credit') {
                if ($name === 'wallet' && \is_array($value) && !\array_key_exists('currency', $value)) {
                    // Amounts typed in the shop's currency are stored as such: another currency
                    // then has its own amounts (perCurrency), a recorded rate (rates), or none —
                    // never these figures read as yen or dinars.
                    $value = ['currency' => $check['currency']] + $value;
                    $values[$name] = $value;
                }
                $check[$name] = $value;
            } elseif ($name === 'financing.mapping' || $name === 'financing.solutions') {
                $check['financing'][\substr($name, 10)] = $value;
            } else {
                throw new InvalidRequest('unknown_setting', "'$name' is not a setting", $name);
            }
        }
        try {
            $verdict = $this->books->ask('settings.validate', $check);
        } catch (CoreError $e) {
            // input.wallet.maxTopUp → wallet.maxTopUp; input.financing.mapping.X → financing.mapping.X
            $field = $e->path === null ? null : \preg_replace('/^input\./', '', $e->path);
            throw new InvalidRequest($e->errorCode, $e->getMessage(), $field);
        }
        if (($verdict['valid'] ?? false) !== true) {
            return ['saved' => false, 'violations' => $verdict['violations'] ?? [], 'changed' => []];
        }
        return $this->c->transaction(function () use ($shopId, $values, $by): array {
            $now = $this->books->now();
            $changed = [];
            // Only this shop's rows are written: another shop's values (and the shared
            // defaults, unless $shopId is `*`) are never touched by this save.
            foreach ($values as $name => $value) {
                $before = $this->settings->get($shopId, (string) $name);
                if ($before === $value) {
                    continue;
                }
                $this->settings->set($shopId, (string) $name, $value, $now);
                $this->audit->record($by, 'setting_changed', "setting:$shopId:$name", $before, $value, $now, $shopId);
                $changed[] = (string) $name;
            }
            return ['saved' => true, 'violations' => [], 'changed' => $changed];
        });
    }
}

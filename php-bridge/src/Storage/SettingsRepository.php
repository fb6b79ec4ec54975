<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** Per-shop settings, values stored as JSON. GLOBAL_SHOP holds defaults for every shop. */
final class SettingsRepository
{
    /** Not a valid shop id (ids never contain '*'), so it cannot collide with a real shop. */
    public const GLOBAL_SHOP = '*';

    /** A web request reads several settings of one shop: one query serves them (2 s at most). */
    private const CACHE_S = 2.0;
    /** @var array<string, array{float, array<string, string>}> shop id → [loaded at, name → shop's value or global JSON] */
    private array $cache = [];

    public function __construct(private Connection $c)
    {
    }

    public function get(string $shopId, string $name, mixed $default = null): mixed
    {
        $v = $this->c->fetchValue('SELECT value FROM {settings} WHERE shop_id = ? AND name = ?', [$shopId, $name]);
        return $v === null ? $default : Json::decode((string) $v);
    }

    /** The shop's value, else the global one, else $default. */
    public function resolve(string $shopId, string $name, mixed $default = null): mixed
    {
        [$at, $values] = $this->cache[$shopId] ?? [0.0, []];
        if (microtime(true) - $at > self::CACHE_S) {
            $values = $this->prime($shopId, $this->c->fetchAll('SELECT shop_id, name, value FROM {settings} WHERE shop_id IN (?, ?)', [$shopId, self::GLOBAL_SHOP]));
        }
        return isset($values[$name]) ? Json::decode($values[$name]) : $default;
    }

    /**
     * Keeps the rows of the shop and of GLOBAL_SHOP read elsewhere (FactsQuery reads them with the
     * customer's accounts) as resolve()'s values.
     * @param list<array{shop_id: string, name: string, value: string}> $rows
     * @return array<string, string> name → the shop's value, else the global one (JSON)
     */
    public function prime(string $shopId, array $rows): array
    {
        $values = [];
        foreach ($rows as $r) {
            // The shop's own row wins over the global one, in whatever order they came.
            if ((string) $r['shop_id'] === $shopId || !isset($values[(string) $r['name']])) {
                $values[(string) $r['name']] = (string) $r['value'];
            }
        }
        $this->cache[$shopId] = [microtime(true), $values];
        return $values;
    }

    public function set(string $shopId, string $name, mixed $value, ?int $nowS = null): void
    {
        if (!preg_match('/^[a-z][a-z0-9_.]{0,63}$/', $name)) {
            throw new \InvalidArgumentException("invalid setting name '$name'");
        }
        $this->cache = [];
        $this->c->upsert('settings', [
            'shop_id' => $shopId, 'name' => $name, 'value' => Json::encode($value), 'updated_at' => $nowS ?? time(),
        ], ['shop_id', 'name']);
    }

    /** @return array<string, mixed> name → value of one shop (without the global fallbacks) */
    public function all(string $shopId): array
    {
        $out = [];
        foreach ($this->c->fetchAll('SELECT name, value FROM {settings} WHERE shop_id = ? ORDER BY name', [$shopId]) as $r) {
            $out[(string) $r['name']] = Json::decode((string) $r['value']);
        }
        return $out;
    }

    public function delete(string $shopId, string $name): bool
    {
        $this->cache = [];
        return $this->c->execute('DELETE FROM {settings} WHERE shop_id = ? AND name = ?', [$shopId, $name]) === 1;
    }
}

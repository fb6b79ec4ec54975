<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** Per-shop settings, values stored as JSON. GLOBAL_SHOP holds defaults for every shop. */
final class SettingsRepository
{
    /** Not a valid shop id (ids never contain '*'), so it cannot collide with a real shop. */
    public const GLOBAL_SHOP = '*';

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
        $rows = $this->c->fetchAll('SELECT shop_id, value FROM {settings} WHERE shop_id IN (?, ?) AND name = ?', [$shopId, self::GLOBAL_SHOP, $name]);
        $by = array_column($rows, 'value', 'shop_id');
        $v = $by[$shopId] ?? $by[self::GLOBAL_SHOP] ?? null;
        return $v === null ? $default : Json::decode((string) $v);
    }

    public function set(string $shopId, string $name, mixed $value, ?int $nowS = null): void
    {
        if (!preg_match('/^[a-z][a-z0-9_.]{0,63}$/', $name)) {
            throw new \InvalidArgumentException("invalid setting name '$name'");
        }
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
        return $this->c->execute('DELETE FROM {settings} WHERE shop_id = ? AND name = ?', [$shopId, $name]) === 1;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** JSON as stored in text columns: exceptions on error, no escaped slashes or unicode. */
final class Json
{
    public static function encode(mixed $value): string
    {
        return json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
    }

    public static function encodeNullable(mixed $value): ?string
    {
        return $value === null ? null : self::encode($value);
    }

    /** Decodes to arrays (never stdClass); SQL NULL stays null. */
    public static function decode(?string $json): mixed
    {
        return $json === null ? null : json_decode($json, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    }

    /**
     * JSON with object keys sorted at every level (lists keep their order): the same data always
     * gives the same bytes, so it can be hashed.
     */
    public static function canonical(mixed $value): string
    {
        return self::encode(self::sortKeys($value));
    }

    private static function sortKeys(mixed $value): mixed
    {
        if (!is_array($value)) {
            return $value;
        }
        if (!array_is_list($value)) {
            ksort($value, SORT_STRING);
        }
        return array_map([self::class, 'sortKeys'], $value);
    }
}

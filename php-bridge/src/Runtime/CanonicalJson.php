<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * The core's canonical JSON: compact, object keys sorted bytewise, no escaping of "/" or of
 * non-ASCII (U+2028/2029 included) — what serde_json emits for a serde_json::Value. Used to
 * compare responses byte for byte with tests/vectors and to encode requests like the Rust tests.
 */
final class CanonicalJson
{
    private const FLAGS = \JSON_THROW_ON_ERROR | \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE
        | \JSON_UNESCAPED_LINE_TERMINATORS | \JSON_PRESERVE_ZERO_FRACTION;

    /**
     * Re-encodes JSON text canonically. Parses the text itself so that integers keep every digit
     * (serde_json reads u64 exactly; PHP's json_decode would turn those above PHP_INT_MAX into
     * floats). A repeated key keeps its last value, as in serde_json::Value.
     *
     * @throws \JsonException on malformed JSON
     */
    public static function canonicalize(string $json): string
    {
        $n = \preg_match_all('/\s*("(?:[^"\\\\\x00-\x1f]|\\\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|[{}\[\],:]|true|false|null)\s*/A', $json, $m);
        $tokens = $m[1];
        if (\implode('', $m[0]) !== $json || $n === 0) {
            throw new \JsonException('malformed JSON');
        }
        $i = 0;
        $out = self::value($tokens, $i);
        if ($i !== \count($tokens)) {
            throw new \JsonException('trailing data after the JSON value');
        }
        return $out;
    }

    /** @param list<string> $t */
    private static function value(array $t, int &$i): string
    {
        $tok = $t[$i++] ?? throw new \JsonException('unexpected end of JSON');
        if ($tok === '{') {
            $members = [];
            if (($t[$i] ?? null) === '}') {
                $i++;
                return '{}';
            }
            while (true) {
                $key = $t[$i++] ?? '';
                if ($key === '' || $key[0] !== '"' || ($t[$i++] ?? null) !== ':') {
                    throw new \JsonException('expected "key": in an object');
                }
                $members[(string) \json_decode($key, false, 1, \JSON_THROW_ON_ERROR)] = self::value($t, $i);
                $sep = $t[$i++] ?? null;
                if ($sep === '}') {
                    break;
                }
                if ($sep !== ',') {
                    throw new \JsonException('expected , or } in an object');
                }
            }
            $keys = \array_map('strval', \array_keys($members));
            \usort($keys, 'strcmp');
            $parts = [];
            foreach ($keys as $k) {
                $parts[] = \json_encode($k, self::FLAGS) . ':' . $members[$k];
            }
            return '{' . \implode(',', $parts) . '}';
        }
        if ($tok === '[') {
            $items = [];
            if (($t[$i] ?? null) === ']') {
                $i++;
                return '[]';
            }
            while (true) {
                $items[] = self::value($t, $i);
                $sep = $t[$i++] ?? null;
                if ($sep === ']') {
                    break;
                }
                if ($sep !== ',') {
                    throw new \JsonException('expected , or ] in an array');
                }
            }
            return '[' . \implode(',', $items) . ']';
        }
        if ($tok[0] === '"') {
            return \json_encode(\json_decode($tok, false, 1, \JSON_THROW_ON_ERROR), self::FLAGS);
        }
        if ($tok === 'true' || $tok === 'false' || $tok === 'null') {
            return $tok;
        }
        if (\in_array($tok, ['}', ']', ',', ':'], true)) {
            throw new \JsonException("unexpected $tok");
        }
        if (\strpbrk($tok, '.eE') === false) {
            $digits = \ltrim($tok, '-');
            $fits = \strlen($digits) < 19 || (\strlen($digits) === 19 && \strcmp($digits, $tok[0] === '-' ? '9223372036854775808' : '9223372036854775807') <= 0);
            if ($fits) {
                return (string) (int) $tok;
            }
            if ($tok[0] !== '-' && (\strlen($digits) < 20 || (\strlen($digits) === 20 && \strcmp($digits, '18446744073709551615') <= 0))) {
                return $digits; // u64, exact as serde_json keeps it
            }
        }
        return \json_encode((float) $tok, self::FLAGS);
    }

    /**
     * Encodes a value decoded with objects as stdClass (json_decode($s, false)); PHP lists encode
     * as arrays, stdClass and associative arrays as objects with sorted keys.
     */
    public static function encode(mixed $value): string
    {
        if ($value instanceof \stdClass) {
            return self::object(\get_object_vars($value));
        }
        if (\is_array($value)) {
            if (\array_is_list($value)) {
                return '[' . \implode(',', \array_map([self::class, 'encode'], $value)) . ']';
            }
            return self::object($value);
        }
        return \json_encode($value, self::FLAGS);
    }

    /** @param array<int|string, mixed> $members */
    private static function object(array $members): string
    {
        $keys = \array_map('strval', \array_keys($members));
        $values = \array_values($members);
        $order = \array_keys($keys);
        \usort($order, static fn (int $a, int $b): int => \strcmp($keys[$a], $keys[$b]));
        $parts = [];
        foreach ($order as $i) {
            $parts[] = \json_encode($keys[$i], self::FLAGS) . ':' . self::encode($values[$i]);
        }
        return '{' . \implode(',', $parts) . '}';
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * A float-free JSON codec for provider traffic.
 *
 * Why not json_decode()? Scalexpert sends amounts as JSON numbers (`"financedAmount": 119.9`,
 * swagger `type: number, format: float`). json_decode() turns every number with a fraction into a
 * PHP float, and JSON_BIGINT_AS_STRING only rescues *integers* that overflow. So decoding goes
 * through this small RFC 8259 parser instead:
 *
 *  - an integer literal that fits in a PHP int (no fraction, no exponent) decodes to `int`;
 *  - every other number decodes to a `string` holding the literal exactly as written
 *    ("119.9", "500.00", "1.5E3", "12345678901234567890"), never a float. Amounts are then
 *    normalized with {@see Decimal::fromJsonNumber()} by string manipulation only;
 *  - objects decode to associative arrays, arrays to lists;
 *  - it is strict: one value, no trailing data, no duplicate keys (a classic parser-differential
 *    trick), no control characters in strings, valid UTF-8 only, unpaired surrogates rejected,
 *    bounded nesting depth.
 *
 * Encoding mirrors this: {@see RawNumber} values are written into the JSON text verbatim, so
 * `"119.90"` (our decimal string) becomes the JSON number `119.90` with no float in between.
 * PHP floats are refused outright.
 */
final class Json
{
    public const MAX_DEPTH = 64;

    private const NUMBER_RE = '/\G-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][+-]?[0-9]++)?/';
    private const STRING_RE = '/\G"((?:[^"\\\\\x00-\x1f]++|\\\\(?:["\\\\\/bfnrt]|u[0-9a-fA-F]{4}))*+)"/';

    private string $text;
    private int $pos = 0;
    private int $len;

    private function __construct(string $text)
    {
        $this->text = $text;
        $this->len = \strlen($text);
    }

    /**
     * Decodes one JSON text. Numbers never become floats (see class comment).
     *
     * @throws JsonSyntaxError on any deviation from RFC 8259 (plus the duplicate-key rule)
     */
    public static function decode(string $text, int $maxDepth = self::MAX_DEPTH): mixed
    {
        if (!\mb_check_encoding($text, 'UTF-8')) {
            throw new JsonSyntaxError('invalid UTF-8', 0);
        }
        $p = new self($text);
        $p->skipWs();
        $value = $p->parseValue($maxDepth);
        $p->skipWs();
        if ($p->pos !== $p->len) {
            throw new JsonSyntaxError('trailing data', $p->pos);
        }
        return $value;
    }

    /**
     * Encodes null, bool, int, string, RawNumber, lists (JSON arrays), associative arrays and
     * stdClass (JSON objects; use `new \stdClass()` for an empty object). Floats are refused.
     */
    public static function encode(mixed $value): string
    {
        if ($value === null) {
            return 'null';
        }
        if (\is_bool($value)) {
            return $value ? 'true' : 'false';
        }
        if (\is_int($value)) {
            return (string) $value;
        }
        if (\is_string($value)) {
            return \json_encode($value, \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE | \JSON_THROW_ON_ERROR);
        }
        if ($value instanceof RawNumber) {
            return $value->literal;
        }
        if (\is_float($value)) {
            throw new \InvalidArgumentException('floats are not accepted in provider JSON; pass a RawNumber built from a decimal string');
        }
        if ($value instanceof \stdClass) {
            return self::encodeObject(\get_object_vars($value));
        }
        if (\is_array($value)) {
            if (\array_is_list($value)) {
                return '[' . \implode(',', \array_map([self::class, 'encode'], $value)) . ']';
            }
            return self::encodeObject($value);
        }
        throw new \InvalidArgumentException('cannot encode ' . \get_debug_type($value) . ' as JSON');
    }

    /** @param array<int|string, mixed> $members */
    private static function encodeObject(array $members): string
    {
        $parts = [];
        foreach ($members as $k => $v) {
            $parts[] = self::encode((string) $k) . ':' . self::encode($v);
        }
        return '{' . \implode(',', $parts) . '}';
    }

    private function skipWs(): void
    {
        $this->pos += \strspn($this->text, " \t\n\r", $this->pos);
    }

    private function parseValue(int $depthLeft): mixed
    {
        if ($this->pos >= $this->len) {
            throw new JsonSyntaxError('unexpected end of input', $this->pos);
        }
        $c = $this->text[$this->pos];
        switch ($c) {
            case '{':
                return $this->parseObject($depthLeft);
            case '[':
                return $this->parseArray($depthLeft);
            case '"':
                return $this->parseString();
            case 't':
                return $this->literal('true', true);
            case 'f':
                return $this->literal('false', false);
            case 'n':
                return $this->literal('null', null);
        }
        if ($c === '-' || ($c >= '0' && $c <= '9')) {
            return $this->parseNumber();
        }
        throw new JsonSyntaxError('unexpected character', $this->pos);
    }

    private function literal(string $word, mixed $value): mixed
    {
        if (\substr_compare($this->text, $word, $this->pos, \strlen($word)) !== 0) {
            throw new JsonSyntaxError('invalid literal', $this->pos);
        }
        $this->pos += \strlen($word);
        return $value;
    }

    private function parseNumber(): int|string
    {
        if (\preg_match(self::NUMBER_RE, $this->text, $m, 0, $this->pos) !== 1) {
            throw new JsonSyntaxError('invalid number', $this->pos);
        }
        $lit = $m[0];
        $this->pos += \strlen($lit);
        if (\strpbrk($lit, '.eE') === false) {
            $asInt = \filter_var($lit, \FILTER_VALIDATE_INT);
            if ($asInt !== false && (string) $asInt === $lit) {
                return $asInt;
            }
        }
        return $lit;
    }

    private function parseString(): string
    {
        if (\preg_match(self::STRING_RE, $this->text, $m, 0, $this->pos) !== 1) {
            throw new JsonSyntaxError('invalid string', $this->pos);
        }
        $at = $this->pos;
        $this->pos += \strlen($m[0]);
        if (\strpos($m[1], '\\') === false) {
            return $m[1];
        }
        // Escapes are already validated by the regex; json_decode resolves them (and rejects
        // unpaired UTF-16 surrogates). A string literal can never produce a float.
        try {
            $s = \json_decode($m[0], false, 1, \JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new JsonSyntaxError('invalid string escape', $at);
        }
        if (!\is_string($s)) {
            throw new JsonSyntaxError('invalid string', $at);
        }
        return $s;
    }

    /** @return list<mixed> */
    private function parseArray(int $depthLeft): array
    {
        if ($depthLeft <= 0) {
            throw new JsonSyntaxError('nesting too deep', $this->pos);
        }
        $this->pos++; // [
        $out = [];
        $this->skipWs();
        if ($this->pos < $this->len && $this->text[$this->pos] === ']') {
            $this->pos++;
            return $out;
        }
        while (true) {
            $this->skipWs();
            $out[] = $this->parseValue($depthLeft - 1);
            $this->skipWs();
            if ($this->pos >= $this->len) {
                throw new JsonSyntaxError('unterminated array', $this->pos);
            }
            $c = $this->text[$this->pos++];
            if ($c === ']') {
                return $out;
            }
            if ($c !== ',') {
                throw new JsonSyntaxError('expected , or ]', $this->pos - 1);
            }
        }
    }

    /** @return array<string|int, mixed> */
    private function parseObject(int $depthLeft): array
    {
        if ($depthLeft <= 0) {
            throw new JsonSyntaxError('nesting too deep', $this->pos);
        }
        $this->pos++; // {
        $out = [];
        $this->skipWs();
        if ($this->pos < $this->len && $this->text[$this->pos] === '}') {
            $this->pos++;
            return $out;
        }
        while (true) {
            $this->skipWs();
            if ($this->pos >= $this->len || $this->text[$this->pos] !== '"') {
                throw new JsonSyntaxError('expected object key', $this->pos);
            }
            $keyAt = $this->pos;
            $key = $this->parseString();
            if (\array_key_exists($key, $out)) {
                throw new JsonSyntaxError('duplicate key', $keyAt);
            }
            $this->skipWs();
            if ($this->pos >= $this->len || $this->text[$this->pos] !== ':') {
                throw new JsonSyntaxError('expected :', $this->pos);
            }
            $this->pos++;
            $this->skipWs();
            $out[$key] = $this->parseValue($depthLeft - 1);
            $this->skipWs();
            if ($this->pos >= $this->len) {
                throw new JsonSyntaxError('unterminated object', $this->pos);
            }
            $c = $this->text[$this->pos++];
            if ($c === '}') {
                return $out;
            }
            if ($c !== ',') {
                throw new JsonSyntaxError('expected , or }', $this->pos - 1);
            }
        }
    }
}

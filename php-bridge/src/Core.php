<?php

declare(strict_types=1);

namespace ShopCredit;

use ShopCredit\Runtime\CoreRuntime;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Runtime\RuntimeFailure;
use ShopCredit\Runtime\RuntimeUnavailable;

/**
 * The one entry point hosts use to ask the core for a decision.
 *
 *     $result = Core::call('money.allocate', ['total' => '100.00', 'currency' => 'EUR', 'parts' => 3]);
 *
 * The runtime is built on first use from the settings given to configure() (see
 * Runtime\RuntimeConfig; defaults and SHOPCREDIT_* environment variables otherwise) and kept for
 * the rest of the request. Fail closed: every runtime problem is a RuntimeUnavailable, and a
 * caller that gets one must not write anything.
 */
final class Core
{
    public const PROTOCOL_VERSION = 1;

    private const ENCODE_FLAGS = \JSON_THROW_ON_ERROR | \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE
        | \JSON_PRESERVE_ZERO_FRACTION;

    /** @var array<string, mixed> */
    private static array $config = [];
    private static ?CoreRuntime $runtime = null;
    /** Requests sent to the core in this process (what a page costs in decisions: the shop-overhead bench reads it). */
    private static int $calls = 0;

    /** @param array<string, mixed> $config runtime settings (RuntimeFactory::create); drops the current runtime */
    public static function configure(array $config): void
    {
        self::$config = $config;
        self::$runtime = null;
    }

    /** Uses a given runtime (tests, or a host that builds its own). */
    public static function useRuntime(?CoreRuntime $runtime): void
    {
        self::$runtime = $runtime;
    }

    /** @throws RuntimeUnavailable */
    public static function runtime(): CoreRuntime
    {
        return self::$runtime ??= RuntimeFactory::create(self::$config);
    }

    /** True when a runtime can be built and answers a request; never throws. */
    public static function isAvailable(): bool
    {
        try {
            $response = \json_decode(self::runtime()->call('{"v":1,"op":"money.allocate","input":{"currency":"EUR","parts":1,"total":"1.00"}}'), true);
            return \is_array($response) && ($response['ok'] ?? null) === true;
        } catch (\Throwable) {
            return false;
        }
    }

    /**
     * Runs one operation and returns its `result`.
     *
     * @param array<string, mixed>|\stdClass $input the operation's input; an empty array is sent as {}
     * @param int|null $now unix seconds; defaults to time() (the core has no clock)
     * @return array<string, mixed>
     * @throws CoreError          the core refused the request as malformed (code, message, path)
     * @throws RuntimeUnavailable no runtime, or the runtime failed (RuntimeFailure)
     * @throws \JsonException     the input cannot be encoded as JSON (e.g. invalid UTF-8)
     */
    public static function call(string $op, array|\stdClass $input, ?int $now = null): array
    {
        // The envelope in this order (v, op, now, input) lets the core take the input's end from
        // the request's end instead of scanning for it.
        $opJson = \json_encode($op, self::ENCODE_FLAGS);
        $raw = self::raw('{"v":' . self::PROTOCOL_VERSION . ',"op":' . $opJson . ',"now":' . ($now ?? \time())
            . ',"input":' . ($input === [] ? '{}' : \json_encode($input, self::ENCODE_FLAGS)) . '}');
        $result = self::okResult($raw, $opJson);
        if ($result !== null) {
            return $result;
        }
        try {
            $response = \json_decode($raw, true, 512, \JSON_THROW_ON_ERROR | \JSON_BIGINT_AS_STRING);
        } catch (\JsonException $e) {
            throw new RuntimeFailure('the core answered with invalid JSON: ' . $e->getMessage(), 0, $e);
        }
        if (!\is_array($response) || !\is_bool($response['ok'] ?? null)) {
            throw new RuntimeFailure('the core answered without an `ok` flag');
        }
        if ($response['ok'] === false) {
            $error = \is_array($response['error'] ?? null) ? $response['error'] : [];
            throw new CoreError(
                (string) ($error['code'] ?? 'internal_error'),
                (string) ($error['message'] ?? 'the core refused the request'),
                isset($error['path']) ? (string) $error['path'] : null,
                $op,
            );
        }
        $result = $response['result'] ?? null;
        if (!\is_array($result)) {
            throw new RuntimeFailure('the core answered ok without a `result` object');
        }
        return $result;
    }

    /**
     * The result of a success answer in the core's own layout (`{"ok":true,"op":…,"result":…,"v":1}`,
     * keys sorted), decoding only the result: the envelope around it is known text. Null for any
     * other answer (an error, another layout), which the caller decodes whole. A JSON value is
     * self-delimiting, so text between the known prefix and suffix that decodes is the result.
     *
     * @return array<string, mixed>|null
     */
    private static function okResult(string $raw, string $opJson): ?array
    {
        $prefix = '{"ok":true,"op":' . $opJson . ',"result":';
        $suffix = ',"v":' . self::PROTOCOL_VERSION . '}';
        $inner = \strlen($raw) - \strlen($prefix) - \strlen($suffix);
        if ($inner < 2 || !\str_starts_with($raw, $prefix) || !\str_ends_with($raw, $suffix)) {
            return null;
        }
        $result = \json_decode(\substr($raw, \strlen($prefix), $inner), true, 512, \JSON_BIGINT_AS_STRING);
        return \is_array($result) && $raw[\strlen($prefix)] === '{' ? $result : null;
    }

    /**
     * Sends a request envelope as is and returns the response bytes as the core wrote them.
     *
     * @throws RuntimeUnavailable
     */
    public static function raw(string $json): string
    {
        self::$calls++;
        return self::runtime()->call($json);
    }

    /** How many requests were sent to the core so far in this process (a web request: this page). */
    public static function calls(): int
    {
        return self::$calls;
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

use ShopCredit\I18n\Words;

/**
 * The doctor's check rows in the merchant's language on the hosts' runtime screens, through the
 * bridge's one words catalogue (ShopCredit\I18n\Words, groups `doctor` and `doctor_status`).
 * Doctor keeps writing its rows in English (the CLI prints them; tests and the choice logic read
 * their ids and statuses); here each English text is recognised as one catalogue entry, the
 * English words with {name} where Doctor puts a value, and shown in the Words' language. Values
 * (paths, versions, sizes, php.ini settings, hashes) stay as they are; a value that is itself one
 * of the doctor's sentences (a reason quoted in another row) is translated too. A text nothing
 * recognises is shown as Doctor wrote it: DoctorWordsTest fails on every such row it can produce.
 */
final class DoctorWords
{
    /**
     * Where Doctor's text differs from the words people read: an operation's name said in words,
     * its amounts (MONEY) in the shop's money format.
     */
    public const WRITTEN = [
        'round_trip_works' => '{runtime} in {ms} ms: money.allocate 100.00 EUR / 3 → 33.34, 33.33, 33.33',
        'active_answered' => '{reason}; {runtime} answered money.allocate in {ms} ms',
        'active_answered_odd' => '{reason}; {runtime} answered money.allocate in {ms} ms with an unexpected response: {answer}',
    ];

    /** The round trip's amounts (RuntimeFactory::ROUND_TRIP_REQUEST), formatted by the host. */
    public const MONEY = [
        'round_trip_works' => ['total' => '100.00', 'first' => '33.34', 'second' => '33.33', 'third' => '33.33'],
    ];

    private const MONEY_CURRENCY = 'EUR';

    /**
     * One of Doctor::report()'s checks in $words' language.
     *
     * @param array{status: string, title: string, detail: string} $check
     * @return array{status: string, title: string, detail: string}
     */
    public static function row(Words $words, array $check): array
    {
        return [
            'status' => $words->text('doctor_status', $check['status']),
            'title' => self::say($words, $check['title']),
            'detail' => self::say($words, $check['detail']),
        ];
    }

    /** A text Doctor wrote (a title, a detail, a runtime's reason) in $words' language. */
    public static function say(Words $words, string $text, int $depth = 0): string
    {
        $found = $depth > 4 ? null : self::parse($text);
        if ($found === null) {
            return $text;
        }
        [$code, $values] = $found;
        $params = \array_map(static fn (string $v): string => self::sayValue($words, $v, $depth + 1), $values);
        foreach (self::MONEY[$code] ?? [] as $name => $amount) {
            $params[$name] = $words->money($amount, self::MONEY_CURRENCY);
        }
        return $words->text('doctor', $code, $params);
    }

    /**
     * Which catalogue entry a text is, and the values Doctor put in it; null when none. When
     * several match, the one with the most fixed words wins.
     *
     * @return array{0: string, 1: array<string, string>}|null
     */
    public static function parse(string $text): ?array
    {
        foreach (self::patterns() as $code => $regex) {
            if (\preg_match($regex, $text, $m) === 1) {
                return [$code, \array_filter($m, 'is_string', \ARRAY_FILTER_USE_KEY)];
            }
        }
        return null;
    }

    /** A value inside a sentence: one of the sentences, a list of them (", "), or kept as it is. */
    private static function sayValue(Words $words, string $value, int $depth): string
    {
        if (self::parse($value) !== null) {
            return self::say($words, $value, $depth);
        }
        $parts = \explode(', ', $value);
        if (\count($parts) > 1 && \array_filter($parts, static fn (string $p): bool => self::parse($p) === null) === []) {
            return \implode(', ', \array_map(static fn (string $p): string => self::say($words, $p, $depth), $parts));
        }
        return $value;
    }

    /** @return array<string, string> code → anchored regex with a named group per {name}, most fixed text first */
    private static function patterns(): array
    {
        static $patterns = null;
        if ($patterns !== null) {
            return $patterns;
        }
        $patterns = [];
        $fixed = [];
        foreach (self::WRITTEN + Words::catalogue('en')['doctor'] as $code => $english) {
            $parts = \preg_split('/\{([A-Za-z]+)\}/', $english, -1, \PREG_SPLIT_DELIM_CAPTURE);
            $regex = '';
            foreach ($parts as $i => $part) {
                $regex .= $i % 2 === 0 ? \preg_quote($part, '/') : "(?<$part>.+)";
                $fixed[$code] = ($fixed[$code] ?? 0) + ($i % 2 === 0 ? \strlen($part) : 0);
            }
            $patterns[$code] = '/^' . $regex . '$/s';
        }
        \uksort($patterns, static fn (string $a, string $b): int => [$fixed[$b], $a] <=> [$fixed[$a], $b]);
        return $patterns;
    }
}

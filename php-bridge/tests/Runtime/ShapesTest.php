<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Runtime;

use ShopCredit\Generated\Codes;
use ShopCredit\Generated\Shapes;
use ShopCredit\Runtime\CanonicalJson;
use ShopCredit\Runtime\RuntimeConfig;
use ShopCredit\Runtime\RuntimeFactory;
use ShopCredit\Tests\Runtime\Support\RuntimeTestCase;

require_once __DIR__ . '/Support/RuntimeTestCase.php';

/**
 * The generated docblock shapes (Generated/Shapes.php) are what the core answers in PHP: every
 * operation has one, and every vector's answer, run through this PHP's runtime, has exactly the
 * top-level keys its `<Op>Result` shape declares (the optional ones may be absent).
 */
final class ShapesTest extends RuntimeTestCase
{
    /** @return array<string, string> alias → its type, from the class docblock */
    private static function aliases(): array
    {
        $doc = (string) (new \ReflectionClass(Shapes::class))->getDocComment();
        \preg_match_all('/@phpstan-type (\w+) (.+)$/m', $doc, $m, \PREG_SET_ORDER);
        return \array_column($m, 2, 1);
    }

    /**
     * The keys of an `array{...}` shape (aliases followed), each with whether it may be absent.
     * @param array<string, string> $aliases
     * @return array<string, bool>
     */
    private static function keys(string $type, array $aliases): array
    {
        while (isset($aliases[$type])) {
            $type = $aliases[$type];
        }
        self::assertStringStartsWith('array{', $type, 'an object shape');
        $keys = [];
        $depth = 0;
        $entry = '';
        foreach (\str_split(\substr($type, 6, -1) . ',') as $ch) {
            $depth += match ($ch) { '{', '<', '(' => 1, '}', '>', ')' => -1, default => 0 };
            if ($ch === ',' && $depth === 0) {
                $name = \trim(\explode(':', $entry, 2)[0]);
                $keys[\trim(\rtrim($name, '?'), "'")] = \str_ends_with($name, '?');
                $entry = '';
            } else {
                $entry .= $ch;
            }
        }
        return $keys;
    }

    public function testEveryOperationHasShapes(): void
    {
        self::assertSame(Codes::OPS, Shapes::OPS);
        $aliases = self::aliases();
        foreach (Shapes::OPS as $op) {
            $type = \str_replace('.', '', \ucwords($op, '.'));
            self::assertArrayHasKey($type . 'Input', $aliases, $op);
            self::assertArrayHasKey($type . 'Result', $aliases, $op);
        }
    }

    public function testEveryVectorAnswerHasTheDeclaredKeys(): void
    {
        $aliases = self::aliases();
        $runtime = RuntimeFactory::create(self::config());
        $checked = 0;
        foreach (\glob(RuntimeConfig::rootDir() . '/tests/vectors/*.json') ?: [] as $file) {
            foreach (\json_decode((string) \file_get_contents($file), true, 512, \JSON_THROW_ON_ERROR | \JSON_BIGINT_AS_STRING) as $case) {
                if (!\is_array($case['request']) || ($case['response']['ok'] ?? false) !== true) {
                    continue;
                }
                $answer = \json_decode($runtime->call(CanonicalJson::encode($case['request'])), true, 512, \JSON_THROW_ON_ERROR);
                $op = (string) $case['request']['op'];
                $declared = self::keys(\str_replace('.', '', \ucwords($op, '.')) . 'Result', $aliases);
                $given = \array_keys($answer['result']);
                self::assertSame([], \array_diff($given, \array_keys($declared)), "$op answers undeclared keys ({$case['name']})");
                self::assertSame([], \array_diff(\array_keys(\array_filter($declared, static fn (bool $optional): bool => !$optional)), $given), "$op misses declared keys ({$case['name']})");
                $checked++;
            }
        }
        self::assertGreaterThan(300, $checked);
    }
}

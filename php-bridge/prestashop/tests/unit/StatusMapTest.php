<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Generated\OrderVocabulary as V;
use ShopCreditPs\StatusMap;
use ShopCreditPs\Tests\PrestaShopDouble;

require_once __DIR__ . '/Support/PrestaShopDouble.php';

/** PrestaShop states ↔ status classes, both ways, with a fresh 8.2 shop's state ids. */
final class StatusMapTest extends TestCase
{
    private function map(array $config = []): StatusMap
    {
        $config += PrestaShopDouble::CONFIG;
        return new StatusMap(static fn (string $k): int => $config[$k] ?? 0);
    }

    private static function flags(int $state): array
    {
        [$paid, $logable, $shipped] = PrestaShopDouble::FLAGS[$state];
        return ['paid' => $paid, 'logable' => $logable, 'shipped' => $shipped];
    }

    /** @dataProvider states */
    public function testEveryStateOfTheShopReadsAsAClass(int $state, string $class): void
    {
        self::assertSame($class, $this->map()->classOf($state, self::flags($state)));
    }

    public static function states(): array
    {
        return [
            'awaiting check payment' => [1, V::STATUS_PENDING_PAYMENT], 'payment accepted' => [2, V::STATUS_PAID],
            'processing in progress' => [3, V::STATUS_PAID], 'shipped' => [4, V::STATUS_FULFILLED], 'delivered' => [5, V::STATUS_FULFILLED],
            'canceled' => [6, V::STATUS_CANCELLED], 'refunded' => [7, V::STATUS_REFUNDED], 'payment error' => [8, V::STATUS_FAILED],
            'awaiting bank wire' => [10, V::STATUS_PENDING_PAYMENT], 'awaiting cash on delivery' => [13, V::STATUS_PENDING_PAYMENT],
            'awaiting financing' => [20, V::STATUS_AWAITING_FINANCING], 'pending credit check' => [21, V::STATUS_PENDING_CREDIT_CHECK],
            'failed credit check' => [22, V::STATUS_CREDIT_CHECK_FAILED], 'accepted on account' => [23, V::STATUS_ON_ACCOUNT],
            "a merchant's own shipped state" => [30, V::STATUS_FULFILLED],
        ];
    }

    public function testEveryClassIsSetAsAStateThatReadsBackAsIt(): void
    {
        $map = $this->map();
        foreach (V::STATUSES as $class) {
            $state = $map->stateFor($class);
            self::assertGreaterThan(0, $state, $class);
            self::assertSame($class, $map->classOf($state, self::flags($state)), "$class → state $state → back");
        }
        self::assertSame(0, $map->stateFor('no_such_class'));
    }

    public function testTheMerchantsChoicesAreTheStatesSet(): void
    {
        // Accepted on account in "Processing in progress", paid orders in "Remote payment accepted".
        $map = $this->map(['SHOPCREDIT_OS_ACCOUNT_OK' => 3, 'SHOPCREDIT_OS_PAID' => 11]);
        self::assertSame(3, $map->stateFor(V::STATUS_ON_ACCOUNT));
        self::assertSame(11, $map->stateFor(V::STATUS_PAID));
        self::assertSame(V::STATUS_ON_ACCOUNT, $map->classOf(3, self::flags(3)), 'the chosen state reads as accepted on account');
        self::assertSame(V::STATUS_PAID, $map->classOf(11, ['paid' => true, 'logable' => true, 'shipped' => false]));
        self::assertSame(V::STATUS_PENDING_PAYMENT, $map->classOf(0, []), 'no state: awaiting payment');
    }
}

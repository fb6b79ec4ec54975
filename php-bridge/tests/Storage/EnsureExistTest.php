<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

/** Accounts are created before the locking transaction, so first orders never deadlock on gap locks. */
final class EnsureExistTest extends StorageTestCase
{
    /** @dataProvider dialects */
    public function testCreatesOnlyTheMissingAccountsOnce(string $dialect): void
    {
        $c = $this->installed($dialect);
        $accounts = new AccountRepository($c);
        $ids = ['wallet:1:42:EUR', 'shop:1:sales:EUR', 'credit:1:42:EUR'];
        self::assertSame(3, $accounts->ensureExist($ids, [AccountRepository::class, 'defaultsFromId'], 1_795_390_200));
        self::assertSame(0, $accounts->ensureExist($ids, [AccountRepository::class, 'defaultsFromId'], 1_795_390_200));
        self::assertSame('wallet', $accounts->find('wallet:1:42:EUR')['kind']);
        self::assertSame(0, $accounts->ensureExist(['no-defaults-for-this'], [], 1_795_390_200));
        self::assertNull($accounts->find('no-defaults-for-this'));
    }

    /** @dataProvider dialects */
    public function testRefusesToRunInsideATransaction(string $dialect): void
    {
        $c = $this->installed($dialect);
        $accounts = new AccountRepository($c);
        $this->expectException(\LogicException::class);
        $c->transaction(static fn () => $accounts->ensureExist(['wallet:1:1:EUR'], [AccountRepository::class, 'defaultsFromId']));
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\ConcurrencyException;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\DuplicateKeyException;
use ShopCredit\Storage\RetriesExhausted;
use ShopCredit\Storage\StorageException;
use ShopCredit\Storage\TransferRepository;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

final class LedgerRepositoryTest extends StorageTestCase
{
    private static function transfer(string $id, string $debit, string $credit, string $amount, int $ts, array $extra = []): array
    {
        return array_replace([
            'id' => $id, 'debitAccountId' => $debit, 'creditAccountId' => $credit, 'amount' => $amount, 'currency' => 'EUR',
            'pendingId' => null, 'timeoutS' => 0, 'flags' => [], 'code' => 'order_payment', 'orderRef' => null,
            'timestampS' => $ts, 'pendingStatus' => 'none',
        ], $extra);
    }

    /** @dataProvider dialects */
    public function testAccountWireRoundTripWithLargeAmountsAndVersionCheck(string $dialect): void
    {
        $c = $this->installed($dialect);
        $accounts = new AccountRepository($c);
        $c->transaction(function () use ($accounts): void {
            $rows = $accounts->lockAccounts(['credit:1:42:KWD'], [AccountRepository::class, 'defaultsFromId']);
            $wire = AccountRepository::toWire($rows['credit:1:42:KWD']);
            $this->assertSame(['id', 'kind', 'currency', 'debitsPending', 'debitsPosted', 'creditsPending', 'creditsPosted', 'limit', 'closed'], array_keys($wire));
            $this->assertSame('0.000', $wire['debitsPending']);
            $wire['debitsPosted'] = '999999999999.999';
            $wire['creditsPosted'] = '0.125';
            $wire['limit'] = '1000.5';
            $this->assertSame(1, $accounts->applyAccounts([$wire], 1_790_000_100));
            $wire['debitsPending'] = '1.000';
            $this->assertSame(1, $accounts->applyAccounts([$wire], 1_790_000_100), 'a second write in the same transaction');
        });
        $row = $accounts->find('credit:1:42:KWD');
        $this->assertSame(999_999_999_999_999, $row['debits_posted']);
        $this->assertSame(1000, $row['debits_pending']);
        $this->assertSame(1_000_500, $row['credit_limit']);
        $this->assertSame(2, $row['version']);
        $this->assertSame(
            ['id' => 'credit:1:42:KWD', 'kind' => 'credit_line', 'currency' => 'KWD', 'debitsPending' => '1.000',
                'debitsPosted' => '999999999999.999', 'creditsPending' => '0.000', 'creditsPosted' => '0.125', 'limit' => '1000.500', 'closed' => false],
            AccountRepository::toWire($row),
        );

        // Not locked in this transaction (locked in an earlier one) → refused.
        $this->expectException(\LogicException::class);
        $c->transaction(fn () => $accounts->applyAccounts([AccountRepository::toWire($row)]));
    }

    /** @dataProvider dialects */
    public function testApplyAccountsDetectsAStaleVersionAndAKindChange(string $dialect): void
    {
        $c = $this->installed($dialect);
        $accounts = new AccountRepository($c);
        $c->transaction(fn () => $accounts->lockAccounts(['wallet:1:1:EUR'], [AccountRepository::class, 'defaultsFromId']));
        $attempts = 0;
        try {
            $c->transaction(function (Connection $c) use ($accounts, &$attempts): void {
                $attempts++;
                $wire = AccountRepository::toWire($accounts->lockAccounts(['wallet:1:1:EUR'])['wallet:1:1:EUR']);
                // Somebody wrote without holding the lock (same transaction here, to keep it simple).
                $c->execute('UPDATE {accounts} SET version = version + 1 WHERE id = ?', ['wallet:1:1:EUR']);
                $accounts->applyAccounts([$wire]);
            }, 2);
            $this->fail('stale version accepted');
        } catch (RetriesExhausted $e) {
            $this->assertInstanceOf(ConcurrencyException::class, $e->getPrevious());
        }
        $this->assertSame(2, $attempts, 'a version conflict retries the transaction');

        $this->expectException(StorageException::class);
        $c->transaction(function () use ($accounts): void {
            $wire = AccountRepository::toWire($accounts->lockAccounts(['wallet:1:1:EUR'])['wallet:1:1:EUR']);
            $wire['kind'] = 'credit_line';
            $accounts->applyAccounts([$wire]);
        });
    }

    /** @dataProvider dialects */
    public function testSetAttributesAndDefaultsFromId(string $dialect): void
    {
        $c = $this->installed($dialect);
        $accounts = new AccountRepository($c);
        $row = $c->transaction(function () use ($accounts): array {
            $accounts->lockAccounts(['credit:1:42:EUR'], [AccountRepository::class, 'defaultsFromId']);
            return $accounts->setAttributes('credit:1:42:EUR', ['credit_limit' => 50000, 'on_hold' => true, 'risk_level' => 'high', 'payment_terms_days' => 30, 'company_name' => 'Ölwerk GmbH']);
        });
        $this->assertSame(50000, $row['credit_limit']);
        $stored = $accounts->find('credit:1:42:EUR');
        $this->assertTrue($stored['on_hold']);
        $this->assertSame('Ölwerk GmbH', $stored['company_name']);
        $this->assertSame(30, $stored['payment_terms_days']);
        $this->assertSame(1, $stored['version']);
        $this->assertSame([$stored], $accounts->forCustomer('1', '42'));
        $this->assertNull(AccountRepository::defaultsFromId('shop:1:nonsense:EUR'));
        $this->assertNull(AccountRepository::defaultsFromId('wallet:1:42:XXX'));
        $this->assertSame(['shop_id' => '1', 'customer_id' => null, 'kind' => 'shop', 'currency' => 'JPY'], AccountRepository::defaultsFromId('shop:1:topups:JPY'));
    }

    /** @dataProvider dialects */
    public function testTransfersRoundTripUniqueIdsAndPendingUpdates(string $dialect): void
    {
        $c = $this->installed($dialect);
        $transfers = new TransferRepository($c);
        $pending = self::transfer('k1:wallet', 'wallet:1:42:EUR', 'shop:1:sales:EUR', '10.00', 1_790_000_000,
            ['flags' => ['linked', 'pending'], 'timeoutS' => 600, 'orderRef' => 'o-1', 'pendingStatus' => 'pending']);
        $posted = self::transfer('k1:credit', 'credit:1:42:EUR', 'shop:1:sales:EUR', '5.5', 1_790_000_000, ['orderRef' => 'o-1', 'code' => 'order_on_account']);
        $this->assertSame(2, $c->transaction(fn () => $transfers->insertMany([$pending, $posted])));
        $found = $transfers->findByIds(['k1:credit', 'nope', 'k1:wallet']);
        $this->assertSame(['k1:credit', 'k1:wallet'], array_keys($found));
        $this->assertSame($pending, $found['k1:wallet']);
        $this->assertSame('5.50', $found['k1:credit']['amount']);
        $this->assertCount(2, $transfers->findByOrderRef('o-1'));
        $this->assertSame(['k1:wallet'], array_column($transfers->findByOrderRef('o-1', 'pending'), 'id'));

        // Ids are unique forever, and case-sensitive like the core's.
        try {
            $transfers->insertMany([$posted]);
            $this->fail('duplicate transfer id accepted');
        } catch (DuplicateKeyException) {
        }
        $transfers->insertMany([self::transfer('K1:credit', 'a', 'b', '1.00', 1_790_000_001)]);
        $this->assertCount(2, $transfers->findByIds(['k1:credit', 'K1:credit']));

        $this->assertSame([], $transfers->pendingExpired(1_790_000_599));
        $this->assertSame(['k1:wallet'], array_column($transfers->pendingExpired(1_790_000_600), 'id'));
        $this->assertSame(1, $transfers->applyPendingUpdates([['id' => 'k1:wallet', 'status' => 'posted']]));
        $this->assertSame(0, $transfers->applyPendingUpdates([['id' => 'k1:wallet', 'status' => 'posted']]), 'replay is a no-op');
        $this->assertSame([], $transfers->pendingExpired(1_790_001_000));
        $this->expectException(StorageException::class);
        $transfers->applyPendingUpdates([['id' => 'k1:wallet', 'status' => 'voided']]);
    }

    /** @dataProvider dialects */
    public function testListForAccountPaginatesWithFiltersAndStreamYieldsEverything(string $dialect): void
    {
        $c = $this->installed($dialect);
        $transfers = new TransferRepository($c);
        $all = [];
        for ($i = 0; $i < 25; $i++) {
            // Same timestamp for several rows: the id breaks ties.
            $ts = 1_790_000_000 + intdiv($i, 3);
            $all[] = $i % 2 === 0
                ? self::transfer(sprintf('t%02d', $i), 'wallet:1:42:EUR', 'shop:1:sales:EUR', '1.00', $ts)
                : self::transfer(sprintf('t%02d', $i), 'shop:1:cash:EUR', 'wallet:1:42:EUR', '2.00', $ts, ['code' => 'top_up']);
        }
        $all[] = self::transfer('other', 'wallet:1:7:EUR', 'shop:1:sales:EUR', '1.00', 1_790_000_003);
        $c->transaction(fn () => $transfers->insertMany($all));

        $seen = [];
        $cursor = null;
        $pages = 0;
        do {
            $page = $transfers->listForAccount('wallet:1:42:EUR', [], 10, $cursor);
            $seen = [...$seen, ...array_column($page['items'], 'id')];
            $cursor = $page['nextCursor'];
            $pages++;
        } while ($cursor !== null);
        $this->assertSame(3, $pages);
        $expected = array_map(fn ($i) => sprintf('t%02d', $i), range(24, 0, -1));
        $this->assertSame($expected, $seen, 'newest first, each once');

        $asc = $transfers->listForAccount('wallet:1:42:EUR', ['order' => 'asc', 'code' => 'top_up', 'from_s' => 1_790_000_002, 'to_s' => 1_790_000_004], 100);
        $this->assertSame(['t07', 't09', 't11'], array_column($asc['items'], 'id'));
        $this->assertNull($asc['nextCursor']);

        $streamed = array_column(iterator_to_array($transfers->streamForAccounts(['wallet:1:42:EUR', 'wallet:1:7:EUR'], [], 4), false), 'id');
        $this->assertCount(26, $streamed);
        $this->assertSame('t00', $streamed[0]);
        $this->assertContains('other', $streamed);
        $this->assertSame(count($streamed), count(array_unique($streamed)));

        $this->expectException(\InvalidArgumentException::class);
        $transfers->listForAccount('wallet:1:42:EUR', ['bogus' => 1]);
    }
}

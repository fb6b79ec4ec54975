<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\AuditLog;
use ShopCredit\Storage\TransferRepository;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

/**
 * A real process, SIGKILLed in the middle of a transaction (accounts created and credited, a
 * transfer and an audit entry written, nothing committed), leaves nothing behind and no lock;
 * killed after COMMIT, everything stays.
 */
final class CrashTest extends StorageTestCase
{
    /** @dataProvider dialects */
    public function testKilledMidTransactionLeavesNothing(string $dialect): void
    {
        $c = $this->installed($dialect, ['lock_wait_timeout_s' => 5, 'busy_timeout_ms' => 5000]);
        $child = $this->startChild($dialect, 'crash');
        $this->assertSame('READY', $this->readLine($child));
        $this->assertTrue(posix_kill($child['pid'], defined('SIGKILL') ? SIGKILL : 9));
        $this->waitChild($child);

        $accounts = new AccountRepository($c);
        $this->assertNull($accounts->find('wallet:1:42:EUR'));
        $this->assertNull($accounts->find('shop:1:cash:EUR'));
        $this->assertSame([], (new TransferRepository($c))->findByIds(['crash-1:topup']));
        $this->assertSame([], (new AuditLog($c))->forSubject('wallet:1:42:EUR'));
        // No lock survives the dead process: the same rows can be created and locked now.
        $rows = $c->transaction(fn () => $accounts->lockAccounts(['wallet:1:42:EUR', 'shop:1:cash:EUR'], [AccountRepository::class, 'defaultsFromId']));
        $this->assertSame(0, $rows['wallet:1:42:EUR']['credits_posted']);
        $this->assertSame(1, $c->lastAttempts());
    }

    /** @dataProvider dialects */
    public function testKilledAfterCommitKeepsEverything(string $dialect): void
    {
        $c = $this->installed($dialect);
        $child = $this->startChild($dialect, 'commit-then-wait');
        $this->assertSame('COMMITTED', $this->readLine($child));
        posix_kill($child['pid'], defined('SIGKILL') ? SIGKILL : 9);
        $this->waitChild($child);

        $wallet = (new AccountRepository($c))->find('wallet:1:42:EUR');
        $this->assertSame(10000, $wallet['credits_posted']);
        $this->assertSame(1, $wallet['version']);
        $this->assertSame('100.00', (new TransferRepository($c))->findByIds(['crash-1:topup'])['crash-1:topup']['amount']);
        $this->assertCount(1, (new AuditLog($c))->forSubject('wallet:1:42:EUR'));
    }
}

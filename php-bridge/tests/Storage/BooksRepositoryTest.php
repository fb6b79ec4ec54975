<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Storage;

use ShopCredit\Storage\AuditLog;
use ShopCredit\Storage\DuplicateKeyException;
use ShopCredit\Storage\FinancingRepository;
use ShopCredit\Storage\IdempotencyConflictException;
use ShopCredit\Storage\IdempotencyRepository;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\RequestRepository;
use ShopCredit\Storage\SettingsRepository;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/Support/StorageTestCase.php';

final class BooksRepositoryTest extends StorageTestCase
{
    /** @dataProvider dialects */
    public function testReceivablesAndPayments(string $dialect): void
    {
        $c = $this->installed($dialect);
        $r = new ReceivableRepository($c);
        $base = ['shop_id' => '1', 'order_ref' => 'o-1', 'customer_id' => '42', 'account_id' => 'credit:1:42:EUR',
            'currency' => 'EUR', 'amount' => 12000, 'due_date' => '2026-09-30', 'state' => 'open'];
        $id = $r->create($base, 1_790_000_000);
        $this->assertGreaterThan(0, $id);
        try {
            $r->create($base);
            $this->fail('two receivables for one order');
        } catch (DuplicateKeyException) {
        }
        $r->create(['order_ref' => 'o-2', 'due_date' => '2026-10-31'] + $base);
        $r->create(['shop_id' => '2'] + $base);
        $this->assertTrue($r->update('1', 'o-1', ['paid' => 2000, 'last_reminder_level' => 1]));
        $this->assertFalse($r->update('1', 'nope', ['paid' => 1]));
        $row = $c->transaction(fn () => $r->find('1', 'o-1', true));
        $this->assertSame(2000, $row['paid']);
        $this->assertSame('2026-09-30', $row['due_date']);
        $due = $r->listDue('2026-09-30', ['open']);
        $this->assertSame([['1', 'o-1'], ['2', 'o-1']], array_map(fn ($x) => [$x['shop_id'], $x['order_ref']], $due));
        $this->assertSame([$due[1]['id']], array_column($r->listDue('2026-09-30', ['open'], 10, $due[0]['id']), 'id'), 'keyset on id');
        $this->assertCount(3, $r->listDue('2026-12-31', ['open']));
        $this->assertCount(3, $r->listForAccount('credit:1:42:EUR', ['open']));

        $p = ['id' => 'pay-1', 'shop_id' => '1', 'order_ref' => 'o-1', 'account_id' => 'credit:1:42:EUR', 'amount' => 2000, 'currency' => 'EUR', 'received_at' => 1_790_000_500, 'method' => 'bank_transfer'];
        $this->assertTrue($r->recordPayment($p));
        $this->assertFalse($r->recordPayment($p), 'replay of the same payment');
        $this->assertCount(1, $r->paymentsFor('1', 'o-1'));
        $this->expectException(IdempotencyConflictException::class);
        $r->recordPayment(['amount' => 2001] + $p);
    }

    public function testReceivableDatesAreValidated(): void
    {
        $r = new ReceivableRepository($this->installed('sqlite'));
        $this->expectException(\InvalidArgumentException::class);
        $r->create(['shop_id' => '1', 'order_ref' => 'o', 'customer_id' => '1', 'account_id' => 'a', 'currency' => 'EUR', 'amount' => 1, 'state' => 'open', 'due_date' => '2026-02-30']);
    }

    /** @dataProvider dialects */
    public function testFinancingSubscriptionAndInbox(string $dialect): void
    {
        $c = $this->installed($dialect);
        $f = new FinancingRepository($c);
        $sub = ['subscription_id' => 'SX-1', 'shop_id' => '1', 'order_ref' => 'o-9', 'solution_code' => 'SCFRSP-3XPS',
            'status' => 'INITIALIZED', 'amount' => 45000, 'currency' => 'EUR', 'last_update_ms' => 1_790_000_000_123,
            'last_event_ids' => ['e1'], 'history' => [['status' => 'INITIALIZED', 'at' => 1_790_000_000]]];
        $f->save($sub, 1_790_000_000);
        $c->transaction(function () use ($f, $sub): void {
            $row = $f->find('SX-1', true);
            $f->save(['status' => 'ACCEPTED', 'sub_status' => 'SUBSCRIPTION_APPROVED', 'last_event_ids' => ['e1', 'e2'],
                'history' => [...$row['history'], ['status' => 'ACCEPTED']], 'partial_cancellation_applied' => true] + $sub, 1_790_000_100);
        });
        $row = $f->find('SX-1');
        $this->assertSame('ACCEPTED', $row['status']);
        $this->assertSame(['e1', 'e2'], $row['last_event_ids']);
        $this->assertCount(2, $row['history']);
        $this->assertTrue($row['partial_cancellation_applied']);
        $this->assertSame(1_790_000_000, $row['created_at']);
        $this->assertSame(1_790_000_100, $row['updated_at']);
        $this->assertSame(1_790_000_000_123, $row['last_update_ms']);
        $this->assertCount(1, $f->findByOrder('1', 'o-9'));

        $event = ['event_id' => 'evt-1', 'subscription_id' => 'SX-1', 'source' => 'webhook', 'event_type' => 'STATUS_UPDATE',
            'payload' => ['status' => 'ACCEPTED', 'note' => 'café'], 'received_at' => 1_790_000_050];
        $this->assertTrue($f->store($event));
        $this->assertFalse($f->store($event), 'a redelivered webhook is stored once');
        $this->assertTrue($f->store(['event_id' => 'evt-2', 'payload' => '{"status":"REJECTED"}'] + $event));
        $pending = $f->pending();
        $this->assertSame(['evt-1', 'evt-2'], array_column($pending, 'event_id'));
        $this->assertSame('café', $pending[0]['payload']['note']);
        $f->markFailed('evt-1', 'core unavailable');
        $this->assertSame(['evt-2'], array_column($f->pending(10, 1), 'event_id'), 'failed once: waits when maxAttempts = 1');
        $this->assertTrue($f->markApplied('evt-1', 'applied', 1_790_000_200));
        $this->assertFalse($f->markApplied('evt-1', 'applied', 1_790_000_201), 'applied once');
        $e1 = $f->event('evt-1');
        $this->assertSame(2, $e1['attempts']);
        $this->assertSame(1_790_000_200, $e1['applied_at']);
        $this->assertNull($e1['last_error']);
        $this->assertSame(['evt-2'], array_column($f->pending(), 'event_id'));
        $this->assertCount(2, $f->eventsFor('SX-1'));
    }

    /** @dataProvider dialects */
    public function testRequestsChangeStateOnlyFromTheExpectedState(string $dialect): void
    {
        $c = $this->installed($dialect);
        $q = new RequestRepository($c);
        $q->create(RequestRepository::CREDIT_INCREASE, ['id' => 'cir-1', 'shop_id' => '1', 'customer_id' => '42', 'account_id' => 'credit:1:42:EUR',
            'currency' => 'EUR', 'current_limit' => 100000, 'requested_limit' => 250000, 'state' => 'pending', 'message' => 'Saison'], 1_790_000_000);
        $q->create(RequestRepository::WITHDRAWAL, ['id' => 'wd-1', 'shop_id' => '1', 'customer_id' => '42', 'account_id' => 'wallet:1:42:EUR',
            'currency' => 'EUR', 'amount' => 5000, 'state' => 'pending', 'reserve_transfer_id' => 'wd-1:reserve'], 1_790_000_000);
        $this->assertTrue($q->transition(RequestRepository::CREDIT_INCREASE, 'cir-1', 'pending',
            ['state' => 'approved', 'granted_limit' => 200000, 'decided_by' => 'employee:3', 'decided_at' => 1_790_000_100]));
        $this->assertFalse($q->transition(RequestRepository::CREDIT_INCREASE, 'cir-1', 'pending', ['state' => 'rejected']), 'second decision refused');
        $row = $q->find(RequestRepository::CREDIT_INCREASE, 'cir-1');
        $this->assertSame('approved', $row['state']);
        $this->assertSame(200000, $row['granted_limit']);
        $this->assertTrue($q->transition(RequestRepository::WITHDRAWAL, 'wd-1', 'pending', ['state' => 'paid', 'resolve_transfer_id' => 'wd-1:post']));
        $this->assertSame('wd-1:post', $c->transaction(fn () => $q->find(RequestRepository::WITHDRAWAL, 'wd-1', true))['resolve_transfer_id']);
        $this->assertCount(1, $q->list(RequestRepository::WITHDRAWAL, '1', ['state' => ['paid'], 'customer_id' => '42']));
        $this->assertCount(0, $q->list(RequestRepository::CREDIT_INCREASE, '1', ['state' => 'pending']));
        $this->expectException(DuplicateKeyException::class);
        $q->create(RequestRepository::WITHDRAWAL, ['id' => 'wd-1', 'shop_id' => '1', 'customer_id' => '42', 'account_id' => 'wallet:1:42:EUR',
            'currency' => 'EUR', 'amount' => 1, 'state' => 'pending']);
    }

    /** @dataProvider dialects */
    public function testSettingsAuditAndIdempotency(string $dialect): void
    {
        $c = $this->installed($dialect);
        $s = new SettingsRepository($c);
        $s->set(SettingsRepository::GLOBAL_SHOP, 'status_map', ['paid' => 2]);
        $s->set('1', 'status_map', ['paid' => 5, 'failed' => 8]);
        $s->set('1', 'status_map', ['paid' => 6]);
        $s->set('1', 'enabled', true);
        $this->assertSame(['paid' => 6], $s->get('1', 'status_map'));
        $this->assertSame(['paid' => 2], $s->resolve('2', 'status_map'));
        $this->assertSame(['paid' => 6], $s->resolve('1', 'status_map'));
        $this->assertSame('x', $s->resolve('2', 'missing', 'x'));
        $this->assertSame(['enabled' => true, 'status_map' => ['paid' => 6]], $s->all('1'));
        $this->assertTrue($s->delete('1', 'enabled'));
        $this->assertNull($s->get('1', 'enabled'));

        $a = new AuditLog($c);
        $id1 = $a->record('employee:3', 'credit_limit_changed', 'credit:1:42:EUR', ['limit' => '1000.00'], ['limit' => '2000.00'], 1_790_000_000, '1');
        $id2 = $a->record('job:expiry', 'reservation_expired', 'k1:wallet', null, null, 1_790_000_001);
        $this->assertGreaterThan($id1, $id2);
        $entries = $a->forSubject('credit:1:42:EUR');
        $this->assertSame(['limit' => '2000.00'], $entries[0]['after']);
        $this->assertSame([$id2, $id1], array_column($a->recent(), 'id'));
        $this->assertSame([$id1], array_column($a->recent(10, $id2), 'id'));
        $this->assertSame([$id1], array_column($a->recent(10, null, '1'), 'id'));

        $i = new IdempotencyRepository($c);
        $h = IdempotencyRepository::requestHash(['b' => 1, 'a' => ['y' => 2, 'x' => [3, 1]]]);
        $this->assertSame($h, IdempotencyRepository::requestHash(['a' => ['x' => [3, 1], 'y' => 2], 'b' => 1]));
        $this->assertNull($i->lookup('key-1', 'wallet.pay', $h));
        $this->assertTrue($i->remember('key-1', 'wallet.pay', $h, ['ok' => true], 1_790_000_000));
        $this->assertFalse($i->remember('key-1', 'wallet.pay', $h, ['ok' => true]));
        $this->assertSame(['response' => ['ok' => true]], $i->lookup('key-1', 'wallet.pay', $h));
        $this->assertSame(0, $i->purgeOlderThan(1_790_000_000));
        try {
            $i->lookup('key-1', 'wallet.pay', IdempotencyRepository::requestHash(['other']));
            $this->fail('key reused with another body');
        } catch (IdempotencyConflictException) {
        }
        $this->expectException(IdempotencyConflictException::class);
        $i->remember('key-1', 'wallet.refund', $h, null);
    }
}

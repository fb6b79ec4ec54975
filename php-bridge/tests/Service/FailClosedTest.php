<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\Core;
use ShopCredit\CoreError;
use ShopCredit\Runtime\CoreRuntime;
use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/** Without a runtime nothing is granted and webhooks wait in the inbox; bad input writes nothing. */
final class FailClosedTest extends ServiceTestCase
{
    private static function brokenRuntime(): CoreRuntime
    {
        return new class implements CoreRuntime {
            public function call(string $requestJson): string
            {
                throw new RuntimeUnavailable('wasm cannot run here (test)');
            }

            public function name(): string
            {
                return 'broken';
            }
        };
    }

    /** @dataProvider dialects */
    public function testNoRuntimeGrantsNothingAndWebhooksWaitInTheInbox(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'top-1', 'o-1', '100.00');
        $sc->financing()->register('1', 'sub-1', 'o-7', 'SCFRSP-3XTS', '300.00', 'EUR');
        $before = (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}');

        Core::useRuntime(self::brokenRuntime());
        $elig = $sc->checkout()->eligibility('1', self::customer('42'), ['currency' => 'EUR', 'total' => '50.00', 'billingCountry' => 'FR']);
        self::assertCount(4, $elig['methods']);
        foreach ($elig['methods'] as $m) {
            self::assertFalse($m['available']);
            self::assertSame(['runtime_unavailable'], $m['reasons']);
        }
        $r = $sc->checkout()->reserve('1', 'co-1', 'o-2', self::customer('42'), ['currency' => 'EUR', 'total' => '50.00'], ['wallet' => '50.00']);
        self::assertFalse($r['accepted']);
        self::assertSame(['runtime_unavailable'], $r['reasons']);
        self::assertSame($before, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}'));
        self::assertSame('100.00', self::balances($sc, 'wallet:1:42:EUR')['c']);
        self::assertSame('0.00', self::balances($sc, 'wallet:1:42:EUR')['dp']);

        foreach ([['e-1', 'INITIALIZED', '2026-11-02T08:00:00.000Z'], ['e-2', 'ACCEPTED', '2026-11-02T08:09:00.000Z'], ['e-2', 'ACCEPTED', '2026-11-02T08:09:00.000Z']] as [$id, $st, $ts]) {
            [$body, $headers] = $this->webhook($id, $st, 'o-7', $ts);
            $w = $sc->financing()->receiveWebhook('1', $body, $headers);
            self::assertFalse($w['applied']);
            self::assertSame('runtime_unavailable', $w['code']);
        }
        self::assertCount(2, $sc->financingRepository->pending());
        self::assertSame('NONE', $sc->financing()->subscription('sub-1')['status']);
        try {
            $sc->financing()->applyPending('1');
            self::fail('applyPending must not pretend to apply without a runtime');
        } catch (RuntimeUnavailable) {
        }
        self::assertCount(2, $sc->financingRepository->pending());

        Core::useRuntime(null); // the runtime is back
        self::assertSame(['applied' => 2, 'failed' => 0, 'waiting' => 0], $sc->financing()->applyPending('1'));
        self::assertSame('ACCEPTED', $sc->financing()->subscription('sub-1')['status']);
        self::assertSame([], $sc->financingRepository->pending());
        self::assertSame(['applied' => 0, 'failed' => 0, 'waiting' => 0], $sc->financing()->applyPending('1'));
    }

    /** @dataProvider dialects */
    public function testBadInputIsRefusedAndWritesNothing(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'top-1', 'o-1', '100.00');
        $count = fn (): array => [
            (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}'),
            (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {accounts}'),
            (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {withdrawal_requests}'),
            (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {receivables}'),
        ];
        $before = $count();
        $cases = [
            'negative top-up' => [fn () => $sc->wallet()->topUp('1', '43', 'EUR', 'top-2', 'o-2', '-5.00'), 'negative_amount'],
            'negative payment' => [fn () => $sc->wallet()->pay('1', 'p-1', 'o-3', self::customer('42'), ['currency' => 'EUR', 'total' => '10.00'], 'full', '-10.00'), 'negative_amount'],
            'too many decimals' => [fn () => $sc->wallet()->bonus('1', '42', 'EUR', 'b-1', 'bonus', '1.001', 'x', 'employee:1'), 'too_many_decimals'],
            'float-looking amount' => [fn () => $sc->wallet()->topUp('1', '42', 'EUR', 'top-3', 'o-3', '1e3'), 'invalid_amount'],
            'sql in key' => [fn () => $sc->wallet()->topUp('1', '42', 'EUR', "x'; DROP TABLE sc_transfers; --", 'o-4', '5.00'), 'invalid_id'],
            'sql in customer' => [fn () => $sc->wallet()->requestWithdrawal('1', "42' OR '1'='1", 'EUR', 'wd-1', '20.00'), 'invalid_id'],
            'sql in order ref' => [fn () => $sc->checkout()->settle("o-1' OR 1=1 --", 'paid'), 'invalid_id'],
            'unknown outcome' => [fn () => $sc->checkout()->settle('o-1', 'shipped'), 'invalid_value'],
            'unknown currency' => [fn () => $sc->wallet()->topUp('1', '42', 'XXX', 'top-5', 'o-5', '5.00'), 'unknown_currency'],
            'unknown bonus kind' => [fn () => $sc->wallet()->bonus('1', '42', 'EUR', 'b-2', 'free_money', '5.00', 'x', 'employee:1'), 'invalid_value'],
            'unknown withdrawal decision' => [fn () => $sc->wallet()->decideWithdrawal('nope', 'approve', 'admin-1'), 'not_found'],
            'unknown risk level' => [fn () => $sc->credit()->setProfile('1', '42', 'EUR', ['risk_level' => 'extreme'], 'employee:1'), 'invalid_value'],
            'unknown mass direction' => [fn () => $sc->wallet()->massAdjust('1', 'm-1', 'sideways', 'EUR', '1.00', 'x', ['42'], 'employee:1'), 'invalid_value'],
        ];
        foreach ($cases as $name => [$call, $code]) {
            try {
                $call();
                self::fail("$name: accepted");
            } catch (CoreError $e) {
                self::assertSame($code, $e->errorCode, "$name: " . $e->getMessage());
            } catch (InvalidRequest $e) {
                self::assertSame($code, $e->errorCode, "$name: " . $e->getMessage());
            }
            self::assertSame($before, $count(), "$name wrote something");
        }
        // an unknown provider status is a no-op with an alert, never a transition
        $sc->financing()->register('1', 'sub-1', 'o-7', 'SCFRSP-3XTS', '300.00', 'EUR');
        [$body, $headers] = $this->webhook('e-x', 'TELEPORTED', 'o-7', '2026-11-02T08:00:00.000Z');
        $sc->financing()->receiveWebhook('1', $body, $headers);
        self::assertSame('NONE', $sc->financing()->subscription('sub-1')['status']);
        self::assertSame('100.00', self::balances($sc, 'wallet:1:42:EUR')['c']);
        self::assertTrue($sc->reconciliation()->run()['consistent']);
    }

    /** @dataProvider dialects */
    public function testRejectedWebhooksStoreNothingAndAreLogged(string $dialect): void
    {
        $logged = [];
        $sc = $this->boot($dialect, ['logger' => static function (string $level, string $message, array $context) use (&$logged): void {
            $logged[] = [$level, $message, $context];
        }]);
        $sc->financing()->register('1', 'sub-1', 'o-7', 'SCFRSP-3XTS', '300.00', 'EUR');
        [$body, $headers] = $this->webhook('e-1', 'ACCEPTED', 'o-7', '2026-11-02T08:00:00.000Z');
        $sig = \ShopCredit\Financing\WebhookVerifier::HEADER_SIGNATURE;
        $ts = \ShopCredit\Financing\WebhookVerifier::HEADER_TIMESTAMP;
        $cases = [
            'tampered body' => [\str_replace('ACCEPTED', 'REJECTED', $body), $headers, 'signature_invalid'],
            'no signature' => [$body, [$ts => $headers[$ts]], 'signature_missing'],
            'stale timestamp' => [$body, [$sig => $headers[$sig], $ts => \ShopCredit\Financing\WebhookVerifier::formatTimestamp(($this->clock->now() - 3600) * 1000)], 'signature_invalid'],
            'oversized body' => [\str_repeat('x', 2_000_000), $headers, 'body_too_large'],
        ];
        foreach ($cases as $name => [$b, $h, $code]) {
            try {
                $sc->financing()->receiveWebhook('1', $b, $h);
                self::fail("$name: accepted");
            } catch (\ShopCredit\Financing\WebhookRejected $e) {
                self::assertContains($e->reason, [$code, 'timestamp_stale'], "$name: " . $e->getMessage());
            }
        }
        self::assertSame(0, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {financing_inbox}'));
        self::assertSame('NONE', $sc->financing()->subscription('sub-1')['status']);
        // Counted per reason and hour (issue 17): the first of each reason is logged, with its digest and size.
        $reasons = \array_values(\array_unique(\array_column(\array_column($logged, 2), 'code')));
        self::assertCount(\count($reasons), $logged, 'one log line per reason, not per delivery');
        self::assertContains('body_too_large', $reasons);
        self::assertSame(['warning', 'financing webhooks rejected', 1], [$logged[0][0], $logged[0][1], $logged[0][2]['thisHour']]);
        self::assertSame(\hash('sha256', $cases['tampered body'][0]), $logged[0][2]['sha256']);
        $big = \array_values(\array_filter($logged, static fn ($l) => $l[2]['code'] === 'body_too_large'))[0];
        self::assertSame(2_000_000, $big[2]['bytes']);
        self::assertSame(\count($cases), $sc->overview()->webhookRejections('1')['total'], 'every delivery counted');
        // The genuine delivery still goes through afterwards.
        self::assertTrue($sc->financing()->receiveWebhook('1', $body, $headers)['applied']);
        self::assertSame('ACCEPTED', $sc->financing()->subscription('sub-1')['status']);
    }
}

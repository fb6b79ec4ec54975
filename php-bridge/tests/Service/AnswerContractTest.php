<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service;

use ShopCredit\CoreError;
use ShopCredit\InvalidInput;
use ShopCredit\Money\InvalidAmountInput;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Storage\MoneyFormatException;
use ShopCredit\Tests\Service\Support\ServiceTestCase;

require_once __DIR__ . '/Support/ServiceTestCase.php';

/**
 * The one answer contract (docs/answers.md) through the bridge: `replay` only for the same key
 * with the same input, a key reused with another amount refused as exists_with_different_amount
 * (refunds included), `written`, no transfer id on a refusal, `credit_limit_reached` at
 * exposure = limit, one exception type for bad input.
 */
final class AnswerContractTest extends ServiceTestCase
{
    /** @dataProvider dialects */
    public function testARefundKeyReusedWithAnotherAmountIsAConflictNotAReplay(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'top', 'o-top', '100.00');
        $sc->wallet()->pay('1', 'pay-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '70.00'], 'full', '70.00');
        $sources = [['source' => 'wallet', 'paid' => '70.00']];
        $first = $sc->wallet()->refund('1', '42', 'EUR', 'rf-1', 'o-1', '40.00', $sources);
        self::assertSame([true, false, 1], [$first['accepted'], $first['replay'], $first['written']]);
        $again = $sc->wallet()->refund('1', '42', 'EUR', 'rf-1', 'o-1', '40.00', $sources);
        self::assertSame([true, true, 0, '40.00'], [$again['accepted'], $again['replay'], $again['written'], $again['legs'][0]['amount']]);
        $other = $sc->wallet()->refund('1', '42', 'EUR', 'rf-1', 'o-1', '60.00', $sources);
        self::assertSame([false, ['exists_with_different_amount'], false, 0, '0.00'], [$other['accepted'], $other['reasons'], $other['replay'], $other['written'], $other['external']]);
        self::assertSame(['dp' => '0.00', 'd' => '70.00', 'cp' => '0.00', 'c' => '140.00'], self::balances($sc, 'wallet:1:42:EUR'), '40.00 back once, nothing for the conflict');
    }

    /** @dataProvider dialects */
    public function testMovementsSayWrittenAndReplayAndNameNoTransferWhenRefused(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'top', 'o-top', '50.00');
        $pay = fn (string $key, string $amount): array => $sc->wallet()->pay('1', $key, "o-$key", self::customer('42'), ['currency' => 'EUR', 'total' => $amount], 'full', $amount);
        $a = $pay('p-1', '20.00');
        self::assertSame([true, false, 1, 'p-1:wallet'], [$a['accepted'], $a['replay'], $a['written'], $a['transferId']]);
        $b = $pay('p-1', '20.00');
        self::assertSame([true, true, 0, 'p-1:wallet'], [$b['accepted'], $b['replay'], $b['written'], $b['transferId']]);
        $c = $pay('p-2', '40.00');
        self::assertSame([false, ['wallet_insufficient_funds'], false, 0, null], [$c['accepted'], $c['reasons'], $c['replay'], $c['written'], $c['transferId']]);
    }

    /** @dataProvider dialects */
    public function testALineUsedUpToItsLimitIsReachedNotExceeded(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $this->creditLine($sc, '42', 30_000);
        $r = $sc->checkout()->reserve('1', 'k-1', 'o-1', self::customer('42'), ['currency' => 'EUR', 'total' => '300.00'], ['creditLine' => '300.00']);
        self::assertTrue($r['accepted'], \json_encode($r));
        $s = $sc->credit()->status('1', '42', 'EUR');
        self::assertSame([['credit_limit_reached'], '0.00'], [$s['blockingReasons'], $s['remainingCredit']]);
        $over = $sc->checkout()->eligibility('1', self::customer('42'), ['currency' => 'EUR', 'total' => '0.01', 'billingCountry' => 'FR']);
        $credit = \array_column($over['methods'], null, 'method')['credit_line'];
        self::assertSame([['exceeds_credit_limit'], '0.01'], [$credit['reasons'], $credit['remainingToPay']], 'an order above the limit exceeds it');
    }

    /** @dataProvider dialects */
    public function testAnOrderRefundReplayedWithAnotherAmountIsAConflictThroughOrdersToo(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $sc->wallet()->topUp('1', '42', 'EUR', 'top', 'o-top', '100.00');
        $sc->orders()->place('1', 'o-1', ['customer' => self::customer('42'), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '70.00']);
        $first = $sc->orders()->refunded('1', 'o-1', 'r-1', '40.00', false);
        self::assertSame([true, false, 1], [$first['accepted'], $first['replay'], $first['written']]);
        $again = $sc->orders()->refunded('1', 'o-1', 'r-1', '40.00', false);
        self::assertSame([true, true, 0], [$again['accepted'], $again['replay'], $again['written']]);
        $other = $sc->orders()->refunded('1', 'o-1', 'r-1', '60.00', false);
        self::assertSame([false, ['exists_with_different_amount'], false, 0], [$other['accepted'], $other['reasons'], $other['replay'], $other['written']]);
        self::assertSame('40.00', $sc->orders()->summary('1', 'o-1')['wallet']['refunded'], 'booked once, for the first amount');
    }

    /** @dataProvider dialects */
    public function testWebhookDeliveriesThatChangeNothingSayAppliedFalseWithTheReason(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $fin = $sc->financing();
        $fin->register('1', 'sub-1', 'o-f', 'SCFRSP-3XTS', '300.00', 'EUR');
        $deliver = function (string $id, string $status, string $ts) use ($fin): array {
            [$body, $headers] = $this->webhook($id, $status, 'o-f', $ts);
            $r = $fin->receiveWebhook('1', $body, $headers);
            return [$r['applied'], $r['reasons']];
        };
        self::assertSame([true, []], $deliver('e1', 'INITIALIZED', '2026-11-02T08:00:00.000Z'));
        self::assertSame([true, []], $deliver('e2', 'ACCEPTED', '2026-11-02T08:02:00.000Z'));
        self::assertSame([false, ['duplicate_event']], $deliver('e2', 'ACCEPTED', '2026-11-02T08:02:00.000Z'));
        self::assertSame([false, ['stale_update']], $deliver('e3', 'PRE_ACCEPTED', '2026-11-02T08:01:00.000Z'));
    }

    /** @dataProvider dialects */
    public function testBadInputIsOneExceptionTypeWithCodeAndPath(string $dialect): void
    {
        $sc = $this->boot($dialect);
        $caught = [];
        foreach ([
            static fn () => $sc->wallet()->topUp('1', '42', 'EUR', 'bad key!', 'o-1', '10.00'),
            static fn () => $sc->wallet()->topUp('1', '42', 'EUR', 'k', 'o-1', '10.001'),
            // amounts the bridge reads itself, and amounts people type: the same type, code and where
            static fn () => $sc->wallet()->refund('1', '42', 'EUR', 'rf', 'o-1', '10.001', [['source' => 'wallet', 'paid' => '20.00']]),
            static fn () => $sc->orders()->adopt('1', 'o-1', ['customer' => self::customer('42'), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '-5.00', 'class' => 'paid']),
            static fn () => \ShopCredit\Money\LocalizedAmount::parse('12,345', 'EUR', 'fr-FR'),
        ] as $call) {
            try {
                $call();
                self::fail('bad input must throw');
            } catch (InvalidInput $e) {
                $caught[] = [$e::class, $e->errorCode, $e->path];
            }
        }
        self::assertSame([
            [InvalidRequest::class, 'invalid_id', 'key'], [CoreError::class, 'too_many_decimals', 'input.paid'],
            [MoneyFormatException::class, 'too_many_decimals', 'refundAmount'], [MoneyFormatException::class, 'negative_amount', 'total'],
            [InvalidAmountInput::class, 'too_many_decimals', null],
        ], $caught);
        self::assertSame(0, (int) $sc->connection->fetchValue('SELECT COUNT(*) FROM {transfers}'), 'nothing was written');
    }
}

<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\Tests\PrestaShopDouble;

require_once __DIR__ . '/Support/PrestaShopDouble.php';

/**
 * Orders of the module's earlier versions (booked by the old paths: checkout reserve/settle,
 * wallet refund/cancel, the credit check, under ps-c{cart}; their shopcredit_order row kept by
 * the upgrade) are adopted by the first PrestaShop event that comes for them — real bridge and
 * core on SQLite — and that event then does the right thing to the books: never more given
 * back than was paid, nothing twice.
 */
final class AdoptionTest extends TestCase
{
    private ShopCredit $sc;
    private PrestaShopDouble $ps;

    protected function setUp(): void
    {
        $this->ps = PrestaShopDouble::onCreditShop();
        $this->sc = $this->ps->sc;
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '50.00', 'test', 'admin:1');
    }

    private static function customer(string $id = '7'): array
    {
        return ['customerId' => $id, 'groupIds' => ['3'], 'loggedIn' => true];
    }

    /** An order the old module created: PrestaShop's order in its state and the old module's link row. */
    private function oldOrder(int $cart, int $state, string $funding, string $total, string $balancePart = '', bool $everPaid = true, string $customer = '7'): int
    {
        $id = $this->ps->create($cart, $state, false);
        $this->ps->earlier[$id] = ['funding' => $funding, 'balancePart' => $balancePart === '' ? '0.00' : $balancePart, 'topUpCredited' => false,
            'customer' => ['customerId' => $customer, 'groupIds' => ['3']], 'currency' => 'EUR', 'total' => $total, 'paymentMethod' => 'shopcredit', 'everPaid' => $everPaid];
        return $id;
    }

    private function balance(): string
    {
        return (string) $this->sc->overview()->customer('1', '7', 'EUR')['wallet']['balance'];
    }

    public function testABalanceOrderRefundedBeforeTheUpgradeAndCancelledAfterItGivesBackOnlyWhatItStillHeld(): void
    {
        // Before the upgrade: 40.00 paid from the balance (reserve, then posted on Payment accepted), 15.00 refunded by a slip.
        $this->sc->checkout()->reserve('1', 'ps-co-31', 'ps-c31', self::customer(), ['currency' => 'EUR', 'total' => '40.00'], ['wallet' => '40.00']);
        $this->sc->checkout()->settle('ps-c31', 'paid');
        $this->sc->wallet()->refund('1', '7', 'EUR', 'ps-rf-501', 'ps-c31', '15.00', [['source' => 'wallet', 'paid' => '40.00']]);
        $id = $this->oldOrder(31, 2, 'wallet', '40.00');
        self::assertSame('25.00', $this->balance());

        // After it, the merchant cancels in PrestaShop: adopted as it was (Payment accepted), then cancelled.
        $a = $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertTrue($a['accepted'], json_encode($a));
        self::assertSame('50.00', $this->balance(), '25.00 back (what the order still held), not 40.00');
        self::assertSame(['cancelled', '40.00', '15.00', '0.00'], [$a['order']['phase'], $a['order']['wallet']['paid'], $a['order']['wallet']['refunded'], $a['order']['wallet']['held']]);
        $this->ps->hookAgain($id);
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('50.00', $this->balance(), 'cancelled once');
        self::assertNotNull($this->sc->orders()->summary('1', 'ps-c31'));
        self::assertTrue($this->sc->reconciliation()->run()['consistent']);
    }

    public function testASplitOrderPaidBeforeTheUpgradeIsRefundedBySourceAndCancelledOnce(): void
    {
        // Balance 30.00 + bank wire 70.00; the wire arrived (Payment accepted) before the upgrade.
        $this->sc->checkout()->reserve('1', 'ps-co-32', 'ps-c32', self::customer(), ['currency' => 'EUR', 'total' => '100.00'], ['wallet' => '30.00']);
        $this->sc->checkout()->settle('ps-c32', 'paid');
        $id = $this->oldOrder(32, 2, 'partial', '100.00', '30.00');

        $r = $this->ps->now->slipAdded('1', 32, 601, '20.00');
        self::assertTrue($r['accepted'], json_encode($r));
        self::assertSame(['6.00', '14.00'], [$r['order']['wallet']['refunded'], $r['order']['external']['refunded']]);
        self::assertSame('26.00', $this->balance());
        self::assertContains('Refund 14.00 EUR to the customer through the payment method they used (PrestaShop does not send it by itself).', $this->ps->orders[$id]['notes']);
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('50.00', $this->balance(), '24.00 restored: the 30.00 the balance paid, once');
    }

    public function testWhatTheOldModuleGaveBackBeyondThePaymentIsToldOnceAndNeverGivenAgain(): void
    {
        // The old sequence: 40.00 paid, a 15.00 slip refunded to the balance, then the cancellation gave all 40.00 back.
        $this->sc->checkout()->reserve('1', 'ps-co-33', 'ps-c33', self::customer(), ['currency' => 'EUR', 'total' => '40.00'], ['wallet' => '40.00']);
        $this->sc->checkout()->settle('ps-c33', 'paid');
        $this->sc->wallet()->refund('1', '7', 'EUR', 'ps-rf-502', 'ps-c33', '15.00', [['source' => 'wallet', 'paid' => '40.00']]);
        $this->sc->wallet()->cancel('1', '7', 'EUR', 'ps-cx-33', 'ps-c33', 'ps-co-33:wallet');
        self::assertSame('65.00', $this->balance());
        $id = $this->oldOrder(33, 6, 'wallet', '40.00');

        $late = $this->ps->now->slipAdded('1', 33, 602, '10.00');
        self::assertFalse($late['accepted']);
        self::assertSame('65.00', $this->balance(), 'nothing given back again');
        self::assertContains('Before this version, ShopCredit gave back 15.00 EUR more than this order paid from the store balance or credit line (a refund and then its cancellation). Nothing more will be given back for this order.', $this->ps->orders[$id]['notes']);
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('65.00', $this->balance());
        self::assertCount(1, preg_grep('/^Before this version/', $this->ps->orders[$id]['notes']), 'told once');
    }

    public function testAnOrderOnAccountOfTheOldModuleTakesAPaymentTypedInPrestaShopsOrderPage(): void
    {
        $this->sc->credit()->setLimit('1', '8', 'EUR', '500.00', 'admin:1');
        $this->sc->checkout()->reserve('1', 'ps-co-34', 'ps-c34', self::customer('8'), ['currency' => 'EUR', 'total' => '300.00'], ['creditLine' => '300.00']);
        $check = $this->sc->credit()->checkRun('1', '8', 'chk-34', 'ps-c34', 'EUR', '300.00', 'processing', 'ps-co-34:credit');
        self::assertSame('passed', $check['outcome'] ?? null, json_encode($check));
        $id = $this->oldOrder(34, 23, 'credit_line', '300.00', '', false, '8');

        $p = $this->ps->now->paymentAdded('1', 34, 95, '100.00', true, 'Bank wire', 'VIR-34');
        self::assertTrue($p['accepted'], json_encode($p));
        self::assertSame('200.00', $this->sc->overview()->customer('1', '8', 'EUR')['credit']['exposure']);
        self::assertSame(10000, $this->sc->receivables->find('1', 'ps-c34')['paid']);
        self::assertTrue($this->ps->now->paymentAdded('1', 34, 95, '100.00', true, 'Bank wire', 'VIR-34')['replay']);
        self::assertSame(23, $this->ps->state($id));
    }

    public function testATopUpTheOldModuleCreditedIsTakenBackWhenCancelled(): void
    {
        // Paid by bank wire, credited by the old module on Payment accepted (its link row: topup_done).
        $this->sc->wallet()->topUp('1', '7', 'EUR', 'ps-tu-37', 'ps-c37', '25.00');
        $id = $this->oldOrder(37, 2, '', '25.00');
        $this->ps->earlier[$id] = ['topUpCredited' => true, 'paymentMethod' => 'ps_wirepayment'] + $this->ps->earlier[$id];
        self::assertSame('75.00', $this->balance());

        $a = $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame(['top_up', '25.00'], [$a['order']['kind'], $a['order']['topUp']['reversed']], json_encode($a));
        self::assertSame('50.00', $this->balance(), 'the credit of the cancelled top-up is taken back, once');
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('50.00', $this->balance());
    }

    public function testOrdersTheOldModuleDidNotPlaceStayOut(): void
    {
        // Another module's order (no link row) and a top-up the old module never credited.
        $other = $this->ps->create(35, 2, false);
        $topUp = $this->oldOrder(36, 10, '', '20.00');
        foreach ([[$other, 35], [$topUp, 36]] as [$id, $cart]) {
            $a = $this->ps->merchantSets($id, 6);
            $this->ps->endOfRequest();
            self::assertSame(['order_unknown'], $a['reasons']);
            self::assertNull($this->sc->orders()->summary('1', "ps-c$cart"));
            self::assertSame([], $this->ps->orders[$id]['notes']);
        }
        self::assertSame('50.00', $this->balance());
    }
}

<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\Order\HostAction;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\Tests\PrestaShopDouble;

require_once __DIR__ . '/Support/PrestaShopDouble.php';

/**
 * The adapter's translation through the real bridge and core (SQLite in memory): PrestaShop's
 * events (checkout, state changes by hand, credit slips, payments typed in the order page, a
 * top-up paid with another module) become Orders calls, and Orders' host actions become
 * PrestaShop calls — each once, also when PrestaShop's status hook echoes our own change or a
 * hook is delivered twice.
 */
final class OrderTranslationTest extends TestCase
{
    private ShopCredit $sc;
    private PrestaShopDouble $ps;

    protected function setUp(): void
    {
        $this->ps = PrestaShopDouble::onCreditShop();
        $this->sc = $this->ps->sc;
    }

    /** What a validation controller does: place, create the order in its first state, perform the placement's actions. */
    private function checkout(int $cart, array $placement, int $firstState, string $customer = '7', string $total = '40.00'): array
    {
        $a = $this->sc->orders()->place('1', "ps-c$cart", $placement + ['customer' => ['customerId' => $customer], 'currency' => 'EUR', 'total' => $total], 'placed:a');
        self::assertTrue($a['accepted'], json_encode($a['reasons']));
        $id = $this->ps->create($cart, $firstState, ($a['order']['status'] ?? null) !== null);
        $this->sc->orders()->perform($a['actions'], $this->ps->host);
        $this->ps->endOfRequest();
        return [$id, $a];
    }

    private function balance(string $customer = '7'): string
    {
        return (string) $this->sc->overview()->customer('1', $customer, 'EUR')['wallet']['balance'];
    }

    public function testABalanceOrderIsCreatedPaidAndPrestaShopsOrderMailsGoOnce(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '50.00', 'test', 'admin:1');
        [$id] = $this->checkout(11, ['method' => 'wallet_full'], 2);
        self::assertSame(2, $this->ps->state($id), 'created in the paid state: no second status change');
        self::assertSame(['note 1', 'release 1 new_order', 'release 1 order_conf'], $this->ps->calls);
        self::assertSame(['new_order', 'order_conf'], $this->ps->orders[$id]['mails']);
        self::assertSame(['40.00 EUR paid from the store balance.'], $this->ps->orders[$id]['notes']);
        self::assertSame('10.00', $this->balance());
    }

    public function testRefundThenCancelThenPaidAgainNeverGivesBackMoreThanWasPaid(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '50.00', 'test', 'admin:1');
        [$id] = $this->checkout(12, ['method' => 'wallet_full'], 2);
        $this->ps->now->slipAdded('1', 12, 501, '15.00');
        self::assertSame('25.00', $this->balance());
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('50.00', $this->balance(), 'the cancellation gives back what the order still held: 25.00, not 40.00');
        // A slip after the cancellation books nothing more.
        $late = $this->ps->now->slipAdded('1', 12, 502, '10.00');
        self::assertFalse($late['accepted']);
        self::assertSame('50.00', $this->balance());
        self::assertStringContainsString('did not record this', (string) end($this->ps->orders[$id]['notes']));
        // Paid again: the balance part is taken again (25.00 still owed after the refund).
        $this->ps->merchantSets($id, 2);
        $this->ps->endOfRequest();
        self::assertSame('25.00', $this->balance());
        self::assertSame(2, $this->ps->state($id));
        self::assertTrue($this->sc->reconciliation()->run()['consistent']);
    }

    /**
     * PrestaShop writes the state again after its hook: a cancel whose hook ran before a
     * "Payment accepted" can land last. At the end of its request the books follow what the
     * order shows (balance restored), and when the paid one lands last they take it again.
     */
    public function testTheStatePrestaShopWritesLastIsWhatTheBooksHold(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '200.00', 'test', 'admin:1');
        [$id] = $this->checkout(15, ['method' => 'wallet_full'], 2, '7', '22.94');
        $this->ps->startChange($id, 6);
        $this->ps->merchantSets($id, 2);
        $this->ps->endOfRequest();
        self::assertSame('177.06', $this->balance(), 'the paid change, hooked second, took the balance again');
        $this->ps->finishChange($id, 6);
        $this->ps->endOfRequest();
        self::assertSame([6, '200.00', 'cancelled'], [$this->ps->state($id), $this->balance(), $this->sc->orders()->summary('1', 'ps-c15')['status']]);
        $this->ps->startChange($id, 2);
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        $this->ps->finishChange($id, 2);
        $this->ps->endOfRequest();
        self::assertSame([2, '177.06', '22.94'], [$this->ps->state($id), $this->balance(), $this->sc->orders()->summary('1', 'ps-c15')['wallet']['held']]);
        self::assertTrue($this->sc->reconciliation()->run()['consistent']);
    }

    public function testACancelledOrderSetPaidAgainWithoutTheBalanceGoesBackToCancelled(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '40.00', 'test', 'admin:1');
        [$id] = $this->checkout(13, ['method' => 'wallet_full'], 2);
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'd1', 'adjustment_debit', '30.00', 'spent elsewhere', 'admin:1');
        $this->ps->calls = [];
        $this->ps->merchantSets($id, 2);
        $this->ps->endOfRequest();
        self::assertSame(6, $this->ps->state($id), 'not shown paid while the money stays in the balance');
        self::assertSame(['state 1 6', 'note 1'], $this->ps->calls);
        self::assertSame('10.00', $this->balance());
    }

    public function testACreditSlipOnASplitOrderIsSplitBySourceAndTheCancelRestoresOnlyTheRest(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '30.00', 'test', 'admin:1');
        [$id] = $this->checkout(14, ['method' => 'wallet_partial', 'walletPart' => '30.00'], 10);
        self::assertSame([], $this->ps->orders[$id]['held'], 'an order awaiting the wire keeps PrestaShop\'s own mails');
        $this->ps->merchantSets($id, 2); // the wire arrived
        $this->ps->endOfRequest();
        $this->ps->now->slipAdded('1', 14, 601, '15.00');
        $notes = $this->ps->orders[$id]['notes'];
        self::assertContains('Refund recorded: 11.25 EUR to the store balance, 0.00 EUR to the credit line, 3.75 EUR through the original payment method.', $notes);
        self::assertContains('Refund 3.75 EUR to the customer through the payment method they used (PrestaShop does not send it by itself).', $notes);
        self::assertSame('11.25', $this->balance());
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('30.00', $this->balance(), '18.75 restored: 41.25 back for a 30.00 balance part would be the double credit');
    }

    public function testAnOrderOnAccountPaidInPrestaShopsOwnScreenWithTheTypedMethod(): void
    {
        $this->sc->credit()->setLimit('1', '8', 'EUR', '500.00', 'admin:1');
        [$id, $a] = $this->checkout(15, ['method' => 'credit_line'], 21, '8', '300.00');
        self::assertSame(23, $this->ps->state($id), 'Pending credit check → Accepted on account');
        self::assertSame(['new_order', 'order_conf'], array_slice($this->ps->orders[$id]['mails'], 0, 2), 'the order mails go when the check passed');
        // PrestaShop records "the rest" by itself when the order is shipped (a state flagged paid): not the customer's payment.
        $this->ps->merchantSets($id, 4);
        $this->ps->endOfRequest();
        $auto = $this->ps->now->paymentAdded('1', 15, 90, '300.00', true, 'ShopCredit', null, true);
        self::assertFalse($auto['accepted']);
        self::assertSame('300.00', $this->sc->overview()->customer('1', '8', 'EUR')['credit']['exposure']);
        self::assertNotNull($this->sc->receivables->find('1', 'ps-c15')['due_date'] ?? null, 'Shipped (the due-date state) started the due date');
        $this->ps->now->paymentAdded('1', 15, 91, '100.00', true, 'Bank wire', 'VIR-12');
        $again = $this->ps->now->paymentAdded('1', 15, 91, '100.00', true, 'Bank wire', 'VIR-12');
        self::assertTrue($again['replay']);
        self::assertSame('200.00', $this->sc->overview()->customer('1', '8', 'EUR')['credit']['exposure']);
        $other = $this->ps->now->paymentAdded('1', 15, 92, '200.00', false, 'Bank wire', 'VIR-13');
        self::assertSame(['currency_mismatch'], $other['reasons']);
        $this->ps->now->paymentAdded('1', 15, 93, '200.00', true, 'Cheque', 'CHQ-1');
        $this->ps->endOfRequest();
        self::assertSame('0.00', $this->sc->overview()->customer('1', '8', 'EUR')['credit']['exposure']);
        self::assertSame(4, $this->ps->state($id), 'fully paid once shipped: it stays Shipped (never back to "Payment accepted")');
        self::assertSame([], $this->ps->orders[$id]['payments'], 'PrestaShop already has those payment rows: none added');
    }

    /**
     * PrestaShop's Payment table shows the row's transaction id to the merchant: for a financed
     * order the lender's own file number (the subscription), never a books key; a payment
     * without a reference has none.
     */
    public function testAFinancedPaymentRowCarriesTheLendersReference(): void
    {
        $id = $this->ps->create(17, 20, false);
        $this->sc->financing()->register('1', 'SUB-4711', 'ps-c17', 'SCFRSP-3XTS', '40.00', 'EUR');
        $pay = static fn (string $method): HostAction => new HostAction(1, '1', 'ps-c17', 'EUR', 'record_payment', ['amount' => '40.00', 'method' => $method]);
        $this->ps->host->perform($pay('financing'));
        $this->ps->host->perform($pay('Store balance'));
        self::assertSame([
            ['amount' => '40.00', 'method' => 'Financing SCFRSP-3XTS', 'reference' => 'SUB-4711'],
            ['amount' => '40.00', 'method' => 'Store balance', 'reference' => null],
        ], $this->ps->orders[$id]['payments']);
    }

    public function testAPaymentRecordedInShopCreditsPagesBecomesAPrestaShopPaymentRow(): void
    {
        $this->sc->credit()->setLimit('1', '8', 'EUR', '500.00', 'admin:1');
        [$id] = $this->checkout(16, ['method' => 'credit_line'], 21, '8', '120.00');
        $this->sc->orders()->paymentRecorded('1', 'ps-c16', 'bo-1', '120.00', 'Bank wire', 'VIR-77', 'shopcredit', $this->ps->host);
        $this->ps->endOfRequest();
        self::assertSame([['amount' => '120.00', 'method' => 'Bank wire', 'reference' => 'VIR-77']], $this->ps->orders[$id]['payments']);
        self::assertSame(2, $this->ps->state($id));
    }

    public function testAFailedCreditCheckNeverSendsTheOrderMails(): void
    {
        $this->sc->credit()->setLimit('1', '8', 'EUR', '500.00', 'admin:1');
        $this->sc->credit()->setProfile('1', '8', 'EUR', ['on_hold' => true], 'admin:1');
        $a = $this->sc->orders()->place('1', 'ps-c17', ['method' => 'credit_line', 'customer' => ['customerId' => '8'], 'currency' => 'EUR', 'total' => '50.00'], 'placed:a');
        self::assertFalse($a['accepted'], 'an account on hold is refused before any order exists');
        self::assertSame([], $this->ps->orders);
    }

    public function testEchoesAndDuplicateHooksChangeNothing(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '50.00', 'test', 'admin:1');
        [$id] = $this->checkout(18, ['method' => 'wallet_full'], 2);
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        $calls = $this->ps->calls;
        $dup = $this->ps->hookAgain($id);
        $this->ps->endOfRequest();
        self::assertTrue($dup['replay']);
        self::assertSame($calls, $this->ps->calls);
        self::assertSame('50.00', $this->balance());
        // Eight deliveries of status changes, shuffled, with duplicates: the books move as for the last state.
        foreach ([2, 6, 6, 2, 3, 6, 2, 2] as $state) {
            $this->ps->merchantSets($id, $state);
        }
        $this->ps->endOfRequest();
        self::assertSame('10.00', $this->balance());
        self::assertTrue($this->sc->reconciliation()->run()['consistent']);
    }

    public function testATopUpIsPlacedWhenAnotherModuleCreatesItAndCreditedOnlyWhenPaid(): void
    {
        $w = $this->sc->settings()->get('1', 'wallet');
        $this->sc->settings->set('1', 'wallet', ['allowTopUp' => true, 'topUpVat' => ['mode' => 'included', 'rate' => '20']] + $w);
        $this->sc->settings->set('1', 'orders.top_up_methods', ['ps_checkpayment']);
        $refused = $this->ps->fromHook->topUpOrdered('1', 19, ['customerId' => '7'], 'EUR', '120.00', 'ps_wirepayment');
        self::assertSame(['top_up_method_not_allowed'], $refused['reasons']);
        $this->sc->settings->set('1', 'orders.top_up_methods', ['ps_wirepayment']);
        $id = $this->ps->create(20, 10, false);
        $placed = $this->ps->fromHook->topUpOrdered('1', 20, ['customerId' => '7'], 'EUR', '120.00', 'ps_wirepayment');
        self::assertTrue($placed['accepted']);
        $this->ps->merchantSets($id, 10);
        $this->ps->endOfRequest();
        self::assertSame('0.00', $this->balance(), 'awaiting the wire: nothing credited');
        $this->ps->merchantSets($id, 2); // the merchant confirms the wire arrived
        $this->ps->endOfRequest();
        self::assertSame('100.00', $this->balance(), '120.00 paid, VAT included: 100.00 credited');
        self::assertContains('Balance top-up credited: 100.00 EUR (paid 120.00 EUR, VAT 20.00 EUR).', $this->ps->orders[$id]['notes']);
        self::assertContains('balance_credited {"{amount}":"100.00 EUR","{balance}":"100.00 EUR"}', $this->ps->orders[$id]['mails']);
        $this->ps->merchantSets($id, 3);
        $this->ps->endOfRequest();
        self::assertSame('100.00', $this->balance(), 'another paid state credits nothing more');
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'd1', 'adjustment_debit', '70.00', 'spent', 'admin:1');
        $this->ps->merchantSets($id, 6);
        $this->ps->endOfRequest();
        self::assertSame('0.00', $this->balance());
        self::assertContains('Only 30.00 EUR could be taken back from the store balance: 70.00 EUR was already spent.', $this->ps->orders[$id]['notes']);
        self::assertContains('top_up_reversal_short_admin {"{missing}":"70.00 EUR","{reversed}":"30.00 EUR"}', $this->ps->orders[$id]['mails']);
    }

    public function testAnActionForAnOrderPrestaShopHasNotCreatedWaitsForTheJobs(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'b1', 'bonus', '50.00', 'test', 'admin:1');
        $a = $this->sc->orders()->place('1', 'ps-c21', ['method' => 'wallet_full', 'customer' => ['customerId' => '7'], 'currency' => 'EUR', 'total' => '40.00'], 'placed:a');
        self::assertSame(0, $this->sc->orders()->perform($a['actions'], $this->ps->host));
        $id = $this->ps->create(21, 2, true);
        self::assertSame(4, $this->sc->orders()->redrive($this->ps->host, 0)['performed']);
        self::assertSame(['new_order', 'order_conf'], $this->ps->orders[$id]['mails']);
    }
}

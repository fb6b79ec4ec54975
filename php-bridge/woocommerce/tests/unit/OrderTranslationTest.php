<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCredit\Service\ShopCredit;
use ShopCreditWC\Orders\HostActions;
use ShopCreditWC\Orders\ShopOrders;
use ShopCreditWC\StatusMap;
use ShopCreditWC\TopUpMethods;

/**
 * A WooCommerce shop that records the calls the adapter makes (ShopOrders) and fires its status
 * hook back into Orders when a status is set, as WooCommerce does: the translation of the host
 * actions is checked with the real bridge and core (SQLite in memory).
 */
final class RecordingShop implements ShopOrders
{
    /** @var array<int, string> */
    public array $status = [];
    /** @var array<int, bool> */
    public array $needsProcessing = [];
    /** @var list<string> */
    public array $calls = [];
    private int $changes = 0;

    public function __construct(private readonly ShopCredit $sc)
    {
    }

    public function status(int $orderId): ?string
    {
        return $this->status[$orderId] ?? null;
    }

    public function naturalStatus(int $orderId): string
    {
        return ($this->needsProcessing[$orderId] ?? true) ? 'processing' : 'completed';
    }

    public function setStatus(int $orderId, string $wcStatus, bool $paid): void
    {
        $this->calls[] = "status:$wcStatus" . ($paid ? ' paid' : '');
        $this->merchantSets($orderId, $wcStatus);
    }

    /** WooCommerce's status hook, as OrderEvents translates it (our own change comes back too). */
    public function merchantSets(int $orderId, string $wcStatus): array
    {
        $this->status[$orderId] = $wcStatus;
        return $this->sc->orders()->statusChanged('1', "wc-$orderId", (string) StatusMap::toClass($wcStatus), StatusMap::hostId($wcStatus), 'status:' . ++$this->changes, new HostActions($this, OrderTranslationTest::words()));
    }

    public function addNote(int $orderId, string $text): void
    {
        $this->calls[] = "note:$text";
    }

    public function sendWcMail(int $orderId, string $emailClass): void
    {
        $this->calls[] = "wc-mail:$emailClass";
    }

    public function sendOurMail(int $orderId, string $template): void
    {
        $this->calls[] = "our-mail:$template";
    }

    public function restoreStock(int $orderId): void
    {
        $this->calls[] = 'stock:restore';
    }

    public function paymentTitle(int $orderId): string
    {
        return 'Check payments';
    }

    /** @return list<string> the calls since the last look */
    public function take(): array
    {
        [$out, $this->calls] = [$this->calls, []];
        return $out;
    }
}

final class OrderTranslationTest extends TestCase
{
    private ShopCredit $sc;
    private RecordingShop $shop;
    private HostActions $host;

    protected function setUp(): void
    {
        $this->sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $this->sc->settings()->installDefaults('1', 'EUR', 'install');
        $this->sc->settings->set('1', 'wallet', ['enabled' => true, 'allowedGroups' => [], 'allowPartial' => true, 'allowTopUp' => true, 'allowWithdrawal' => true, 'minWithdrawal' => '10.00', 'topUpVat' => ['mode' => 'included', 'rate' => '20']]);
        $this->sc->settings->set('1', 'credit', ['defaultPaymentTermsDays' => 30, 'blockWhenOverdue' => true, 'blockWhenUnpaid' => false,
            'riskEffects' => ['low' => 'none', 'medium' => 'manual_approval', 'high' => 'block'], 'reminderOffsetsDays' => [-3, 0, 7], 'utcOffsetS' => 3600]);
        $this->sc->settings->set('1', 'credit.enabled', true);
        $this->sc->settings->set('1', 'orders.top_up_methods', TopUpMethods::allowed(['stripe', 'cod', 'bacs', 'cheque', 'shopcredit_balance'], []));
        $this->sc->settings->set('1', 'orders.due_date_status', 'wc-completed');
        $this->shop = new RecordingShop($this->sc);
        $this->host = new HostActions($this->shop, self::words());
    }

    public static function words(): \ShopCredit\I18n\Words
    {
        return \ShopCredit\I18n\Words::for('en-US', null, static fn (string $amount, string $currency): string => "$amount $currency");
    }

    private function place(int $id, array $p, string $first = 'pending'): array
    {
        $this->shop->status[$id] = $first;
        return $this->sc->orders()->place('1', "wc-$id", $p + ['customer' => ['customerId' => '7', 'groupIds' => ['customer']], 'currency' => 'EUR'], 'placed:1', $this->host);
    }

    private function balance(): string
    {
        return (string) ($this->sc->overview()->customer('1', '7', 'EUR')['wallet']['balance'] ?? '0.00');
    }

    public function testOnAccountPassedInTheSameRequestSendsWooCommercesOwnMailsOnceAndNoPendingMail(): void
    {
        $this->sc->credit()->setLimit('1', '7', 'EUR', '500.00', 'admin:1');
        $a = $this->place(10, ['method' => 'credit_line', 'total' => '240.00']);
        self::assertTrue($a['accepted'], json_encode($a['reasons']));
        self::assertSame([
            'note:ShopCredit: Credit check passed: 240.00 EUR on account.',
            'status:processing paid',
            'wc-mail:WC_Email_New_Order',
            'wc-mail:WC_Email_Customer_Processing_Order',
        ], $this->shop->take());
        self::assertSame('processing', $this->shop->status[10]);
        // The merchant completes it (the due-date status): the due date starts, noted once.
        $this->shop->merchantSets(10, 'completed');
        self::assertMatchesRegularExpression('/^note:ShopCredit: Payment due on \d{4}-\d\d-\d\d\.$/', $this->shop->take()[0] ?? '');
        $this->shop->merchantSets(10, 'completed');
        self::assertSame([], $this->shop->take());
    }

    public function testAManualReviewSendsThePendingMailsThenTheUsualOnesWhenApproved(): void
    {
        $this->sc->credit()->setLimit('1', '7', 'EUR', '500.00', 'admin:1');
        $this->sc->credit()->setProfile('1', '7', 'EUR', ['risk_level' => 'medium'], 'admin:1');
        $this->place(11, ['method' => 'credit_line', 'total' => '100.00']);
        $calls = $this->shop->take();
        self::assertSame(['status:' . StatusMap::PENDING_CREDIT_CHECK, 'our-mail:credit_check_pending', 'our-mail:credit_check_manual_review_admin'], array_values(array_filter($calls, static fn ($c) => !str_starts_with($c, 'note:'))));
        $this->sc->orders()->creditCheckDecided('1', 'wc-11', 'approve', 'admin:1', $this->host);
        self::assertSame(['status:processing paid', 'wc-mail:WC_Email_New_Order', 'wc-mail:WC_Email_Customer_Processing_Order'], array_values(array_filter($this->shop->take(), static fn ($c) => !str_starts_with($c, 'note:'))));
    }

    public function testPaidFromTheBalanceNothingToShipGetsNoProcessingMail(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'seed', 'bonus', '50.00', 'test', 'admin:1');
        $this->shop->needsProcessing[12] = false;
        $this->place(12, ['method' => 'wallet_full', 'total' => '40.00']);
        // WooCommerce sends its "Completed order" mail itself on the way to completed.
        self::assertSame(['note:ShopCredit: 40.00 EUR paid from the store balance.', 'status:completed paid', 'wc-mail:WC_Email_New_Order'], $this->shop->take());
        self::assertSame('10.00', $this->balance());
        // Cancelled by hand: the balance comes back once, even when the change is made twice.
        $this->shop->merchantSets(12, 'cancelled');
        $this->shop->merchantSets(12, 'cancelled');
        self::assertSame(['note:ShopCredit: 40.00 EUR given back to the store balance.'], $this->shop->take());
        self::assertSame('50.00', $this->balance());
        // A refund after the cancellation would give it back twice: refused (WooCommerce undoes it).
        $refused = $this->sc->orders()->refunded('1', 'wc-12', '601', '10.00', false, $this->host);
        self::assertSame([false, ['refund_exceeds_paid']], [$refused['accepted'], $refused['reasons']]);
        // Paid again by hand: the balance pays again (it still covers it), once.
        $this->shop->merchantSets(12, 'processing');
        self::assertSame(['note:ShopCredit: Order paid again: 40.00 EUR taken from the store balance.'], $this->shop->take());
        self::assertSame('10.00', $this->balance());
    }

    public function testBalancePlusChequeRefundFromTheRefundScreenIsSplitAndTheMerchantToldWhatToReturn(): void
    {
        $this->sc->wallet()->bonus('1', '7', 'EUR', 'seed', 'bonus', '30.00', 'test', 'admin:1');
        $this->place(13, ['method' => 'wallet_partial', 'total' => '100.00', 'walletPart' => '30.00', 'paymentMethod' => 'cheque']);
        $this->shop->merchantSets(13, 'on-hold');
        $this->shop->merchantSets(13, 'processing');
        self::assertSame([
            'note:ShopCredit: 30.00 EUR reserved on the store balance; 70.00 EUR to be paid with the other payment method.',
            'note:ShopCredit: The store balance part of 30.00 EUR was taken.',
        ], $this->shop->take());
        self::assertSame('0.00', $this->balance());
        $a = $this->sc->orders()->refunded('1', 'wc-13', '501', '40.00', false, $this->host);
        self::assertTrue($a['accepted']);
        self::assertSame([
            'note:ShopCredit: give 28.00 EUR back to the customer with Check payments (the refund booked it; this payment method does not refund by itself).',
            'note:ShopCredit: Refund recorded: 12.00 EUR to the store balance, 0.00 EUR to the credit line, 28.00 EUR through the original payment method.',
        ], $this->shop->take());
        self::assertSame('12.00', $this->balance());
        // The same refund delivered again (woocommerce_order_refunded after the partial hook): nothing.
        self::assertTrue($this->sc->orders()->refunded('1', 'wc-13', '501', '40.00', false, $this->host)['replay']);
        self::assertSame([], $this->shop->take());
        // Cancelled afterwards: only what the balance still holds comes back (18.00), never 30.00 again.
        $this->shop->merchantSets(13, 'cancelled');
        self::assertSame('30.00', $this->balance());
        $this->shop->take();
        // A refund after the cancellation comes from what the cheque paid only (the balance got its part back).
        self::assertTrue($this->sc->orders()->refunded('1', 'wc-13', '502', '10.00', false, $this->host)['accepted']);
        self::assertContains('note:ShopCredit: Refund recorded: 0.00 EUR to the store balance, 0.00 EUR to the credit line, 10.00 EUR through the original payment method.', $this->shop->take());
        self::assertSame('30.00', $this->balance());
    }

    public function testTopUpsAreCreditedNetOfVatOnlyWhenCapturedAndOnlyWithAllowedMethods(): void
    {
        $refused = $this->place(20, ['kind' => 'top_up', 'method' => 'external', 'total' => '24.00', 'paymentMethod' => 'cod']);
        self::assertFalse($refused['accepted']);
        self::assertSame(['top_up_method_not_allowed'], $refused['reasons']);
        self::assertSame([], $this->shop->take());

        $this->sc->settings->set('1', 'orders.top_up_methods', TopUpMethods::allowed(['stripe', 'cod'], ['cod' => 'yes']));
        $this->place(21, ['kind' => 'top_up', 'method' => 'external', 'total' => '24.00', 'paymentMethod' => 'cod']);
        // Cash on delivery sets processing at checkout: no money yet, nothing credited.
        $this->shop->merchantSets(21, 'processing');
        self::assertSame([
            'note:ShopCredit: Balance top-up ordered: 20.00 EUR will be credited (VAT 4.00 EUR) once the payment is received.',
            'note:ShopCredit: The balance will be credited once the payment is received.',
        ], $this->shop->take());
        self::assertSame('0.00', $this->balance());
        // The money arrives (the gateway's completion, or the merchant marking it paid): 20.00 credited, net of VAT.
        $this->sc->orders()->paymentCaptured('1', 'wc-21', 'manual:1', $this->host);
        self::assertSame(['note:ShopCredit: Balance top-up credited: 20.00 EUR (paid 24.00 EUR, VAT 4.00 EUR).', 'our-mail:balance_credited'], $this->shop->take());
        self::assertSame('20.00', $this->balance());
        // Cancelled: the credit goes back.
        $this->shop->merchantSets(21, 'cancelled');
        self::assertSame(['note:ShopCredit: 20.00 EUR taken back from the store balance.'], $this->shop->take());
        self::assertSame('0.00', $this->balance());
    }

    public function testTheTopUpMethodsSettleLaterOffByDefaultOursNever(): void
    {
        self::assertSame(['stripe', 'ppcp'], TopUpMethods::allowed(['stripe', 'cod', 'bacs', 'cheque', 'ppcp', 'shopcredit_balance', 'shopcredit_account'], []));
        self::assertSame(['cod', 'ppcp'], TopUpMethods::allowed(['stripe', 'cod', 'ppcp', 'shopcredit_balance'], ['stripe' => 'no', 'cod' => 'yes', 'shopcredit_balance' => 'yes']));
    }

    public function testAStockAndAnUnknownActionTranslate(): void
    {
        $this->shop->status[30] = 'pending';
        $this->host->perform(new \ShopCredit\Service\Order\HostAction(1, '1', 'wc-30', 'EUR', 'stock', ['change' => 'restore']));
        $this->host->perform(new \ShopCredit\Service\Order\HostAction(2, '1', 'wc-30', 'EUR', 'record_payment', ['amount' => '100.00', 'method' => 'bank_transfer', 'reference' => 'VIR-12']));
        $this->host->perform(new \ShopCredit\Service\Order\HostAction(3, '1', 'wc-30', 'EUR', 'something_new', []));
        self::assertSame(['stock:restore', 'note:ShopCredit: payment of 100.00 EUR recorded (bank_transfer, VIR-12).'], $this->shop->take());
        $this->expectException(\RuntimeException::class); // no such order: released, the job tries again
        $this->host->perform(new \ShopCredit\Service\Order\HostAction(4, '1', 'wc-31', 'EUR', 'note', ['code' => 'reservation_released', 'params' => []]));
    }
}

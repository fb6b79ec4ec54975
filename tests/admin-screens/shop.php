<?php
/**
 * The shop both host doubles show: its customers, orders and the books behind them, seeded through
 * the bridge on SQLite at a fixed "now" (so receivables are overdue and charts have history, the
 * same on every machine). Orders are referenced the host's way (`$prefix` + order number).
 */

declare(strict_types=1);

namespace ShopCreditAdminScreens;

use ShopCredit\Financing\WebhookVerifier;
use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;

require_once __DIR__ . '/../../php-bridge/src/autoload.php';

final class Shop
{
    public const NOW = 1_793_610_000; // 2026-11-02 09:00 UTC
    public const SHOP = '1';
    public const CURRENCY = 'EUR';
    public const WEBHOOK_KEY = 'admin-screens-signing-key-0123';
    public const DAY = 86400;

    /** Named customers: id → first, last, e-mail, company. */
    public const CUSTOMERS = [
        7 => ['Alice', 'Martin', 'alice@acme.example', 'Acme SARL'],
        42 => ['Léa', 'Dubois', 'lea@example.org', ''],
        43 => ['Kenji', 'Sato', 'kenji@example.jp', ''],
        44 => ['Bruno', 'Petit', 'bruno@petit-bois.example', 'Petit Bois SAS'],
    ];
    /** Unnamed customers in the "customer" group (a mass credit takes more than one step). */
    public const CROWD_FROM = 1000;
    public const CROWD = 240;

    /** Orders: number → customer, total, currency, method title. */
    public const ORDERS = [
        101 => [42, '100.00', 'EUR', 'Card'],
        102 => [42, '30.00', 'EUR', 'Store balance'],
        103 => [42, '20.00', 'EUR', 'Store balance'],
        104 => [42, '15.00', 'EUR', 'Store balance'],
        105 => [43, '5000', 'JPY', 'Card'],
        110 => [7, '300.00', 'EUR', 'Pay on account'],
        111 => [44, '450.00', 'EUR', 'Pay on account'],
        120 => [42, '600.00', 'EUR', 'Financing'],
        121 => [44, '900.00', 'EUR', 'Financing'],
        122 => [7, '1200.00', 'EUR', 'Financing'],
    ];

    public static function boot(string $sqlite, bool $install = false, ?FixedClock $clock = null): ShopCredit
    {
        return ShopCredit::boot(['dsn' => 'sqlite:' . $sqlite, 'install' => $install, 'clock' => $clock ?? new FixedClock(self::NOW), 'webhook_keys' => self::WEBHOOK_KEY]);
    }

    /** The books: balances in two currencies, a reservation and its posting, credit lines with an open and an overdue order, financing in three statuses. */
    public static function seed(string $sqlite, string $orderPrefix, string $dueDateStatus): void
    {
        $clock = new FixedClock(self::NOW);
        $sc = self::boot($sqlite, true, $clock);
        $s = $sc->settings();
        $s->installDefaults(self::SHOP, self::CURRENCY, 'seed');
        $wallet = (array) $s->get(self::SHOP, 'wallet');
        $wallet['perCurrency'] = ['JPY' => ['minTopUp' => '500', 'maxTopUp' => '100000', 'minWithdrawal' => '1000']];
        $saved = $s->save(self::SHOP, ['credit.enabled' => true, 'financing.enabled' => true, 'wallet' => $wallet], self::CURRENCY, 'seed');
        if (!$saved['saved']) {
            throw new \RuntimeException('seed settings refused: ' . \json_encode($saved['violations']));
        }
        $sc->settings->set(self::SHOP, 'orders.due_date_status', $dueDateStatus);
        $ref = static fn (int $n): string => $orderPrefix . $n;
        $who = static fn (int $id): array => ['customerId' => (string) $id, 'groupIds' => ['3'], 'loggedIn' => true];
        $o = $sc->orders();
        $clock->set(self::NOW - 40 * self::DAY);
        // Léa: a top-up, an order paid from it (reserved, then posted), one cancelled, one still held.
        $sc->wallet()->topUp(self::SHOP, '42', 'EUR', 'seed-topup-101', $ref(101), '100.00');
        $clock->advance(3 * self::DAY);
        $o->place(self::SHOP, $ref(102), ['customer' => $who(42), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '30.00']);
        $o->statusChanged(self::SHOP, $ref(102), 'paid', 'wc-processing', 'status:102:1');
        $clock->advance(self::DAY);
        $o->place(self::SHOP, $ref(103), ['customer' => $who(42), 'method' => 'wallet_full', 'currency' => 'EUR', 'total' => '20.00']);
        $o->statusChanged(self::SHOP, $ref(103), 'cancelled', 'wc-cancelled', 'status:103:1');
        // Kenji: yen.
        $sc->wallet()->topUp(self::SHOP, '43', 'JPY', 'seed-topup-105', $ref(105), '5000');
        // Credit lines: Acme (open order on account), Petit Bois (an order paid late).
        $sc->credit()->setLimit(self::SHOP, '7', 'EUR', '5000.00', 'seed');
        $sc->credit()->setProfile(self::SHOP, '7', 'EUR', ['company_name' => 'Acme SARL', 'risk_level' => 'low', 'payment_terms_days' => 30], 'seed');
        $sc->credit()->setLimit(self::SHOP, '44', 'EUR', '1000.00', 'seed');
        $sc->credit()->setProfile(self::SHOP, '44', 'EUR', ['company_name' => 'Petit Bois SAS', 'risk_level' => 'low', 'payment_terms_days' => 10], 'seed');
        $o->place(self::SHOP, $ref(111), ['customer' => $who(44), 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '450.00']);
        $o->statusChanged(self::SHOP, $ref(111), 'fulfilled', $dueDateStatus, 'status:111:1');
        // Reviewed since: new orders on account wait for the merchant.
        $sc->credit()->setProfile(self::SHOP, '44', 'EUR', ['risk_level' => 'medium'], 'seed');
        self::financing($sc, $clock, $ref);
        $clock->set(self::NOW - 5 * self::DAY);
        $o->place(self::SHOP, $ref(110), ['customer' => $who(7), 'method' => 'credit_line', 'currency' => 'EUR', 'total' => '300.00']);
        $o->statusChanged(self::SHOP, $ref(110), 'fulfilled', $dueDateStatus, 'status:110:1');
        $o->paymentRecorded(self::SHOP, $ref(110), 'seed-pay-110', '100.00', 'bank_transfer', 'VIR-2026-118', 'host');
        $sc->credit()->requestIncrease(self::SHOP, '7', 'EUR', 'seed-increase-7', '8000.00', 'Our orders double before the holidays.');
        $clock->set(self::NOW - 3600);
        // Still held: reserved at checkout, not yet paid or cancelled.
        $sc->checkout()->reserve(self::SHOP, 'co-104', $ref(104), $who(42), ['currency' => 'EUR', 'total' => '15.00'], ['wallet' => '15.00'], 86400);
    }

    /** Financing: accepted, rejected, and one still waiting for the customer. */
    private static function financing(ShopCredit $sc, FixedClock $clock, \Closure $ref): void
    {
        $f = $sc->financing();
        foreach ([[120, 'sub-120', '600.00', 'ACCEPTED'], [121, 'sub-121', '900.00', 'REJECTED'], [122, 'sub-122', '1200.00', null]] as [$n, $sub, $amount, $status]) {
            $f->register(self::SHOP, $sub, $ref($n), 'SCFRSP-3XTS', $amount, 'EUR');
            if ($status === null) {
                continue;
            }
            $body = \json_encode(['timestamp' => \gmdate('Y-m-d\TH:i:s.000\Z', $clock->now()), 'id' => "evt-$n", 'eventTypeCode' => 'SC_SUBSCRIPTION', 'eventCode' => 'SC_SUBSCRIPTION_' . $status,
                'data' => ['eventTypeCode' => 'SC_SUBSCRIPTION', 'eventCode' => 'SC_SUBSCRIPTION_' . $status, 'merchantGlobalOrderId' => $ref($n), 'consolidatedStatus' => $status]], \JSON_THROW_ON_ERROR | \JSON_UNESCAPED_SLASHES);
            $ts = WebhookVerifier::formatTimestamp(\time() * 1000 - 1000);
            $answer = $f->receiveWebhook(self::SHOP, $body, [WebhookVerifier::HEADER_SIGNATURE => WebhookVerifier::computeSignature($ts, $body, self::WEBHOOK_KEY), WebhookVerifier::HEADER_TIMESTAMP => $ts]);
            if (!($answer['applied'] ?? false)) {
                throw new \RuntimeException("seed webhook $sub refused: " . \json_encode($answer));
            }
            $f->applyPending(self::SHOP);
            $clock->advance(self::DAY);
        }
    }
}

if (\PHP_SAPI === 'cli' && \realpath($_SERVER['argv'][0] ?? '') === __FILE__) {
    [, $file, $prefix, $due] = $_SERVER['argv'] + [null, null, null, null];
    if (!\is_string($file) || !\is_string($prefix) || !\is_string($due)) {
        \fwrite(\STDERR, "usage: php shop.php <sqlite file> <order ref prefix> <host status that starts the payment terms>\n");
        exit(2);
    }
    Shop::seed($file, $prefix, $due);
    echo "seeded $file ($prefix orders), runtime " . \ShopCredit\Core::runtime()->name() . "\n";
}

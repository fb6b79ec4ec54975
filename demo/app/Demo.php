<?php

declare(strict_types=1);

namespace ShopCreditDemo;

use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Service\ShopCredit;

require_once __DIR__ . '/../../php-bridge/src/autoload.php';

/**
 * The demo shop's own state (customers, catalog, orders) and its wiring to the bridge. The demo is
 * a host like PrestaShop or WooCommerce: it gathers facts, calls the bridge's services and shows
 * their answers. It decides nothing about money itself.
 */
final class Demo
{
    public const SHOP = '1';
    public const CURRENCY = 'EUR';
    public const LOCALE = 'fr-FR';
    public const COUNTRY = 'FR';

    /** Demo customers: a B2B buyer with a credit line, a retail buyer with a store balance. */
    public const CUSTOMERS = [
        '7' => ['name' => 'Acme SARL (B2B)', 'groups' => ['b2b'], 'first' => 'Alice', 'last' => 'Acme', 'email' => 'alice@acme.example'],
        '42' => ['name' => 'Léa Martin', 'groups' => ['3'], 'first' => 'Léa', 'last' => 'Martin', 'email' => 'lea@example.org'],
    ];

    /** Prices are decimal strings; one item per order keeps the demo free of cart arithmetic. */
    public const PRODUCTS = [
        'furniture' => ['label' => 'Meeting-room furniture', 'price' => '1800.00'],
        'racking' => ['label' => 'Warehouse racking', 'price' => '3900.00'],
        'coffee' => ['label' => 'Espresso machine', 'price' => '130.00'],
        'laptop' => ['label' => 'Laptop', 'price' => '1200.00'],
    ];

    public const TOP_UPS = ['50.00', '100.00', '200.00'];

    private static ?self $instance = null;
    public readonly ShopCredit $sc;

    /** @param array<string, mixed> $config dsn, webhook_key, fake_url, base_url */
    private function __construct(public readonly array $config)
    {
        $this->sc = ShopCredit::boot([
            'dsn' => $config['dsn'],
            'install' => true,
            'webhook_keys' => $config['webhook_key'],
            'scalexpert' => new ScalexpertClient(new ScalexpertConfig('test-client', 'test-secret', $config['fake_url'], null, ScalexpertConfig::SCOPE_E_FINANCING, 2000, 5000, 1)),
            'logger' => static function (string $level, string $message, array $context): void {
                \error_log("[demo] $level: $message " . \json_encode($context));
            },
        ]);
        $this->sc->connection->execute('CREATE TABLE IF NOT EXISTS demo_orders (
            ref TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
            total TEXT NOT NULL, method TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL, created_at INTEGER NOT NULL,
            cart TEXT UNIQUE)');
    }

    public static function get(): self
    {
        if (self::$instance === null) {
            $file = \getenv('DEMO_CONFIG') ?: __DIR__ . '/../../var/demo/config.json';
            $config = \json_decode((string) @\file_get_contents($file), true);
            if (!\is_array($config)) {
                throw new \RuntimeException("demo config $file is missing: start the demo with demo/serve.sh");
            }
            self::$instance = new self($config);
        }
        return self::$instance;
    }

    // ------------------------------------------------------------------ customers

    public static function customerId(): ?string
    {
        $id = $_COOKIE['demo_customer'] ?? null;
        return \is_string($id) && isset(self::CUSTOMERS[$id]) ? $id : null;
    }

    /** @return array{customerId: string, groupIds: list<string>, loggedIn: bool} the bridge's customer shape */
    public static function customer(string $id): array
    {
        return ['customerId' => $id, 'groupIds' => self::CUSTOMERS[$id]['groups'], 'loggedIn' => true];
    }

    /** @return array<string, mixed> the bridge's cart shape for one product (or a top-up) */
    public static function cart(string $total, bool $topUp = false): array
    {
        return ['currency' => self::CURRENCY, 'total' => $total, 'billingCountry' => self::COUNTRY, 'containsTopUp' => $topUp];
    }

    /** @return array<string, mixed> the cart as `checkout.reserve` takes it (no billing country) */
    public static function reserveCart(string $total): array
    {
        return ['currency' => self::CURRENCY, 'total' => $total, 'containsTopUp' => false];
    }

    // ------------------------------------------------------------------ orders (the host's records)

    public function nextRef(string $prefix): string
    {
        $n = (int) $this->sc->connection->fetchValue('SELECT COUNT(*) FROM demo_orders') + 1001;
        return $prefix . $n;
    }

    /**
     * @param array<string, mixed> $data
     * @param ?string $cart the checkout's cart token: one order per cart (a second insert fails)
     */
    public function saveOrder(string $ref, string $customerId, string $kind, string $label, string $total, string $method, string $status, array $data, ?string $cart = null): void
    {
        $this->sc->connection->execute(
            'INSERT INTO demo_orders (ref, customer_id, kind, label, total, method, status, data, created_at, cart) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(ref) DO UPDATE SET status = excluded.status, data = excluded.data',
            [$ref, $customerId, $kind, $label, $total, $method, $status, \json_encode($data, \JSON_THROW_ON_ERROR), \time(), $cart],
        );
    }

    /** @return array<string, mixed>|null the customer's order that paid this cart, if any */
    public function orderForCart(string $cart, string $customerId): ?array
    {
        $ref = $this->sc->connection->fetchValue('SELECT ref FROM demo_orders WHERE cart = ? AND customer_id = ?', [$cart, $customerId]);
        return $ref === null || $ref === false ? null : $this->order((string) $ref);
    }

    /** @return array<string, mixed>|null */
    public function order(string $ref): ?array
    {
        $o = $this->sc->connection->fetchOne('SELECT * FROM demo_orders WHERE ref = ?', [$ref]);
        if ($o !== null) {
            $o['data'] = \json_decode((string) $o['data'], true);
        }
        return $o;
    }

    /** @return list<array<string, mixed>> */
    public function orders(?string $customerId = null): array
    {
        $rows = $customerId === null
            ? $this->sc->connection->fetchAll('SELECT * FROM demo_orders ORDER BY created_at DESC, ref DESC')
            : $this->sc->connection->fetchAll('SELECT * FROM demo_orders WHERE customer_id = ? ORDER BY created_at DESC, ref DESC', [$customerId]);
        foreach ($rows as &$o) {
            $o['data'] = \json_decode((string) $o['data'], true);
        }
        return $rows;
    }

    /** @param array<string, mixed> $changes */
    public function updateOrder(string $ref, array $changes): void
    {
        $o = $this->order($ref) ?? throw new \RuntimeException("no order $ref");
        $status = (string) ($changes['status'] ?? $o['status']);
        $data = \array_replace($o['data'], $changes['data'] ?? []);
        $this->sc->connection->execute('UPDATE demo_orders SET status = ?, data = ? WHERE ref = ?', [$status, \json_encode($data, \JSON_THROW_ON_ERROR), $ref]);
    }

    /**
     * A financing order takes the order status the shop's mapping gives its request's current
     * status (the mapping is a setting; the core applied the status).
     */
    public function syncFinancingOrder(string $ref): void
    {
        $subs = $this->sc->overview()->financingForOrder(self::SHOP, $ref);
        if ($subs === []) {
            return;
        }
        $status = (string) $subs[\count($subs) - 1]['status'];
        $mapping = $this->sc->settings()->get(self::SHOP, 'financing.mapping');
        $orderStatus = \is_array($mapping) ? ($mapping[$status]['orderStatus'] ?? null) : null;
        if (\is_string($orderStatus)) {
            $this->updateOrder($ref, ['status' => $orderStatus]);
        }
    }

    // ------------------------------------------------------------------ the widget's endpoint

    /**
     * The logged-in customer's summary for the widget: `overview()->customer()` plus the facts the
     * browser's core needs to preview the checkout (the `eligibility.evaluate` input without the
     * cart, composed from the same Facts/AccountRepository the CheckoutService reads), and the
     * financing requests of one of the customer's own orders.
     * @return array<string, mixed>
     */
    public function widgetSummary(string $customerId, ?string $orderRef): array
    {
        $sc = $this->sc;
        $ov = $sc->overview()->customer(self::SHOP, $customerId, self::CURRENCY);
        if (($ov['available'] ?? false) !== true) {
            return ['available' => false, 'reason' => (string) ($ov['reason'] ?? 'runtime_unavailable')];
        }
        $out = [
            'available' => true, 'currency' => $ov['currency'], 'locale' => self::LOCALE, 'now' => $sc->clock->now(),
            'credit' => $ov['credit'] === null ? null : \array_intersect_key($ov['credit'], \array_flip(['limit', 'exposure', 'remaining', 'overdue', 'nextDueDate', 'blockingReasons', 'blocksNewOrders'])),
            'wallet' => $ov['wallet'] === null ? null : \array_intersect_key($ov['wallet'], \array_flip(['balance', 'available', 'reserved', 'incoming'])),
            'receivables' => \array_map(static fn (array $r): array => \array_intersect_key($r, \array_flip(['orderRef', 'amount', 'paid', 'remaining', 'dueDate', 'state'])), $ov['receivables']),
            'checkout' => $this->checkoutFacts($customerId),
        ];
        if ($orderRef !== null) {
            $order = $this->order($orderRef);
            // Own orders only: another customer's reference answers nothing.
            $out['financing'] = $order !== null && $order['customer_id'] === $customerId ? $this->sc->overview()->financingTimeline(self::SHOP, $orderRef) : [];
        }
        return $out;
    }

    /** @return array<string, mixed> eligibility.evaluate's input without `cart` */
    public function checkoutFacts(string $customerId): array
    {
        $display = (string) ($this->sc->settings()->get(self::SHOP, 'checkout.display') ?? 'show_disabled');
        return $this->sc->checkout()->facts(self::SHOP, self::customer($customerId), self::CURRENCY, $display);
    }

    /** @return list<array<string, mixed>> the widget's timeline, plus the provider events (back office) */
    public function financingView(string $orderRef): array
    {
        $events = [];
        foreach ($this->sc->overview()->financingForOrder(self::SHOP, $orderRef) as $s) {
            $events[(string) $s['subscription_id']] = \array_map(static fn (array $e): array => ['eventId' => (string) $e['event_id'], 'resultCode' => $e['result_code'] ?? null, 'receivedAt' => $e['received_at'] ?? null], $s['events'] ?? []);
        }
        $out = [];
        foreach ($this->sc->overview()->financingTimeline(self::SHOP, $orderRef) as $i => $t) {
            $out[] = $t + ['events' => \array_values($events)[$i] ?? []];
        }
        return $out;
    }

    // ------------------------------------------------------------------ the fake provider

    /** @param array<string, mixed> $body @return array<string, mixed> */
    public function fakeProvider(string $path, array $body): array
    {
        $ch = \curl_init(\rtrim((string) $this->config['fake_url'], '/') . $path);
        \curl_setopt_array($ch, [
            \CURLOPT_POST => true, \CURLOPT_POSTFIELDS => \json_encode($body, \JSON_THROW_ON_ERROR),
            \CURLOPT_HTTPHEADER => ['Content-Type: application/json'], \CURLOPT_RETURNTRANSFER => true, \CURLOPT_TIMEOUT => 20,
        ]);
        $resp = \curl_exec($ch);
        $status = (int) \curl_getinfo($ch, \CURLINFO_RESPONSE_CODE);
        \curl_close($ch);
        $data = \is_string($resp) ? \json_decode($resp, true) : null;
        return ['http' => $status, 'body' => \is_array($data) ? $data : $resp];
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Core;
use ShopCredit\Financing\ScalexpertClient;
use ShopCredit\Financing\WebhookVerifier;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\AuditLog;
use ShopCredit\Storage\Connection;
use ShopCredit\Storage\FactsQuery;
use ShopCredit\Storage\FinancingRepository;
use ShopCredit\Storage\HouseAccounts;
use ShopCredit\Storage\FinancingRequestRepository;
use ShopCredit\Storage\IdempotencyRepository;
use ShopCredit\Storage\Migrations;
use ShopCredit\Storage\OrderRepository;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\RequestRepository;
use ShopCredit\Storage\SettingsRepository;
use ShopCredit\Storage\TransferRepository;
use ShopCredit\Storage\WebhookRejectionRepository;

/**
 * Composition root: one object per request that wires storage, the core and the services.
 *
 *     $sc = ShopCredit::boot(['dsn' => 'sqlite:/var/shop/shopcredit.sqlite', 'install' => true]);
 *     $sc->checkout()->eligibility('1', $customer, $cart);
 *
 * Config: `connection` (a Connection) or `dsn` + `user` + `password` + `prefix` + `options`
 * (Connection::open); `runtime` (array for Core::configure, omitted: the current Core setup);
 * `clock` (a Clock, default SystemClock); `install` (run pending migrations, default false);
 * `webhook_keys` (string|list, enables FinancingService webhooks; `webhook_tolerance_s`);
 * `scalexpert` (a ScalexpertClient, for returns and polling); `logger` (callable(level, message,
 * context), default error_log) for rejected webhooks. `webhook_keys` and `scalexpert` may be given
 * as closures that build them: a request that never talks to the provider (a checkout page) then
 * neither reads the credentials nor builds the client.
 */
final class ShopCredit
{
    public readonly Books $books;
    public readonly Facts $facts;
    public readonly AccountRepository $accounts;
    public readonly HouseAccounts $house;
    public readonly TransferRepository $transfers;
    public readonly ReceivableRepository $receivables;
    public readonly FinancingRepository $financingRepository;
    public readonly FinancingRequestRepository $financingRequests;
    public readonly RequestRepository $requests;
    public readonly SettingsRepository $settings;
    public readonly AuditLog $audit;
    public readonly IdempotencyRepository $idempotency;
    public readonly OrderRepository $orderRepository;
    /** The one clock: now, and the shop's date in the shop's time zone. */
    public readonly ShopTime $time;
    private array $services = [];
    /** @var array<string, mixed> settings given as closures, once built (lazy()) */
    private array $built = [];

    private function __construct(
        public readonly Connection $connection,
        public readonly Clock $clock,
        private readonly array $config,
    ) {
        $this->accounts = new AccountRepository($connection);
        $this->transfers = new TransferRepository($connection);
        $this->receivables = new ReceivableRepository($connection);
        $this->settings = new SettingsRepository($connection);
        $this->time = new ShopTime($clock, $this->settings);
        $this->house = new HouseAccounts($connection, $this->accounts);
        $this->books = new Books($connection, $this->accounts, $this->transfers, $clock, $this->house);
        $this->facts = new Facts($this->settings, $this->receivables, $clock, $this->time, new FactsQuery($connection, $this->settings, $this->accounts, $this->receivables));
        foreach (self::ON_FIRST_USE as $property => $_) {
            unset($this->$property); // built by __get() when first read
        }
    }

    /**
     * Repositories a checkout page never uses, built when first read: a page loads and builds only
     * what it needs (every class is a file to include on every request).
     */
    private const ON_FIRST_USE = [
        'financingRepository' => FinancingRepository::class, 'financingRequests' => FinancingRequestRepository::class,
        'requests' => RequestRepository::class, 'audit' => AuditLog::class, 'idempotency' => IdempotencyRepository::class,
        'orderRepository' => OrderRepository::class,
    ];

    public function __get(string $name): object
    {
        $class = self::ON_FIRST_USE[$name] ?? throw new \Error('Undefined property: ' . self::class . '::$' . $name);
        return $this->$name = new $class($this->connection);
    }

    public function __isset(string $name): bool
    {
        return isset(self::ON_FIRST_USE[$name]);
    }

    /** @param array<string, mixed> $config */
    public static function boot(array $config): self
    {
        $connection = $config['connection'] ?? null;
        if (!$connection instanceof Connection) {
            if (!isset($config['dsn']) || !\is_string($config['dsn'])) {
                throw new \InvalidArgumentException('ShopCredit::boot needs `connection` or `dsn`');
            }
            $connection = Connection::open($config['dsn'], $config['user'] ?? null, $config['password'] ?? null, (string) ($config['prefix'] ?? ''), (array) ($config['options'] ?? []));
        }
        $clock = $config['clock'] ?? new SystemClock();
        if (!$clock instanceof Clock) {
            throw new \InvalidArgumentException('`clock` must be a ' . Clock::class);
        }
        if (isset($config['runtime']) && \is_array($config['runtime'])) {
            Core::configure($config['runtime']);
        }
        if (($config['install'] ?? false) === true) {
            (new Migrations($connection))->upgrade(null, $clock->now());
        }
        return new self($connection, $clock, $config);
    }

    public function checkout(): CheckoutService
    {
        return $this->services[CheckoutService::class] ??= new CheckoutService($this->books, $this->facts, $this->accounts, $this->transfers);
    }

    public function credit(): CreditService
    {
        return $this->services[CreditService::class] ??= new CreditService($this->books, $this->facts, $this->accounts, $this->receivables, $this->requests, $this->audit);
    }

    public function wallet(): WalletService
    {
        return $this->services[WalletService::class] ??= new WalletService($this->books, $this->facts, $this->accounts, $this->transfers, $this->requests, $this->audit, $this->receivables);
    }

    public function financing(): FinancingService
    {
        if (!isset($this->services[FinancingService::class])) {
            $keys = $this->lazy('webhook_keys');
            $verifier = $keys === null ? null : new WebhookVerifier(
                $keys,
                (int) ($this->config['webhook_tolerance_s'] ?? WebhookVerifier::DEFAULT_TOLERANCE_S),
                $this->config['webhook_clock_ms'] ?? null,
            );
            $client = $this->lazy('scalexpert');
            $this->services[FinancingService::class] = new FinancingService(
                $this->books, $this->facts, $this->financingRepository, $verifier, $client instanceof ScalexpertClient ? $client : null,
                isset($this->config['logger']) && \is_callable($this->config['logger']) ? \Closure::fromCallable($this->config['logger']) : null,
                new WebhookRejectionRepository($this->connection),
                // An applied financing update moves the order too, in the same transaction.
                fn (string $shopId, string $orderRef, string $eventKey, array $applied): ?array => $this->orders()->financingApplied($shopId, $orderRef, $eventKey, $applied),
            );
        }
        return $this->services[FinancingService::class];
    }

    /** A setting given as is, or as a closure that builds it: built on first use, once. */
    private function lazy(string $name): mixed
    {
        if (!\array_key_exists($name, $this->built)) {
            $v = $this->config[$name] ?? null;
            $this->built[$name] = $v instanceof \Closure ? $v() : $v;
        }
        return $this->built[$name];
    }

    public function jobs(): Jobs
    {
        return $this->services[Jobs::class] ??= new Jobs($this->books, $this->facts, $this->accounts, $this->transfers, $this->receivables, $this->financing(), $this->afterSale(), $this->house, $this->orders());
    }

    /** Purchase-order numbers of orders (checkout, invoices, statements, e-mails). */
    public function purchaseOrders(): PurchaseOrders
    {
        return $this->services[PurchaseOrders::class] ??= new PurchaseOrders($this->connection, $this->settings, $this->clock);
    }

    /** Statements of account of B2B customers (page, CSV and PDF downloads: ShopCredit\Document). */
    public function statements(): Statements
    {
        return $this->services[Statements::class] ??= new Statements($this->connection, $this->books, $this->facts, $this->accounts, $this->receivables, $this->purchaseOrders());
    }

    /** Delivery confirmations and cancellations at the financing provider. */
    public function afterSale(): AfterSale
    {
        $client = $this->lazy('scalexpert');
        return $this->services[AfterSale::class] ??= new AfterSale(
            $this->books, $this->facts, $this->financingRepository, $this->financingRequests, $client instanceof ScalexpertClient ? $client : null,
        );
    }

    /** The order lifecycle: what every order event does to the books and to the order (see Orders). */
    public function orders(): Orders
    {
        return $this->services[Orders::class] ??= new Orders(
            $this->connection, $this->books, $this->facts, $this->orderRepository, $this->accounts, $this->transfers,
            new Order\BookRunner($this->books, $this->checkout(), $this->credit(), $this->time, $this->afterSale()), $this->time,
            $this->afterSale(),
            new Order\Adoption($this->connection, $this->receivables, $this->financingRepository),
        );
    }

    public function reconciliation(): Reconciliation
    {
        return $this->services[Reconciliation::class] ??= new Reconciliation($this->books, $this->accounts, $this->transfers);
    }

    public function export(): Export
    {
        return $this->services[Export::class] ??= new Export($this->connection, $this->transfers);
    }

    /** Read models for pages: the customer's summary, admin lists, statistics. */
    public function overview(): Overview
    {
        return $this->services[Overview::class] ??= new Overview(
            $this->connection, $this->books, $this->facts, $this->accounts, $this->transfers,
            $this->receivables, $this->requests, $this->financingRepository,
            new WebhookRejectionRepository($this->connection),
        );
    }

    /** One line per movement of customers' balances or credit lines, paged and sorted on the server. */
    public function movementList(): MovementList
    {
        return $this->services[MovementList::class] ??= new MovementList($this->connection);
    }

    /** Statistics shaped for charts (series per period, aging, financing by status). */
    public function charts(): ChartData
    {
        return $this->services[ChartData::class] ??= new ChartData($this->connection, $this->transfers, $this->time);
    }

    /** Mass credit/debit of balances: preview, steps with progress, one result per customer. */
    public function massAdjustments(): MassAdjustments
    {
        return $this->services[MassAdjustments::class] ??= new MassAdjustments($this->connection, $this->books, $this->accounts, $this->wallet());
    }

    /** Settings checked by the core before they are stored; working defaults for a new shop. */
    public function settings(): SettingsService
    {
        return $this->services[SettingsService::class] ??= new SettingsService($this->connection, $this->settings, $this->audit, $this->books);
    }
}

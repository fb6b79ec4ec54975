<?php

declare(strict_types=1);

namespace ShopCredit\Tests\Service\Support;

use ShopCredit\Core;
use ShopCredit\Financing\WebhookVerifier;
use ShopCredit\Service\FixedClock;
use ShopCredit\Service\ShopCredit;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Tests\Storage\Support\StorageTestCase;

require_once __DIR__ . '/../../Storage/Support/StorageTestCase.php';

/** Services on a fresh database per test: SQLite always, MariaDB when SHOPCREDIT_TEST_MYSQL_DSN is set. */
abstract class ServiceTestCase extends StorageTestCase
{
    public const NOW = 1_793_610_000; // 2026-11-02 09:00 UTC
    public const WALLET_SETTINGS = ['enabled' => true, 'allowedGroups' => [], 'allowPartial' => true, 'allowTopUp' => true, 'allowWithdrawal' => true, 'minWithdrawal' => '10.00'];
    public const CREDIT_SETTINGS = [
        'defaultPaymentTermsDays' => 30, 'blockWhenOverdue' => true, 'blockWhenUnpaid' => false,
        'riskEffects' => ['low' => 'none', 'medium' => 'none', 'high' => 'manual_approval'],
        'reminderOffsetsDays' => [-3, 0, 7, 14], 'utcOffsetS' => 3600,
    ];
    public const SOLUTIONS = [['solutionCode' => 'SCFRSP-3XTS', 'label' => 'Pay in 3x', 'kind' => 'split', 'instalments' => 3, 'minAmount' => '50.00', 'maxAmount' => '3000.00', 'countries' => ['FR', 'BE'], 'currency' => 'EUR']];

    protected FixedClock $clock;

    protected function tearDown(): void
    {
        Core::useRuntime(null);
        parent::tearDown();
    }

    public const WEBHOOK_KEY = 'shop-signing-key-0123456789';

    protected function boot(string $dialect, array $config = []): ShopCredit
    {
        $this->clock ??= new FixedClock(self::NOW);
        $clock = $this->clock;
        $sc = ShopCredit::boot(['connection' => $this->installed($dialect), 'clock' => $clock,
            'webhook_keys' => self::WEBHOOK_KEY, 'webhook_clock_ms' => static fn (): int => $clock->now() * 1000] + $config);
        $sc->settings->set('*', 'wallet', self::WALLET_SETTINGS);
        $sc->settings->set('*', 'credit', self::CREDIT_SETTINGS);
        $sc->settings->set('*', 'credit.enabled', true);
        $sc->settings->set('*', 'financing.enabled', true);
        $sc->settings->set('*', 'financing.solutions', self::SOLUTIONS);
        return $sc;
    }

    /** A credit line with a limit (minor units). */
    protected function creditLine(ShopCredit $sc, string $customerId, int $limitMinor, string $shop = '1'): void
    {
        $id = "credit:$shop:$customerId:EUR";
        $sc->connection->transaction(function () use ($sc, $id, $limitMinor): void {
            $sc->accounts->lockAccounts([$id], [AccountRepository::class, 'defaultsFromId'], self::NOW);
            $sc->accounts->setAttributes($id, ['credit_limit' => $limitMinor, 'risk_level' => 'low']);
        });
    }

    /** @return array<string, string> the account's counters as decimal strings */
    protected static function balances(ShopCredit $sc, string $id): array
    {
        $row = $sc->accounts->find($id);
        self::assertNotNull($row, "account $id");
        $w = AccountRepository::toWire($row);
        return ['dp' => $w['debitsPending'], 'd' => $w['debitsPosted'], 'cp' => $w['creditsPending'], 'c' => $w['creditsPosted']];
    }

    /** @return array{string, array<string, string>} a signed Scalexpert webhook: body and headers */
    protected function webhook(string $eventId, string $status, string $orderRef, string $timestamp): array
    {
        $body = \json_encode([
            'timestamp' => $timestamp, 'id' => $eventId, 'eventTypeCode' => 'SC_SUBSCRIPTION',
            'eventCode' => 'SC_SUBSCRIPTION_' . $status,
            'data' => ['eventTypeCode' => 'SC_SUBSCRIPTION', 'eventCode' => 'SC_SUBSCRIPTION_' . $status, 'merchantGlobalOrderId' => $orderRef, 'consolidatedStatus' => $status],
        ], \JSON_THROW_ON_ERROR | \JSON_UNESCAPED_SLASHES);
        $ts = WebhookVerifier::formatTimestamp($this->clock->now() * 1000 - 1000);
        return [$body, [WebhookVerifier::HEADER_SIGNATURE => WebhookVerifier::computeSignature($ts, $body, self::WEBHOOK_KEY), WebhookVerifier::HEADER_TIMESTAMP => $ts]];
    }

    protected static function customer(string $id, array $groups = ['3']): array
    {
        return ['customerId' => $id, 'groupIds' => $groups, 'loggedIn' => true];
    }

    /**
     * The DSN worker $n connects to: on a Galera cluster (SHOPCREDIT_GALERA_DSNS, make
     * test-cluster) the workers are spread over its nodes; else this test's database.
     */
    protected function workerDsn(string $dialect, int $n): string
    {
        $t = $this->target($dialect);
        $nodes = self::clusterDsns();
        return $dialect === 'mysql' && $nodes !== [] ? $nodes[$n % \count($nodes)] : (string) $t['dsn'];
    }

    /** @return list<string> the cluster nodes' DSNs (empty: no cluster) */
    public static function clusterDsns(): array
    {
        $v = \getenv('SHOPCREDIT_GALERA_DSNS');
        return $v === false || \trim($v) === '' ? [] : \array_values(\array_filter(\explode(' ', $v)));
    }

    /**
     * Starts $processes PHP workers at once (fixtures/$worker with the database, the prefix and
     * their extra args, then N and a common start time in µs) and returns every JSON line they print.
     * @param list<string> $args
     * @return list<array<string, mixed>>
     */
    protected function race(string $dialect, string $worker, array $args, int $processes, array $after = []): array
    {
        $t = $this->target($dialect);
        $startAt = (int) (\microtime(true) * 1e6) + 1_500_000;
        $procs = [];
        for ($n = 0; $n < $processes; $n++) {
            $cmd = [\PHP_BINARY, __DIR__ . '/../fixtures/' . $worker, $this->workerDsn($dialect, $n), (string) $t['user'], (string) $t['password'], $this->prefix, ...$args, ...[(string) $n, (string) $startAt], ...$after];
            $p = \proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            self::assertIsResource($p);
            $procs[] = [$p, $pipes];
        }
        $answers = [];
        $errors = '';
        foreach ($procs as [$p, $pipes]) {
            $out = \stream_get_contents($pipes[1]);
            $errors .= \stream_get_contents($pipes[2]);
            \proc_close($p);
            foreach (\array_filter(\explode("\n", (string) $out)) as $line) {
                $answers[] = \json_decode($line, true, 512, \JSON_THROW_ON_ERROR);
            }
        }
        self::assertCount($processes, $answers, $errors);
        return $answers;
    }
}

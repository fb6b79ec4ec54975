<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * The versioned schema, one definition for MySQL/MariaDB and SQLite.
 *
 * Applied versions are recorded in `{prefix}sc_schema_version`. install() and upgrade() apply the
 * missing versions in order and are idempotent: every step is safe to run again (CREATE ... IF
 * NOT EXISTS, columns and indexes added only when absent), because MySQL commits DDL implicitly
 * and a crash may stop a version half-way. Concurrent installers are serialized (MySQL GET_LOCK,
 * SQLite one BEGIN IMMEDIATE transaction per version: SQLite DDL is transactional).
 *
 * Never edit a released version: add a new one. Step kinds:
 *   ['create', table, definition]                    (see Schema)
 *   ['add_column', table, column, spec]
 *   ['add_index', table, indexName, [cols], unique]
 */
final class Migrations
{
    public const VERSION_TABLE = 'schema_version';

    /** @var array<int, array{name: string, steps: list<array>}> */
    private array $versions;
    private Schema $schema;

    /** @param array<int, array{name: string, steps: list<array>}>|null $versions another list (tests, extensions) */
    public function __construct(private Connection $c, ?array $versions = null)
    {
        $this->versions = $versions ?? self::versions();
        ksort($this->versions);
        $this->schema = new Schema($c);
    }

    /** @return array<int, array{name: string, steps: list<array>}> */
    public static function versions(): array
    {
        return [
            1 => ['name' => 'ledger: accounts and transfers', 'steps' => [
                ['create', 'accounts', [
                    'columns' => [
                        'id' => 'id', 'shop_id' => 'id', 'customer_id' => 'id?', 'kind' => 'code', 'currency' => 'currency',
                        'debits_pending' => 'bigint=0', 'debits_posted' => 'bigint=0',
                        'credits_pending' => 'bigint=0', 'credits_posted' => 'bigint=0',
                        'credit_limit' => 'bigint=0', 'closed' => 'bool=0', 'on_hold' => 'bool=0',
                        'risk_level' => 'code?', 'payment_terms_days' => 'int?', 'company_name' => 'text?',
                        'created_at' => 'bigint', 'updated_at' => 'bigint', 'version' => 'bigint=0',
                    ],
                    'primary' => ['id'],
                    'index' => ['acc_customer' => ['shop_id', 'customer_id', 'kind']],
                ]],
                ['create', 'transfers', [
                    'columns' => [
                        'id' => 'id', 'debit_account_id' => 'id', 'credit_account_id' => 'id',
                        'amount' => 'bigint', 'currency' => 'currency', 'pending_id' => 'id?',
                        'timeout_s' => 'bigint=0', 'flags' => 'int=0', 'code' => 'code', 'order_ref' => 'id?',
                        'timestamp_s' => 'bigint', 'pending_status' => "code='none'",
                        // timestamp_s + timeout_s for pending transfers that expire, else NULL.
                        'expires_at_s' => 'bigint?',
                    ],
                    'primary' => ['id'],
                    'index' => [
                        'tr_debit_ts' => ['debit_account_id', 'timestamp_s', 'id'],
                        'tr_credit_ts' => ['credit_account_id', 'timestamp_s', 'id'],
                        'tr_order' => ['order_ref'],
                        'tr_pending_exp' => ['pending_status', 'expires_at_s'],
                        'tr_pending_id' => ['pending_id'],
                        'tr_ts' => ['timestamp_s', 'id'],
                    ],
                ]],
            ]],
            2 => ['name' => 'receivables, payments, financing, requests', 'steps' => [
                ['create', 'receivables', [
                    'columns' => [
                        'id' => 'serial', 'shop_id' => 'id', 'order_ref' => 'id', 'customer_id' => 'id',
                        'account_id' => 'id', 'currency' => 'currency', 'amount' => 'bigint', 'paid' => 'bigint=0',
                        'due_date' => 'date?', 'state' => 'code', 'last_reminder_level' => 'int=0',
                        'last_reminder_at' => 'bigint?', 'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'unique' => ['rcv_order' => ['shop_id', 'order_ref']],
                    'index' => [
                        'rcv_account' => ['account_id', 'state', 'due_date'],
                        'rcv_due' => ['state', 'due_date'],
                        'rcv_customer' => ['shop_id', 'customer_id'],
                    ],
                ]],
                ['create', 'payments_received', [
                    'columns' => [
                        'id' => 'id', 'shop_id' => 'id', 'order_ref' => 'id?', 'account_id' => 'id?',
                        'amount' => 'bigint', 'currency' => 'currency', 'method' => 'name?', 'reference' => 'text?',
                        'transfer_id' => 'id?', 'received_at' => 'bigint', 'recorded_by' => 'text?', 'created_at' => 'bigint',
                    ],
                    'primary' => ['id'],
                    'index' => ['pay_order' => ['shop_id', 'order_ref'], 'pay_account' => ['account_id', 'received_at']],
                ]],
                ['create', 'financing_subscriptions', [
                    'columns' => [
                        'subscription_id' => 'key', 'shop_id' => 'id', 'order_ref' => 'id?', 'solution_code' => 'name',
                        'status' => 'name', 'sub_status' => 'name?', 'last_update_ms' => 'bigint=0',
                        'last_event_ids' => 'json?', 'partial_cancellation_applied' => 'bool=0', 'history' => 'json?',
                        'amount' => 'bigint', 'currency' => 'currency', 'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'primary' => ['subscription_id'],
                    'index' => ['fin_order' => ['shop_id', 'order_ref'], 'fin_status' => ['status', 'updated_at']],
                ]],
                ['create', 'financing_inbox', [
                    'columns' => [
                        'id' => 'serial', 'event_id' => 'key', 'subscription_id' => 'key?', 'source' => 'code',
                        'event_type' => 'name?', 'payload' => 'json', 'received_at' => 'bigint', 'applied_at' => 'bigint?',
                        'result_code' => 'name?', 'attempts' => 'int=0', 'last_error' => 'text?',
                    ],
                    'unique' => ['inbox_event' => ['event_id']],
                    'index' => ['inbox_pending' => ['applied_at', 'id'], 'inbox_sub' => ['subscription_id', 'id']],
                ]],
                ['create', 'credit_increase_requests', [
                    'columns' => [
                        'id' => 'id', 'shop_id' => 'id', 'customer_id' => 'id', 'account_id' => 'id', 'currency' => 'currency',
                        'current_limit' => 'bigint', 'requested_limit' => 'bigint', 'granted_limit' => 'bigint?',
                        'state' => 'code', 'message' => 'text?', 'reason' => 'text?', 'decided_by' => 'text?',
                        'decided_at' => 'bigint?', 'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'primary' => ['id'],
                    'index' => ['cir_state' => ['shop_id', 'state', 'created_at'], 'cir_customer' => ['shop_id', 'customer_id']],
                ]],
                ['create', 'withdrawal_requests', [
                    'columns' => [
                        'id' => 'id', 'shop_id' => 'id', 'customer_id' => 'id', 'account_id' => 'id', 'currency' => 'currency',
                        'amount' => 'bigint', 'state' => 'code', 'reserve_transfer_id' => 'id?', 'resolve_transfer_id' => 'id?',
                        'message' => 'text?', 'reason' => 'text?', 'decided_by' => 'text?', 'decided_at' => 'bigint?',
                        'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'primary' => ['id'],
                    'index' => ['wr_state' => ['shop_id', 'state', 'created_at'], 'wr_customer' => ['shop_id', 'customer_id']],
                ]],
            ]],
            3 => ['name' => 'settings, audit log, idempotency', 'steps' => [
                ['create', 'settings', [
                    'columns' => ['shop_id' => 'id', 'name' => 'name', 'value' => 'json', 'updated_at' => 'bigint'],
                    'primary' => ['shop_id', 'name'],
                ]],
                ['create', 'audit_log', [
                    'columns' => [
                        'id' => 'serial', 'at' => 'bigint', 'shop_id' => 'id?', 'actor' => 'text', 'action' => 'name',
                        'subject' => 'key', 'before_json' => 'json?', 'after_json' => 'json?',
                    ],
                    'index' => ['audit_subject' => ['subject', 'id'], 'audit_at' => ['at']],
                ]],
                ['create', 'idempotency', [
                    'columns' => [
                        'idem_key' => 'key', 'op' => 'name', 'request_hash' => 'hash', 'response' => 'json?', 'created_at' => 'bigint',
                    ],
                    'primary' => ['idem_key'],
                    'index' => ['idem_created' => ['created_at']],
                ]],
            ]],
            4 => ['name' => 'refunds by order and funding source; financing redirect', 'steps' => [
                // What each refund gave back per source, so the next refund of the order is judged
                // on what was really refunded (read under the lock), and a replay is answered.
                ['create', 'refunds', [
                    'columns' => [
                        'id' => 'id', 'shop_id' => 'id', 'order_ref' => 'id', 'currency' => 'currency',
                        'amount' => 'bigint', 'wallet_part' => 'bigint=0', 'credit_part' => 'bigint=0',
                        'external_part' => 'bigint=0', 'response' => 'json', 'created_at' => 'bigint',
                    ],
                    'primary' => ['id'],
                    'index' => ['refund_order' => ['shop_id', 'order_ref']],
                ]],
                // Where the buyer was sent, so a repeated start answers the same journey.
                ['add_column', 'financing_subscriptions', 'redirect', 'json?'],
            ]],
            5 => ['name' => 'rejected webhooks counted per hour and reason; one open credit-increase request per customer', 'steps' => [
                // One row per shop, hour and reason however many forged deliveries arrive: a
                // counter and the last delivery's size and digest, never one row per request.
                ['create', 'webhook_rejections', [
                    'columns' => [
                        'shop_id' => 'id', 'window_start' => 'bigint', 'reason' => 'code', 'hits' => 'bigint=0',
                        'first_at' => 'bigint', 'last_at' => 'bigint', 'last_bytes' => 'bigint=0', 'last_sha256' => 'hash?',
                    ],
                    'primary' => ['shop_id', 'window_start', 'reason'],
                ]],
                // One open credit-increase request per customer and currency: the open one holds
                // "shop:customer:currency" here (unique; NULL once decided), a second one updates it.
                ['add_column', 'credit_increase_requests', 'open_key', 'key?'],
                ['add_index', 'credit_increase_requests', 'cir_open', ['open_key'], true],
            ]],
            6 => ['name' => 'after the sale: requests to the financing provider, purchase-order numbers', 'steps' => [
                // Delivery confirmations and cancellations sent to the provider, keyed: each is
                // decided once (by the provider's rules), sent at most once when it changes money
                // (a cancellation whose answer was lost is reconciled by reading the subscription,
                // never sent blind), and retried by the jobs while the provider is down.
                ['create', 'financing_requests', [
                    'columns' => [
                        'id' => 'serial', 'request_key' => 'key', 'shop_id' => 'id', 'order_ref' => 'id',
                        'subscription_id' => 'key?', 'kind' => 'code', 'amount' => 'bigint=0', 'currency' => 'currency',
                        'full_cancel' => 'bool=0', 'financed_after' => 'bigint?', 'state' => 'code', 'reason' => 'name?',
                        'provider_code' => 'name?', 'provider_message' => 'text?', 'attempts' => 'int=0',
                        'next_attempt_at' => 'bigint?', 'claimed_at' => 'bigint?', 'done_at' => 'bigint?',
                        'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'unique' => ['freq_key' => ['request_key']],
                    'index' => ['freq_order' => ['shop_id', 'order_ref', 'id'], 'freq_state' => ['state', 'next_attempt_at']],
                ]],
                // What the provider still finances after our cancellations, and whether the
                // delivery was confirmed (long credit).
                ['add_column', 'financing_subscriptions', 'financed_amount', 'bigint?'],
                ['add_column', 'financing_subscriptions', 'delivered', 'bool=0'],
                // The buyer's purchase-order number for an order (B2B accounting), shown on
                // invoices, statements and e-mails.
                ['create', 'purchase_orders', [
                    'columns' => [
                        'shop_id' => 'id', 'order_ref' => 'id', 'customer_id' => 'id?', 'po_number' => 'text',
                        'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'primary' => ['shop_id', 'order_ref'],
                    'index' => ['po_customer' => ['shop_id', 'customer_id']],
                ]],
            ]],
            7 => ['name' => 'house accounts as appended deltas; one lock row per order', 'steps' => [
                // What a money movement does to an account every customer of a shop shares (sales,
                // top-ups, cash, bonus, withdrawals): appended here instead of updating the shared
                // row, folded into it later (AccountRepository::foldDeltas). Signed minor units.
                ['create', 'account_deltas', [
                    'columns' => [
                        'id' => 'serial', 'account_id' => 'id', 'debits_pending' => 'bigint=0', 'debits_posted' => 'bigint=0',
                        'credits_pending' => 'bigint=0', 'credits_posted' => 'bigint=0', 'created_at' => 'bigint',
                    ],
                    'index' => ['delta_account' => ['account_id', 'id']],
                ]],
                // Serializes what must not run twice at once for one order (refunds): each updates
                // the order's row, which also makes two cluster nodes conflict on it.
                ['create', 'order_locks', [
                    'columns' => ['shop_id' => 'id', 'order_ref' => 'id', 'n' => 'bigint=0'],
                    'primary' => ['shop_id', 'order_ref'],
                ]],
            ]],
            8 => ['name' => 'orders: one row per host order, its events and its host actions (outbox)', 'steps' => [
                // The order's state as `order.decide` keeps it (running accounts per funding
                // source, ...), locked for every event of the order; a few figures as columns for lists.
                ['create', 'orders', [
                    'columns' => [
                        'shop_id' => 'id', 'order_ref' => 'id', 'customer_id' => 'id?', 'currency' => 'currency',
                        'kind' => 'code', 'method' => 'code', 'phase' => 'code', 'status_class' => 'code?',
                        'key_base' => 'id', 'state' => 'json', 'facts' => 'json',
                        'wallet_held' => 'bigint=0', 'credit_held' => 'bigint=0', 'external_held' => 'bigint=0',
                        'top_up_credited' => 'bigint=0', 'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'primary' => ['shop_id', 'order_ref'],
                    'index' => ['ord_customer' => ['shop_id', 'customer_id'], 'ord_phase' => ['shop_id', 'phase', 'updated_at']],
                ]],
                // Every event of an order, keyed: a second delivery is answered from here.
                ['create', 'order_events', [
                    'columns' => [
                        'id' => 'serial', 'shop_id' => 'id', 'order_ref' => 'id', 'event_key' => 'key',
                        'event_hash' => 'hash', 'event' => 'json', 'state' => 'code', 'answer' => 'json?',
                        'received_at' => 'bigint', 'applied_at' => 'bigint?', 'attempts' => 'int=0', 'last_error' => 'text?',
                    ],
                    'unique' => ['oev_key' => ['shop_id', 'order_ref', 'event_key']],
                    'index' => ['oev_waiting' => ['state', 'id']],
                ]],
                // Host actions per order event: claimed once by whoever performs them.
                ['create', 'order_actions', [
                    'columns' => [
                        'id' => 'serial', 'shop_id' => 'id', 'order_ref' => 'id', 'event_key' => 'key', 'seq' => 'int',
                        'action' => 'json', 'created_at' => 'bigint', 'claimed_by' => 'name?', 'claimed_at' => 'bigint?',
                        'done_at' => 'bigint?', 'attempts' => 'int=0', 'last_error' => 'text?',
                    ],
                    'unique' => ['oact_key' => ['shop_id', 'order_ref', 'event_key', 'seq']],
                    'index' => ['oact_open' => ['done_at', 'claimed_at', 'id']],
                ]],
            ]],
            9 => ['name' => 'mass credit/debit batches: preview, progress, one result per customer', 'steps' => [
                // One row per batch: what it moves, where it stands (a cursor is the items' state),
                // what the preview and the run counted, so a page shows the progress of a batch
                // that the host's scheduler runs in steps.
                ['create', 'mass_batches', [
                    'columns' => [
                        'batch_key' => 'id', 'shop_id' => 'id', 'direction' => 'code', 'currency' => 'currency',
                        'amount' => 'bigint', 'reason' => 'text', 'created_by' => 'text', 'state' => 'code',
                        'total' => 'bigint=0', 'previewed' => 'bigint=0', 'preview_apply' => 'bigint=0', 'preview_skip' => 'json?',
                        'processed' => 'bigint=0', 'applied' => 'bigint=0', 'already_done' => 'bigint=0', 'skipped' => 'json?',
                        'created_at' => 'bigint', 'updated_at' => 'bigint',
                    ],
                    'primary' => ['batch_key'],
                    'index' => ['mass_shop' => ['shop_id', 'created_at']],
                ]],
                ['create', 'mass_batch_items', [
                    'columns' => [
                        'batch_key' => 'id', 'seq' => 'bigint', 'customer_id' => 'id', 'preview' => 'name?', 'result' => 'name?',
                    ],
                    'primary' => ['batch_key', 'seq'],
                    'unique' => ['mass_item_customer' => ['batch_key', 'customer_id']],
                    'index' => ['mass_item_result' => ['batch_key', 'result', 'seq']],
                ]],
            ]],
            10 => ['name' => 'after the sale through the order lifecycle: provider answers reported to the order once', 'steps' => [
                // When the provider's answer to a request (done, refused, nothing to send) was
                // given to the order as a `provider_answered` event; NULL: not yet (the jobs do it).
                ['add_column', 'financing_requests', 'reported_at', 'bigint?'],
                ['add_index', 'financing_requests', 'freq_report', ['reported_at', 'state', 'id']],
            ]],
        ];
    }

    public function latestVersion(): int
    {
        return $this->versions === [] ? 0 : (int) array_key_last($this->versions);
    }

    /** The highest applied version (0 when nothing is installed). */
    public function currentVersion(): int
    {
        $applied = $this->appliedVersions();
        return $applied === [] ? 0 : max($applied);
    }

    /** @return list<int> */
    public function appliedVersions(): array
    {
        if (!$this->schema->tableExists(self::VERSION_TABLE)) {
            return [];
        }
        return array_map('intval', array_column($this->c->fetchAll('SELECT version FROM {schema_version} ORDER BY version'), 'version'));
    }

    /** @return list<int> versions not applied yet */
    public function pendingVersions(): array
    {
        return array_values(array_diff(array_keys($this->versions), $this->appliedVersions()));
    }

    /** Installs or completes the schema (= upgrade to the latest version). @return list<int> versions applied now */
    public function install(int $nowS = 0): array
    {
        return $this->upgrade(null, $nowS);
    }

    /**
     * Applies every missing version up to $toVersion (default: latest), in order.
     * @return list<int> the versions applied by this call
     */
    public function upgrade(?int $toVersion = null, int $nowS = 0): array
    {
        $toVersion ??= $this->latestVersion();
        $nowS = $nowS > 0 ? $nowS : time();
        return $this->exclusively(function () use ($toVersion, $nowS): array {
            $this->ensureVersionTable();
            $done = [];
            foreach ($this->versions as $version => $migration) {
                if ($version > $toVersion) {
                    break;
                }
                $apply = function () use ($version, $migration, $nowS): bool {
                    if ((int) $this->c->fetchValue('SELECT COUNT(*) FROM {schema_version} WHERE version = ?', [$version]) > 0) {
                        return false;
                    }
                    foreach ($migration['steps'] as $step) {
                        $this->runStep($step);
                    }
                    $this->c->insertIfAbsent(self::VERSION_TABLE, ['version' => $version, 'name' => $migration['name'], 'applied_at' => $nowS]);
                    return true;
                };
                // SQLite: DDL is transactional, so a version is all or nothing. MySQL commits each
                // DDL statement by itself: steps are idempotent and the version row comes last.
                $applied = $this->c->isSqlite() ? $this->c->transaction($apply, 1) : $apply();
                if ($applied) {
                    $done[] = $version;
                }
            }
            return $done;
        });
    }

    /**
     * Removes the schema. Without $dropData nothing is dropped: the books (balances, movements,
     * receivables, financing follow-up, requests, audit trail, settings, replay answers) outlive
     * the module, and a later install() finds them again. With $dropData every ShopCredit table of
     * this prefix is dropped, the version table last.
     * @return list<string> the tables dropped (real names)
     */
    public function uninstall(bool $dropData = false): array
    {
        if (!$dropData) {
            return [];
        }
        return $this->exclusively(function (): array {
            $dropped = [];
            foreach (array_reverse($this->tableNames()) as $table) {
                if ($this->schema->tableExists($table)) {
                    $this->c->execute($this->schema->dropTableSql($table));
                    $dropped[] = $this->c->table($table);
                }
            }
            if ($this->schema->tableExists(self::VERSION_TABLE)) {
                $this->c->execute($this->schema->dropTableSql(self::VERSION_TABLE));
                $dropped[] = $this->c->table(self::VERSION_TABLE);
            }
            return $dropped;
        });
    }

    /** @return list<string> every table the versions create (logical names, creation order) */
    public function tableNames(): array
    {
        $names = [];
        foreach ($this->versions as $migration) {
            foreach ($migration['steps'] as $step) {
                if ($step[0] === 'create') {
                    $names[] = $step[1];
                }
            }
        }
        return $names;
    }

    public function schema(): Schema
    {
        return $this->schema;
    }

    private function ensureVersionTable(): void
    {
        foreach ($this->schema->createTable(self::VERSION_TABLE, [
            'columns' => ['version' => 'int', 'name' => 'text', 'applied_at' => 'bigint'],
            'primary' => ['version'],
        ]) as $sql) {
            $this->c->execute($sql);
        }
    }

    private function runStep(array $step): void
    {
        switch ($step[0]) {
            case 'create':
                foreach ($this->schema->createTable($step[1], $step[2]) as $sql) {
                    $this->c->execute($sql);
                }
                return;
            case 'add_column':
                if (!$this->schema->columnExists($step[1], $step[2])) {
                    $this->c->execute($this->schema->addColumnSql($step[1], $step[2], $step[3]));
                }
                return;
            case 'add_index':
                if (!$this->schema->indexExists($step[1], $step[2])) {
                    $this->c->execute($this->schema->createIndexSql($step[1], $step[2], $step[3], (bool) ($step[4] ?? false)));
                }
                return;
            default:
                throw new \LogicException("unknown migration step '{$step[0]}'");
        }
    }

    /**
     * @template T
     * @param callable(): T $fn
     * @return T
     */
    private function exclusively(callable $fn): mixed
    {
        if ($this->c->isSqlite()) {
            return $fn();
        }
        $lock = 'sc_migrate:' . md5((string) $this->c->fetchValue('SELECT DATABASE()') . '/' . $this->c->prefix());
        if ((int) $this->c->fetchValue('SELECT GET_LOCK(?, 60)', [$lock]) !== 1) {
            throw new StorageException('another process is migrating the ShopCredit schema (lock not obtained in 60 s)');
        }
        try {
            return $fn();
        } finally {
            $this->c->fetchValue('SELECT RELEASE_LOCK(?)', [$lock]);
        }
    }
}

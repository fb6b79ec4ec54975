<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\FactsQuery;
use ShopCredit\Storage\FactsRows;
use ShopCredit\Storage\MoneyFormat;
use ShopCredit\Storage\ReceivableRepository;
use ShopCredit\Storage\SettingsRepository;

/**
 * Gathers the stored facts the core decides on, in the core's wire shapes: shop settings,
 * credit contexts (account + profile + settings + open receivables), receivables.
 *
 * Settings (SettingsRepository, per shop with global fallback), all in the core's wire shape:
 * `wallet` (walletSettings), `credit` (credit-line settings), `credit.enabled` (bool),
 * `financing.mapping` (status → {orderStatus, isPaid}), `financing.solutions` (solution configs),
 * `financing.enabled` (bool). Absent wallet settings mean the method is off ({enabled:false}).
 */
final class Facts
{
    /** Open receivables a page names one by one (the oldest due first); the rest are summed. */
    public const LISTED = 1000;

    private readonly Clock $clock;

    public function __construct(
        private readonly SettingsRepository $settings,
        private readonly ReceivableRepository $receivables,
        ?Clock $clock = null,
        private readonly ?ShopTime $time = null,
        private readonly ?FactsQuery $query = null,
    ) {
        $this->clock = $clock ?? new SystemClock();
    }

    /**
     * The customer's accounts and their credit line's open receivables, with the shop's settings
     * (kept for this request's other reads): one statement where the server allows (FactsQuery).
     * @param list<string> $accountIds
     */
    public function read(string $shopId, array $accountIds, ?string $creditId): FactsRows
    {
        if ($this->query === null) {
            throw new \LogicException('Facts was built without a FactsQuery');
        }
        return $this->query->read($shopId, $accountIds, $creditId, $this->clock->now());
    }

    /**
     * The balance settings, one object for every currency: its amounts are in its `currency`,
     * other currencies' amounts are in `perCurrency` or come from a recorded rate in `rates`
     * (SettingsService::save stores them so). The core picks the request's currency from it and
     * refuses a currency it has no amounts for (`currency_not_supported`).
     * @return array<string, mixed>
     */
    public function walletSettings(string $shopId): array
    {
        $s = $this->settings->resolve($shopId, 'wallet');
        return \is_array($s) ? $s : ['enabled' => false];
    }

    /** Any stored setting of the shop (global fallback). */
    public function setting(string $shopId, string $name, mixed $default = null): mixed
    {
        return $this->settings->resolve($shopId, $name, $default);
    }

    /** @return array<string, mixed> */
    public function creditSettings(string $shopId): array
    {
        $s = $this->settings->resolve($shopId, 'credit');
        if (!\is_array($s)) {
            throw new InvalidRequest('credit_not_configured', "shop $shopId has no credit-line settings ('credit')");
        }
        if ($this->time !== null) {
            // The one clock: every credit decision and statement reads the shop's date in its time zone.
            $s['utcOffsetS'] = $this->time->utcOffsetS($shopId);
        }
        return $s;
    }

    public function creditEnabled(string $shopId): bool
    {
        return $this->settings->resolve($shopId, 'credit.enabled', false) === true
            && \is_array($this->settings->resolve($shopId, 'credit'));
    }

    public function financingEnabled(string $shopId): bool
    {
        return $this->settings->resolve($shopId, 'financing.enabled', false) === true;
    }

    /** @return list<array<string, mixed>> */
    public function financingSolutions(string $shopId): array
    {
        $s = $this->settings->resolve($shopId, 'financing.solutions', []);
        return \is_array($s) ? \array_values($s) : [];
    }

    /** @return array<string, mixed>|null the stored mapping, or null (the core's default applies) */
    public function financingMapping(string $shopId): ?array
    {
        $m = $this->settings->resolve($shopId, 'financing.mapping');
        return \is_array($m) ? $m : null;
    }

    /**
     * The core's credit context. $account is the stored row (null: no credit line).
     *
     * Its size does not grow with the customer's unpaid orders: the first $listed open
     * receivables (oldest due date first) are named, plus $ownOrderRef's own (credit.check), and
     * every other open one is summed by the database (`openSummary`: count, outstanding, paid,
     * oldest and next due date, overdue as of the shop's today). Decisions pass $listed = 0: the
     * rules read only the sums; pages that show receivables keep the default. $receivables: what
     * receivables() gave for this account before the transaction (checkout), else read now.
     * @param array<string, mixed>|null $account
     * @param array{receivables: list<array<string, mixed>>, openSummary?: array<string, mixed>}|null $receivables
     * @return array<string, mixed>
     */
    public function creditContext(string $shopId, ?array $account, int $listed = self::LISTED, ?string $ownOrderRef = null, ?array $receivables = null): array
    {
        $ctx = [
            'profile' => [
                'onHold' => (bool) ($account['on_hold'] ?? false),
                // An account nobody rated is treated at the lowest level; the risk rules
                // (which level blocks or needs approval) are the core's, from the settings.
                'riskLevel' => (string) ($account['risk_level'] ?? 'low'),
            ],
            'settings' => $this->creditSettings($shopId),
            'receivables' => [],
        ];
        if (isset($account['payment_terms_days'])) {
            $ctx['profile']['paymentTermsDays'] = (int) $account['payment_terms_days'];
        }
        if (isset($account['company_name']) && $account['company_name'] !== '') {
            $ctx['profile']['companyName'] = (string) $account['company_name'];
        }
        if ($account === null) {
            return $ctx;
        }
        $ctx['account'] = AccountRepository::toWire($account);
        return [...$ctx, ...($receivables ?? $this->receivables($shopId, (string) $account['id'], (string) $account['currency'], $listed, $ownOrderRef))];
    }

    /**
     * A credit line's open receivables as its credit context carries them: the first $listed
     * (oldest due first) and $ownOrderRef's named, the others summed (`openSummary`, as of the
     * shop's today) — a few hundred bytes at any number of unpaid orders.
     * @return array{receivables: list<array<string, mixed>>, openSummary?: array<string, mixed>}
     */
    public function receivables(string $shopId, string $accountId, string $currency, int $listed = self::LISTED, ?string $ownOrderRef = null): array
    {
        $named = $this->receivables->openOldestDue($accountId, $listed, $ownOrderRef);
        // Fewer than asked for: every open one (but $ownOrderRef's) is named, nothing is left to sum.
        $allNamed = \count($named) < $listed;
        if ($ownOrderRef !== null) {
            $own = $this->receivables->find($shopId, $ownOrderRef);
            if ($own !== null && $own['state'] === 'open' && (string) $own['account_id'] === $accountId) {
                \array_unshift($named, $own);
            }
        }
        $out = ['receivables' => \array_map([self::class, 'receivableWire'], $named)];
        $rest = $allNamed ? null : $this->receivables->openSummary($accountId, $currency, $this->today($shopId), \array_map('intval', \array_column($named, 'id')), $ownOrderRef);
        if ($rest !== null) {
            $out['openSummary'] = $rest;
        }
        return $out;
    }

    /** The shop-local today (YYYY-MM-DD), as the core reads it (the one clock when the service has it). */
    public function today(string $shopId): string
    {
        return $this->time !== null ? $this->time->today($shopId) : \gmdate('Y-m-d', $this->clock->now() + (int) ($this->creditSettings($shopId)['utcOffsetS'] ?? 0));
    }

    /**
     * CheckoutService::facts() as a customer-facing endpoint may send it to the widget: the same
     * decisions in the browser (credit.status, wallet.balance, eligibility.evaluate give the same
     * answers), without what is the shop's business: the customer's risk level and the shop's
     * risk policy become the one effect that applies to this customer; account ids and the
     * company name are left out.
     * @param array<string, mixed> $facts
     * @return array<string, mixed>
     */
    public static function forWidget(array $facts): array
    {
        $credit = $facts['creditLine']['credit'] ?? null;
        if (\is_array($credit)) {
            $level = (string) ($credit['profile']['riskLevel'] ?? 'low');
            $effects = (array) ($credit['settings']['riskEffects'] ?? []);
            if (isset($effects[$level])) {
                $credit['settings']['riskEffects'] = \array_fill_keys(\array_keys($effects), $effects[$level]);
            }
            $credit['profile']['riskLevel'] = 'low';
            unset($credit['profile']['companyName']);
            if (isset($credit['account']['id'])) {
                $credit['account']['id'] = 'credit';
            }
            $facts['creditLine']['credit'] = $credit;
        }
        if (isset($facts['wallet']['account']['id'])) {
            $facts['wallet']['account']['id'] = 'wallet';
        }
        return $facts;
    }

    /**
     * A stored receivable row → the core's receivable.
     * @param array<string, mixed> $r
     * @return array<string, mixed>
     */
    public static function receivableWire(array $r): array
    {
        $cur = (string) $r['currency'];
        return [
            'orderRef' => (string) $r['order_ref'],
            'currency' => $cur,
            'amount' => MoneyFormat::format((int) $r['amount'], $cur),
            'paid' => MoneyFormat::format((int) $r['paid'], $cur),
            'dueDate' => $r['due_date'] === null ? null : (string) $r['due_date'],
            'state' => (string) $r['state'],
            'lastReminderLevel' => ((int) ($r['last_reminder_level'] ?? 0)) > 0 ? (int) $r['last_reminder_level'] : null,
        ];
    }

    /**
     * The core's receivable answer → the columns to store.
     * @param array<string, mixed> $wire
     * @return array<string, mixed>
     */
    public static function receivableColumns(array $wire): array
    {
        $cur = (string) $wire['currency'];
        return [
            'amount' => MoneyFormat::toMinorNonNegative((string) $wire['amount'], $cur),
            'paid' => MoneyFormat::toMinorNonNegative((string) $wire['paid'], $cur),
            'due_date' => $wire['dueDate'] ?? null,
            'state' => (string) $wire['state'],
        ];
    }
}

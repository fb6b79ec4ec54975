<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Runtime\RuntimeUnavailable;
use ShopCredit\Storage\AccountRepository;
use ShopCredit\Storage\FactsRows;
use ShopCredit\Storage\TransferRepository;

/**
 * Checkout: which methods a cart may use, the reservation at order placement, the settlement
 * when the order reaches a paid or cancelled status.
 *
 * Shapes: $customer = ['customerId' => ?string, 'groupIds' => list<string>, 'loggedIn' => bool];
 * $cart = ['currency' => 'EUR', 'total' => '120.00', 'billingCountry' => 'FR', 'containsTopUp' => bool].
 * The core's answers have the shapes generated from its wire types (Generated/Shapes.php).
 *
 * @phpstan-import-type EligibilityEvaluateResult from \ShopCredit\Generated\Shapes
 * @phpstan-import-type InWireCustomer from \ShopCredit\Generated\Shapes
 * @phpstan-import-type InEligibilityCart from \ShopCredit\Generated\Shapes
 */
final class CheckoutService
{
    public const METHODS = ['credit_line', 'wallet_full', 'wallet_partial', 'financing'];

    public function __construct(
        private readonly Books $books,
        private readonly Facts $facts,
        private readonly AccountRepository $accounts,
        private readonly TransferRepository $transfers,
    ) {
    }

    /**
     * `eligibility.evaluate` over the stored facts. Fail closed: when the core cannot run, every
     * method is unavailable with `runtime_unavailable` (and hidden).
     * @param InWireCustomer $customer
     * @param InEligibilityCart $cart
     * @param ?string $display show_disabled or hide; null: the shop's `checkout.display` setting, read
     *        with the other facts (asking for it first would cost a statement of its own)
     * @return EligibilityEvaluateResult the core's answer (methods[]: method, available, display, reasons, covers, remainingToPay, ...)
     */
    public function eligibility(string $shopId, array $customer, array $cart, ?string $display = 'show_disabled'): array
    {
        try {
            $input = $this->facts($shopId, $customer, (string) ($cart['currency'] ?? ''), $display);
            $input['cart'] = $cart;
            return $this->books->ask('eligibility.evaluate', $input);
        } catch (RuntimeUnavailable) {
            return self::unavailable((string) ($cart['currency'] ?? ''), (string) ($cart['total'] ?? ''));
        }
    }

    /**
     * Everything `eligibility.evaluate` judges except the cart: the customer, the balance and
     * credit line with their settings, the financing solutions. The storefront widget gets this
     * for the logged-in customer (their own data only) so the browser's core previews exactly what
     * the server will decide.
     * @param array<string, mixed> $customer
     * @param ?string $display as eligibility() takes it
     * @param ?FactsRows $rows what Facts::read() gave for this customer's balance and credit line
     *        (the badge's endpoint reads them once for its summary and these facts), else read here
     * @return array<string, mixed>
     */
    public function facts(string $shopId, array $customer, string $currency, ?string $display = 'show_disabled', ?FactsRows $rows = null): array
    {
        $currency = Ids::currency($currency);
        $input = ['customer' => $customer, 'display' => $display];
        $customerId = isset($customer['customerId']) && ($customer['loggedIn'] ?? false) === true ? (string) $customer['customerId'] : null;
        $walletId = $customerId === null ? null : Ids::wallet($shopId, $customerId, $currency);
        $creditId = $customerId === null ? null : Ids::credit($shopId, $customerId, $currency);
        // One statement: the settings, both accounts and the credit line's open receivables summed.
        $rows ??= $this->facts->read($shopId, \array_values(\array_filter([$walletId, $creditId])), $creditId);
        $input['display'] ??= $this->facts->setting($shopId, 'checkout.display') === 'hide' ? 'hide' : 'show_disabled';
        $wallet = $walletId === null ? null : $rows->account($walletId);
        $input['wallet'] = ['settings' => $this->facts->walletSettings($shopId)];
        if ($wallet !== null) {
            $input['wallet']['account'] = AccountRepository::toWire($wallet);
        }
        if ($this->facts->creditEnabled($shopId)) {
            $credit = $creditId === null ? null : $rows->account($creditId);
            $open = $credit === null ? null : $rows->openSummary((string) $creditId, $currency, $this->facts->today($shopId));
            $receivables = $credit === null ? null : ['receivables' => [], ...($open === null ? [] : ['openSummary' => $open])];
            $input['creditLine'] = ['enabled' => true, 'credit' => $this->facts->creditContext($shopId, $credit, 0, null, $receivables)];
        }
        $input['financing'] = ['enabled' => $this->facts->financingEnabled($shopId), 'solutions' => $this->facts->financingSolutions($shopId)];
        return $input;
    }

    /** The fail-closed answer: nothing offered. @return array<string, mixed> */
    public static function unavailable(string $currency, string $total): array
    {
        return [
            'currency' => $currency,
            'total' => $total,
            'runtimeUnavailable' => true,
            'methods' => \array_map(static fn (string $m): array => [
                'method' => $m, 'available' => false, 'display' => 'hidden', 'reasons' => ['runtime_unavailable'],
            ], self::METHODS),
        ];
    }

    /**
     * `checkout.reserve`: reserves the wallet and/or credit-line legs of an order as one linked
     * chain (`{key}:wallet`, `{key}:credit`, pending for $timeoutS). A replay answers `exists`.
     * When the core cannot run: accepted=false, reasons [runtime_unavailable], nothing written.
     * @param array<string, mixed> $customer must be logged in with a customerId
     * @param array<string, mixed> $cart currency, total, containsTopUp?
     * @param array{wallet?: string, creditLine?: string} $legs decimal amounts
     * @return array<string, mixed> accepted, reasons, legs, remainingToPay, ledger
     */
    public function reserve(string $shopId, string $key, string $orderRef, array $customer, array $cart, array $legs, int $timeoutS = 3600): array
    {
        Ids::check($key, 'key');
        Ids::check($orderRef, 'orderRef', 128);
        $currency = Ids::currency((string) ($cart['currency'] ?? ''));
        $customerId = Ids::part((string) ($customer['customerId'] ?? ''), 'customer.customerId');
        $sales = Ids::shop($shopId, 'sales', $currency);
        $walletId = Ids::wallet($shopId, $customerId, $currency);
        $creditId = Ids::credit($shopId, $customerId, $currency);
        $ids = [$sales];
        if (isset($legs['wallet'])) {
            $ids[] = $walletId;
        }
        if (isset($legs['creditLine'])) {
            $ids[] = $creditId;
        }
        // Read before the transaction, so the locks are held for 4 statements only (lock the
        // customer's accounts, insert the reservations, update the accounts, append the sales
        // delta): the shop's settings, and the credit line's receivables (a payment recorded at
        // this very moment counts from the next order; the limit is checked on the locked row).
        $walletSettings = isset($legs['wallet']) ? $this->facts->walletSettings($shopId) : null;
        $credit = isset($legs['creditLine'])
            ? ['enabled' => $this->facts->creditEnabled($shopId), 'receivables' => $this->facts->receivables($shopId, $creditId, $currency, 0)]
            : null;
        try {
            return $this->books->move('checkout.reserve', $ids, ["$key:wallet", "$key:credit"],
                function (array $wire, array $stored, array $rows) use ($shopId, $key, $orderRef, $customer, $cart, $legs, $timeoutS, $sales, $walletId, $creditId, $walletSettings, $credit): array {
                    $input = [
                        'key' => $key, 'orderRef' => $orderRef, 'cart' => $cart, 'customer' => $customer,
                        'legs' => $legs, 'timeoutS' => $timeoutS, 'salesAccount' => $wire[$sales], 'transfers' => $stored,
                    ];
                    if (isset($wire[$walletId])) {
                        $input['wallet'] = ['account' => $wire[$walletId], 'settings' => $walletSettings];
                    }
                    if (isset($wire[$creditId])) {
                        $input['creditLine'] = ['enabled' => $credit['enabled'], 'credit' => $this->facts->creditContext($shopId, $rows[$creditId], 0, null, $credit['receivables'])];
                    }
                    return $input;
                }, onlyNewIds: true);
        } catch (RuntimeUnavailable) {
            return ['accepted' => false, 'reasons' => ['runtime_unavailable'], 'legs' => [], 'ledger' => null];
        }
    }

    /**
     * `checkout.settle`: posts (`paid`) or voids (`cancelled`) every reservation of the order
     * (`{reservation}:post` / `{reservation}:void`). Running it again answers `exists`.
     * @return array<string, mixed> settled, reasons, skipped, ledger
     */
    public function settle(string $orderRef, string $outcome): array
    {
        Ids::check($orderRef, 'orderRef', 128);
        if (!\in_array($outcome, ['paid', 'cancelled'], true)) {
            throw new InvalidRequest('invalid_value', 'outcome must be paid or cancelled', 'outcome');
        }
        $reservations = self::reservations($this->transfers->findByOrderRef($orderRef));
        if ($reservations === []) {
            return ['settled' => false, 'reasons' => ['pending_transfer_not_found'], 'skipped' => [], 'ledger' => null];
        }
        $accountIds = [];
        $derived = [];
        foreach ($reservations as $r) {
            $accountIds[] = $r['debitAccountId'];
            $accountIds[] = $r['creditAccountId'];
            $derived[] = $r['id'] . ':' . ($outcome === 'paid' ? 'post' : 'void');
        }
        return $this->books->move('checkout.settle', \array_values(\array_unique($accountIds)), $derived,
            function (array $wire, array $stored) use ($orderRef, $outcome): array {
                return [
                    'outcome' => $outcome,
                    // read again under the locks: their pending status is current
                    'reservations' => self::reservations($this->transfers->findByOrderRef($orderRef)),
                    'accounts' => \array_values($wire),
                    'transfers' => $stored,
                ];
            });
    }

    /** @param list<array<string, mixed>> $transfers @return list<array<string, mixed>> */
    private static function reservations(array $transfers): array
    {
        return \array_values(\array_filter($transfers, static fn (array $t): bool => \in_array('pending', $t['flags'], true)));
    }
}

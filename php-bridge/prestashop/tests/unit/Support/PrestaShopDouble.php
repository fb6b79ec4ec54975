<?php

declare(strict_types=1);

namespace ShopCreditPs\Tests;

use ShopCredit\I18n\Words;
use ShopCredit\Service\ShopCredit;
use ShopCreditPs\Order\Actions;
use ShopCreditPs\Order\Events;
use ShopCreditPs\Order\NoteText;
use ShopCreditPs\Order\Shop;
use ShopCreditPs\StatusMap;

/**
 * PrestaShop as the adapter sees it, in memory: orders with their state, history, payment rows,
 * notes, mails and stock; the shop's order states with their flags (ids as in a fresh 8.2 shop,
 * ours 20–23). Setting a state fires PrestaShop's status hook back into Events, and, as in the
 * module, the actions answered inside a hook are performed when the request ends
 * (endOfRequest()). Every call the adapter makes is recorded in $calls.
 */
final class PrestaShopDouble implements Shop
{
    public const CONFIG = [
        'PS_OS_CHEQUE' => 1, 'PS_OS_PAYMENT' => 2, 'PS_OS_PREPARATION' => 3, 'PS_OS_SHIPPING' => 4, 'PS_OS_DELIVERED' => 5,
        'PS_OS_CANCELED' => 6, 'PS_OS_REFUND' => 7, 'PS_OS_ERROR' => 8, 'PS_OS_BANKWIRE' => 10, 'PS_OS_COD_VALIDATION' => 13,
        'SHOPCREDIT_OS_AWAITING_FINANCING' => 20, 'SHOPCREDIT_OS_PENDING_CHECK' => 21, 'SHOPCREDIT_OS_FAILED_CHECK' => 22,
        'SHOPCREDIT_OS_ON_ACCOUNT' => 23, 'SHOPCREDIT_OS_ACCOUNT_OK' => 23, 'SHOPCREDIT_OS_PAID' => 2, 'SHOPCREDIT_OS_PARTIAL' => 10,
        'SHOPCREDIT_OS_DUE_START' => 4,
    ];
    /** state id → [paid, logable, shipped] as PrestaShop 8.2 installs them */
    public const FLAGS = [
        1 => [false, false, false], 2 => [true, true, false], 3 => [true, true, false], 4 => [true, true, true], 5 => [true, true, true],
        6 => [false, false, false], 7 => [false, false, false], 8 => [false, false, false], 10 => [false, false, false], 13 => [false, false, false],
        20 => [false, false, false], 21 => [false, false, false], 22 => [false, false, false], 23 => [false, true, false], 30 => [false, true, true],
    ];

    /** @var array<int, array{cart: int, state: int, history: list<int>, payments: list<array>, notes: list<string>, mails: list<string>, restocked: int, held: list<string>}> */
    public array $orders = [];
    /** @var array<int, array<string, mixed>> what the module's earlier versions remembered, per order (their shopcredit_order row and the order's figures) */
    public array $earlier = [];
    /** @var list<string> */
    public array $calls = [];
    /** @var list<array<string, mixed>> */
    private array $later = [];
    /** @var array<int, true> orders whose state changed in this request (settled at its end) */
    private array $settle = [];
    public readonly StatusMap $map;
    public readonly Actions $host;
    public readonly Events $fromHook;
    public readonly Events $now;

    /**
     * Shop 1 on the real bridge and core in memory (SQLite), with credit lines on and due dates
     * starting at the "Shipped" state (4): what the order tests translate against.
     */
    public static function onCreditShop(): self
    {
        $sc = ShopCredit::boot(['dsn' => 'sqlite::memory:', 'install' => true]);
        $sc->settings()->installDefaults('1', 'EUR', 'install');
        $sc->settings->set('1', 'credit.enabled', true);
        $sc->settings->set('1', 'orders.due_date_status', '4');
        return new self($sc);
    }

    public function __construct(public readonly ShopCredit $sc, public readonly string $shopId = '1')
    {
        $this->map = new StatusMap(static fn (string $k): int => self::CONFIG[$k] ?? 0);
        $words = new NoteText(Words::for('en-US', null, static fn (string $a, string $c): string => "$a $c"), static fn (string $s): string => $s);
        $this->host = new Actions($sc, $this, $this->map, $words);
        $this->fromHook = new Events($sc->orders(), $this->map, $this, $words, function (array $actions): void {
            array_push($this->later, ...$actions);
        });
        $this->now = new Events($sc->orders(), $this->map, $this, $words, fn (array $actions) => $sc->orders()->perform($actions, $this->host));
    }

    /** validateOrder: the order exists in its first state (no hook: the module's checkout decided it); PrestaShop's order mails held when asked. */
    public function create(int $cart, int $state, bool $holdMails): int
    {
        $id = count($this->orders) + 1;
        $this->orders[$id] = ['cart' => $cart, 'state' => $state, 'history' => [$state], 'payments' => [], 'notes' => [], 'mails' => [], 'restocked' => 0,
            'held' => $holdMails ? ['order_conf', 'new_order'] : []];
        if (!$holdMails) {
            $this->orders[$id]['mails'] = ['order_conf', 'new_order'];
        }
        return $id;
    }

    /** The merchant (or PrestaShop's own flow) sets a state: the status hook fires. */
    public function merchantSets(int $orderId, int $state): array
    {
        $before = $this->orders[$orderId]['state'];
        $this->orders[$orderId]['state'] = $state;
        $answer = $this->hook($orderId, $state, count($this->orders[$orderId]['history']), $before);
        $this->orders[$orderId]['history'][] = $state;
        return $answer;
    }

    /**
     * A change PrestaShop is in the middle of: its first write and the hook ran, its last write
     * of the state (setCurrentState after the hook) has not landed yet: finishChange().
     */
    public function startChange(int $orderId, int $state): array
    {
        $before = $this->orders[$orderId]['state'];
        $this->orders[$orderId]['state'] = $state;
        return $this->hook($orderId, $state, count($this->orders[$orderId]['history']), $before);
    }

    /** PrestaShop's last write of a change started earlier: the order shows its state again; its request settles it at its end. */
    public function finishChange(int $orderId, int $state): void
    {
        $this->orders[$orderId]['state'] = $state;
        $this->orders[$orderId]['history'][] = $state;
        $this->settle[$orderId] = true;
    }

    /** The same hook delivered again for the last change (two employees, a retried request). */
    public function hookAgain(int $orderId): array
    {
        $h = $this->orders[$orderId]['history'];
        return $this->hook($orderId, (int) end($h), count($h) - 1, $h[count($h) - 2] ?? null);
    }

    /** PrestaShop's actionOrderStatusPostUpdate: the new state and the one it left. */
    private function hook(int $orderId, int $state, int $rows, ?int $before): array
    {
        [$paid, $logable, $shipped] = self::FLAGS[$state];
        $a = $this->fromHook->statusChanged($this->shopId, $this->orders[$orderId]['cart'], $state, ['paid' => $paid, 'logable' => $logable, 'shipped' => $shipped], $rows, $before);
        if (($a['reasons'] ?? []) !== ['order_unknown']) {
            $this->settle[$orderId] = true;
        }
        return $a;
    }

    /** The module's shutdown function (Lifecycle): actions queued from inside hooks, then the changed orders settled, until none is left. */
    public function endOfRequest(): void
    {
        for ($round = 0; $round < 5 && ($this->later !== [] || $this->settle !== []); $round++) {
            while ($this->later !== []) {
                $batch = $this->later;
                $this->later = [];
                $this->sc->orders()->perform($batch, $this->host);
            }
            $settle = $this->settle;
            $this->settle = [];
            foreach (array_keys($settle) as $orderId) {
                $this->now->settled($this->shopId, $this->orders[$orderId]['cart']);
            }
        }
    }

    public function orderOf(string $orderRef): ?int
    {
        foreach ($this->orders as $id => $o) {
            if ('ps-c' . $o['cart'] === $orderRef) {
                return $id;
            }
        }
        return null;
    }

    public function state(int $orderId): int
    {
        return $this->orders[$orderId]['state'];
    }

    public function stateFlags(int $stateId): array
    {
        [$paid, $logable, $shipped] = self::FLAGS[$stateId];
        return ['paid' => $paid, 'logable' => $logable, 'shipped' => $shipped];
    }

    public function setState(int $orderId, int $stateId): void
    {
        $this->calls[] = "state $orderId $stateId";
        $this->merchantSets($orderId, $stateId);
    }

    public function note(int $orderId, string $text): void
    {
        $this->calls[] = "note $orderId";
        $this->orders[$orderId]['notes'][] = $text;
    }

    public function addPayment(int $orderId, string $amount, string $method, ?string $reference): void
    {
        $this->calls[] = "payment $orderId $amount";
        $this->orders[$orderId]['payments'][] = ['amount' => $amount, 'method' => $method, 'reference' => $reference];
    }

    public function paymentLabel(int $orderId): string
    {
        return 'Financing SCFRSP-3XTS';
    }

    public function releaseMails(int $orderId, string $template): int
    {
        $this->calls[] = "release $orderId $template";
        if (!in_array($template, $this->orders[$orderId]['held'], true)) {
            return 0;
        }
        $this->orders[$orderId]['held'] = array_values(array_diff($this->orders[$orderId]['held'], [$template]));
        $this->orders[$orderId]['mails'][] = $template;
        return 1;
    }

    public function moduleMail(int $orderId, string $template, array $vars, bool $toMerchant): void
    {
        $this->calls[] = "mail $orderId $template";
        ksort($vars);
        $this->orders[$orderId]['mails'][] = $template . ($vars === [] ? '' : ' ' . json_encode($vars, JSON_UNESCAPED_UNICODE));
    }

    public function restock(int $orderId): void
    {
        $this->calls[] = "restock $orderId";
        $this->orders[$orderId]['restocked']++;
    }

    public function earlierVersionOrder(int $orderId): ?array
    {
        return $this->earlier[$orderId] ?? null;
    }

    public function money(string $amount, string $currency): string
    {
        return "$amount $currency";
    }
}

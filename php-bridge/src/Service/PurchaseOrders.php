<?php

declare(strict_types=1);

namespace ShopCredit\Service;

use ShopCredit\Storage\Connection;
use ShopCredit\Storage\SettingsRepository;

/**
 * The buyer's purchase-order number of an order (B2B accounting needs it on invoices,
 * statements and e-mails). The merchant chooses with the setting `orders.po_number` whether
 * checkout asks for it on orders on account: `off` (default), `optional` or `required`.
 */
final class PurchaseOrders
{
    public const MODES = ['off', 'optional', 'required'];
    public const MAX_CHARS = 35;

    public function __construct(private readonly Connection $c, private readonly SettingsRepository $settings, private readonly Clock $clock)
    {
    }

    public function mode(string $shopId): string
    {
        $m = $this->settings->resolve($shopId, 'orders.po_number', 'off');
        return \in_array($m, self::MODES, true) ? $m : 'off';
    }

    /**
     * What checkout says about a typed number before the order is placed: null when it may go
     * on, else a stable code (`po_number_required`, `po_number_invalid`).
     */
    public function check(string $shopId, ?string $typed): ?string
    {
        $po = self::clean($typed);
        if ($po === '') {
            return $this->mode($shopId) === 'required' ? 'po_number_required' : null;
        }
        return self::valid($po) ? null : 'po_number_invalid';
    }

    /**
     * Stores the order's number (the same number again changes nothing; another one replaces
     * it, e.g. corrected by the merchant). An empty number removes it.
     * @throws InvalidRequest po_number_invalid
     */
    public function set(string $shopId, string $orderRef, ?string $customerId, ?string $typed): void
    {
        Ids::check($orderRef, 'orderRef', 128);
        $po = self::clean($typed);
        if ($po === '') {
            $this->c->execute('DELETE FROM {purchase_orders} WHERE shop_id = ? AND order_ref = ?', [$shopId, $orderRef]);
            return;
        }
        if (!self::valid($po)) {
            throw new InvalidRequest('po_number_invalid', 'a purchase-order number is 1 to ' . self::MAX_CHARS . ' printable characters', 'poNumber');
        }
        $now = $this->clock->now();
        $this->c->upsert('purchase_orders', [
            'shop_id' => $shopId, 'order_ref' => $orderRef, 'customer_id' => $customerId, 'po_number' => $po,
            'created_at' => $now, 'updated_at' => $now,
        ], ['shop_id', 'order_ref']);
    }

    public function get(string $shopId, string $orderRef): ?string
    {
        $v = $this->c->fetchValue('SELECT po_number FROM {purchase_orders} WHERE shop_id = ? AND order_ref = ?', [$shopId, $orderRef]);
        return $v === null || $v === false ? null : (string) $v;
    }

    /**
     * @param list<string> $orderRefs
     * @return array<string, string> order ref → number, for those that have one
     */
    public function forOrders(string $shopId, array $orderRefs): array
    {
        $out = [];
        foreach (\array_chunk(\array_values(\array_unique($orderRefs)), 500) as $chunk) {
            $rows = $this->c->fetchAll(
                'SELECT order_ref, po_number FROM {purchase_orders} WHERE shop_id = ? AND order_ref IN (' . Connection::placeholders(\count($chunk)) . ')',
                [$shopId, ...$chunk],
            );
            foreach ($rows as $r) {
                $out[(string) $r['order_ref']] = (string) $r['po_number'];
            }
        }
        return $out;
    }

    private static function clean(?string $typed): string
    {
        return \trim((string) \preg_replace('/\s+/u', ' ', (string) $typed));
    }

    private static function valid(string $po): bool
    {
        return \mb_check_encoding($po, 'UTF-8') && \mb_strlen($po) <= self::MAX_CHARS && \preg_match('/^[^\p{C}]+$/u', $po) === 1;
    }
}

<?php
/**
 * The settings doctor's "Order actions" block: host actions that may not have happened
 * (Orders::health: started and never confirmed, or given up after Orders::MAX_ATTEMPTS tries),
 * each a sentence in the shop's language naming the order by its PrestaShop reference and linked
 * to it. They are never retried (never twice): the merchant checks the order and does it by hand.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\I18n\Words;
use ShopCredit\Service\Orders;

final class OrderHealth
{
    /**
     * @param list<string> $shopIds the shops the page is about (every shop in the "all shops" context)
     * @param \Closure(string): ?array{name: string, url: string} $order a books reference → the PrestaShop order (null: none)
     * @param \Closure(int): string $day a timestamp → the shop's date (Y-m-d)
     * @return array{ok: bool, text: string, rows: list<array{text: string, url: ?string}>}
     */
    public static function of(Orders $orders, array $shopIds, Words $w, \Closure $order, \Closure $day): array
    {
        $actions = [];
        foreach ($shopIds as $shopId) {
            array_push($actions, ...$orders->health($shopId, $w)['actions']);
        }
        $rows = [];
        foreach ($actions as $a) {
            $o = $order((string) $a['orderRef']);
            $params = ['order' => $o['name'] ?? (string) $a['orderRef'], 'action' => (string) $a['action'], 'attempts' => (int) $a['attempts'],
                'date' => $a['since'] === null ? '' : $w->date($day((int) $a['since']))];
            $rows[] = ['text' => $w->text('host_action', (string) $a['state'], $params), 'url' => $o['url'] ?? null];
        }
        return ['ok' => $rows === [], 'text' => $rows === [] ? $w->text('host_action', 'all_done') : implode("\n", array_column($rows, 'text')), 'rows' => $rows];
    }
}

<?php
/**
 * The header badge's JSON: only the logged-in customer's own figures (the controller never
 * reads a customer id from the request), and nothing but what the widget shows.
 */

namespace ShopCreditPs;

final class Summary
{
    /** Whose summary: the context's customer, if logged in; request parameters are ignored. */
    public static function subject(int $contextCustomerId, bool $isLogged): ?string
    {
        return $isLogged && $contextCustomerId > 0 ? (string) $contextCustomerId : null;
    }

    /**
     * @param array<string, mixed> $overview Overview::customer()
     * @return array<string, mixed> the widget's Summary (js/src/data.ts)
     */
    public static function payload(array $overview, ?string $locale = null, ?int $now = null): array
    {
        if (($overview['available'] ?? false) !== true) {
            return ['available' => false, 'reason' => (string) ($overview['reason'] ?? 'runtime_unavailable')];
        }
        $out = ['available' => true, 'currency' => (string) $overview['currency']];
        if (is_array($overview['credit'] ?? null)) {
            $out['credit'] = array_intersect_key($overview['credit'], array_flip(['limit', 'exposure', 'remaining', 'overdue', 'nextDueDate', 'blockingReasons', 'blocksNewOrders']));
        }
        if (is_array($overview['wallet'] ?? null)) {
            $out['wallet'] = array_intersect_key($overview['wallet'], array_flip(['balance', 'available', 'reserved', 'incoming']));
        }
        $out['receivables'] = array_values(array_map(
            static fn (array $r): array => array_intersect_key($r, array_flip(['orderRef', 'amount', 'paid', 'remaining', 'dueDate', 'state'])),
            array_filter((array) ($overview['receivables'] ?? []), 'is_array'),
        ));
        if ($locale !== null) {
            $out['locale'] = $locale;
        }
        if ($now !== null) {
            $out['now'] = $now;
        }
        return $out;
    }
}

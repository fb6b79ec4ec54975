<?php
/**
 * Movement filters from a query string (My account > balance, the admin ledger) → the bridge's
 * filters. Anything unknown is dropped: a filter never widens what a page shows.
 */

namespace ShopCreditPs;

final class MovementFilters
{
    public const CODES = ['top_up', 'order_payment', 'order_on_account', 'payment_received', 'refund', 'cancellation_restore',
        'withdrawal', 'bonus', 'cashback', 'adjustment_credit', 'adjustment_debit'];

    /**
     * @param array<string, mixed> $q type, from (YYYY-MM-DD), to (YYYY-MM-DD, inclusive), order (a reference)
     * @return array<string, mixed>
     */
    public static function fromQuery(array $q, int $utcOffsetS = 0): array
    {
        $f = [];
        $type = (string) ($q['type'] ?? '');
        if (in_array($type, self::CODES, true)) {
            $f['code'] = $type;
        }
        foreach (['from' => 'from_s', 'to' => 'to_s'] as $in => $out) {
            $d = (string) ($q[$in] ?? '');
            if (preg_match('/^\d{4}-\d{2}-\d{2}$/', $d) && checkdate((int) substr($d, 5, 2), (int) substr($d, 8, 2), (int) substr($d, 0, 4))) {
                $t = (int) gmmktime(0, 0, 0, (int) substr($d, 5, 2), (int) substr($d, 8, 2), (int) substr($d, 0, 4)) - $utcOffsetS;
                $f[$out] = $out === 'to_s' ? $t + 86400 : $t; // "to" is inclusive: up to the end of that day
            }
        }
        $ref = (string) ($q['order'] ?? '');
        if (preg_match('/^ps-c[1-9]\d{0,18}$/', $ref)) {
            $f['order_ref'] = $ref;
        }
        return $f;
    }

    /** The cursor the bridge gave for the next page, as-is only when it looks like one. */
    public static function cursor(mixed $c): ?string
    {
        return is_string($c) && $c !== '' && strlen($c) <= 200 && preg_match('/^[A-Za-z0-9:_.@\/=+-]+$/', $c) ? $c : null;
    }
}

<?php
/**
 * The employee's own rights each back-office action needs on the ShopCredit tab (Advanced
 * Parameters > Team > Permissions: view / add / edit / delete). A profile that may only view the
 * tab sees every page and export, and is refused every action that changes something.
 */

namespace ShopCreditPs\Admin;

final class Permissions
{
    /** sc_do value → the rights it needs (all of them). Unknown actions are refused. */
    public const ACTION_RIGHTS = [
        'customer_settings' => ['edit'], 'adjust' => ['edit'], 'mail_status' => ['edit'],
        'record_payment' => ['edit'], 'mark_paid' => ['edit'],
        'increase_approve' => ['edit'], 'increase_decline' => ['edit'],
        'withdrawal_approve' => ['edit'], 'withdrawal_reject' => ['edit'],
        'mass' => ['add', 'edit'], 'mass_run' => ['add', 'edit'], 'approve' => ['edit'], 'decline' => ['edit'], 'recheck' => ['edit'],
    ];

    /** @param callable(string): bool $access AdminController::access for the current employee */
    public static function allowed(string $action, callable $access): bool
    {
        $rights = self::ACTION_RIGHTS[$action] ?? null;
        if ($rights === null) {
            return false;
        }
        foreach ($rights as $right) {
            if (!$access($right)) {
                return false;
            }
        }
        return true;
    }
}

<?php
/**
 * Keeps the merchant's "faster runtime" across an upgrade of the module. An upgrade replaces the
 * core, so the choice no longer matches and the shop answers through the plain-PHP core. The
 * doctor checks wasmtime again with the new core, in this web server's PHP, and records the
 * choice only when the check passes (Doctor::keepFasterAfterUpdate). It runs on the next
 * back-office page (displayBackOfficeHeader), on the module's own pages, and in the upgrade
 * scripts. The runtime screen (Configure) tells the merchant once what happened. Never on a
 * storefront request: the check may compile the wasm.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\Runtime\Doctor;
use ShopCreditPs\Bridge;

final class RuntimeUpdate
{
    /** What the last check after an upgrade gave (Doctor's code), until the merchant has seen it. */
    public const NOTICE_KEY = 'SHOPCREDIT_FASTER_NOTICE';

    /** In the back office only, for a signed-in employee, never for an AJAX call. */
    public static function check(): void
    {
        $ctx = \Context::getContext();
        if (!defined('_PS_ADMIN_DIR_') || !isset($ctx->employee) || !$ctx->employee->isLoggedBack() || \Tools::getValue('ajax')) {
            return;
        }
        self::run();
    }

    /** The check itself (an upgrade script calls it directly: the CLI's PHP checks only a choice made there). */
    public static function run(): void
    {
        try {
            $r = Doctor::keepFasterAfterUpdate(Bridge::runtimeConfig());
        } catch (\Throwable $e) {
            \PrestaShopLogger::addLog('ShopCredit: the faster runtime after an upgrade: ' . $e->getMessage(), 2);
            return;
        }
        if ($r !== null) {
            \Configuration::updateGlobalValue(self::NOTICE_KEY, $r['code']);
        }
    }

    /** Once, on the runtime screen: whether the faster runtime stays on after the upgrade, in the shop owner's words. */
    public static function notice(\Shopcredit $module): string
    {
        $code = (string) \Configuration::getGlobalValue(self::NOTICE_KEY);
        if ($code === '') {
            return '';
        }
        \Configuration::deleteByName(self::NOTICE_KEY);
        $words = [
            'kept' => $module->l('ShopCredit was updated: the faster runtime (wasmtime) was checked again with the new version on this server and stays on.', 'runtimeupdate'),
            'cannot_run' => $module->l('ShopCredit was updated, and the faster runtime (wasmtime) cannot run with the new version on this server: the plain-PHP core answers, with the same decisions. The runtime doctor below says why.', 'runtimeupdate'),
            'wrong_answer' => $module->l('ShopCredit was updated, and the faster runtime (wasmtime) gave a wrong answer to a test decision with the new version on this server: the plain-PHP core answers, with the same decisions. The runtime doctor below says why.', 'runtimeupdate'),
            'cannot_record' => $module->l('ShopCredit was updated, and the check of the faster runtime (wasmtime) with the new version could not be recorded on this server: the plain-PHP core answers, with the same decisions. The runtime doctor below says why.', 'runtimeupdate'),
        ];
        $text = \htmlspecialchars($words[$code] ?? $words['cannot_run'], \ENT_QUOTES, 'UTF-8');
        return '<div id="shopcredit-faster-update">' . ($code === 'kept' ? $module->displayConfirmation($text) : $module->displayWarning($text)) . '</div>';
    }
}

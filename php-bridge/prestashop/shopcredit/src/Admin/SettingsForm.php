<?php
/**
 * The settings form's posted values → the bridge's settings (checked by the core when saved)
 * and the module's own Configuration values. Plain arrays in and out: tested without
 * PrestaShop.
 */

namespace ShopCreditPs\Admin;

use ShopCreditPs\Money;

final class SettingsForm
{
    public const CORE_WORDS = ['awaiting_financing', 'paid', 'payment_error', 'cancelled', 'on_hold', 'pending'];
    public const PROVIDER_STATUSES = ['INITIALIZED', 'REQUESTED', 'PRE_ACCEPTED', 'ACCEPTED', 'REJECTED', 'ABORTED', 'CANCELLED'];

    /** One of the core's violations as the page shows it: "financing.mapping INITIALIZED: non_final_status_mapped_to_paid". */
    public static function violationText(array $v): string
    {
        $where = trim((string) ($v['setting'] ?? $v['path'] ?? '') . ' ' . (string) ($v['status'] ?? $v['field'] ?? ''));
        return ($where === '' ? '' : $where . ': ') . (string) ($v['code'] ?? 'invalid_setting') . (isset($v['message']) ? ' (' . $v['message'] . ')' : '');
    }

    /**
     * The form as it shows the stored settings (what an unchanged submit posts back).
     * @param array<string, mixed> $current
     * @return array<string, string>
     */
    /** The balance amounts a currency other than the shop's needs (wallet.perCurrency[ISO]). */
    public const CURRENCY_AMOUNTS = ['minTopUp', 'maxTopUp', 'minWithdrawal'];

    /**
     * The balance amounts per currency (fields wallet_cur_<ISO>_<amount>, typed in that
     * currency): a currency whose fields are all empty has none (its top-ups and withdrawals are
     * refused in words, never priced from another currency). Only the posted currencies change.
     * @param array<string, mixed> $post @param array<string, mixed> $wallet
     * @return array<string, mixed> the wallet setting with its perCurrency
     */
    public static function perCurrency(array $post, array $wallet): array
    {
        $per = is_array($wallet['perCurrency'] ?? null) ? $wallet['perCurrency'] : [];
        $typed = [];
        foreach ($post as $k => $v) {
            if (preg_match('/^wallet_cur_([A-Z]{3})_(' . implode('|', self::CURRENCY_AMOUNTS) . ')$/', (string) $k, $m)) {
                $typed[$m[1]][$m[2]] = trim((string) $v);
            }
        }
        foreach ($typed as $iso => $amounts) {
            $amounts = array_filter($amounts, 'strlen');
            if ($amounts === []) {
                unset($per[$iso]);
                continue;
            }
            $per[$iso] = array_map(static fn (string $a): string => Money::parseInput($a, $iso) ?? $a, $amounts);
        }
        if ($per === []) {
            unset($wallet['perCurrency']);
        } else {
            ksort($per);
            $wallet['perCurrency'] = $per;
        }
        return $wallet;
    }

    /** The form's money fields in the shop's currency → the wallet setting's amount. */
    public const MONEY_FIELDS = ['wallet_min_withdrawal' => 'minWithdrawal', 'wallet_min_topup' => 'minTopUp', 'wallet_max_topup' => 'maxTopUp'];

    /**
     * The form field a refusal of the core is about (InvalidRequest's field, a violation's
     * setting and status), so its words show next to that field; null: the form as a whole.
     */
    public static function fieldOf(?string $path, ?string $status = null): ?string
    {
        $path = (string) $path;
        if ($status !== null && $status !== '' && $path === 'financing.mapping') {
            return 'map_' . $status;
        }
        $direct = ['credit.defaultPaymentTermsDays' => 'credit_terms_days', 'wallet.topUpVat.rate' => 'wallet_topup_vat_rate', 'wallet.topUpVat' => 'wallet_topup_vat',
            'wallet.topUpVat.mode' => 'wallet_topup_vat', 'wallet.allowedGroups' => 'wallet_groups', 'checkout.display' => 'display'];
        foreach (self::MONEY_FIELDS as $field => $k) {
            $direct['wallet.' . $k] = $field;
        }
        if (isset($direct[$path])) {
            return $direct[$path];
        }
        return match (true) {
            (bool) preg_match('/^credit\.riskEffects\.(low|medium|high)$/', $path, $m) => 'risk_' . $m[1],
            (bool) preg_match('/^wallet\.perCurrency\.([A-Z]{3})\.(' . implode('|', self::CURRENCY_AMOUNTS) . ')$/', $path, $m) => 'wallet_cur_' . $m[1] . '_' . $m[2],
            (bool) preg_match('/^financing\.mapping\.([A-Z_]+)/', $path, $m) => 'map_' . $m[1],
            (bool) preg_match('/^wallet\.allowedGroups/', $path) => 'wallet_groups',
            default => null,
        };
    }

    /**
     * What the shop can tell before asking the core: amounts that are not amounts in their
     * currency, payment terms that are not a number of days, a VAT rate that is not a rate.
     * Every field is checked (the merchant sees all of them at once).
     * @param array<string, mixed> $post
     * @return array<string, string> field → error code (the bridge's words say it)
     */
    public static function inputErrors(array $post, string $iso): array
    {
        $errors = [];
        $amounts = [];
        foreach (self::MONEY_FIELDS as $field => $k) {
            $amounts[$field] = $iso;
        }
        foreach ($post as $k => $v) {
            if (preg_match('/^wallet_cur_([A-Z]{3})_(' . implode('|', self::CURRENCY_AMOUNTS) . ')$/', (string) $k, $m)) {
                $amounts[(string) $k] = $m[1];
            }
        }
        foreach ($amounts as $field => $cur) {
            $typed = trim((string) ($post[$field] ?? ''));
            if ($typed !== '' && Money::parseInput($typed, $cur) === null) {
                $errors[$field] = Money::inputError($typed, $cur);
            }
        }
        $days = trim((string) ($post['credit_terms_days'] ?? ''));
        if ($days !== '' && !preg_match('/^\d{1,4}$/', $days)) {
            $errors['credit_terms_days'] = 'invalid_value';
        }
        $rate = trim((string) ($post['wallet_topup_vat_rate'] ?? ''));
        if ($rate !== '' && !preg_match('/^\d{1,2}([.,]\d{1,2})?$/', $rate)) {
            $errors['wallet_topup_vat_rate'] = 'invalid_rate';
        }
        return $errors;
    }

    /**
     * The payment modules ticked for top-ups: HelperForm's checkboxes post topup_methods_<module>;
     * a posted list (topup_methods[]) is read as well.
     * @param array<string, mixed> $post @param list<string> $installed
     * @return list<string> only installed modules
     */
    public static function topUpMethods(array $post, array $installed): array
    {
        $ticked = array_map('strval', (array) ($post['topup_methods'] ?? []));
        foreach ($installed as $name) {
            if (!empty($post['topup_methods_' . $name])) {
                $ticked[] = $name;
            }
        }
        return array_values(array_intersect($installed, $ticked));
    }

    public static function postFromSettings(array $current): array
    {
        $c = (array) ($current['credit'] ?? []);
        $w = (array) ($current['wallet'] ?? []);
        $post = array_filter([
            'credit_enabled' => !empty($current['credit.enabled']) ? '1' : null,
            'credit_terms_days' => (string) ($c['defaultPaymentTermsDays'] ?? 30),
            'credit_block_overdue' => !empty($c['blockWhenOverdue']) ? '1' : null,
            'credit_block_unpaid' => !empty($c['blockWhenUnpaid']) ? '1' : null,
            'wallet_enabled' => !empty($w['enabled']) ? '1' : null,
            'wallet_partial' => !empty($w['allowPartial']) ? '1' : null,
            'wallet_topup' => !empty($w['allowTopUp']) ? '1' : null,
            'wallet_withdrawal' => !empty($w['allowWithdrawal']) ? '1' : null,
            'wallet_min_withdrawal' => isset($w['minWithdrawal']) ? (string) $w['minWithdrawal'] : null,
            'wallet_min_topup' => isset($w['minTopUp']) ? (string) $w['minTopUp'] : null,
            'wallet_max_topup' => isset($w['maxTopUp']) ? (string) $w['maxTopUp'] : null,
            'wallet_groups' => array_values(array_map('strval', (array) ($w['allowedGroups'] ?? []))),
            'wallet_topup_vat' => (string) ($w['topUpVat']['mode'] ?? 'none'),
            'financing_enabled' => !empty($current['financing.enabled']) ? '1' : null,
            'display' => ($current['checkout.display'] ?? '') === 'hide' ? 'hide' : 'show_disabled',
        ], static fn ($v) => $v !== null);
        foreach ((array) ($c['riskEffects'] ?? []) as $level => $effect) {
            $post['risk_' . $level] = (string) $effect;
        }
        foreach ((array) ($w['perCurrency'] ?? []) as $iso => $amounts) {
            foreach (self::CURRENCY_AMOUNTS as $k) {
                if (isset($amounts[$k])) {
                    $post['wallet_cur_' . $iso . '_' . $k] = (string) $amounts[$k];
                }
            }
        }
        foreach ((array) ($current['financing.mapping'] ?? []) as $status => $m) {
            $post['map_' . $status] = (string) ($m['orderStatus'] ?? '');
            if (!empty($m['isPaid'])) {
                $post['paid_' . $status] = '1';
            }
        }
        return $post;
    }

    /**
     * @param array<string, mixed> $post the posted form
     * @param array<string, mixed> $current the shop's current core settings (name → value)
     * @return array<string, mixed> name → value for SettingsService::save
     */
    public static function coreValues(array $post, array $current, string $iso): array
    {
        $credit = is_array($current['credit'] ?? null) ? $current['credit'] : [];
        $credit['defaultPaymentTermsDays'] = (int) ($post['credit_terms_days'] ?? $credit['defaultPaymentTermsDays'] ?? 30);
        $credit['blockWhenOverdue'] = !empty($post['credit_block_overdue']);
        $credit['blockWhenUnpaid'] = !empty($post['credit_block_unpaid']);
        foreach (['low', 'medium', 'high'] as $level) {
            if (isset($post['risk_' . $level])) {
                $credit['riskEffects'][$level] = (string) $post['risk_' . $level];
            }
        }
        $wallet = is_array($current['wallet'] ?? null) ? $current['wallet'] : [];
        $wallet['enabled'] = !empty($post['wallet_enabled']);
        $wallet['allowPartial'] = !empty($post['wallet_partial']);
        $wallet['allowTopUp'] = !empty($post['wallet_topup']);
        $wallet['allowWithdrawal'] = !empty($post['wallet_withdrawal']);
        foreach (['minWithdrawal' => 'wallet_min_withdrawal', 'minTopUp' => 'wallet_min_topup', 'maxTopUp' => 'wallet_max_topup'] as $k => $field) {
            if (isset($post[$field]) && trim((string) $post[$field]) !== '') {
                $wallet[$k] = Money::parseInput((string) $post[$field], $iso) ?? (string) $post[$field];
            }
        }
        // Ticked customer groups (a list), or ids typed comma-separated; none: every group.
        $groups = $post['wallet_groups'] ?? [];
        $groups = is_array($groups) ? $groups : explode(',', (string) $groups);
        $wallet['allowedGroups'] = array_values(array_filter(array_map(static fn ($g) => trim((string) $g), $groups), 'strlen'));
        $wallet = self::perCurrency($post, $wallet);
        $vat = (string) ($post['wallet_topup_vat'] ?? ($wallet['topUpVat']['mode'] ?? 'none'));
        $wallet['topUpVat'] = ['mode' => $vat] + (($vat !== 'none' && isset($wallet['topUpVat']) && is_array($wallet['topUpVat'])) ? array_diff_key($wallet['topUpVat'], ['mode' => 1]) : []);
        if ($vat !== 'none' && isset($post['wallet_topup_vat_rate']) && (string) $post['wallet_topup_vat_rate'] !== '') {
            $wallet['topUpVat']['rate'] = (string) $post['wallet_topup_vat_rate'];
        }
        $mapping = is_array($current['financing.mapping'] ?? null) ? $current['financing.mapping'] : [];
        foreach (self::PROVIDER_STATUSES as $s) {
            if (isset($post['map_' . $s])) {
                // Keys in the core's (sorted) order, so an unchanged row compares equal.
                $mapping[$s] = ['isPaid' => !empty($post['paid_' . $s]), 'orderStatus' => (string) $post['map_' . $s]];
            }
        }
        return [
            'credit' => $credit,
            'credit.enabled' => !empty($post['credit_enabled']),
            'wallet' => $wallet,
            'financing.enabled' => !empty($post['financing_enabled']),
            'financing.mapping' => $mapping,
            'checkout.display' => ($post['display'] ?? '') === 'hide' ? 'hide' : 'show_disabled',
        ];
    }
}

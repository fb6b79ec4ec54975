<?php
/**
 * Modules > ShopCredit > Configure as PrestaShop's own form (HelperForm): the fieldsets with
 * switches, selects of the shop's order states and customer groups, money fields per currency
 * (the currency's sign beside each), and each refused value's words next to its field
 * (form_group_class has-error + sc_error, shown by views/templates/admin/_configure/helpers/form/form.tpl).
 * Plain arrays: what the page shows is built here, what it saves is SettingsForm's.
 */

namespace ShopCreditPs\Admin;

final class SettingsFields
{
    /** @param array<string, string> $errors form field name → words (the refused values) */
    public function __construct(private readonly \Shopcredit $module, private readonly SettingsChoices $choices, private readonly array $errors)
    {
    }

    public function choices(): SettingsChoices
    {
        return $this->choices;
    }

    /** @return list<array<string, mixed>> HelperForm's fields_form (one panel each) */
    public function forms(): array
    {
        return [
            $this->panel('credit', $this->module->l('Credit lines (pay on account)', 'settingsfields'), 'icon-credit-card', $this->creditInputs()),
            $this->panel('balance', $this->module->l('Store balance', 'settingsfields'), 'icon-money', $this->balanceInputs()),
            $this->panel('financing', $this->module->l('Financing', 'settingsfields'), 'icon-bank', $this->financingInputs()),
            $this->panel('jobs', $this->module->l('Jobs and uninstall', 'settingsfields'), 'icon-cogs', $this->jobsInputs()),
        ];
    }

    /**
     * Each field's label (plain text), for the summary above the form: "Minimum top-up: …".
     * @return array<string, string> field name → label
     */
    public function labels(): array
    {
        $out = [];
        foreach ($this->forms() as $form) {
            foreach ($form['form']['input'] as $i) {
                $name = rtrim((string) $i['name'], '[]');
                $out[$name] = html_entity_decode(strip_tags((string) ($i['label'] ?? '')), ENT_QUOTES, 'UTF-8');
                foreach ($i['type'] === 'checkbox' ? $i['values']['query'] : [] as $v) {
                    $out[$name . '_' . $v['id']] = $out[$name] . ' (' . html_entity_decode((string) $v['name'], ENT_QUOTES, 'UTF-8') . ')';
                }
            }
        }
        return $out;
    }

    /** @param list<array<string, mixed>> $inputs */
    private function panel(string $id, string $title, string $icon, array $inputs): array
    {
        return ['form' => [
            'legend' => ['title' => $title, 'icon' => $icon],
            'input' => array_map(fn (array $i): array => $this->withError($i), $inputs),
            'submit' => ['title' => $this->module->l('Save', 'settingsfields'), 'name' => 'submitShopcredit', 'id' => 'shopcredit-save-' . $id],
        ]];
    }

    /**
     * HelperForm prints labels, descriptions and option names as they are: the module's
     * strings come escaped from l(), names from the shop's database and the bridge's words are
     * escaped by SettingsChoices. A field whose value was refused: red, with the words under it.
     */
    private function withError(array $input): array
    {
        $name = rtrim((string) $input['name'], '[]');
        $error = $this->errors[$name] ?? null;
        if ($error === null && ($input['type'] ?? '') === 'checkbox') {
            foreach ($input['values']['query'] as $v) {
                $error ??= $this->errors[$name . '_' . $v['id']] ?? null;
            }
        }
        return $error === null ? $input : ['form_group_class' => 'has-error', 'sc_error' => $error] + $input;
    }

    private function switch(string $name, string $label, ?string $desc = null): array
    {
        return ['type' => 'switch', 'name' => $name, 'label' => $label, 'is_bool' => true, 'desc' => $desc, 'values' => [
            ['id' => $name . '_on', 'value' => 1, 'label' => $this->module->l('Yes', 'settingsfields')],
            ['id' => $name . '_off', 'value' => 0, 'label' => $this->module->l('No', 'settingsfields')],
        ]];
    }

    /** @param array<string|int, string> $options value → words */
    private function select(string $name, string $label, array $options, ?string $desc = null): array
    {
        return ['type' => 'select', 'name' => $name, 'label' => $label, 'desc' => $desc,
            'options' => ['query' => array_map(static fn ($v, $l) => ['id' => (string) $v, 'name' => $l], array_keys($options), $options), 'id' => 'id', 'name' => 'name']];
    }

    private function money(string $name, string $label, string $iso, ?string $desc = null): array
    {
        return ['type' => 'text', 'name' => $name, 'label' => $label, 'suffix' => $this->choices->currencySign($iso), 'class' => 'fixed-width-md', 'desc' => $desc];
    }

    private function creditInputs(): array
    {
        $states = $this->choices->orderStates();
        $inputs = [
            $this->switch('credit_enabled', $this->module->l('Offer pay on account', 'settingsfields')),
            ['type' => 'text', 'name' => 'credit_terms_days', 'label' => $this->module->l('Default payment terms', 'settingsfields'), 'suffix' => $this->module->l('days', 'settingsfields'), 'class' => 'fixed-width-sm'],
            $this->switch('credit_block_overdue', $this->module->l('Block new orders when a payment is overdue', 'settingsfields')),
            $this->switch('credit_block_unpaid', $this->module->l('Block new orders while an order is unpaid', 'settingsfields')),
        ];
        foreach ($this->choices->riskLevels() as $level => $label) {
            $inputs[] = $this->select('risk_' . $level, $label, $this->choices->riskEffects());
        }
        return array_merge($inputs, [
            $this->select('SHOPCREDIT_OS_ACCOUNT_OK', $this->module->l('State of an accepted order on account', 'settingsfields'), $states),
            $this->select('SHOPCREDIT_OS_DUE_START', $this->module->l('State whose date starts the payment terms', 'settingsfields'), $states),
            $this->select('SHOPCREDIT_OS_SHIPPED', $this->module->l('State that means "shipped" for a financed order', 'settingsfields'),
                ['0' => $this->module->l('The first state that counts as shipped (Shipped, Delivered)', 'settingsfields')] + $states,
                $this->module->l('When a financed order reaches it, ShopCredit confirms the delivery to the financing provider (long credit needs it), once.', 'settingsfields')),
            $this->select('po_number_mode', $this->module->l('Purchase-order number at checkout', 'settingsfields'), [
                'off' => $this->module->l('Not asked', 'settingsfields'), 'optional' => $this->module->l('Asked, optional', 'settingsfields'), 'required' => $this->module->l('Required', 'settingsfields')]),
            $this->select('display', $this->module->l('Unavailable methods at checkout', 'settingsfields'), [
                'show_disabled' => $this->module->l('Show disabled, with the reason', 'settingsfields'), 'hide' => $this->module->l('Hide', 'settingsfields')]),
        ]);
    }

    private function balanceInputs(): array
    {
        $iso = $this->choices->shopCurrency();
        $inputs = [
            $this->switch('wallet_enabled', $this->module->l('Offer the store balance', 'settingsfields')),
            $this->switch('wallet_partial', $this->module->l('Allow balance + another method', 'settingsfields')),
            $this->switch('wallet_topup', $this->module->l('Allow top-ups', 'settingsfields')),
            $this->switch('wallet_withdrawal', $this->module->l('Allow withdrawal requests', 'settingsfields')),
            $this->money('wallet_min_topup', $this->module->l('Minimum top-up', 'settingsfields'), $iso),
            $this->money('wallet_max_topup', $this->module->l('Maximum top-up', 'settingsfields'), $iso),
            $this->money('wallet_min_withdrawal', $this->module->l('Minimum withdrawal', 'settingsfields'), $iso),
        ];
        foreach ($this->choices->otherCurrencies() as $other) {
            $empty = sprintf($this->module->l('Empty: customers paying in %s cannot top up or withdraw (amounts are never converted from another currency).', 'settingsfields'), $other);
            $inputs[] = $this->money('wallet_cur_' . $other . '_minTopUp', sprintf($this->module->l('Minimum top-up in %s', 'settingsfields'), $other), $other);
            $inputs[] = $this->money('wallet_cur_' . $other . '_maxTopUp', sprintf($this->module->l('Maximum top-up in %s', 'settingsfields'), $other), $other);
            $inputs[] = $this->money('wallet_cur_' . $other . '_minWithdrawal', sprintf($this->module->l('Minimum withdrawal in %s', 'settingsfields'), $other), $other, $empty);
        }
        $groups = $this->select('wallet_groups[]', $this->module->l('Customer groups that may use the balance', 'settingsfields'), $this->choices->groups(),
            $this->module->l('None selected: every group. Hold Ctrl (Cmd on a Mac) to select several.', 'settingsfields'));
        return array_merge($inputs, [
            $groups + ['multiple' => true, 'size' => min(8, max(3, count($this->choices->groups()))), 'id' => 'wallet_groups'],
            $this->select('wallet_topup_vat', $this->module->l('VAT on top-ups', 'settingsfields'), $this->choices->vatModes()),
            ['type' => 'text', 'name' => 'wallet_topup_vat_rate', 'label' => $this->module->l('VAT rate on top-ups', 'settingsfields'), 'suffix' => '%', 'class' => 'fixed-width-sm'],
            ['type' => 'checkbox', 'name' => 'topup_methods', 'label' => $this->module->l('Payment methods that may pay a top-up', 'settingsfields'),
                'values' => ['query' => $this->choices->paymentModules(), 'id' => 'id', 'name' => 'name'],
                'desc' => $this->module->l('A top-up is credited when its payment is received (an order state flagged paid). Methods that settle later are off unless you tick them.', 'settingsfields')],
            $this->select('SHOPCREDIT_OS_PARTIAL', $this->module->l('State of an order with a balance part and a remainder to pay', 'settingsfields'), $this->choices->orderStates()),
            $this->select('SHOPCREDIT_OS_PAID', $this->module->l('State of a paid order (balance, financing accepted)', 'settingsfields'), $this->choices->orderStates()),
        ]);
    }

    private function financingInputs(): array
    {
        $inputs = [
            $this->switch('financing_enabled', $this->module->l('Offer financing', 'settingsfields')),
            ['type' => 'text', 'name' => 'SHOPCREDIT_PROVIDER_ID', 'label' => $this->module->l('API key id', 'settingsfields')],
            ['type' => 'password', 'name' => 'SHOPCREDIT_PROVIDER_SECRET', 'label' => $this->module->l('API key secret', 'settingsfields'), 'desc' => $this->choices->secretNote('SHOPCREDIT_PROVIDER_SECRET')],
            ['type' => 'text', 'name' => 'SHOPCREDIT_PROVIDER_URL', 'label' => $this->module->l('Base URL (empty: production)', 'settingsfields')],
            $this->switch('SHOPCREDIT_PROVIDER_CUSTOM_URL', $this->module->l('Sandbox or custom provider URL', 'settingsfields'), $this->module->l('Allow a URL other than the provider\'s production host (tests only: the API key goes there)', 'settingsfields')),
            ['type' => 'password', 'name' => 'SHOPCREDIT_WEBHOOK_KEY', 'label' => $this->module->l('Webhook signing key', 'settingsfields'), 'desc' => $this->choices->secretNote('SHOPCREDIT_WEBHOOK_KEY')],
            ['type' => 'free', 'name' => 'sc_webhook_url', 'label' => $this->module->l('Webhook URL', 'settingsfields')],
        ];
        foreach ($this->choices->providerStatuses() as $status => $words) {
            $inputs[] = $this->select('map_' . $status, sprintf($this->module->l('Order status when the lender says: %s', 'settingsfields'), $words), $this->choices->coreStatuses());
        }
        $inputs[] = ['type' => 'checkbox', 'name' => 'paid', 'label' => $this->module->l('Lender statuses that mean the order is paid', 'settingsfields'),
            'values' => ['query' => array_map(static fn ($s, $w) => ['id' => $s, 'name' => $w], array_keys($this->choices->providerStatuses()), $this->choices->providerStatuses()), 'id' => 'id', 'name' => 'name']];
        return $inputs;
    }

    private function jobsInputs(): array
    {
        return [
            ['type' => 'free', 'name' => 'sc_cron_url', 'label' => $this->module->l('Cron URL (polling, reminders, expiry; run every 15 minutes)', 'settingsfields')],
            $this->select('SHOPCREDIT_RUNTIME', $this->module->l('Runtime', 'settingsfields'), [
                'auto' => $this->module->l('Automatic (plain PHP; the faster runtime once you turn it on in the runtime doctor)', 'settingsfields'), 'wasmtime' => 'wasmtime', 'php' => $this->module->l('Plain PHP', 'settingsfields')]),
            ['type' => 'text', 'name' => 'SHOPCREDIT_LIBWASMTIME', 'label' => $this->module->l('libwasmtime path (empty: bundled / environment)', 'settingsfields')],
            $this->switch('SHOPCREDIT_DROP_ON_UNINSTALL', $this->module->l('Delete the books when uninstalling', 'settingsfields')),
        ];
    }
}

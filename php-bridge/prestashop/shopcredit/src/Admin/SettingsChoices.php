<?php
/**
 * What the settings form's selects offer, in words: the shop's order states and customer groups
 * (in the employee's language), its currencies and their signs, the payment modules that may pay
 * a top-up, the lender's statuses and the order statuses they map to. Read from PrestaShop once
 * per page (fromShop), plain arrays afterwards; every text HTML-escaped once (the module's l()
 * strings come escaped, database names and the bridge's words do not).
 */

namespace ShopCreditPs\Admin;

final class SettingsChoices
{
    /**
     * @param array<string, array<string, string>> $lists name → (value → words): orderStates, groups,
     *        riskLevels, riskEffects, vatModes, providerStatuses, coreStatuses, signs (ISO → sign)
     * @param list<array{id: string, name: string}> $paymentModules
     * @param array<string, string> $secretNotes config key → words ('' when none is stored)
     */
    public function __construct(
        private readonly string $shopCurrency,
        private readonly array $lists,
        private readonly array $paymentModules,
        private readonly array $secretNotes,
    ) {
    }

    public static function fromShop(\Shopcredit $module, string $shopCurrency, array $paymentModules): self
    {
        $ctx = \Context::getContext();
        $lang = (int) $ctx->language->id;
        $signs = [];
        foreach (\Currency::getCurrenciesByIdShop((int) $ctx->shop->id) ?: [] as $c) {
            $signs[strtoupper((string) $c['iso_code'])] = (string) ($c['sign'] ?? $c['symbol'] ?? $c['iso_code']);
        }
        $words = \ShopCreditPs\ShopWords::of($module);
        $stored = static fn (string $key): string => (string) \Configuration::getGlobalValue($key) !== '' ? $module->l('A key is stored; leave empty to keep it.', 'settingschoices') : '';
        return new self($shopCurrency, [
            'orderStates' => array_column(\OrderState::getOrderStates($lang), 'name', 'id_order_state'),
            'groups' => array_column(\Group::getGroups($lang), 'name', 'id_group'),
            'riskLevels' => ['low' => $module->l('Low risk customers', 'settingschoices'), 'medium' => $module->l('Medium risk customers', 'settingschoices'), 'high' => $module->l('High risk customers', 'settingschoices')],
            'riskEffects' => ['none' => $module->l('Order on account as usual', 'settingschoices'), 'manual_approval' => $module->l('Each order waits for my approval', 'settingschoices'), 'block' => $module->l('No orders on account', 'settingschoices')],
            'vatModes' => ['none' => $module->l('No VAT: the amount paid is credited', 'settingschoices'), 'included' => $module->l('VAT included in the amount paid: the net amount is credited', 'settingschoices')],
            'providerStatuses' => array_combine(SettingsForm::PROVIDER_STATUSES, array_map(static fn (string $s): string => $words->text('financing_status', $s), SettingsForm::PROVIDER_STATUSES)),
            'coreStatuses' => ['awaiting_financing' => $module->l('Awaiting financing', 'settingschoices'), 'paid' => $module->l('Paid', 'settingschoices'), 'payment_error' => $module->l('Payment error', 'settingschoices'),
                'cancelled' => $module->l('Cancelled', 'settingschoices'), 'on_hold' => $module->l('On hold', 'settingschoices'), 'pending' => $module->l('Pending', 'settingschoices')],
            'signs' => $signs,
        ], $paymentModules, ['SHOPCREDIT_PROVIDER_SECRET' => $stored('SHOPCREDIT_PROVIDER_SECRET'), 'SHOPCREDIT_WEBHOOK_KEY' => $stored('SHOPCREDIT_WEBHOOK_KEY')]);
    }

    /** @return array<string, string> escaped for HTML (HelperForm prints option names as they are) */
    private function list(string $name): array
    {
        return array_map(static fn ($v): string => htmlspecialchars(html_entity_decode((string) $v, ENT_QUOTES, 'UTF-8'), ENT_QUOTES, 'UTF-8'), $this->lists[$name] ?? []);
    }

    public function orderStates(): array
    {
        return $this->list('orderStates');
    }

    public function groups(): array
    {
        return $this->list('groups');
    }

    public function riskLevels(): array
    {
        return $this->list('riskLevels');
    }

    public function riskEffects(): array
    {
        return $this->list('riskEffects');
    }

    public function vatModes(): array
    {
        return $this->list('vatModes');
    }

    public function providerStatuses(): array
    {
        return $this->list('providerStatuses');
    }

    public function coreStatuses(): array
    {
        return $this->list('coreStatuses');
    }

    public function shopCurrency(): string
    {
        return $this->shopCurrency;
    }

    /** @return list<string> the shop's other currencies (each gets its own amounts) */
    public function otherCurrencies(): array
    {
        return array_values(array_diff(array_keys($this->list('signs')), [$this->shopCurrency]));
    }

    /** "€ EUR": the sign the merchant knows, and the code that tells dollars apart. */
    public function currencySign(string $iso): string
    {
        $sign = $this->list('signs')[$iso] ?? '';
        return $sign === '' || $sign === $iso ? $iso : $sign . ' ' . $iso;
    }

    /** @return list<array{id: string, name: string}> */
    public function paymentModules(): array
    {
        return array_map(static fn (array $m): array => ['id' => $m['id'], 'name' => htmlspecialchars(html_entity_decode($m['name'], ENT_QUOTES, 'UTF-8'), ENT_QUOTES, 'UTF-8')], $this->paymentModules);
    }

    public function secretNote(string $key): string
    {
        return $this->secretNotes[$key] ?? '';
    }
}

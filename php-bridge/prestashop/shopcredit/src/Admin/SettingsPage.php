<?php
/**
 * Modules > ShopCredit > Configure: the rules' settings (saved through the bridge, checked by
 * the core: a violation stores nothing and is shown), the module's PrestaShop choices (states,
 * provider credentials, webhook key, cron URL), and the runtime doctor's report.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Service\InvalidRequest;
use ShopCredit\Service\PurchaseOrders;
use ShopCredit\Storage\SettingsRepository;
use ShopCreditPs\Bridge;
use ShopCreditPs\ConfigDefaults;
use ShopCreditPs\TopUp;

final class SettingsPage
{
    private const HOST_KEYS = ['SHOPCREDIT_OS_ACCOUNT_OK', 'SHOPCREDIT_OS_DUE_START', 'SHOPCREDIT_OS_SHIPPED', 'SHOPCREDIT_OS_PARTIAL', 'SHOPCREDIT_OS_PAID',
        'SHOPCREDIT_PROVIDER_ID', 'SHOPCREDIT_PROVIDER_URL', 'SHOPCREDIT_RUNTIME', 'SHOPCREDIT_LIBWASMTIME'];

    public function __construct(private readonly \Shopcredit $module)
    {
    }

    public function render(): string
    {
        $ctx = \Context::getContext();
        $out = '';
        $shopId = self::scope();
        $iso = (string) \Currency::getIsoCodeById((int) \Configuration::get('PS_CURRENCY_DEFAULT'));
        if (\Tools::isSubmit('submitShopcredit')) {
            $out .= $this->save($shopId, $iso);
        }
        $core = [];
        $coreError = null;
        try {
            $sc = Bridge::sc();
            // An install from before the shared defaults: write them once (a shop's own values win).
            if ($sc->settings()->all(SettingsRepository::GLOBAL_SHOP) === []) {
                $sc->settings()->installGlobalDefaults($iso, 'admin:' . (int) $ctx->employee->id);
            }
            $core = $sc->settings()->effective($shopId);
        } catch (\Throwable $e) {
            $coreError = $e->getMessage();
        }
        $report = Doctor::report(Bridge::runtimeConfig() + ['write_preload_header' => true]);
        $states = \OrderState::getOrderStates((int) $ctx->language->id);
        $ctx->smarty->assign([
            'sc_action' => $ctx->link->getAdminLink('AdminModules', true, [], ['configure' => $this->module->name]),
            'sc_core' => $core,
            'sc_core_error' => $coreError,
            'sc_scope' => $shopId === SettingsRepository::GLOBAL_SHOP ? null : (string) \Context::getContext()->shop->name,
            'sc_multishop' => \Shop::isFeatureActive(),
            'sc_host' => array_combine(self::HOST_KEYS, array_map(static fn ($k) => (string) \Configuration::getGlobalValue($k), self::HOST_KEYS)),
            'sc_custom_url' => (bool) \Configuration::getGlobalValue('SHOPCREDIT_PROVIDER_CUSTOM_URL'),
            'sc_rejections' => $this->rejections($shopId),
            'sc_secret_set' => (string) \Configuration::getGlobalValue('SHOPCREDIT_PROVIDER_SECRET') !== '',
            'sc_webhook_key_set' => (string) \Configuration::getGlobalValue('SHOPCREDIT_WEBHOOK_KEY') !== '',
            'sc_drop' => (bool) \Configuration::getGlobalValue('SHOPCREDIT_DROP_ON_UNINSTALL'),
            'sc_states' => $states,
            'sc_words' => SettingsForm::CORE_WORDS,
            'sc_provider_statuses' => SettingsForm::PROVIDER_STATUSES,
            'sc_cron_url' => $ctx->link->getModuleLink($this->module->name, 'cron', ['token' => (string) \Configuration::getGlobalValue('SHOPCREDIT_CRON_TOKEN')], true),
            'sc_webhook_url' => $ctx->link->getModuleLink($this->module->name, 'webhook', [], true),
            'sc_doctor' => $report,
            'sc_doctor_text' => Doctor::format($report),
            'sc_order_health' => $this->orderHealth($shopId),
            'sc_admin_url' => $ctx->link->getAdminLink(\Shopcredit::ADMIN_TAB),
            'sc_payment_modules' => $this->paymentModules(),
            'sc_topup_methods' => $this->safe(fn () => TopUp::allowedMethods($shopId), []),
            'sc_settle_later' => TopUp::SETTLE_LATER,
            'sc_po_mode' => $this->safe(fn () => Bridge::sc()->purchaseOrders()->mode($shopId), 'off'),
            'sc_groups' => \Group::getGroups((int) $ctx->language->id),
            'sc_other_currencies' => array_values(array_diff(array_map(static fn ($c) => strtoupper((string) $c['iso_code']), \Currency::getCurrenciesByIdShop((int) $ctx->shop->id) ?: []), [$iso])),
            'sc_risk_levels' => ['low' => $this->module->l('Low risk customers', 'settingspage'), 'medium' => $this->module->l('Medium risk customers', 'settingspage'), 'high' => $this->module->l('High risk customers', 'settingspage')],
            'sc_risk_effects' => ['none' => $this->module->l('Order on account as usual', 'settingspage'), 'manual_approval' => $this->module->l('Each order waits for my approval', 'settingspage'), 'block' => $this->module->l('No orders on account', 'settingspage')],
            'sc_vat_modes' => ['none' => $this->module->l('No VAT: the amount paid is credited', 'settingspage'), 'included' => $this->module->l('VAT included in the amount paid: the net amount is credited', 'settingspage')],
        ]);
        return $out . $this->module->display($this->module->getLocalPath() . 'shopcredit.php', 'views/templates/admin/settings.tpl');
    }

    private function save(string $shopId, string $iso): string
    {
        $ctx = \Context::getContext();
        $custom = (bool) \Tools::getValue('SHOPCREDIT_PROVIDER_CUSTOM_URL');
        $problem = ScalexpertConfig::urlProblem((string) \Tools::getValue('SHOPCREDIT_PROVIDER_URL'), $custom);
        if ($problem !== null) {
            // The client id and secret would be sent there: nothing is saved.
            return $this->module->displayError(htmlspecialchars($this->module->l('Not saved: the provider URL must be the provider\'s own (tick "sandbox or custom URL" for anything else).', 'settingspage') . " ($problem)", ENT_QUOTES, 'UTF-8'));
        }
        \Configuration::updateGlobalValue('SHOPCREDIT_PROVIDER_CUSTOM_URL', $custom ? 1 : 0);
        foreach (self::HOST_KEYS as $k) {
            if (\Tools::getIsset($k)) {
                \Configuration::updateGlobalValue($k, trim((string) \Tools::getValue($k)));
            }
        }
        foreach (['SHOPCREDIT_PROVIDER_SECRET', 'SHOPCREDIT_WEBHOOK_KEY'] as $k) {
            // Secrets are never shown back: an empty field keeps the stored one.
            if (trim((string) \Tools::getValue($k)) !== '') {
                \Configuration::updateGlobalValue($k, trim((string) \Tools::getValue($k)));
            }
        }
        \Configuration::updateGlobalValue('SHOPCREDIT_DROP_ON_UNINSTALL', \Tools::getValue('SHOPCREDIT_DROP_ON_UNINSTALL') ? 1 : 0);
        Bridge::reset();
        try {
            $this->saveLifecycle($shopId);
        } catch (\Throwable $e) {
            return $this->module->displayError(self::html($this->module->l('Not saved: the core could not run.', 'settingspage') . ' ' . $e->getMessage()));
        }
        try {
            $sc = Bridge::sc();
            $values = SettingsForm::coreValues($_POST, $sc->settings()->effective($shopId), $iso);
            $by = 'admin:' . (int) $ctx->employee->id;
            // "All shops": the defaults of every shop without its own values; one shop: that shop only.
            $r = $shopId === SettingsRepository::GLOBAL_SHOP ? $sc->settings()->saveDefaults($values, $iso, $by) : $sc->settings()->save($shopId, $values, $iso, $by);
        } catch (InvalidRequest $e) {
            return $this->module->displayError(self::html($this->module->l('Not saved:', 'settingspage') . ' ' . $e->getMessage()));
        } catch (\Throwable $e) {
            return $this->module->displayError(self::html($this->module->l('Not saved: the core could not run.', 'settingspage') . ' ' . $e->getMessage()));
        }
        if (!$r['saved']) {
            $lines = array_map([SettingsForm::class, 'violationText'], $r['violations']);
            return $this->module->displayError(self::html($this->module->l('Not saved:', 'settingspage') . ' ' . implode('; ', $lines)));
        }
        // What changed is in the audit log; the merchant is not shown setting keys.
        return $this->module->displayConfirmation(self::html($this->module->l('Settings saved.', 'settingspage')));
    }

    /**
     * What the order lifecycle reads from the bridge: the payment modules allowed for top-ups
     * (only installed ones), the purchase-order number's mode, the due-date state, the state that
     * means a financed order was shipped and the shop's time zone (syncBridgeSettings).
     */
    private function saveLifecycle(string $shopId): void
    {
        $sc = Bridge::sc();
        $installed = array_column($this->paymentModules(), 'name');
        $posted = array_map('strval', (array) \Tools::getValue('topup_methods', []));
        $sc->settings->set($shopId, TopUp::SETTING, array_values(array_intersect($installed, $posted)));
        $po = (string) \Tools::getValue('po_number_mode');
        $sc->settings->set($shopId, 'orders.po_number', in_array($po, PurchaseOrders::MODES, true) ? $po : 'off');
        $this->module->syncBridgeSettings();
    }

    /** The shop's payment modules other than ours. @return list<array{name: string, label: string}> */
    private function paymentModules(): array
    {
        $out = [];
        foreach (\PaymentModule::getInstalledPaymentModules() as $m) {
            if ($m['name'] !== $this->module->name) {
                $instance = \Module::getInstanceByName((string) $m['name']);
                $out[] = ['name' => (string) $m['name'], 'label' => $instance ? (string) $instance->displayName : (string) $m['name']];
            }
        }
        return $out;
    }

    private function safe(\Closure $read, mixed $default): mixed
    {
        try {
            return $read();
        } catch (\Throwable) {
            return $default;
        }
    }

    /** displayError/displayConfirmation print HTML: messages that may echo posted values are escaped. */
    private static function html(string $text): string
    {
        return htmlspecialchars($text, ENT_QUOTES, 'UTF-8');
    }

    /** Order actions that may not have happened (OrderHealth), each linked to its order; null when the core cannot run. */
    private function orderHealth(string $shopId): ?array
    {
        $link = \Context::getContext()->link;
        $order = static function (string $ref) use ($link): ?array {
            $cart = \ShopCreditPs\Requests::cartIdFromRef($ref);
            $id = $cart === null ? 0 : (int) \Order::getIdByCartId($cart);
            return $id > 0 ? ['name' => (string) (new \Order($id))->reference, 'url' => $link->getAdminLink('AdminOrders', true, [], ['id_order' => $id, 'vieworder' => 1])] : null;
        };
        try {
            // The shop's dates: PrestaShop runs PHP in the shop's time zone.
            // The "all shops" context: every shop's (Orders::health is per shop).
            $all = \Shop::isFeatureActive() && \Shop::getContext() !== \Shop::CONTEXT_SHOP;
            $shops = $all ? array_map(static fn ($id): string => Bridge::shopId((int) $id), \Shop::getShops(true, null, true)) : [$shopId];
            return OrderHealth::of(Bridge::sc()->orders(), array_values($shops), \ShopCreditPs\Order\Lifecycle::words($this->module)->words(), $order, static fn (int $t): string => date('Y-m-d', $t));
        } catch (\Throwable) {
            return null;
        }
    }

    /** The doctor's summary of rejected webhook deliveries (counted, never logged one by one). */
    private function rejections(string $shopId): ?array
    {
        try {
            return Bridge::sc()->overview()->webhookRejections($shopId);
        } catch (\Throwable) {
            return null;
        }
    }

    /**
     * Whose settings the page shows and saves: the shop of the back office's context, or, in
     * the "all shops" (or group) context of a multishop back office, the shared defaults every
     * shop without its own values runs on. Never another shop's row (a save in one shop's
     * context once overwrote shop 1's settings).
     */
    public static function scope(): string
    {
        return \Shop::isFeatureActive() && \Shop::getContext() !== \Shop::CONTEXT_SHOP ? SettingsRepository::GLOBAL_SHOP : Bridge::shopId();
    }

    /** @return list<string> */
    public static function secretKeys(): array
    {
        return ConfigDefaults::SECRETS;
    }
}

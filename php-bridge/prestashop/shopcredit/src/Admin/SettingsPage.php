<?php
/**
 * Modules > ShopCredit > Configure: the rules' settings (saved through the bridge, checked by
 * the core: a violation stores nothing and is shown), the module's PrestaShop choices (states,
 * provider credentials, webhook key, cron URL), and the runtime doctor's report.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\Financing\ScalexpertConfig;
use ShopCredit\Runtime\Doctor;
use ShopCredit\Runtime\DoctorWords;
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
        $errors = [];
        $shopId = self::scope();
        $iso = (string) \Currency::getIsoCodeById((int) \Configuration::get('PS_CURRENCY_DEFAULT'));
        if (\Tools::isSubmit('submitShopcreditFaster')) {
            $out = $this->turnFaster((string) \Tools::getValue('sc_faster') === 'on');
        } elseif (\Tools::isSubmit('submitShopcredit')) {
            [$out, $errors] = $this->save($shopId, $iso);
        }
        $fields = new SettingsFields($this->module, $this->choices($iso), $errors);
        if ($errors !== []) {
            $out = $this->refusedSummary($errors, $fields->labels());
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
        $out = RuntimeUpdate::notice($this->module) . $out;
        $report = Doctor::report(Bridge::runtimeConfig() + ['write_preload_header' => true]);
        $ctx->smarty->assign([
            'sc_form' => $this->form($shopId, $fields, $core, $errors),
            'sc_core_error' => $coreError,
            'sc_scope' => $shopId === SettingsRepository::GLOBAL_SHOP ? null : (string) \Context::getContext()->shop->name,
            'sc_multishop' => \Shop::isFeatureActive(),
            'sc_rejections' => $this->rejections($shopId),
            'sc_doctor' => $report,
            'sc_doctor_rows' => $this->doctorRows($report['checks']),
            'sc_doctor_text' => Doctor::format($report),
            'sc_runtime_words' => $this->runtimeWords()[(string) ($report['words']['code'] ?? '')] ?? null,
            'sc_faster' => self::fasterControls($report),
            'sc_faster_url' => $ctx->link->getAdminLink('AdminModules', true, [], ['configure' => $this->module->name]),
            'sc_order_health' => $this->orderHealth($shopId),
            'sc_admin_url' => $ctx->link->getAdminLink(\Shopcredit::ADMIN_TAB),
        ]);
        return $out . $this->module->display($this->module->getLocalPath() . 'shopcredit.php', 'views/templates/admin/settings.tpl');
    }

    /**
     * The doctor's rows in the employee's language (the bridge's words catalogue; values stay as
     * Doctor wrote them).
     * @param list<array{id: string, status: string, title: string, detail: string}> $checks
     * @return list<array{id: string, status: string, title: string, detail: string}>
     */
    private function doctorRows(array $checks): array
    {
        $words = \ShopCreditPs\ShopWords::of($this->module);
        return array_map(static fn (array $c): array => ['id' => $c['id']] + DoctorWords::row($words, $c), $checks);
    }

    /** Which runtime answers and why (the doctor's words code → the shop owner's words). @return array<string, string> */
    private function runtimeWords(): array
    {
        return [
            'forced_php' => $this->module->l('The plain-PHP core answers every decision: the Runtime setting above is set to it.', 'settingspage'),
            'forced_wasmtime' => $this->module->l('wasmtime answers every decision: the Runtime setting above is set to it.', 'settingspage'),
            'faster_on' => $this->module->l('The faster runtime (wasmtime) answers: you turned it on and it was checked on this server.', 'settingspage'),
            'plain_can_turn_on' => $this->module->l('The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) works on this server and is off: you can turn it on.', 'settingspage'),
            'plain_faster_changed' => $this->module->l('The plain-PHP core answers: you turned on the faster runtime, but something changed since (see below). Turn it on again to check it on this server.', 'settingspage'),
            'plain_faster_lost' => $this->module->l('The plain-PHP core answers: you turned on the faster runtime, but it cannot run on this server any more (see below). Turn it off, or fix what is below and turn it on again.', 'settingspage'),
            'plain_only' => $this->module->l('The plain-PHP core answers; it needs no php.ini line. The faster runtime (wasmtime) cannot run on this server; nothing needs doing.', 'settingspage'),
            'wasmtime_no_plain' => $this->module->l('wasmtime answers: the plain-PHP core is not part of this build.', 'settingspage'),
            'none' => $this->module->l('No runtime can run the core here: no credit or balance is granted until this is fixed.', 'settingspage'),
        ];
    }

    /**
     * The buttons that turn the faster runtime on (checked in this web server's PHP first) or off,
     * or, where this PHP may not record that, the command the person who deploys the shop runs;
     * null where there is nothing to turn (a Runtime setting, or wasmtime cannot run here).
     * @param array<string, mixed> $report Doctor::report()
     * @return array{on: bool, off: bool, command: ?string}|null
     */
    private static function fasterControls(array $report): ?array
    {
        $code = (string) ($report['words']['code'] ?? '');
        $faster = is_array($report['faster'] ?? null) ? $report['faster'] : null;
        if ($faster === null || !in_array($code, ['faster_on', 'plain_can_turn_on', 'plain_faster_changed', 'plain_faster_lost'], true)) {
            return null;
        }
        $on = $code !== 'faster_on' && $faster['works_here'];
        return ['on' => $on, 'off' => $faster['state'] !== 'off', 'command' => $faster['can_record'] ? null : ($on ? $faster['turn_on'] : $faster['turn_off'])];
    }

    /** The merchant's "turn on/off the faster runtime" (Doctor::turnOnFaster / turnOffFaster, run in this web server's PHP). */
    private function turnFaster(bool $on): string
    {
        $r = $on ? Doctor::turnOnFaster(Bridge::runtimeConfig()) : Doctor::turnOffFaster(Bridge::runtimeConfig());
        $words = [
            'turned_on' => $this->module->l('The faster runtime is on: it answered a test decision correctly on this server. The shop uses it from the next page on.', 'settingspage'),
            'turned_off' => $this->module->l('The faster runtime is off: the plain-PHP core answers from the next page on.', 'settingspage'),
            'cannot_run' => $this->module->l('The faster runtime cannot run on this server, so it stays off. Details:', 'settingspage'),
            'wrong_answer' => $this->module->l('The faster runtime gave a wrong answer to a test decision on this server, so it stays off. Details:', 'settingspage'),
            'cannot_record' => $this->module->l('This server\'s PHP may not change the runtime. Details:', 'settingspage'),
        ];
        $said = DoctorWords::say(\ShopCreditPs\ShopWords::of($this->module), $r['message']); // the doctor's details, in the employee's language too
        $text = self::html($words[$r['code']] ?? $said);
        return $r['done'] ? $this->module->displayConfirmation($text) : $this->module->displayError($text . ' ' . self::html($said));
    }

    /**
     * PrestaShop's form (HelperForm) with the stored values, or what was posted when the save was
     * refused (the merchant corrects the fields in red, nothing typed is lost).
     * @param array<string, mixed> $core @param array<string, string> $errors field → words
     */
    private function form(string $shopId, SettingsFields $fields, array $core, array $errors): string
    {
        $ctx = \Context::getContext();
        $modules = $this->paymentModules();
        $choices = $fields->choices();
        $values = $errors === [] ? $this->storedValues($shopId, $core) : array_map(static fn ($v) => is_array($v) ? array_map('strval', $v) : trim((string) $v), $_POST);
        $h = new \HelperForm();
        $h->module = $this->module;
        $h->name_controller = $this->module->name;
        $h->identifier = 'shopcredit';
        $h->token = \Tools::getAdminTokenLite('AdminModules');
        $h->currentIndex = \AdminController::$currentIndex . '&configure=' . $this->module->name;
        $h->default_form_language = (int) $ctx->language->id;
        $h->allow_employee_form_lang = (int) $ctx->language->id;
        $h->submit_action = 'submitShopcredit';
        $h->show_toolbar = false;
        $h->table = 'shopcredit';
        $h->tpl_vars = ['fields_value' => $this->completeValues($values, $choices, $modules), 'languages' => array_map(static fn (array $l): array => $l + ['is_default' => (int) ((int) $l['id_lang'] === (int) \Configuration::get('PS_LANG_DEFAULT'))], \Language::getLanguages(false)), 'id_language' => (int) $ctx->language->id];
        return $h->generateForm($fields->forms());
    }

    /** What the selects offer (order states, groups, currencies, payment modules) in the employee's language. */
    private function choices(string $iso): SettingsChoices
    {
        return SettingsChoices::fromShop($this->module, $iso, array_map(fn (array $m): array => ['id' => $m['name'],
            'name' => $m['label'] . (in_array($m['name'], TopUp::SETTLE_LATER, true) ? ' — ' . $this->module->l('the money arrives after the order: the balance is credited only when you mark the order paid', 'settingspage') : '')], $this->paymentModules()));
    }

    /** @return array<string, mixed> the form's values from the stored settings and configuration */
    private function storedValues(string $shopId, array $core): array
    {
        $values = SettingsForm::postFromSettings($core);
        foreach (self::HOST_KEYS as $k) {
            $values[$k] = (string) \Configuration::getGlobalValue($k);
        }
        $values['SHOPCREDIT_PROVIDER_CUSTOM_URL'] = (int) (bool) \Configuration::getGlobalValue('SHOPCREDIT_PROVIDER_CUSTOM_URL');
        $values['SHOPCREDIT_DROP_ON_UNINSTALL'] = (int) (bool) \Configuration::getGlobalValue('SHOPCREDIT_DROP_ON_UNINSTALL');
        $values['po_number_mode'] = $this->safe(fn () => Bridge::sc()->purchaseOrders()->mode($shopId), 'off');
        foreach ($this->safe(fn () => TopUp::allowedMethods($shopId), []) as $m) {
            $values['topup_methods_' . $m] = 1;
        }
        return $values;
    }

    /**
     * Every field HelperForm reads has a value: switches off, no group selected, secrets never
     * shown back, the URLs the merchant copies.
     * @param array<string, mixed> $values @param list<array{name: string, label: string}> $modules
     */
    private function completeValues(array $values, SettingsChoices $choices, array $modules): array
    {
        $ctx = \Context::getContext();
        foreach (['credit_enabled', 'credit_block_overdue', 'credit_block_unpaid', 'wallet_enabled', 'wallet_partial', 'wallet_topup', 'wallet_withdrawal',
            'financing_enabled', 'SHOPCREDIT_PROVIDER_CUSTOM_URL', 'SHOPCREDIT_DROP_ON_UNINSTALL'] as $k) {
            $values[$k] = (int) !empty($values[$k]);
        }
        foreach ($modules as $m) {
            $values['topup_methods_' . $m['name']] = !empty($values['topup_methods_' . $m['name']]) || in_array($m['name'], (array) ($values['topup_methods'] ?? []), true);
        }
        foreach (array_keys($choices->providerStatuses()) as $st) {
            $values['paid_' . $st] = !empty($values['paid_' . $st]);
            $values['map_' . $st] ??= '';
        }
        $values['wallet_groups[]'] = array_map('strval', (array) ($values['wallet_groups'] ?? []));
        $values['SHOPCREDIT_PROVIDER_SECRET'] = '';
        $values['SHOPCREDIT_WEBHOOK_KEY'] = '';
        $values['sc_webhook_url'] = '<code>' . self::html($ctx->link->getModuleLink($this->module->name, 'webhook', [], true)) . '</code>';
        $values['sc_cron_url'] = '<code>' . self::html($ctx->link->getModuleLink($this->module->name, 'cron', ['token' => (string) \Configuration::getGlobalValue('SHOPCREDIT_CRON_TOKEN')], true)) . '</code>';
        $names = ['credit_terms_days', 'wallet_min_topup', 'wallet_max_topup', 'wallet_min_withdrawal', 'wallet_topup_vat', 'wallet_topup_vat_rate', 'display', 'po_number_mode', 'risk_low', 'risk_medium', 'risk_high'];
        foreach ($choices->otherCurrencies() as $cur) {
            foreach (SettingsForm::CURRENCY_AMOUNTS as $k) {
                $names[] = 'wallet_cur_' . $cur . '_' . $k;
            }
        }
        foreach (array_merge($names, self::HOST_KEYS) as $k) {
            $values[$k] = isset($values[$k]) && is_scalar($values[$k]) ? (string) $values[$k] : '';
        }
        return $values;
    }

    /**
     * Saves the form; nothing of the rules is stored when a value is refused.
     * @return array{0: string, 1: array<string, string>} the message at the top, the refused fields → words
     */
    private function save(string $shopId, string $iso): array
    {
        $ctx = \Context::getContext();
        $words = \ShopCreditPs\ShopWords::of($this->module);
        $custom = (bool) \Tools::getValue('SHOPCREDIT_PROVIDER_CUSTOM_URL');
        $problem = ScalexpertConfig::urlProblem((string) \Tools::getValue('SHOPCREDIT_PROVIDER_URL'), $custom);
        if ($problem !== null) {
            // The client id and secret would be sent there: nothing is saved.
            $why = $this->module->l('The provider URL must be the provider\'s own (tick "sandbox or custom URL" for anything else).', 'settingspage');
            return $this->refused(['SHOPCREDIT_PROVIDER_URL' => html_entity_decode($why, ENT_QUOTES, 'UTF-8') . " ($problem)"]);
        }
        $typed = SettingsForm::inputErrors($_POST, $iso);
        if ($typed !== []) {
            $days = $this->module->l('Enter a whole number of days, such as 30.', 'settingspage');
            return $this->refused(array_combine(array_keys($typed), array_map(static fn (string $field, string $code): string => $field === 'credit_terms_days' ? html_entity_decode($days, ENT_QUOTES, 'UTF-8') : $words->error($code, $iso), array_keys($typed), $typed)));
        }
        $this->saveHostValues($custom);
        Bridge::reset();
        try {
            $this->saveLifecycle($shopId);
            $sc = Bridge::sc();
            $values = SettingsForm::coreValues($_POST, $sc->settings()->effective($shopId), $iso);
            $by = 'admin:' . (int) $ctx->employee->id;
            // "All shops": the defaults of every shop without its own values; one shop: that shop only.
            $r = $shopId === SettingsRepository::GLOBAL_SHOP ? $sc->settings()->saveDefaults($values, $iso, $by) : $sc->settings()->save($shopId, $values, $iso, $by);
        } catch (InvalidRequest $e) {
            return $this->refused([SettingsForm::fieldOf($e->field) ?? '' => $words->error($e->errorCode, $iso)]);
        } catch (\Throwable $e) {
            return [$this->module->displayError(self::html($this->module->l('Not saved: the core could not run.', 'settingspage') . ' ' . $e->getMessage())), []];
        }
        if (!$r['saved']) {
            $errors = [];
            foreach ($r['violations'] as $v) {
                $status = (string) ($v['status'] ?? '');
                $field = ($v['code'] ?? '') === 'non_final_status_mapped_to_paid' && $status !== '' ? 'paid_' . $status : SettingsForm::fieldOf((string) ($v['setting'] ?? $v['path'] ?? ''), $status);
                $errors[$field ?? ''] = $words->error((string) ($v['code'] ?? 'invalid_setting'), $iso);
            }
            return $this->refused($errors);
        }
        // What changed is in the audit log; the merchant is not shown setting keys.
        return [$this->module->displayConfirmation(self::html($this->module->l('Settings saved.', 'settingspage'))), []];
    }

    /** @param array<string, string> $errors field ('' = the form) → words @return array{0: string, 1: array<string, string>} */
    private function refused(array $errors): array
    {
        return ['', $errors];
    }

    /**
     * A refused save: the summary at the top (each refused field's label and words, and any
     * refusal that belongs to no field), each field's words also next to it (in red).
     * @param array<string, string> $errors @param array<string, string> $labels
     */
    private function refusedSummary(array $errors, array $labels): string
    {
        $general = $errors[''] ?? null;
        unset($errors['']);
        $top = $this->module->l('Not saved:', 'settingspage') . ' ' . ($errors === [] ? '' : $this->module->l('correct the fields in red below.', 'settingspage'));
        $html = self::html(trim($top . ($general === null ? '' : ' ' . $general)));
        if ($errors !== []) {
            // "label: words" is a catalogue text: French puts a no-break space before the colon.
            $html .= '<ul id="shopcredit-settings-errors">';
            foreach ($errors as $field => $words) {
                $html .= '<li><a href="#' . self::html($field) . '">' . self::html(sprintf($this->module->l('%1$s: %2$s', 'settingspage'), $labels[$field] ?? $field, $words)) . '</a></li>';
            }
            $html .= '</ul>';
        }
        // Nothing of the rules was stored: the form shows what was typed.
        return $this->module->displayError($html);
    }

    /** The module's PrestaShop choices (one per installation: order states and the provider are global in PrestaShop). */
    private function saveHostValues(bool $custom): void
    {
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
    }

    /**
     * What the order lifecycle reads from the bridge: the payment modules allowed for top-ups
     * (only installed ones), the purchase-order number's mode, the due-date state, the state that
     * means a financed order was shipped and the shop's time zone (syncBridgeSettings).
     */
    private function saveLifecycle(string $shopId): void
    {
        $sc = Bridge::sc();
        $sc->settings->set($shopId, TopUp::SETTING, SettingsForm::topUpMethods($_POST, array_column($this->paymentModules(), 'name')));
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

    /**
     * displayError/displayConfirmation print HTML: messages that may echo posted values are
     * escaped (once: the module's l() strings come escaped already).
     */
    private static function html(string $text): string
    {
        return htmlspecialchars(html_entity_decode($text, ENT_QUOTES, 'UTF-8'), ENT_QUOTES, 'UTF-8');
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

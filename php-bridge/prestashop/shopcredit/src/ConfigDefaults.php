<?php
/**
 * The module's own PrestaShop Configuration values and their defaults (host-side choices only:
 * which PrestaShop states mean what, credentials, tokens). Every rule value (terms, limits,
 * balance options, financing mapping) is a bridge setting checked by the core.
 */

namespace ShopCreditPs;

final class ConfigDefaults
{
    /**
     * @param array<string, int> $stateIds PrestaShop's state ids by key (PS_OS_PAYMENT, ...)
     * @return array<string, string|int>
     */
    public static function values(array $stateIds, string $cronToken, string $webhookKey): array
    {
        return [
            // The state an order on account gets when its credit check passes: our "Accepted on
            // account" (invoiced, not paid: a paid state would record a payment nobody made).
            'SHOPCREDIT_OS_ACCOUNT_OK' => (int) ($stateIds['SHOPCREDIT_OS_ON_ACCOUNT'] ?? $stateIds['PS_OS_PREPARATION'] ?? 0),
            // The state whose date starts the payment terms of an order on account.
            'SHOPCREDIT_OS_DUE_START' => (int) ($stateIds['PS_OS_SHIPPING'] ?? 0),
            // The state at which a financed order's delivery is confirmed to the provider (long
            // credit needs it); 0: the first state PrestaShop counts as shipped (Shipped, Delivered).
            'SHOPCREDIT_OS_SHIPPED' => 0,
            // The state of an order whose balance part is reserved and whose remainder is still to pay.
            'SHOPCREDIT_OS_PARTIAL' => (int) ($stateIds['PS_OS_BANKWIRE'] ?? 0),
            // The state a paid financed or balance-paid order gets.
            'SHOPCREDIT_OS_PAID' => (int) ($stateIds['PS_OS_PAYMENT'] ?? 0),
            'SHOPCREDIT_CRON_TOKEN' => $cronToken,
            'SHOPCREDIT_WEBHOOK_KEY' => $webhookKey,
            'SHOPCREDIT_PROVIDER_ID' => '',
            'SHOPCREDIT_PROVIDER_SECRET' => '',
            'SHOPCREDIT_PROVIDER_URL' => '',
            // The provider's production host only, unless the merchant ticks sandbox/custom.
            'SHOPCREDIT_PROVIDER_CUSTOM_URL' => 0,
            'SHOPCREDIT_TOPUP_PRODUCT' => 0,
            'SHOPCREDIT_RUNTIME' => 'auto',
            'SHOPCREDIT_LIBWASMTIME' => '',
        ];
    }

    /** Keys that hold secrets: never shown back in clear on the settings page. */
    public const SECRETS = ['SHOPCREDIT_PROVIDER_SECRET', 'SHOPCREDIT_WEBHOOK_KEY', 'SHOPCREDIT_CRON_TOKEN'];
}

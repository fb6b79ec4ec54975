{**
 * Where the storefront widget draws the remaining credit and balance (it fetches the summary URL).
 *}
<div id="shopcredit-badge" class="shopcredit-badge" data-shopcredit-badge data-shopcredit-endpoint="{$sc_summary_url|escape:'html':'UTF-8'}" data-endpoint="{$sc_summary_url|escape:'html':'UTF-8'}"
     data-credit-url="{$sc_credit_url|escape:'html':'UTF-8'}" data-wallet-url="{$sc_wallet_url|escape:'html':'UTF-8'}"></div>

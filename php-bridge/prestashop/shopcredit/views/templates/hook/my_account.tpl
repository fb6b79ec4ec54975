{**
 * Links in My account.
 *}
<a class="col-lg-4 col-md-6 col-sm-6 col-xs-12" id="shopcredit-credit-link" href="{$sc_credit_url|escape:'html':'UTF-8'}">
  <span class="link-item"><i class="material-icons">account_balance</i>{l s='My credit account' mod='shopcredit'}</span>
</a>
<a class="col-lg-4 col-md-6 col-sm-6 col-xs-12" id="shopcredit-wallet-link" href="{$sc_wallet_url|escape:'html':'UTF-8'}">
  <span class="link-item"><i class="material-icons">account_balance_wallet</i>{l s='My store balance' mod='shopcredit'}</span>
</a>
<a class="col-lg-4 col-md-6 col-sm-6 col-xs-12" id="shopcredit-statement-link" href="{$sc_statement_url|escape:'html':'UTF-8'}">
  <span class="link-item"><i class="material-icons">receipt_long</i>{l s='Statement of account' mod='shopcredit'}</span>
</a>

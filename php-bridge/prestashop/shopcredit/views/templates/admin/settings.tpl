{**
 * ShopCredit settings (rules checked by the core when saved), PrestaShop choices, and the
 * runtime doctor's report.
 *}
<form method="post" action="{$sc_action|escape:'html':'UTF-8'}" class="form-horizontal" id="shopcredit-settings">
{if $sc_multishop}<div class="alert alert-info" id="shopcredit-scope">{if $sc_scope}{l s='These settings apply to the shop %s only.' mod='shopcredit' sprintf=[$sc_scope]}{else}{l s='These settings are the defaults of every shop that has no settings of its own (new shops included).' mod='shopcredit'}{/if}</div>{/if}
<div class="panel">
  <h3>{l s='Credit lines (pay on account)' mod='shopcredit'}</h3>
  {if $sc_core_error}<div class="alert alert-danger">{l s='The core cannot run:' mod='shopcredit'} {$sc_core_error|escape:'html':'UTF-8'}</div>{/if}
  <div class="form-group"><label class="control-label col-lg-3">{l s='Offer pay on account' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="credit_enabled" value="1" {if !empty($sc_core['credit.enabled'])}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Default payment terms (days)' mod='shopcredit'}</label>
    <div class="col-lg-2"><input type="number" name="credit_terms_days" value="{$sc_core.credit.defaultPaymentTermsDays|default:30|intval}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Block new orders when a payment is overdue' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="credit_block_overdue" value="1" {if !empty($sc_core.credit.blockWhenOverdue)}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Block new orders while an order is unpaid' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="credit_block_unpaid" value="1" {if !empty($sc_core.credit.blockWhenUnpaid)}checked{/if}></div></div>
  {foreach from=['low','medium','high'] item=level}
  <div class="form-group"><label class="control-label col-lg-3">{$sc_risk_levels[$level]|escape:'html':'UTF-8'}</label>
    <div class="col-lg-3"><select name="risk_{$level|escape:'html':'UTF-8'}">
      {foreach from=$sc_risk_effects key=eff item=label}<option value="{$eff|escape:'html':'UTF-8'}" {if isset($sc_core.credit.riskEffects[$level]) && $sc_core.credit.riskEffects[$level] == $eff}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}
    </select></div></div>
  {/foreach}
  <div class="form-group"><label class="control-label col-lg-3">{l s='State of an accepted order on account' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="SHOPCREDIT_OS_ACCOUNT_OK">{foreach from=$sc_states item=s}<option value="{$s.id_order_state|intval}" {if $s.id_order_state == $sc_host.SHOPCREDIT_OS_ACCOUNT_OK}selected{/if}>{$s.name|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='State whose date starts the payment terms' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="SHOPCREDIT_OS_DUE_START">{foreach from=$sc_states item=s}<option value="{$s.id_order_state|intval}" {if $s.id_order_state == $sc_host.SHOPCREDIT_OS_DUE_START}selected{/if}>{$s.name|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='State that means "shipped" for a financed order' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="SHOPCREDIT_OS_SHIPPED"><option value="0" {if !$sc_host.SHOPCREDIT_OS_SHIPPED}selected{/if}>{l s='The first state that counts as shipped (Shipped, Delivered)' mod='shopcredit'}</option>{foreach from=$sc_states item=s}<option value="{$s.id_order_state|intval}" {if $s.id_order_state == $sc_host.SHOPCREDIT_OS_SHIPPED}selected{/if}>{$s.name|escape:'html':'UTF-8'}</option>{/foreach}</select>
      <p class="help-block">{l s='When a financed order reaches it, ShopCredit confirms the delivery to the financing provider (long credit needs it), once.' mod='shopcredit'}</p></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Purchase-order number at checkout' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="po_number_mode">
      <option value="off" {if $sc_po_mode == 'off'}selected{/if}>{l s='Not asked' mod='shopcredit'}</option>
      <option value="optional" {if $sc_po_mode == 'optional'}selected{/if}>{l s='Asked, optional' mod='shopcredit'}</option>
      <option value="required" {if $sc_po_mode == 'required'}selected{/if}>{l s='Required' mod='shopcredit'}</option>
    </select></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Unavailable methods at checkout' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="display"><option value="show_disabled" {if $sc_core['checkout.display']|default:'' != 'hide'}selected{/if}>{l s='Show disabled, with the reason' mod='shopcredit'}</option><option value="hide" {if $sc_core['checkout.display']|default:'' == 'hide'}selected{/if}>{l s='Hide' mod='shopcredit'}</option></select></div></div>
</div>
<div class="panel">
  <h3>{l s='Store balance' mod='shopcredit'}</h3>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Offer the store balance' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="wallet_enabled" value="1" {if !empty($sc_core.wallet.enabled)}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Allow balance + another method' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="wallet_partial" value="1" {if !empty($sc_core.wallet.allowPartial)}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Allow top-ups' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="wallet_topup" value="1" {if !empty($sc_core.wallet.allowTopUp)}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Allow withdrawal requests' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="wallet_withdrawal" value="1" {if !empty($sc_core.wallet.allowWithdrawal)}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Minimum withdrawal' mod='shopcredit'}</label>
    <div class="col-lg-2"><input type="text" name="wallet_min_withdrawal" value="{$sc_core.wallet.minWithdrawal|default:''|escape:'html':'UTF-8'}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Top-up minimum / maximum' mod='shopcredit'}</label>
    <div class="col-lg-2"><input type="text" name="wallet_min_topup" value="{$sc_core.wallet.minTopUp|default:''|escape:'html':'UTF-8'}"></div>
    <div class="col-lg-2"><input type="text" name="wallet_max_topup" value="{$sc_core.wallet.maxTopUp|default:''|escape:'html':'UTF-8'}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Customer groups that may use the balance (none ticked: every group)' mod='shopcredit'}</label>
    <div class="col-lg-6">{foreach from=$sc_groups item=g}<label class="checkbox-inline"><input type="checkbox" name="wallet_groups[]" value="{$g.id_group|intval}" {if isset($sc_core.wallet.allowedGroups) && in_array($g.id_group, $sc_core.wallet.allowedGroups)}checked{/if}> {$g.name|escape:'html':'UTF-8'}</label> {/foreach}</div></div>
  {foreach from=$sc_other_currencies item=iso}
  <div class="form-group"><label class="control-label col-lg-3">{l s='In %s: top-up minimum / maximum, minimum withdrawal' mod='shopcredit' sprintf=[$iso]}</label>
    {foreach from=['minTopUp','maxTopUp','minWithdrawal'] item=k}<div class="col-lg-2"><input type="text" name="wallet_cur_{$iso|escape:'html':'UTF-8'}_{$k|escape:'html':'UTF-8'}" aria-label="{$iso|escape:'html':'UTF-8'} {$k|escape:'html':'UTF-8'}" value="{if isset($sc_core.wallet.perCurrency[$iso][$k])}{$sc_core.wallet.perCurrency[$iso][$k]|escape:'html':'UTF-8'}{/if}"></div>{/foreach}
    <p class="help-block col-lg-9 col-lg-offset-3">{l s='Empty: customers paying in %s cannot top up or withdraw (amounts are never converted from another currency).' mod='shopcredit' sprintf=[$iso]}</p></div>
  {/foreach}
  <div class="form-group"><label class="control-label col-lg-3">{l s='VAT on top-ups' mod='shopcredit'}</label>
    <div class="col-lg-3"><select name="wallet_topup_vat">{foreach from=$sc_vat_modes key=m item=label}<option value="{$m|escape:'html':'UTF-8'}" {if isset($sc_core.wallet.topUpVat.mode) && $sc_core.wallet.topUpVat.mode == $m}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select></div>
    <div class="col-lg-2"><input type="text" name="wallet_topup_vat_rate" placeholder="20.00" value="{$sc_core.wallet.topUpVat.rate|default:''|escape:'html':'UTF-8'}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Payment methods that may pay a top-up' mod='shopcredit'}</label>
    <div class="col-lg-9">
      {foreach from=$sc_payment_modules item=m}
        <div class="checkbox"><label><input type="checkbox" name="topup_methods[]" value="{$m.name|escape:'html':'UTF-8'}" {if in_array($m.name, $sc_topup_methods)}checked{/if}> {$m.label|escape:'html':'UTF-8'}{if in_array($m.name, $sc_settle_later)} <em>({l s='the money arrives after the order: the balance is credited only when you mark the order paid' mod='shopcredit'})</em>{/if}</label></div>
      {foreachelse}
        <p class="help-block">{l s='No other payment module is installed.' mod='shopcredit'}</p>
      {/foreach}
      <p class="help-block">{l s='A top-up is credited when its payment is received (an order state flagged paid). Methods that settle later are off unless you tick them.' mod='shopcredit'}</p>
    </div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='State of an order with a balance part and a remainder to pay' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="SHOPCREDIT_OS_PARTIAL">{foreach from=$sc_states item=s}<option value="{$s.id_order_state|intval}" {if $s.id_order_state == $sc_host.SHOPCREDIT_OS_PARTIAL}selected{/if}>{$s.name|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='State of a paid order (balance, financing accepted)' mod='shopcredit'}</label>
    <div class="col-lg-4"><select name="SHOPCREDIT_OS_PAID">{foreach from=$sc_states item=s}<option value="{$s.id_order_state|intval}" {if $s.id_order_state == $sc_host.SHOPCREDIT_OS_PAID}selected{/if}>{$s.name|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
</div>
<div class="panel">
  <h3>{l s='Financing' mod='shopcredit'}</h3>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Offer financing' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="financing_enabled" value="1" {if !empty($sc_core['financing.enabled'])}checked{/if}></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='API key id' mod='shopcredit'}</label>
    <div class="col-lg-4"><input type="text" name="SHOPCREDIT_PROVIDER_ID" value="{$sc_host.SHOPCREDIT_PROVIDER_ID|escape:'html':'UTF-8'}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='API key secret' mod='shopcredit'}</label>
    <div class="col-lg-4"><input type="password" name="SHOPCREDIT_PROVIDER_SECRET" value="" placeholder="{if $sc_secret_set}{l s='(stored; leave empty to keep)' mod='shopcredit'}{/if}" autocomplete="off"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Base URL (empty: production)' mod='shopcredit'}</label>
    <div class="col-lg-4"><input type="text" name="SHOPCREDIT_PROVIDER_URL" value="{$sc_host.SHOPCREDIT_PROVIDER_URL|escape:'html':'UTF-8'}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Sandbox or custom provider URL' mod='shopcredit'}</label>
    <div class="col-lg-9"><label><input type="checkbox" name="SHOPCREDIT_PROVIDER_CUSTOM_URL" value="1" {if $sc_custom_url}checked{/if}> {l s='Allow a URL other than the provider\'s production host (tests only: the API key goes there)' mod='shopcredit'}</label></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Webhook signing key' mod='shopcredit'}</label>
    <div class="col-lg-4"><input type="password" name="SHOPCREDIT_WEBHOOK_KEY" value="" placeholder="{if $sc_webhook_key_set}{l s='(stored; leave empty to keep)' mod='shopcredit'}{/if}" autocomplete="off"></div></div>
  <p>{l s='Webhook URL:' mod='shopcredit'} <code>{$sc_webhook_url|escape:'html':'UTF-8'}</code></p>
  <table class="table"><thead><tr><th>{l s='Provider status' mod='shopcredit'}</th><th>{l s='Order status' mod='shopcredit'}</th><th>{l s='Paid' mod='shopcredit'}</th></tr></thead><tbody>
  {foreach from=$sc_provider_statuses item=st}
    <tr><td>{$st|escape:'html':'UTF-8'}</td>
      <td><select name="map_{$st|escape:'html':'UTF-8'}">{foreach from=$sc_words item=w}<option value="{$w|escape:'html':'UTF-8'}" {if isset($sc_core['financing.mapping'][$st]) && $sc_core['financing.mapping'][$st].orderStatus == $w}selected{/if}>{$w|escape:'html':'UTF-8'}</option>{/foreach}</select></td>
      <td><input type="checkbox" name="paid_{$st|escape:'html':'UTF-8'}" value="1" {if !empty($sc_core['financing.mapping'][$st].isPaid)}checked{/if}></td></tr>
  {/foreach}
  </tbody></table>
</div>
<div class="panel">
  <h3>{l s='Jobs and uninstall' mod='shopcredit'}</h3>
  <p>{l s='Cron URL (polling, reminders, expiry; run every 15 minutes):' mod='shopcredit'} <code>{$sc_cron_url|escape:'html':'UTF-8'}</code></p>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Runtime' mod='shopcredit'}</label>
    <div class="col-lg-2"><select name="SHOPCREDIT_RUNTIME">{foreach from=['auto','wasmtime','php'] item=r}<option value="{$r|escape:'html':'UTF-8'}" {if $sc_host.SHOPCREDIT_RUNTIME == $r}selected{/if}>{$r|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='libwasmtime path (empty: bundled / environment)' mod='shopcredit'}</label>
    <div class="col-lg-6"><input type="text" name="SHOPCREDIT_LIBWASMTIME" value="{$sc_host.SHOPCREDIT_LIBWASMTIME|escape:'html':'UTF-8'}"></div></div>
  <div class="form-group"><label class="control-label col-lg-3">{l s='Delete the books when uninstalling' mod='shopcredit'}</label>
    <div class="col-lg-9"><input type="checkbox" name="SHOPCREDIT_DROP_ON_UNINSTALL" value="1" {if $sc_drop}checked{/if}></div></div>
  <div class="panel-footer"><button type="submit" name="submitShopcredit" value="1" class="btn btn-default pull-right"><i class="process-icon-save"></i> {l s='Save' mod='shopcredit'}</button></div>
</div>
</form>
<div class="panel" id="shopcredit-doctor">
  <h3>{l s='Runtime doctor' mod='shopcredit'} — {if $sc_doctor.usable}{l s='the core runs here' mod='shopcredit'}{else}{l s='the core cannot run: no credit or balance is granted' mod='shopcredit'}{/if}</h3>
  <table class="table"><tbody>
  {foreach from=$sc_doctor.checks item=c}
    <tr class="{if $c.status == 'ok'}success{elseif $c.status == 'fail'}danger{else}warning{/if}"><td>{$c.status|escape:'html':'UTF-8'}</td><td>{$c.title|escape:'html':'UTF-8'}</td><td>{$c.detail|escape:'html':'UTF-8'}</td></tr>
  {/foreach}
  </tbody></table>
  <pre>{$sc_doctor_text|escape:'html':'UTF-8'}</pre>
  {if $sc_rejections}
  <p id="shopcredit-webhook-rejections">{l s='Rejected webhook deliveries (last 24 hours):' mod='shopcredit'} <strong>{$sc_rejections.total|intval}</strong>{foreach from=$sc_rejections.byReason key=why item=n} — {$why|escape:'html':'UTF-8'}: {$n|intval}{/foreach}{if $sc_rejections.lastAt} — {l s='last' mod='shopcredit'} {$sc_rejections.lastAt|date_format:'%Y-%m-%d %H:%M:%S'} UTC, {$sc_rejections.lastBytes|intval} B, sha256 {$sc_rejections.lastSha256|escape:'html':'UTF-8'}{/if}</p>
  {/if}
  {if $sc_order_health}
  <h4>{l s='Order actions' mod='shopcredit'}</h4>
  {if $sc_order_health.ok}<p id="shopcredit-order-health">{$sc_order_health.text|escape:'html':'UTF-8'}</p>{else}
  <ul id="shopcredit-order-health">
  {foreach from=$sc_order_health.rows item=r}<li>{if $r.url}<a href="{$r.url|escape:'html':'UTF-8'}">{$r.text|escape:'html':'UTF-8'}</a>{else}{$r.text|escape:'html':'UTF-8'}{/if}</li>{/foreach}
  </ul>{/if}
  {/if}
  <p><a href="{$sc_admin_url|escape:'html':'UTF-8'}">{l s='Customers\' accounts, ledger, requests and statistics' mod='shopcredit'}</a></p>
</div>

{**
 * My account > My store balance.
 *}
{extends file='customer/page.tpl'}

{block name='page_title'}{l s='My store balance' mod='shopcredit'}{/block}

{block name='page_content'}
<section id="shopcredit-wallet">
  {if !$sc_summary.available || !$sc_summary.wallet}
    <p class="alert alert-warning">{l s='Your store balance cannot be shown right now.' mod='shopcredit'}</p>
  {else}
    {assign var=w value=$sc_summary.wallet}
    <table class="table table-bordered" id="shopcredit-wallet-figures"><tbody>
      <tr><th>{l s='Balance' mod='shopcredit'}</th><td class="sc-balance">{$w.balance|escape:'html':'UTF-8'} {$sc_iso|escape:'html':'UTF-8'}</td></tr>
      <tr><th>{l s='Available' mod='shopcredit'}</th><td class="sc-available">{$w.available|escape:'html':'UTF-8'} {$sc_iso|escape:'html':'UTF-8'}</td></tr>
      <tr><th>{l s='Reserved for orders and requests' mod='shopcredit'}</th><td>{$w.reserved|escape:'html':'UTF-8'} {$sc_iso|escape:'html':'UTF-8'}</td></tr>
    </tbody></table>
  {/if}

  <h2 class="h4">{l s='Movements' mod='shopcredit'}</h2>
  <form method="get" action="{$sc_action|escape:'html':'UTF-8'}" class="form-inline">
    {if $sc_plain_urls}<input type="hidden" name="fc" value="module"><input type="hidden" name="module" value="shopcredit"><input type="hidden" name="controller" value="wallet">{/if}
    <select name="type" class="form-control"><option value="">{l s='All' mod='shopcredit'}</option>{foreach from=$sc_codes item=code}<option value="{$code|escape:'html':'UTF-8'}" {if $sc_filter.type == $code}selected{/if}>{$code|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <input type="date" name="from" class="form-control" value="{$sc_filter.from|escape:'html':'UTF-8'}">
    <input type="date" name="to" class="form-control" value="{$sc_filter.to|escape:'html':'UTF-8'}">
    <button class="btn btn-secondary" type="submit">{l s='Filter' mod='shopcredit'}</button>
  </form>
  <table class="table table-striped" id="shopcredit-movements">
    <thead><tr><th>{l s='Date' mod='shopcredit'}</th><th>{l s='Type' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th></tr></thead>
    <tbody>
    {foreach from=$sc_movements item=m}
      <tr><td>{$m.timestampS|date_format:'%Y-%m-%d %H:%M'}</td><td>{$m.code|escape:'html':'UTF-8'}</td>
        <td class="sc-amount">{if $m.direction == 'debit'}-{else}+{/if}{$m.amount|escape:'html':'UTF-8'}</td>
        <td>{if in_array('pending', $m.flags)}{$m.pendingStatus|escape:'html':'UTF-8'}{elseif in_array('post_pending', $m.flags)}{l s='posted' mod='shopcredit'}{elseif in_array('void_pending', $m.flags)}{l s='released' mod='shopcredit'}{/if}</td></tr>
    {foreachelse}
      <tr><td colspan="4">{l s='No movements.' mod='shopcredit'}</td></tr>
    {/foreach}
    </tbody>
  </table>
  {if $sc_next}<a href="{$sc_next|escape:'html':'UTF-8'}">{l s='Older movements' mod='shopcredit'}</a>{/if}

  <div class="row">
    <div class="col-md-6">
      <h2 class="h4">{l s='Top up my balance' mod='shopcredit'}</h2>
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" id="shopcredit-topup-form">
        <input type="hidden" name="token" value="{$sc_token|escape:'html':'UTF-8'}">
        <div class="form-group"><label>{l s='Amount' mod='shopcredit'}</label><input class="form-control" type="text" name="amount" required></div>
        <button class="btn btn-primary" type="submit" name="sc_topup" value="1">{l s='Top up' mod='shopcredit'}</button>
      </form>
    </div>
    <div class="col-md-6">
      <h2 class="h4">{l s='Withdraw from my balance' mod='shopcredit'}</h2>
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" id="shopcredit-withdraw-form">
        <input type="hidden" name="token" value="{$sc_token|escape:'html':'UTF-8'}">
        <div class="form-group"><label>{l s='Amount' mod='shopcredit'}</label><input class="form-control" type="text" name="amount" required></div>
        <div class="form-group"><label>{l s='Bank details or message' mod='shopcredit'}</label><textarea class="form-control" name="message" maxlength="1000"></textarea></div>
        <button class="btn btn-secondary" type="submit" name="sc_withdraw" value="1">{l s='Ask for a withdrawal' mod='shopcredit'}</button>
      </form>
      {if $sc_withdrawals}<ul class="mt-2">{foreach from=$sc_withdrawals item=r}<li>{$r.amount|escape:'html':'UTF-8'} — {$r.state|escape:'html':'UTF-8'}</li>{/foreach}</ul>{/if}
    </div>
  </div>
</section>
{/block}

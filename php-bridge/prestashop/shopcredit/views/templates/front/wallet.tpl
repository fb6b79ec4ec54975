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
    <table class="table table-bordered" id="shopcredit-wallet-figures"><tbody>
      <tr><th scope="row">{l s='Balance' mod='shopcredit'}</th><td class="sc-balance">{$sc_figures.balance|escape:'html':'UTF-8'}</td></tr>
      <tr><th scope="row">{l s='Available' mod='shopcredit'}</th><td class="sc-available">{$sc_figures.available|escape:'html':'UTF-8'}</td></tr>
      <tr><th scope="row">{l s='Reserved for orders and requests' mod='shopcredit'}</th><td>{$sc_figures.reserved|escape:'html':'UTF-8'}</td></tr>
    </tbody></table>
  {/if}

  <h2 class="h4">{l s='Movements' mod='shopcredit'}</h2>
  <form method="get" action="{$sc_action|escape:'html':'UTF-8'}" class="form-inline">
    {if $sc_plain_urls}<input type="hidden" name="fc" value="module"><input type="hidden" name="module" value="shopcredit"><input type="hidden" name="controller" value="wallet">{/if}
    <select name="type" class="form-control" aria-label="{l s='Movement' mod='shopcredit'}"><option value="">{l s='All' mod='shopcredit'}</option>{foreach from=$sc_codes key=code item=label}<option value="{$code|escape:'html':'UTF-8'}" {if $sc_filter.type == $code}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <input type="date" name="from" class="form-control" aria-label="{l s='From' mod='shopcredit'}" value="{$sc_filter.from|escape:'html':'UTF-8'}">
    <input type="date" name="to" class="form-control" aria-label="{l s='To' mod='shopcredit'}" value="{$sc_filter.to|escape:'html':'UTF-8'}">
    <button class="btn btn-secondary" type="submit">{l s='Filter' mod='shopcredit'}</button>
  </form>
  <table class="table table-striped" id="shopcredit-movements">
    <thead><tr><th>{l s='Date' mod='shopcredit'}</th><th>{l s='Movement' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Order' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th></tr></thead>
    <tbody>
    {foreach from=$sc_movements item=m}
      <tr><td>{$m.date|escape:'html':'UTF-8'}</td><td>{$m.what|escape:'html':'UTF-8'}</td>
        <td class="sc-amount">{if $m.gone}<del>{$m.amount|escape:'html':'UTF-8'}</del>{else}{$m.amount|escape:'html':'UTF-8'}{/if}</td>
        <td>{if $m.order}<a href="{$m.order.url|escape:'html':'UTF-8'}">{$m.order.reference|escape:'html':'UTF-8'}</a>{/if}</td>
        <td>{$m.state|escape:'html':'UTF-8'}</td></tr>
    {foreachelse}
      <tr><td colspan="5">{l s='No movements.' mod='shopcredit'}</td></tr>
    {/foreach}
    </tbody>
  </table>
  {if $sc_pages.pages > 1}<p class="shopcredit-pager">{l s='Page' mod='shopcredit'} {$sc_pages.page|intval} / {$sc_pages.pages|intval}{if $sc_pages.page > 1} <a href="{$sc_page_url|escape:'html':'UTF-8'}{if strpos($sc_page_url, '?') === false}?{else}&amp;{/if}page={$sc_pages.page-1|intval}">{l s='Newer' mod='shopcredit'}</a>{/if}{if $sc_pages.page < $sc_pages.pages} <a href="{$sc_page_url|escape:'html':'UTF-8'}{if strpos($sc_page_url, '?') === false}?{else}&amp;{/if}page={$sc_pages.page+1|intval}">{l s='Older movements' mod='shopcredit'}</a>{/if}</p>{/if}

  <div class="row">
    <div class="col-md-6">
      <h2 class="h4">{l s='Top up my balance' mod='shopcredit'}</h2>
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" id="shopcredit-topup-form">
        <input type="hidden" name="token" value="{$sc_token|escape:'html':'UTF-8'}">
        <div class="form-group"><label for="sc-topup-amount">{l s='Amount' mod='shopcredit'}</label><input class="form-control" type="text" id="sc-topup-amount" name="amount" inputmode="decimal" required></div>
        <button class="btn btn-primary" type="submit" name="sc_topup" value="1">{l s='Top up' mod='shopcredit'}</button>
      </form>
    </div>
    <div class="col-md-6">
      <h2 class="h4">{l s='Withdraw from my balance' mod='shopcredit'}</h2>
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" id="shopcredit-withdraw-form">
        <input type="hidden" name="token" value="{$sc_token|escape:'html':'UTF-8'}">
        <div class="form-group"><label for="sc-withdraw-amount">{l s='Amount' mod='shopcredit'}</label><input class="form-control" type="text" id="sc-withdraw-amount" name="amount" inputmode="decimal" required></div>
        <div class="form-group"><label for="sc-withdraw-message">{l s='Bank details or message' mod='shopcredit'}</label><textarea class="form-control" id="sc-withdraw-message" name="message" maxlength="1000"></textarea></div>
        <button class="btn btn-secondary" type="submit" name="sc_withdraw" value="1">{l s='Ask for a withdrawal' mod='shopcredit'}</button>
      </form>
      {if $sc_withdrawals}<ul class="mt-2">{foreach from=$sc_withdrawals item=r}<li>{$r.amount|escape:'html':'UTF-8'} — {$r.state|escape:'html':'UTF-8'}</li>{/foreach}</ul>{/if}
    </div>
  </div>
</section>
{/block}

{**
 * My account > My credit account.
 *}
{extends file='customer/page.tpl'}

{block name='page_title'}{l s='My credit account' mod='shopcredit'}{/block}

{block name='page_content'}
<section id="shopcredit-credit">
  {if !$sc_summary.available}
    <p class="alert alert-warning">{l s='Your credit account cannot be shown right now.' mod='shopcredit'}</p>
  {elseif !$sc_summary.credit}
    <p class="alert alert-info">{l s='You have no credit line with us. You can ask for one below.' mod='shopcredit'}</p>
  {else}
    <table class="table table-bordered" id="shopcredit-credit-figures"><tbody>
      <tr><th scope="row">{l s='Credit limit' mod='shopcredit'}</th><td class="sc-limit">{$sc_figures.limit|escape:'html':'UTF-8'}</td></tr>
      <tr><th scope="row">{l s='Owed' mod='shopcredit'}</th><td class="sc-exposure">{$sc_figures.exposure|escape:'html':'UTF-8'}</td></tr>
      <tr><th scope="row">{l s='Remaining credit' mod='shopcredit'}</th><td class="sc-remaining">{$sc_figures.remaining|escape:'html':'UTF-8'}</td></tr>
      <tr><th scope="row">{l s='Maximum payment delay' mod='shopcredit'}</th><td>{if isset($sc_summary.credit.paymentTermsDays)}{$sc_summary.credit.paymentTermsDays|intval} {l s='days' mod='shopcredit'}{else}—{/if}</td></tr>
      <tr><th scope="row">{l s='Next payment due' mod='shopcredit'}</th><td>{$sc_figures.nextDueDate|escape:'html':'UTF-8'}</td></tr>
      <tr><th scope="row">{l s='Total paid' mod='shopcredit'}</th><td>{$sc_figures.totalPaid|escape:'html':'UTF-8'}</td></tr>
      {foreach from=$sc_figures.overdue item=od}<tr class="table-danger"><th>{l s='Overdue' mod='shopcredit'}</th><td>{$od.amountDue|escape:'html':'UTF-8'} — {l s='due' mod='shopcredit'} {$od.dueDate|escape:'html':'UTF-8'} ({$od.daysOverdue|intval} {l s='days' mod='shopcredit'})</td></tr>{/foreach}
    </tbody></table>
  {/if}

  <h2 class="h4">{l s='Orders on account' mod='shopcredit'}</h2>
  {if $sc_orders}
  <table class="table table-striped" id="shopcredit-orders-on-account">
    <thead><tr><th scope="row">{l s='Order' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Paid' mod='shopcredit'}</th><th>{l s='Remaining' mod='shopcredit'}</th><th>{l s='Due date' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th><th>{l s='Invoice' mod='shopcredit'}</th></tr></thead>
    <tbody>
    {foreach from=$sc_orders item=o}
      <tr><td>{if $o.detail_url}<a href="{$o.detail_url|escape:'html':'UTF-8'}">{$o.reference|escape:'html':'UTF-8'}</a>{else}{$o.reference|escape:'html':'UTF-8'}{/if}</td>
        <td>{$o.amount|escape:'html':'UTF-8'}</td><td>{$o.paid|escape:'html':'UTF-8'}</td><td>{$o.remaining|escape:'html':'UTF-8'}</td>
        <td>{$o.dueDate|default:'—'|escape:'html':'UTF-8'}</td><td>{$o.state|escape:'html':'UTF-8'}</td>
        <td>{if $o.invoice_url}<a href="{$o.invoice_url|escape:'html':'UTF-8'}">PDF</a>{/if}</td></tr>
    {/foreach}
    </tbody>
  </table>
  {else}
    <p>{l s='No orders on account yet.' mod='shopcredit'}</p>
  {/if}

  <h2 class="h4">{l s='Ask for a higher limit' mod='shopcredit'}</h2>
  <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" id="shopcredit-increase-form">
    <input type="hidden" name="token" value="{$sc_token|escape:'html':'UTF-8'}">
    <div class="form-group"><label for="sc-requested-limit">{l s='Requested limit' mod='shopcredit'}</label><input class="form-control" type="text" id="sc-requested-limit" name="requested_limit" inputmode="decimal" required></div>
    <div class="form-group"><label for="sc-increase-message">{l s='Message' mod='shopcredit'}</label><textarea class="form-control" id="sc-increase-message" name="message" maxlength="1000"></textarea></div>
    <button class="btn btn-primary" type="submit" name="sc_increase" value="1">{l s='Send the request' mod='shopcredit'}</button>
  </form>
  {if $sc_requests}
    <ul class="mt-2">{foreach from=$sc_requests item=r}<li>{$r.requested_limit|escape:'html':'UTF-8'} — {$r.state|escape:'html':'UTF-8'}</li>{/foreach}</ul>
  {/if}
</section>
{/block}

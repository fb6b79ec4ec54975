{**
 * Admin order page blocks: "Credit & balance" (what the books hold for the order) and
 * "Financing subscriptions".
 *}
<div class="card mt-2" id="shopcredit-order-credit">
  <div class="card-header"><h3 class="card-header-title">{l s='Credit & balance' mod='shopcredit'}</h3></div>
  <div class="card-body">
    {if $sc_error}<div class="alert alert-danger">{$sc_error|escape:'html':'UTF-8'}</div>{/if}
    {if $sc_summary}
    <p>{l s='Paid with:' mod='shopcredit'} <strong>{if $sc_summary.kind == 'top_up'}{l s='Store balance top-up' mod='shopcredit'}{elseif $sc_summary.method == 'credit_line'}{l s='Pay on account' mod='shopcredit'}{elseif $sc_summary.method == 'wallet_full'}{l s='Store balance' mod='shopcredit'}{elseif $sc_summary.method == 'wallet_partial'}{l s='Store balance + another method' mod='shopcredit'}{elseif $sc_summary.method == 'financing'}{l s='Financing' mod='shopcredit'}{/if}</strong>
      — {l s='total' mod='shopcredit'} {$sc_summary.total|escape:'html':'UTF-8'}
      {if $sc_po} — {l s='Purchase-order number' mod='shopcredit'} <strong>{$sc_po|escape:'html':'UTF-8'}</strong>{/if}</p>
    {if $sc_summary.kind == 'top_up' && $sc_summary.topUp}
      <p>{l s='Top-up:' mod='shopcredit'} {l s='price' mod='shopcredit'} {$sc_summary.topUp.price|escape:'html':'UTF-8'},
        {l s='credit' mod='shopcredit'} {$sc_summary.topUp.credit|escape:'html':'UTF-8'} ({l s='VAT' mod='shopcredit'} {$sc_summary.topUp.vat|escape:'html':'UTF-8'}),
        {l s='credited' mod='shopcredit'} <strong>{$sc_summary.topUp.credited|escape:'html':'UTF-8'}</strong>,
        {l s='taken back' mod='shopcredit'} {$sc_summary.topUp.reversed|escape:'html':'UTF-8'},
        {l s='already spent' mod='shopcredit'} {$sc_summary.topUp.unrecovered|escape:'html':'UTF-8'}</p>
    {else}
      <table class="table table-sm"><thead><tr><th></th><th>{l s='Paid' mod='shopcredit'}</th><th>{l s='Reserved' mod='shopcredit'}</th><th>{l s='Refunded' mod='shopcredit'}</th><th>{l s='Given back on cancellation' mod='shopcredit'}</th><th>{l s='Still held' mod='shopcredit'}</th></tr></thead><tbody>
        {foreach from=$sc_legs item=leg}
          <tr><th>{if $leg == 'wallet'}{l s='Store balance' mod='shopcredit'}{elseif $leg == 'creditLine'}{l s='Credit line' mod='shopcredit'}{else}{l s='Other payment method' mod='shopcredit'}{/if}</th>
            <td>{$sc_summary[$leg].paid|escape:'html':'UTF-8'}</td><td>{$sc_summary[$leg].reserved|escape:'html':'UTF-8'}</td><td>{$sc_summary[$leg].refunded|escape:'html':'UTF-8'}</td>
            <td>{$sc_summary[$leg].restored|escape:'html':'UTF-8'}</td><td>{$sc_summary[$leg].held|escape:'html':'UTF-8'}</td></tr>
        {/foreach}
      </tbody></table>
    {/if}
    {if $sc_summary.method == 'credit_line'}
      <p>{l s='Credit check:' mod='shopcredit'} <strong>{if $sc_summary.creditCheck == 'passed'}{l s='passed' mod='shopcredit'}{elseif $sc_summary.creditCheck == 'failed'}{l s='failed' mod='shopcredit'}{elseif $sc_summary.creditCheck == 'manual_review'}{l s='waiting for your review' mod='shopcredit'}{else}—{/if}</strong></p>
    {/if}
    {/if}
    {if $sc_receivable}
      <p>{l s='Receivable:' mod='shopcredit'} {$sc_receivable.amount|escape:'html':'UTF-8'},
        {l s='paid' mod='shopcredit'} {$sc_receivable.paid|escape:'html':'UTF-8'}, {l s='still due' mod='shopcredit'} <strong>{$sc_receivable.remaining|escape:'html':'UTF-8'}</strong>,
        {l s='due' mod='shopcredit'} {$sc_receivable.dueDate|default:'—'|escape:'html':'UTF-8'}</p>
      {if $sc_receivable.state == 'open'}
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" class="form-inline">
        <input type="text" name="amount" placeholder="0.00" class="form-control" size="8">
        <input type="text" name="method" placeholder="{l s='method (bank wire…)' mod='shopcredit'}" class="form-control" size="12">
        <input type="text" name="reference" placeholder="{l s='reference' mod='shopcredit'}" class="form-control" size="12">
        <button class="btn btn-outline-secondary" name="sc_do" value="record_payment">{l s='Record payment' mod='shopcredit'}</button>
        <button class="btn btn-outline-secondary" name="sc_do" value="mark_paid">{l s='Mark paid' mod='shopcredit'}</button>
      </form>
      {/if}
    {/if}
    {if $sc_summary && $sc_summary.method == 'credit_line' && $sc_summary.creditCheck == 'manual_review'}
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}">
        <button class="btn btn-outline-success" name="sc_do" value="approve">{l s='Approve the order on account' mod='shopcredit'}</button>
        <button class="btn btn-outline-danger" name="sc_do" value="decline">{l s='Decline' mod='shopcredit'}</button>
        <button class="btn btn-outline-secondary" name="sc_do" value="recheck">{l s='Run the credit check again' mod='shopcredit'}</button>
      </form>
    {/if}
    {if $sc_events}
      <p class="mt-2"><strong>{l s='What ShopCredit did' mod='shopcredit'}</strong></p>
      <ul>{foreach from=$sc_events item=e}<li>{$e.text|escape:'html':'UTF-8'}{if !$e.done} <em>({l s='waiting' mod='shopcredit'})</em>{/if}</li>{/foreach}</ul>
    {/if}
  </div>
</div>
{if $sc_financing}
<div class="card mt-2" id="shopcredit-order-financing">
  <div class="card-header"><h3 class="card-header-title">{l s='Financing subscriptions' mod='shopcredit'}</h3></div>
  <div class="card-body">
  {foreach from=$sc_financing item=f}
    <p><code>{$f.subscription_id|escape:'html':'UTF-8'}</code> {$f.solution_code|escape:'html':'UTF-8'} — <strong>{$f.status|escape:'html':'UTF-8'}</strong>{if $f.sub_status} ({$f.sub_status|escape:'html':'UTF-8'}){/if} — {$f.amount|escape:'html':'UTF-8'} {$f.currency|escape:'html':'UTF-8'}</p>
    {if $f.events}<p>{l s='Provider events received:' mod='shopcredit'} {count($f.events)|intval}</p>{/if}
  {/foreach}
  {if $sc_after_sale}
    <p><strong>{l s='After the sale' mod='shopcredit'}</strong></p>
    <ul id="shopcredit-after-sale">{foreach from=$sc_after_sale item=line}<li>{$line|escape:'html':'UTF-8'}</li>{/foreach}</ul>
  {/if}
  </div>
</div>
{/if}

{**
 * Admin order page blocks: "Credit & balance" and "Financing subscriptions".
 *}
<div class="card mt-2" id="shopcredit-order-credit">
  <div class="card-header"><h3 class="card-header-title">{l s='Credit & balance' mod='shopcredit'}</h3></div>
  <div class="card-body">
    {if $sc_error}<div class="alert alert-danger">{$sc_error|escape:'html':'UTF-8'}</div>{/if}
    <p>{l s='Funding:' mod='shopcredit'} <strong>{$sc_link.funding|escape:'html':'UTF-8'}</strong> — {l s='books reference' mod='shopcredit'} <code>{$sc_ref|escape:'html':'UTF-8'}</code></p>
    {if $sc_link.balance_part}<p>{l s='Paid from the store balance:' mod='shopcredit'} {$sc_link.balance_part|escape:'html':'UTF-8'}</p>{/if}
    {if $sc_link.credit_check}<p>{l s='Credit check:' mod='shopcredit'} <strong>{$sc_link.credit_check|escape:'html':'UTF-8'}</strong></p>{/if}
    {if $sc_receivable}
      <p>{l s='Receivable:' mod='shopcredit'} {$sc_receivable.amount|escape:'html':'UTF-8'} {$sc_receivable.currency|escape:'html':'UTF-8'},
        {l s='paid' mod='shopcredit'} {$sc_receivable.paid|escape:'html':'UTF-8'}, {l s='remaining' mod='shopcredit'} {$sc_receivable.remaining|escape:'html':'UTF-8'},
        {l s='due' mod='shopcredit'} {$sc_receivable.dueDate|default:'—'|escape:'html':'UTF-8'} ({$sc_receivable.state|escape:'html':'UTF-8'})</p>
      {if $sc_receivable.state == 'open'}
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" class="form-inline">
        <input type="text" name="amount" placeholder="0.00" class="form-control" size="8">
        <input type="text" name="reference" placeholder="{l s='reference' mod='shopcredit'}" class="form-control" size="12">
        <button class="btn btn-outline-secondary" name="sc_do" value="record_payment">{l s='Record payment' mod='shopcredit'}</button>
        <button class="btn btn-outline-secondary" name="sc_do" value="mark_paid">{l s='Mark paid' mod='shopcredit'}</button>
      </form>
      {/if}
    {/if}
    {if $sc_link.funding == 'credit_line' && $sc_link.credit_check != 'passed' && $sc_link.credit_check != 'failed'}
      <form method="post" action="{$sc_action|escape:'html':'UTF-8'}">
        <button class="btn btn-outline-success" name="sc_do" value="approve">{l s='Approve the order on account' mod='shopcredit'}</button>
        <button class="btn btn-outline-danger" name="sc_do" value="decline">{l s='Decline' mod='shopcredit'}</button>
        <button class="btn btn-outline-secondary" name="sc_do" value="recheck">{l s='Run the credit check again' mod='shopcredit'}</button>
      </form>
    {/if}
    {if $sc_transfers}
      <table class="table table-sm mt-2"><thead><tr><th>{l s='Movement' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Debit' mod='shopcredit'}</th><th>{l s='Credit' mod='shopcredit'}</th><th>{l s='Flags' mod='shopcredit'}</th></tr></thead><tbody>
      {foreach from=$sc_transfers item=t}
        <tr><td><code>{$t.id|escape:'html':'UTF-8'}</code></td><td>{$t.amount|escape:'html':'UTF-8'} {$t.currency|escape:'html':'UTF-8'}</td><td>{$t.debitAccountId|escape:'html':'UTF-8'}</td><td>{$t.creditAccountId|escape:'html':'UTF-8'}</td><td>{', '|implode:$t.flags|escape:'html':'UTF-8'}</td></tr>
      {/foreach}
      </tbody></table>
    {/if}
  </div>
</div>
{if $sc_financing}
<div class="card mt-2" id="shopcredit-order-financing">
  <div class="card-header"><h3 class="card-header-title">{l s='Financing subscriptions' mod='shopcredit'}</h3></div>
  <div class="card-body">
  {foreach from=$sc_financing item=f}
    <p><code>{$f.subscription_id|escape:'html':'UTF-8'}</code> {$f.solution_code|escape:'html':'UTF-8'} — <strong>{$f.status|escape:'html':'UTF-8'}</strong>{if $f.sub_status} ({$f.sub_status|escape:'html':'UTF-8'}){/if} — {$f.amount|escape:'html':'UTF-8'} {$f.currency|escape:'html':'UTF-8'}</p>
    {if $f.history}<ul>{foreach from=$f.history item=h}<li>{$h|json_encode|escape:'html':'UTF-8'}</li>{/foreach}</ul>{/if}
    {if $f.events}<p>{l s='Provider events received:' mod='shopcredit'} {count($f.events)|intval}</p>{/if}
  {/foreach}
  </div>
</div>
{/if}

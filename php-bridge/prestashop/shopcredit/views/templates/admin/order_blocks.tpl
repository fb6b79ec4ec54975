{**
 * Admin order page: PrestaShop 8's order-page cards (card header with icon and title,
 * definition lists) for what the books hold: pay on account, store balance, financing, and what
 * ShopCredit did. Every value is words or money in the shop's format (src/Admin/OrderBlocks.php).
 *}
<div id="shopcredit-order-blocks">
{* PrestaShop's link colour is too light on white (WCAG 1.4.3): our links are the body's colour, underlined. *}
<style>#shopcredit-order-blocks a.shopcredit-link { color: #363a41; text-decoration: underline; }</style>
{if $sc_error}<div class="alert alert-danger" role="alert">{l s='ShopCredit cannot show this order\'s figures right now:' mod='shopcredit'} {$sc_error|escape:'html':'UTF-8'}</div>{/if}
{if $sc_summary}
{if $sc_summary.method == 'credit_line' || $sc_receivable}
<div class="card mt-2" id="shopcredit-order-credit">
  <div class="card-header">
    <h3 class="card-header-title"><i class="material-icons" aria-hidden="true">account_balance</i> {l s='Pay on account' mod='shopcredit'}</h3>
  </div>
  <div class="card-body">
    <dl class="row mb-0">
      <dt class="col-sm-5">{l s='Credit check' mod='shopcredit'}</dt>
      <dd class="col-sm-7">{if $sc_summary.creditCheck == 'passed'}<strong>{l s='Passed' mod='shopcredit'}</strong>{elseif $sc_summary.creditCheck == 'failed'}<strong>{l s='Failed' mod='shopcredit'}</strong>{elseif $sc_summary.creditCheck == 'manual_review'}<strong>{l s='Waiting for your review' mod='shopcredit'}</strong>{else}{l s='Not run yet' mod='shopcredit'}{/if}</dd>
      {if $sc_receivable}
      <dt class="col-sm-5">{l s='On account' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_receivable.amount|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Paid' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_receivable.paid|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Still due' mod='shopcredit'}</dt><dd class="col-sm-7"><strong>{$sc_receivable.remaining|escape:'html':'UTF-8'}</strong> ({$sc_receivable.stateWords|escape:'html':'UTF-8'})</dd>
      <dt class="col-sm-5">{l s='Due date' mod='shopcredit'}</dt><dd class="col-sm-7">{if $sc_receivable.due}{$sc_receivable.due|escape:'html':'UTF-8'}{if $sc_receivable.overdue} <strong>({l s='overdue' mod='shopcredit'})</strong>{/if}{else}{l s='Set when the order ships' mod='shopcredit'}{/if}</dd>
      {elseif $sc_summary.creditLine}
      <dt class="col-sm-5">{l s='On account' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.creditLine.planned|escape:'html':'UTF-8'}</dd>
      {/if}
      {if $sc_po}<dt class="col-sm-5">{l s='Purchase-order number' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_po|escape:'html':'UTF-8'}</dd>{/if}
    </dl>
    <p class="mb-2"><a class="shopcredit-link" href="{$sc_customer_url|escape:'html':'UTF-8'}">{l s='Customer\'s credit account' mod='shopcredit'}</a> · <a class="shopcredit-link" href="{$sc_receivables_url|escape:'html':'UTF-8'}">{l s='All receivables' mod='shopcredit'}</a></p>
    {if $sc_receivable && $sc_receivable.state == 'open'}
    <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" class="form-inline" id="shopcredit-order-payment">
      <label class="sr-only" for="sc-order-pay-amount">{l s='Amount' mod='shopcredit'}</label>
      <input type="text" id="sc-order-pay-amount" name="amount" placeholder="{l s='Amount' mod='shopcredit'}" class="form-control mr-1 mb-1" size="8">
      <label class="sr-only" for="sc-order-pay-method">{l s='Payment method' mod='shopcredit'}</label>
      <input type="text" id="sc-order-pay-method" name="method" placeholder="{l s='Payment method' mod='shopcredit'}" class="form-control mr-1 mb-1" size="12">
      <label class="sr-only" for="sc-order-pay-reference">{l s='Reference' mod='shopcredit'}</label>
      <input type="text" id="sc-order-pay-reference" name="reference" placeholder="{l s='Reference' mod='shopcredit'}" class="form-control mr-1 mb-1" size="12">
      <button class="btn btn-outline-secondary mr-1 mb-1" name="sc_do" value="record_payment">{l s='Record payment' mod='shopcredit'}</button>
      <button class="btn btn-outline-secondary mb-1" name="sc_do" value="mark_paid">{l s='Mark paid' mod='shopcredit'}</button>
    </form>
    {/if}
    {if $sc_summary.method == 'credit_line' && $sc_summary.creditCheck == 'manual_review'}
    <form method="post" action="{$sc_action|escape:'html':'UTF-8'}" class="mt-2">
      <button class="btn btn-outline-success" name="sc_do" value="approve">{l s='Approve the order on account' mod='shopcredit'}</button>
      <button class="btn btn-outline-danger" name="sc_do" value="decline">{l s='Decline' mod='shopcredit'}</button>
      <button class="btn btn-outline-secondary" name="sc_do" value="recheck">{l s='Run the credit check again' mod='shopcredit'}</button>
    </form>
    {/if}
  </div>
</div>
{/if}
{if $sc_summary.kind == 'top_up' || in_array('wallet', $sc_legs)}
<div class="card mt-2" id="shopcredit-order-balance">
  <div class="card-header">
    <h3 class="card-header-title"><i class="material-icons" aria-hidden="true">account_balance_wallet</i> {if $sc_summary.kind == 'top_up'}{l s='Store balance top-up' mod='shopcredit'}{else}{l s='Store balance' mod='shopcredit'}{/if}</h3>
  </div>
  <div class="card-body">
    <dl class="row mb-0">
    {if $sc_summary.kind == 'top_up' && $sc_summary.topUp}
      <dt class="col-sm-5">{l s='Price paid' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.topUp.price|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='VAT' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.topUp.vat|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='To credit' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.topUp.credit|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Credited' mod='shopcredit'}</dt><dd class="col-sm-7"><strong>{$sc_summary.topUp.credited|escape:'html':'UTF-8'}</strong></dd>
      <dt class="col-sm-5">{l s='Taken back' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.topUp.reversed|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Already spent' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.topUp.unrecovered|escape:'html':'UTF-8'}</dd>
    {else}
      <dt class="col-sm-5">{l s='Paid from the balance' mod='shopcredit'}</dt><dd class="col-sm-7"><strong>{$sc_summary.wallet.paid|escape:'html':'UTF-8'}</strong></dd>
      <dt class="col-sm-5">{l s='Reserved, not taken yet' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.wallet.reserved|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Refunded to the balance' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.wallet.refunded|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Given back on cancellation' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.wallet.restored|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Still held by the order' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.wallet.held|escape:'html':'UTF-8'}</dd>
      {if in_array('external', $sc_legs)}
      <dt class="col-sm-5">{l s='With the other payment method' mod='shopcredit'}</dt><dd class="col-sm-7">{$sc_summary.external.planned|escape:'html':'UTF-8'}{if $sc_summary.external.refunded|regex_replace:'/[^1-9]/':'' != ''} · {l s='refunded' mod='shopcredit'} {$sc_summary.external.refunded|escape:'html':'UTF-8'}{/if}</dd>
      {/if}
    {/if}
    </dl>
    <p class="mb-0"><a class="shopcredit-link" href="{$sc_customer_url|escape:'html':'UTF-8'}">{l s='Customer\'s store balance' mod='shopcredit'}</a></p>
  </div>
</div>
{/if}
{/if}
{if $sc_financing}
<div class="card mt-2" id="shopcredit-order-financing">
  <div class="card-header">
    <h3 class="card-header-title"><i class="material-icons" aria-hidden="true">payments</i> {l s='Financing' mod='shopcredit'}</h3>
  </div>
  <div class="card-body">
  {foreach from=$sc_financing item=f}
    <dl class="row mb-0">
      <dt class="col-sm-5">{l s='Offer' mod='shopcredit'}</dt><dd class="col-sm-7">{$f.solution|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Financed amount' mod='shopcredit'}</dt><dd class="col-sm-7">{$f.amount|escape:'html':'UTF-8'}</dd>
      <dt class="col-sm-5">{l s='Status' mod='shopcredit'}</dt><dd class="col-sm-7"><strong>{$f.status|escape:'html':'UTF-8'}</strong></dd>
      <dt class="col-sm-5">{l s='Updates from the lender' mod='shopcredit'}</dt><dd class="col-sm-7">{$f.updates|intval}</dd>
    </dl>
  {/foreach}
  {if $sc_after_sale}
    <p class="mt-2 mb-1"><strong>{l s='After the sale' mod='shopcredit'}</strong></p>
    <ul id="shopcredit-after-sale" class="mb-0">{foreach from=$sc_after_sale item=line}<li>{$line|escape:'html':'UTF-8'}</li>{/foreach}</ul>
  {/if}
  </div>
</div>
{/if}
{if $sc_events}
<div class="card mt-2" id="shopcredit-order-history">
  <div class="card-header">
    <h3 class="card-header-title"><i class="material-icons" aria-hidden="true">history</i> {l s='What ShopCredit did' mod='shopcredit'}</h3>
  </div>
  <div class="card-body">
    <ul class="mb-0">{foreach from=$sc_events item=e}<li>{$e.text|escape:'html':'UTF-8'}{if !$e.done} <em>({l s='waiting' mod='shopcredit'})</em>{/if}</li>{/foreach}</ul>
  </div>
</div>
{/if}
</div>

{**
 * Customers > Credit & balance.
 *}
<ul class="nav nav-tabs" id="shopcredit-admin-tabs">
  {foreach from=$sc_tabs key=k item=label}
    <li class="nav-item {if $sc_section == $k}active{/if}"><a class="nav-link" href="{$sc_url|escape:'html':'UTF-8'}&amp;section={$k|escape:'html':'UTF-8'}">{$label|escape:'html':'UTF-8'}</a></li>
  {/foreach}
</ul>
{if $sc_error}<div class="alert alert-danger">{$sc_error|escape:'html':'UTF-8'}</div>{/if}

{if $sc_section == 'accounts'}
<div class="panel" id="shopcredit-accounts">
  <h3>{l s='Credit lines' mod='shopcredit'}</h3>
  <form method="get" action="index.php" class="form-inline">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}">
    <input type="text" name="search" class="form-control" placeholder="{l s='customer id or company' mod='shopcredit'}" value="{$sc_search|escape:'html':'UTF-8'}">
    <select name="risk" class="form-control"><option value="">{l s='any risk' mod='shopcredit'}</option><option>low</option><option>medium</option><option>high</option></select>
    <button class="btn btn-default">{l s='Filter' mod='shopcredit'}</button>
  </form>
  <table class="table"><thead><tr><th>{l s='Customer' mod='shopcredit'}</th><th>{l s='Company' mod='shopcredit'}</th><th>{l s='Authorized' mod='shopcredit'}</th><th>{l s='Exposure' mod='shopcredit'}</th><th>{l s='Remaining' mod='shopcredit'}</th><th>{l s='Total paid' mod='shopcredit'}</th><th>{l s='Total expected' mod='shopcredit'}</th><th>{l s='Risk' mod='shopcredit'}</th><th>{l s='On hold' mod='shopcredit'}</th><th></th></tr></thead><tbody>
  {foreach from=$sc_accounts item=a}
    <tr><td>{$a.customerId|escape:'html':'UTF-8'}</td><td>{$a.companyName|default:''|escape:'html':'UTF-8'}</td><td>{$a.authorized|escape:'html':'UTF-8'}</td><td>{$a.exposure|escape:'html':'UTF-8'}</td><td>{$a.remaining|escape:'html':'UTF-8'}</td><td>{$a.totalPaid|escape:'html':'UTF-8'}</td><td>{$a.totalExpected|escape:'html':'UTF-8'}</td><td>{$a.riskLevel|default:'low'|escape:'html':'UTF-8'}</td><td>{if $a.onHold}{l s='yes' mod='shopcredit'}{/if}</td>
      <td><a class="btn btn-default btn-xs" href="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$a.customerId|intval}">{l s='Open' mod='shopcredit'}</a></td></tr>
  {foreachelse}<tr><td colspan="10">{l s='No credit lines yet: open a customer from Customers and set a limit.' mod='shopcredit'}</td></tr>{/foreach}
  </tbody></table>
  <h3>{l s='Store balances' mod='shopcredit'}</h3>
  <table class="table"><thead><tr><th>{l s='Customer' mod='shopcredit'}</th><th>{l s='Balance' mod='shopcredit'}</th><th>{l s='Available' mod='shopcredit'}</th><th>{l s='Reserved' mod='shopcredit'}</th><th></th></tr></thead><tbody>
  {foreach from=$sc_wallets item=w}
    <tr><td>{$w.customerId|escape:'html':'UTF-8'}</td><td>{$w.balance|escape:'html':'UTF-8'}</td><td>{$w.available|escape:'html':'UTF-8'}</td><td>{$w.reserved|escape:'html':'UTF-8'}</td>
      <td><a class="btn btn-default btn-xs" href="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$w.customerId|intval}">{l s='Open' mod='shopcredit'}</a></td></tr>
  {/foreach}
  </tbody></table>
</div>
<div class="panel" id="shopcredit-stats">
  <h3>{l s='Statistics' mod='shopcredit'} ({$sc_iso|escape:'html':'UTF-8'})</h3>
  <p>{l s='Credit lines:' mod='shopcredit'} {$sc_stats.creditLines.count|intval} — {l s='authorized' mod='shopcredit'} {$sc_stats.creditLines.authorized|escape:'html':'UTF-8'}, {l s='exposure' mod='shopcredit'} {$sc_stats.creditLines.exposure|escape:'html':'UTF-8'}, {l s='on hold' mod='shopcredit'} {$sc_stats.creditLines.onHold|intval}</p>
  <p>{l s='Open receivables:' mod='shopcredit'} {$sc_stats.receivables.open|intval} ({$sc_stats.receivables.due|escape:'html':'UTF-8'}), {l s='overdue' mod='shopcredit'} {$sc_stats.receivables.overdueCount|intval} ({$sc_stats.receivables.overdue|escape:'html':'UTF-8'})</p>
  <p>{l s='Store balances:' mod='shopcredit'} {$sc_stats.wallets.count|intval}</p>
  <pre>{$sc_stats.wallets.movements|json_encode:128|escape:'html':'UTF-8'}</pre>
</div>
{/if}

{if $sc_section == 'customer'}
<div class="panel" id="shopcredit-customer">
  <h3>{$sc_customer.name|escape:'html':'UTF-8'} ({$sc_customer.email|escape:'html':'UTF-8'}) — #{$sc_customer.id|intval}</h3>
  {if $sc_summary.credit}<p>{l s='Limit' mod='shopcredit'} {$sc_summary.credit.limit|escape:'html':'UTF-8'}, {l s='exposure' mod='shopcredit'} {$sc_summary.credit.exposure|escape:'html':'UTF-8'}, {l s='remaining' mod='shopcredit'} {$sc_summary.credit.remaining|escape:'html':'UTF-8'}{if $sc_summary.credit.blockingReasons} — {l s='blocked:' mod='shopcredit'} {', '|implode:$sc_summary.credit.blockingReasons|escape:'html':'UTF-8'}{/if}</p>{/if}
  {if $sc_summary.wallet}<p>{l s='Balance' mod='shopcredit'} {$sc_summary.wallet.balance|escape:'html':'UTF-8'} ({l s='available' mod='shopcredit'} {$sc_summary.wallet.available|escape:'html':'UTF-8'})</p>{/if}
  <form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$sc_customer.id|intval}" class="form-horizontal">
    <input type="hidden" name="id_customer" value="{$sc_customer.id|intval}">
    <div class="form-group"><label class="control-label col-lg-3">{l s='Credit limit' mod='shopcredit'}</label><div class="col-lg-2"><input type="text" name="limit" value="{if $sc_account}{$sc_account.authorized|escape:'html':'UTF-8'}{else}0.00{/if}"></div></div>
    <div class="form-group"><label class="control-label col-lg-3">{l s='Payment delay (days, empty: shop default)' mod='shopcredit'}</label><div class="col-lg-2"><input type="text" name="payment_terms_days" value="{if $sc_account}{$sc_account.paymentTermsDays|escape:'html':'UTF-8'}{/if}"></div></div>
    <div class="form-group"><label class="control-label col-lg-3">{l s='Risk level' mod='shopcredit'}</label><div class="col-lg-2"><select name="risk_level">{foreach from=['low','medium','high'] item=r}<option {if $sc_account && $sc_account.riskLevel == $r}selected{/if}>{$r|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
    <div class="form-group"><label class="control-label col-lg-3">{l s='Company name' mod='shopcredit'}</label><div class="col-lg-4"><input type="text" name="company_name" value="{if $sc_account && $sc_account.companyName}{$sc_account.companyName|escape:'html':'UTF-8'}{else}{$sc_customer.company|escape:'html':'UTF-8'}{/if}"></div></div>
    <div class="form-group"><label class="control-label col-lg-3">{l s='On hold' mod='shopcredit'}</label><div class="col-lg-2"><input type="checkbox" name="on_hold" value="1" {if $sc_account && $sc_account.onHold}checked{/if}></div></div>
    <button class="btn btn-primary" name="sc_do" value="customer_settings">{l s='Save' mod='shopcredit'}</button>
    <button class="btn btn-default" name="sc_do" value="mail_status">{l s='E-mail the customer their credit status' mod='shopcredit'}</button>
  </form>
  <h4>{l s='Adjust the store balance' mod='shopcredit'}</h4>
  <form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$sc_customer.id|intval}" class="form-inline">
    <input type="hidden" name="id_customer" value="{$sc_customer.id|intval}">
    <select name="kind" class="form-control"><option value="bonus">bonus</option><option value="adjustment_credit">adjustment_credit</option><option value="adjustment_debit">adjustment_debit</option></select>
    <input type="text" name="amount" class="form-control" placeholder="0.00"><input type="text" name="reason" class="form-control" placeholder="{l s='reason' mod='shopcredit'}">
    <button class="btn btn-default" name="sc_do" value="adjust">{l s='Apply' mod='shopcredit'}</button>
  </form>
  <h4>{l s='Statement of account' mod='shopcredit'}</h4>
  <form method="get" action="index.php" class="form-inline" id="shopcredit-statement">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}"><input type="hidden" name="section" value="customer"><input type="hidden" name="id_customer" value="{$sc_customer.id|intval}"><input type="hidden" name="export" value="statement">
    <label>{l s='From' mod='shopcredit'} <input type="date" name="from" class="form-control"></label> <label>{l s='To' mod='shopcredit'} <input type="date" name="to" class="form-control"></label>
    <button class="btn btn-default" name="format" value="pdf">PDF</button> <button class="btn btn-default" name="format" value="csv">CSV</button>
    <span class="help-block">{l s='Open items with due dates, payments and the running balance, as the customer sees it in My account. Without dates: the last %d days.' mod='shopcredit' sprintf=[$sc_statement_days]}</span>
  </form>
  <h4>{l s='Ledger' mod='shopcredit'} <a class="btn btn-default btn-xs" href="{$sc_export|escape:'html':'UTF-8'}">CSV</a></h4>
  <form method="get" action="index.php" class="form-inline">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}"><input type="hidden" name="section" value="customer"><input type="hidden" name="id_customer" value="{$sc_customer.id|intval}">
    <select name="type" class="form-control"><option value="">{l s='All' mod='shopcredit'}</option>{foreach from=$sc_codes item=code}<option>{$code|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <input type="date" name="from" class="form-control"><input type="date" name="to" class="form-control"><button class="btn btn-default">{l s='Filter' mod='shopcredit'}</button>
  </form>
  <table class="table" id="shopcredit-ledger"><thead><tr><th>{l s='Date' mod='shopcredit'}</th><th>{l s='Account' mod='shopcredit'}</th><th>{l s='Movement' mod='shopcredit'}</th><th>{l s='Type' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Order' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th></tr></thead><tbody>
  {foreach from=$sc_moves item=m}
    <tr><td>{$m.timestampS|date_format:'%Y-%m-%d %H:%M'}</td><td>{if $m.direction == 'credit'}{$m.creditAccountId|escape:'html':'UTF-8'}{else}{$m.debitAccountId|escape:'html':'UTF-8'}{/if}</td><td><code>{$m.id|escape:'html':'UTF-8'}</code></td><td>{$m.code|escape:'html':'UTF-8'}</td><td>{if $m.direction == 'debit'}-{else}+{/if}{$m.amount|escape:'html':'UTF-8'}</td><td>{$m.orderRef|default:''|escape:'html':'UTF-8'}</td><td>{$m.pendingStatus|escape:'html':'UTF-8'} {', '|implode:$m.flags|escape:'html':'UTF-8'}</td></tr>
  {/foreach}
  </tbody></table>
</div>
{/if}

{if $sc_section == 'receivables'}
<div class="panel" id="shopcredit-receivables">
  <h3>{l s='Receivables' mod='shopcredit'}</h3>
  <table class="table"><thead><tr><th>{l s='Order' mod='shopcredit'}</th><th>{l s='Customer' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Paid' mod='shopcredit'}</th><th>{l s='Remaining' mod='shopcredit'}</th><th>{l s='Due' mod='shopcredit'}</th><th>{l s='State' mod='shopcredit'}</th><th></th></tr></thead><tbody>
  {foreach from=$sc_receivables item=r}
    <tr><td>{$r.orderRef|escape:'html':'UTF-8'}</td><td>{$r.customerId|escape:'html':'UTF-8'}</td><td>{$r.amount|escape:'html':'UTF-8'}</td><td>{$r.paid|escape:'html':'UTF-8'}</td><td>{$r.remaining|escape:'html':'UTF-8'}</td><td>{$r.dueDate|default:'—'|escape:'html':'UTF-8'}</td><td>{$r.state|escape:'html':'UTF-8'}</td>
      <td>{if $r.state == 'open'}<form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=receivables" class="form-inline"><input type="hidden" name="order_ref" value="{$r.orderRef|escape:'html':'UTF-8'}"><input type="text" name="amount" size="7" placeholder="0.00"><input type="text" name="method" size="10" placeholder="{l s='method (bank wire…)' mod='shopcredit'}"><input type="text" name="reference" size="8" placeholder="ref"><button class="btn btn-default btn-xs" name="sc_do" value="record_payment">{l s='Record payment' mod='shopcredit'}</button><button class="btn btn-default btn-xs" name="sc_do" value="mark_paid">{l s='Mark paid' mod='shopcredit'}</button></form>{/if}</td></tr>
  {foreachelse}<tr><td colspan="8">{l s='No open receivables.' mod='shopcredit'}</td></tr>{/foreach}
  </tbody></table>
</div>
{/if}

{if $sc_section == 'requests'}
<div class="panel" id="shopcredit-requests">
  <h3>{l s='Credit-increase requests' mod='shopcredit'}</h3>
  <table class="table"><tbody>
  {foreach from=$sc_increases item=r}
    <tr><td>{$r.customer_id|escape:'html':'UTF-8'}</td><td>{$r.current_limit|escape:'html':'UTF-8'} → {$r.requested_limit|escape:'html':'UTF-8'}</td><td>{$r.message|default:''|escape:'html':'UTF-8'}</td><td>{$r.state|escape:'html':'UTF-8'}</td>
      <td>{if $r.state == 'requested' || $r.state == 'pending'}<form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests" class="form-inline"><input type="hidden" name="request_id" value="{$r.id|escape:'html':'UTF-8'}"><input type="text" name="new_limit" size="8" placeholder="{$r.requested_limit|escape:'html':'UTF-8'}"><input type="text" name="reason" size="10" placeholder="{l s='reason' mod='shopcredit'}"><button class="btn btn-success btn-xs" name="sc_do" value="increase_approve">{l s='Approve' mod='shopcredit'}</button><button class="btn btn-danger btn-xs" name="sc_do" value="increase_decline">{l s='Decline' mod='shopcredit'}</button></form>{/if}</td></tr>
  {foreachelse}<tr><td>{l s='No requests.' mod='shopcredit'}</td></tr>{/foreach}
  </tbody></table>
  {if $sc_inc_page.pages > 1}<p class="shopcredit-pager">{l s='Page' mod='shopcredit'} {$sc_inc_page.page|intval} / {$sc_inc_page.pages|intval} ({$sc_inc_page.total|intval}){if $sc_inc_page.page > 1} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests&amp;{$sc_inc_page.param|escape:'html':'UTF-8'}={$sc_inc_page.page-1|intval}">{l s='Newer' mod='shopcredit'}</a>{/if}{if $sc_inc_page.page < $sc_inc_page.pages} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests&amp;{$sc_inc_page.param|escape:'html':'UTF-8'}={$sc_inc_page.page+1|intval}">{l s='Older' mod='shopcredit'}</a>{/if}</p>{/if}
  <h3>{l s='Withdrawal requests' mod='shopcredit'}</h3>
  <table class="table"><tbody>
  {foreach from=$sc_withdrawals item=r}
    <tr><td>{$r.customer_id|escape:'html':'UTF-8'}</td><td>{$r.amount|escape:'html':'UTF-8'} {$r.currency|escape:'html':'UTF-8'}</td><td>{$r.message|default:''|escape:'html':'UTF-8'}</td><td>{$r.state|escape:'html':'UTF-8'}</td>
      <td>{if $r.state == 'requested'}<form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests" class="form-inline"><input type="hidden" name="request_id" value="{$r.id|escape:'html':'UTF-8'}"><input type="text" name="reason" size="10" placeholder="{l s='reason' mod='shopcredit'}"><button class="btn btn-success btn-xs" name="sc_do" value="withdrawal_approve">{l s='Approve' mod='shopcredit'}</button><button class="btn btn-danger btn-xs" name="sc_do" value="withdrawal_reject">{l s='Reject' mod='shopcredit'}</button></form>{/if}</td></tr>
  {foreachelse}<tr><td>{l s='No requests.' mod='shopcredit'}</td></tr>{/foreach}
  </tbody></table>
  {if $sc_wd_page.pages > 1}<p class="shopcredit-pager">{l s='Page' mod='shopcredit'} {$sc_wd_page.page|intval} / {$sc_wd_page.pages|intval} ({$sc_wd_page.total|intval}){if $sc_wd_page.page > 1} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests&amp;{$sc_wd_page.param|escape:'html':'UTF-8'}={$sc_wd_page.page-1|intval}">{l s='Newer' mod='shopcredit'}</a>{/if}{if $sc_wd_page.page < $sc_wd_page.pages} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests&amp;{$sc_wd_page.param|escape:'html':'UTF-8'}={$sc_wd_page.page+1|intval}">{l s='Older' mod='shopcredit'}</a>{/if}</p>{/if}
</div>
{/if}

{if $sc_section == 'mass'}
<div class="panel" id="shopcredit-mass">
  <h3>{l s='Credit or debit every store balance of a customer group' mod='shopcredit'}</h3>
  <form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=mass" class="form-inline">
    <input type="hidden" name="batch_key" value="{$sc_batch|escape:'html':'UTF-8'}">
    <select name="id_group" class="form-control">{foreach from=$sc_groups item=g}<option value="{$g.id_group|intval}">{$g.name|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <select name="direction" class="form-control"><option value="credit">{l s='credit' mod='shopcredit'}</option><option value="debit">{l s='debit' mod='shopcredit'}</option></select>
    <input type="text" name="amount" class="form-control" placeholder="0.00"><input type="text" name="reason" class="form-control" placeholder="{l s='reason' mod='shopcredit'}">
    <button class="btn btn-primary" name="sc_do" value="mass">{l s='Apply' mod='shopcredit'}</button>
  </form>
  <p class="help-block">{l s='Running the same form again resumes an interrupted batch; customers already done are not credited twice.' mod='shopcredit'}</p>
</div>
{/if}

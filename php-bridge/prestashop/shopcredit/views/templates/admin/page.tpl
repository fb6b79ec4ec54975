{**
 * Customers > Credit & balance.
 *}
{* PrestaShop's grey for inactive tabs is too light on white (WCAG 1.4.3). *}
<style>#shopcredit-admin-tabs .nav-link { color: #363a41; }</style>
<ul class="nav nav-tabs" id="shopcredit-admin-tabs">
  {foreach from=$sc_tabs key=k item=label}
    <li class="nav-item {if $sc_section == $k}active{/if}"><a class="nav-link" href="{$sc_url|escape:'html':'UTF-8'}&amp;section={$k|escape:'html':'UTF-8'}">{$label|escape:'html':'UTF-8'}</a></li>
  {/foreach}
</ul>
{if $sc_error}<div class="alert alert-danger">{$sc_error|escape:'html':'UTF-8'}</div>{/if}

{if $sc_section == 'accounts'}
<div class="panel" id="shopcredit-accounts">
  <form method="get" action="index.php" class="form-inline">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}">
    <label for="sc-search">{l s='Customer' mod='shopcredit'}</label>
    <input type="search" id="sc-search" name="search" class="form-control" placeholder="{l s='name, e-mail or company' mod='shopcredit'}" value="{$sc_search|escape:'html':'UTF-8'}">
    <label for="sc-currency">{l s='Currency' mod='shopcredit'}</label>
    <select id="sc-currency" name="currency" class="form-control">{foreach from=$sc_currencies item=c}<option {if $c == $sc_iso}selected{/if}>{$c|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <label for="sc-risk">{l s='Risk level' mod='shopcredit'}</label>
    <select id="sc-risk" name="risk" class="form-control"><option value="">{l s='All' mod='shopcredit'}</option>{foreach from=$sc_risks key=r item=label}<option value="{$r|escape:'html':'UTF-8'}" {if $sc_acc_filter.risk == $r}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <label for="sc-hold">{l s='On hold' mod='shopcredit'}</label>
    <select id="sc-hold" name="hold" class="form-control"><option value="">{l s='All' mod='shopcredit'}</option><option value="1" {if $sc_acc_filter.hold === '1'}selected{/if}>{l s='On hold' mod='shopcredit'}</option><option value="0" {if $sc_acc_filter.hold === '0'}selected{/if}>{l s='Not on hold' mod='shopcredit'}</option></select>
    <label for="sc-overdue">{l s='Overdue orders' mod='shopcredit'}</label>
    <select id="sc-overdue" name="overdue" class="form-control"><option value="">{l s='All' mod='shopcredit'}</option><option value="1" {if $sc_acc_filter.overdue === '1'}selected{/if}>{l s='With overdue orders' mod='shopcredit'}</option><option value="0" {if $sc_acc_filter.overdue === '0'}selected{/if}>{l s='Without overdue orders' mod='shopcredit'}</option></select>
    <button class="btn btn-default"><i class="icon-search"></i> {l s='Show' mod='shopcredit'}</button>
  </form>
</div>
{$sc_lists nofilter}
{/if}

{if $sc_section == 'statistics'}
<div class="panel" id="shopcredit-statistics">
  <h3>{l s='Statistics' mod='shopcredit'} — {$sc_iso|escape:'html':'UTF-8'}</h3>
  <form method="get" action="index.php" class="form-inline">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}"><input type="hidden" name="section" value="statistics">
    <label for="sc-from">{l s='From' mod='shopcredit'}</label> <input type="date" id="sc-from" name="from" class="form-control" value="{$sc_from|escape:'html':'UTF-8'}">
    <label for="sc-to">{l s='To' mod='shopcredit'}</label> <input type="date" id="sc-to" name="to" class="form-control" value="{$sc_to|escape:'html':'UTF-8'}">
    <label for="sc-period">{l s='By' mod='shopcredit'}</label>
    <select id="sc-period" name="period" class="form-control">{foreach from=$sc_periods key=k item=label}<option value="{$k|escape:'html':'UTF-8'}" {if $k == $sc_period}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <label for="sc-stat-currency">{l s='Currency' mod='shopcredit'}</label>
    <select id="sc-stat-currency" name="currency" class="form-control">{foreach from=$sc_currencies item=c}<option {if $c == $sc_iso}selected{/if}>{$c|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <button class="btn btn-default">{l s='Show' mod='shopcredit'}</button>
  </form>
  <div class="shopcredit-charts">{$sc_charts nofilter}</div>
</div>
{/if}

{if $sc_section == 'customer'}
<div class="panel" id="shopcredit-customer">
  <h3>{$sc_customer.name|escape:'html':'UTF-8'} ({$sc_customer.email|escape:'html':'UTF-8'}) — #{$sc_customer.id|intval}</h3>
  {if $sc_summary.credit}<p>{l s='Credit limit' mod='shopcredit'} <strong>{$sc_figures.limit|escape:'html':'UTF-8'}</strong> · {l s='Owed' mod='shopcredit'} <strong>{$sc_figures.exposure|escape:'html':'UTF-8'}</strong> · {l s='Remaining credit' mod='shopcredit'} <strong>{$sc_figures.remaining|escape:'html':'UTF-8'}</strong>{if $sc_figures.blocked} — {$sc_figures.blocked|escape:'html':'UTF-8'}{/if}</p>{/if}
  {if $sc_summary.wallet}<p>{l s='Store balance' mod='shopcredit'} <strong>{$sc_figures.balance|escape:'html':'UTF-8'}</strong> · {l s='Available' mod='shopcredit'} <strong>{$sc_figures.available|escape:'html':'UTF-8'}</strong></p>{/if}
  <form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$sc_customer.id|intval}" class="form-horizontal">
    <input type="hidden" name="id_customer" value="{$sc_customer.id|intval}">
    <div class="form-group"><label class="control-label col-lg-3" for="sc-limit">{l s='Credit limit' mod='shopcredit'}</label><div class="col-lg-2"><input type="text" id="sc-limit" name="limit" value="{if $sc_account}{$sc_account.authorized|escape:'html':'UTF-8'}{else}0.00{/if}"></div></div>
    <div class="form-group"><label class="control-label col-lg-3" for="sc-terms">{l s='Payment delay (days, empty: shop default)' mod='shopcredit'}</label><div class="col-lg-2"><input type="text" id="sc-terms" name="payment_terms_days" value="{if $sc_account}{$sc_account.paymentTermsDays|escape:'html':'UTF-8'}{/if}"></div></div>
    <div class="form-group"><label class="control-label col-lg-3" for="sc-risk">{l s='Risk level' mod='shopcredit'}</label><div class="col-lg-2"><select id="sc-risk" name="risk_level">{foreach from=$sc_risks key=r item=label}<option value="{$r|escape:'html':'UTF-8'}" {if $sc_account && $sc_account.riskLevel == $r}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select></div></div>
    <div class="form-group"><label class="control-label col-lg-3" for="sc-company">{l s='Company name' mod='shopcredit'}</label><div class="col-lg-4"><input type="text" id="sc-company" name="company_name" value="{if $sc_account && $sc_account.companyName}{$sc_account.companyName|escape:'html':'UTF-8'}{else}{$sc_customer.company|escape:'html':'UTF-8'}{/if}"></div></div>
    <div class="form-group"><label class="control-label col-lg-3" for="sc-on-hold">{l s='On hold' mod='shopcredit'}</label><div class="col-lg-2"><input type="checkbox" id="sc-on-hold" name="on_hold" value="1" {if $sc_account && $sc_account.onHold}checked{/if}></div></div>
    <button class="btn btn-primary" name="sc_do" value="customer_settings">{l s='Save' mod='shopcredit'}</button>
    <button class="btn btn-default" name="sc_do" value="mail_status">{l s='E-mail the customer their credit status' mod='shopcredit'}</button>
  </form>
  <h4>{l s='Adjust the store balance' mod='shopcredit'}</h4>
  <form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$sc_customer.id|intval}" class="form-inline">
    <input type="hidden" name="id_customer" value="{$sc_customer.id|intval}">
    <select name="kind" class="form-control" aria-label="{l s='Movement' mod='shopcredit'}">{foreach from=$sc_adjust_kinds key=k item=label}<option value="{$k|escape:'html':'UTF-8'}">{$label|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <input type="text" name="amount" class="form-control" placeholder="0.00"><input type="text" name="reason" class="form-control" placeholder="{l s='reason' mod='shopcredit'}">
    <button class="btn btn-default" name="sc_do" value="adjust">{l s='Apply' mod='shopcredit'}</button>
  </form>
  <h4>{l s='Statement of account' mod='shopcredit'}</h4>
  <form method="get" action="index.php" class="form-inline" id="shopcredit-statement">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}"><input type="hidden" name="section" value="customer"><input type="hidden" name="id_customer" value="{$sc_customer.id|intval}"><input type="hidden" name="export" value="statement">
    <label>{l s='From' mod='shopcredit'} <input type="date" name="from" class="form-control"></label> <label>{l s='To' mod='shopcredit'} <input type="date" name="to" class="form-control"></label>
    <button class="btn btn-default" name="format" value="pdf">PDF</button> <button class="btn btn-default" name="format" value="csv">CSV</button>
    <p class="mt-1 mb-0">{l s='Open items with due dates, payments and the running balance, as the customer sees it in My account. Without dates: the last %d days.' mod='shopcredit' sprintf=[$sc_statement_days]}</p>
  </form>
  <h4>{l s='Ledger' mod='shopcredit'} <a class="btn btn-default btn-xs" href="{$sc_export|escape:'html':'UTF-8'}">CSV</a></h4>
  <form method="get" action="index.php" class="form-inline">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}"><input type="hidden" name="section" value="customer"><input type="hidden" name="id_customer" value="{$sc_customer.id|intval}">
    <select name="type" class="form-control" aria-label="{l s='Movement' mod='shopcredit'}"><option value="">{l s='All' mod='shopcredit'}</option>{foreach from=$sc_codes key=code item=label}<option value="{$code|escape:'html':'UTF-8'}" {if $sc_filter.type == $code}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <input type="date" name="from" class="form-control" aria-label="{l s='From' mod='shopcredit'}" value="{$sc_filter.from|escape:'html':'UTF-8'}"><input type="date" name="to" class="form-control" aria-label="{l s='To' mod='shopcredit'}" value="{$sc_filter.to|escape:'html':'UTF-8'}"><button class="btn btn-default">{l s='Filter' mod='shopcredit'}</button>
  </form>
  {foreach from=$sc_ledgers key=kind item=l}
  <h4>{if $kind == 'wallet'}{l s='Store balance movements' mod='shopcredit'}{else}{l s='Credit line movements' mod='shopcredit'}{/if}{if $l.net} — {l s='net' mod='shopcredit'} {$l.net|escape:'html':'UTF-8'}{/if}</h4>
  <table class="table shopcredit-ledger" id="shopcredit-ledger-{$kind|escape:'html':'UTF-8'}"><thead><tr><th>{l s='Date' mod='shopcredit'}</th><th>{l s='Movement' mod='shopcredit'}</th><th class="text-right">{l s='Amount' mod='shopcredit'}</th><th>{l s='Order' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th></tr></thead><tbody>
  {foreach from=$l.rows item=m}
    <tr><td>{$m.date|escape:'html':'UTF-8'}</td><td>{$m.what|escape:'html':'UTF-8'}</td><td class="text-right">{$m.amount|escape:'html':'UTF-8'}</td><td>{if $m.order}<a href="{$m.order.url|escape:'html':'UTF-8'}">{$m.order.reference|escape:'html':'UTF-8'}</a>{/if}</td><td>{$m.state|escape:'html':'UTF-8'}</td></tr>
  {foreachelse}<tr><td colspan="5">{l s='No movements.' mod='shopcredit'}</td></tr>{/foreach}
  </tbody></table>
  {if $l.pages > 1}<p class="shopcredit-pager">{l s='Page' mod='shopcredit'} {$l.page|intval} / {$l.pages|intval} ({$l.total|intval}){if $l.page > 1} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$sc_customer.id|intval}&amp;{$l.param|escape:'html':'UTF-8'}={$l.page-1|intval}">{l s='Newer' mod='shopcredit'}</a>{/if}{if $l.page < $l.pages} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=customer&amp;id_customer={$sc_customer.id|intval}&amp;{$l.param|escape:'html':'UTF-8'}={$l.page+1|intval}">{l s='Older' mod='shopcredit'}</a>{/if}</p>{/if}
  {/foreach}
</div>
{/if}

{if $sc_section == 'receivables'}
<div id="shopcredit-receivables">
<div class="panel" id="shopcredit-receivables-filter">
  <form method="get" action="index.php" class="form-inline" id="shopcredit-receivables-filters">
    <input type="hidden" name="controller" value="AdminShopCredit"><input type="hidden" name="token" value="{getAdminToken tab='AdminShopCredit'}"><input type="hidden" name="section" value="receivables">
    <label for="sc-rcv-search">{l s='Customer' mod='shopcredit'}</label>
    <input type="search" id="sc-rcv-search" name="search" class="form-control" placeholder="{l s='name, e-mail or company' mod='shopcredit'}" value="{$sc_rcv.search|escape:'html':'UTF-8'}">
    <label for="sc-rcv-state">{l s='State' mod='shopcredit'}</label>
    <select id="sc-rcv-state" name="rcv_state" class="form-control">{foreach from=$sc_rcv_states key=k item=label}<option value="{$k|escape:'html':'UTF-8'}" {if $k == $sc_rcv.state}selected{/if}>{$label|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <label for="sc-rcv-currency">{l s='Currency' mod='shopcredit'}</label>
    <select id="sc-rcv-currency" name="currency" class="form-control">{foreach from=$sc_currencies item=c}<option {if $c == $sc_iso}selected{/if}>{$c|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <label class="checkbox-inline"><input type="checkbox" name="rcv_overdue" value="1" {if $sc_rcv.overdue}checked{/if}> {l s='Overdue only' mod='shopcredit'}</label>
    <button class="btn btn-default"><i class="icon-search"></i> {l s='Show' mod='shopcredit'}</button>
  </form>
</div>
{if $sc_pay}
<div class="panel" id="shopcredit-record-payment">
  <h3><i class="icon-money"></i> {l s='Record a payment' mod='shopcredit'} — {if $sc_pay.sc_order}<a href="{$sc_pay.sc_order.url|escape:'html':'UTF-8'}">{$sc_pay.sc_order.reference|escape:'html':'UTF-8'}</a>{/if}, <a href="{$sc_pay.sc_customer.url|escape:'html':'UTF-8'}">{$sc_pay.sc_customer.name|escape:'html':'UTF-8'}</a></h3>
  <p>{l s='Still due:' mod='shopcredit'} <strong>{$sc_pay.sc_money.remaining|escape:'html':'UTF-8'}</strong> · {l s='Due:' mod='shopcredit'} {$sc_pay.sc_due|escape:'html':'UTF-8'}</p>
  <form method="post" action="{$sc_rcv_back|escape:'html':'UTF-8'}" class="form-inline">
    <input type="hidden" name="order_ref" value="{$sc_pay.orderRef|escape:'html':'UTF-8'}">
    <label for="sc-pay-amount">{l s='Amount' mod='shopcredit'}</label> <input type="text" id="sc-pay-amount" name="amount" class="form-control" size="8" placeholder="{$sc_pay.remaining|escape:'html':'UTF-8'}">
    <label for="sc-pay-method">{l s='Payment method' mod='shopcredit'}</label> <input type="text" id="sc-pay-method" name="method" class="form-control" size="12" placeholder="{l s='bank wire, cheque…' mod='shopcredit'}">
    <label for="sc-pay-reference">{l s='Reference' mod='shopcredit'}</label> <input type="text" id="sc-pay-reference" name="reference" class="form-control" size="10">
    <button class="btn btn-primary" name="sc_do" value="record_payment">{l s='Record payment' mod='shopcredit'}</button>
    <button class="btn btn-default" name="sc_do" value="mark_paid">{l s='Mark paid' mod='shopcredit'}</button>
    <a class="btn btn-link" href="{$sc_rcv_back|escape:'html':'UTF-8'}">{l s='Cancel' mod='shopcredit'}</a>
  </form>
</div>
{/if}
{$sc_receivables_list nofilter}
</div>
{/if}

{if $sc_section == 'requests'}
<div class="panel" id="shopcredit-requests">
  <h3>{l s='Credit-increase requests' mod='shopcredit'}</h3>
  <table class="table"><thead><tr><th>{l s='Customer' mod='shopcredit'}</th><th>{l s='Credit limit: now → asked' mod='shopcredit'}</th><th>{l s='Message' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th><th>{l s='Decision' mod='shopcredit'}</th></tr></thead><tbody>
  {foreach from=$sc_increases item=r}
    <tr><td><a href="{$r.sc_customer.url|escape:'html':'UTF-8'}">{$r.sc_customer.name|escape:'html':'UTF-8'}</a></td><td>{$r.sc_money.current_limit|default:''|escape:'html':'UTF-8'} → {$r.sc_money.requested_limit|default:''|escape:'html':'UTF-8'}</td><td>{$r.message|default:''|escape:'html':'UTF-8'}</td><td>{$r.sc_state|escape:'html':'UTF-8'}</td>
      <td>{if $r.state == 'requested' || $r.state == 'pending'}<form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests" class="form-inline"><input type="hidden" name="request_id" value="{$r.id|escape:'html':'UTF-8'}"><input type="text" name="new_limit" size="8" placeholder="{$r.requested_limit|escape:'html':'UTF-8'}"><input type="text" name="reason" size="10" placeholder="{l s='reason' mod='shopcredit'}"><button class="btn btn-success btn-xs" name="sc_do" value="increase_approve">{l s='Approve' mod='shopcredit'}</button><button class="btn btn-danger btn-xs" name="sc_do" value="increase_decline">{l s='Decline' mod='shopcredit'}</button></form>{/if}</td></tr>
  {foreachelse}<tr><td>{l s='No requests.' mod='shopcredit'}</td></tr>{/foreach}
  </tbody></table>
  {if $sc_inc_page.pages > 1}<p class="shopcredit-pager">{l s='Page' mod='shopcredit'} {$sc_inc_page.page|intval} / {$sc_inc_page.pages|intval} ({$sc_inc_page.total|intval}){if $sc_inc_page.page > 1} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests&amp;{$sc_inc_page.param|escape:'html':'UTF-8'}={$sc_inc_page.page-1|intval}">{l s='Newer' mod='shopcredit'}</a>{/if}{if $sc_inc_page.page < $sc_inc_page.pages} <a href="{$sc_url|escape:'html':'UTF-8'}&amp;section=requests&amp;{$sc_inc_page.param|escape:'html':'UTF-8'}={$sc_inc_page.page+1|intval}">{l s='Older' mod='shopcredit'}</a>{/if}</p>{/if}
</div>
<div class="panel" id="shopcredit-withdrawals">
  <h3>{l s='Withdrawal requests' mod='shopcredit'}</h3>
  <table class="table"><thead><tr><th>{l s='Customer' mod='shopcredit'}</th><th class="text-right">{l s='Amount' mod='shopcredit'}</th><th>{l s='Message' mod='shopcredit'}</th><th>{l s='Status' mod='shopcredit'}</th><th>{l s='Decision' mod='shopcredit'}</th></tr></thead><tbody>
  {foreach from=$sc_withdrawals item=r}
    <tr><td><a href="{$r.sc_customer.url|escape:'html':'UTF-8'}">{$r.sc_customer.name|escape:'html':'UTF-8'}</a></td><td class="text-right">{$r.sc_money.amount|default:''|escape:'html':'UTF-8'}</td><td>{$r.message|default:''|escape:'html':'UTF-8'}</td><td>{$r.sc_state|escape:'html':'UTF-8'}</td>
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
    <select name="id_group" class="form-control" required aria-label="{l s='Customer group' mod='shopcredit'}"><option value="">{l s='Choose a customer group' mod='shopcredit'}</option>{foreach from=$sc_groups item=g}<option value="{$g.id_group|intval}">{$g.name|escape:'html':'UTF-8'}</option>{/foreach}</select>
    <select name="direction" class="form-control" aria-label="{l s='Credit or debit' mod='shopcredit'}"><option value="credit">{l s='credit' mod='shopcredit'}</option><option value="debit">{l s='debit' mod='shopcredit'}</option></select>
    <input type="text" name="amount" class="form-control" placeholder="0.00" required aria-label="{l s='Amount per customer' mod='shopcredit'}"><input type="text" name="reason" class="form-control" placeholder="{l s='reason' mod='shopcredit'}" aria-label="{l s='reason' mod='shopcredit'}">
    <button class="btn btn-primary" name="sc_do" value="mass">{l s='Apply' mod='shopcredit'}</button>
  </form>
  <p class="help-block">{l s='First a preview (nothing is booked), then the run in steps with a progress bar; a run interrupted goes on where it stopped and never books a customer twice.' mod='shopcredit'}</p>
</div>
{if isset($sc_mass)}
<div class="panel" id="shopcredit-mass-batch" data-step-url="{$sc_mass_step_url|escape:'html':'UTF-8'}" data-state="{$sc_mass.state|escape:'html':'UTF-8'}">
  <h3 id="shopcredit-mass-title">{if $sc_mass.direction == 'credit'}{l s='Credit of %s per customer' mod='shopcredit' sprintf=[$sc_mass.amount]}{else}{l s='Debit of %s per customer' mod='shopcredit' sprintf=[$sc_mass.amount]}{/if}</h3>
  <p>{l s='Preview: %1$d customers would get it (%2$s in all) of %3$d in the group.' mod='shopcredit' sprintf=[$sc_mass.wouldApply, $sc_mass.wouldMove, $sc_mass.total]}</p>
  {if $sc_mass.wouldSkip}<ul>{foreach from=$sc_mass.wouldSkip item=r}<li>{l s='%1$d skipped: %2$s' mod='shopcredit' sprintf=[$r.count, $r.reason]}</li>{/foreach}</ul>{/if}
  <div class="progress"><div class="progress-bar" role="progressbar" aria-labelledby="shopcredit-mass-title" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{$sc_mass.percent|intval}" style="width: {$sc_mass.percent|intval}%">{$sc_mass.percent|intval} %</div></div>
  {if $sc_mass.state == 'done'}
    <p class="alert alert-success">{l s='Done: %1$d customers, %2$s in all.' mod='shopcredit' sprintf=[$sc_mass.applied, $sc_mass.moved]}</p>
    {if $sc_mass.skipped}<ul>{foreach from=$sc_mass.skipped item=r}<li>{l s='%1$d skipped: %2$s' mod='shopcredit' sprintf=[$r.count, $r.reason]}</li>{/foreach}</ul>{/if}
  {else}
    <form method="post" action="{$sc_url|escape:'html':'UTF-8'}&amp;section=mass"><input type="hidden" name="batch_key" value="{$sc_mass.key|escape:'html':'UTF-8'}">
      <button class="btn btn-primary" name="sc_do" value="mass_run" id="shopcredit-mass-run">{if $sc_mass.processed > 0}{l s='Go on' mod='shopcredit'}{else}{l s='Run it' mod='shopcredit'}{/if}</button></form>
  {/if}
</div>
<script>{literal}
// The run goes on step by step (one bridge transaction each) while this page is open.
(function () {
  var box = document.getElementById('shopcredit-mass-batch');
  if (!box || box.dataset.state !== 'running') { return; }
  var bar = box.querySelector('.progress-bar');
  function step() {
    fetch(box.dataset.stepUrl, { method: 'POST', credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (s) {
      if (!s.ok) { bar.textContent = s.message; return; }
      bar.style.width = s.percent + '%'; bar.setAttribute('aria-valuenow', s.percent); bar.textContent = s.percent + ' %';
      if (s.done) { box.querySelector('form').submit(); } else { step(); }
    });
  }
  step();
})();
{/literal}</script>
{/if}
{/if}

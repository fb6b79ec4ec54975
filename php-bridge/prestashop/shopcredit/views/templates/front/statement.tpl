{**
 * My account > Statement of account.
 *}
{extends file='customer/page.tpl'}

{block name='page_title'}{l s='Statement of account' mod='shopcredit'}{/block}

{block name='page_content'}
  {if !$sc_statement}
    <p>{l s='You have no credit line.' mod='shopcredit'}</p>
  {else}
    <form method="get" action="{$sc_action|escape:'html':'UTF-8'}" class="form-inline">
      <label>{l s='From' mod='shopcredit'} <input type="date" name="from" value="{$sc_statement.from|escape:'html':'UTF-8'}"></label>
      <label>{l s='To' mod='shopcredit'} <input type="date" name="to" value="{$sc_statement.to|escape:'html':'UTF-8'}"></label>
      <button class="btn btn-secondary" type="submit">{l s='Show' mod='shopcredit'}</button>
      <a class="btn btn-primary" id="shopcredit-statement-pdf" href="{$sc_pdf_url|escape:'html':'UTF-8'}">{l s='Download PDF' mod='shopcredit'}</a>
      <a class="btn btn-secondary" id="shopcredit-statement-csv" href="{$sc_csv_url|escape:'html':'UTF-8'}">{l s='Download CSV' mod='shopcredit'}</a>
    </form>
    <table class="table table-striped shopcredit-statement">
      <thead><tr><th>{l s='Date' mod='shopcredit'}</th><th>{l s='Description' mod='shopcredit'}</th><th>{l s='Order' mod='shopcredit'}</th><th>{l s='PO number' mod='shopcredit'}</th><th>{l s='Debit' mod='shopcredit'}</th><th>{l s='Credit' mod='shopcredit'}</th><th>{l s='Balance' mod='shopcredit'}</th></tr></thead>
      <tbody>
        <tr><th colspan="6">{l s='Opening balance' mod='shopcredit'}</th><td>{$sc_statement.opening|escape:'html':'UTF-8'}</td></tr>
        {foreach $sc_statement.lines as $l}
          <tr><td>{$l.date|escape:'html':'UTF-8'}</td><td>{$l.kind|escape:'html':'UTF-8'}</td><td>{$l.order|escape:'html':'UTF-8'}</td><td>{$l.po|escape:'html':'UTF-8'}</td><td>{$l.debit|escape:'html':'UTF-8'}</td><td>{$l.credit|escape:'html':'UTF-8'}</td><td>{$l.balance|escape:'html':'UTF-8'}</td></tr>
        {/foreach}
        <tr><th colspan="6">{l s='Closing balance' mod='shopcredit'}</th><td>{$sc_statement.closing|escape:'html':'UTF-8'}</td></tr>
      </tbody>
    </table>
    <h3>{l s='Open items' mod='shopcredit'}</h3>
    {if !$sc_statement.items}
      <p>{l s='Nothing is due.' mod='shopcredit'}</p>
    {else}
      <table class="table shopcredit-open-items">
        <thead><tr><th>{l s='Order' mod='shopcredit'}</th><th>{l s='PO number' mod='shopcredit'}</th><th>{l s='Due date' mod='shopcredit'}</th><th>{l s='Amount' mod='shopcredit'}</th><th>{l s='Paid' mod='shopcredit'}</th><th>{l s='Still due' mod='shopcredit'}</th><th>{l s='Days late' mod='shopcredit'}</th></tr></thead>
        <tbody>
          {foreach $sc_statement.items as $i}
            <tr{if $i.late > 0} class="table-danger"{/if}><td>{$i.order|escape:'html':'UTF-8'}</td><td>{$i.po|escape:'html':'UTF-8'}</td><td>{$i.due|escape:'html':'UTF-8'}</td><td>{$i.amount|escape:'html':'UTF-8'}</td><td>{$i.paid|escape:'html':'UTF-8'}</td><td>{$i.remaining|escape:'html':'UTF-8'}</td><td>{if $i.late > 0}{$i.late|intval}{/if}</td></tr>
          {/foreach}
        </tbody>
        <tfoot><tr><th colspan="5">{l s='Total due' mod='shopcredit'}</th><th>{$sc_statement.total_due|escape:'html':'UTF-8'}</th><td></td></tr></tfoot>
      </table>
    {/if}
  {/if}
{/block}

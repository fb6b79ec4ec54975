{**
 * The customer's view of an order paid with ShopCredit (confirmation page and order details).
 *}
<section class="shopcredit-order box">
  {if $sc_method == 'credit_line'}
    {if $sc_check == 'passed'}
      <p class="alert alert-success">{l s='Your order on account was accepted.' mod='shopcredit'}</p>
    {elseif $sc_check == 'failed'}
      <p class="alert alert-danger">{l s='Your order on account could not be accepted.' mod='shopcredit'}
        <a href="{$sc_reorder_url|escape:'html':'UTF-8'}">{l s='Pay another way' mod='shopcredit'}</a></p>
    {else}
      <p class="alert alert-info">{l s='Your order on account is waiting for its credit check.' mod='shopcredit'}</p>
    {/if}
  {elseif $sc_method == 'wallet_full'}
    <p class="alert alert-success">{l s='Paid with your store balance.' mod='shopcredit'}</p>
  {elseif $sc_method == 'wallet_partial'}
    <p>{l s='Paid from your store balance:' mod='shopcredit'} <strong>{$sc_balance_part|escape:'html':'UTF-8'}</strong></p>
    <p>{l s='Remaining to pay:' mod='shopcredit'} <strong>{$sc_remainder|escape:'html':'UTF-8'}</strong>
      ({l s='order reference' mod='shopcredit'} {$sc_reference|escape:'html':'UTF-8'})</p>
    {if $sc_bankwire}<p>{$sc_bankwire|escape:'html':'UTF-8'|nl2br nofilter}</p>{/if}
  {/if}
  {if $sc_financing}
    <p class="shopcredit-financing-status">{l s='Financing status:' mod='shopcredit'}
      <strong>{$sc_financing.status|escape:'html':'UTF-8'}</strong></p>
  {/if}
</section>

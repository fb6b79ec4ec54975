{**
 * The form one of our payment options posts to its validation controller (the checkout's
 * "Place order" button submits it): the total the customer saw, the CSRF token, the financing
 * solution, and for an order on account the purchase-order number when the merchant asks for it.
 *}
<form action="{$sc_action|escape:'html':'UTF-8'}" method="post" class="shopcredit-payment-form">
  {foreach from=$sc_inputs key=name item=value}
    <input type="hidden" name="{$name|escape:'html':'UTF-8'}" value="{$value|escape:'html':'UTF-8'}">
  {/foreach}
  {if $sc_po_mode == 'optional' || $sc_po_mode == 'required'}
    <div class="form-group">
      <label for="sc-po-number">{l s='Your purchase-order number' mod='shopcredit'}{if $sc_po_mode == 'optional'} ({l s='optional' mod='shopcredit'}){/if}</label>
      <input type="text" class="form-control" id="sc-po-number" name="sc_po_number" value="" maxlength="35"{if $sc_po_mode == 'required'} required{/if}>
    </div>
  {/if}
</form>

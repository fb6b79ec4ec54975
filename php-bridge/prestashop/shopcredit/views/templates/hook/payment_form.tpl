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
    <div class="form-group{if $sc_po_error} has-error{/if}">
      <label for="sc-po-number">{l s='Your purchase-order number' mod='shopcredit'}{if $sc_po_mode == 'optional'} ({l s='optional' mod='shopcredit'}){/if}</label>
      <input type="text" class="form-control{if $sc_po_error} is-invalid{/if}" id="sc-po-number" name="sc_po_number" value="{$sc_po_value|escape:'html':'UTF-8'}" maxlength="35"{if $sc_po_mode == 'required'} required{/if}{if $sc_po_error} aria-invalid="true" aria-describedby="sc-po-error"{/if}>
      {if $sc_po_error}<div class="invalid-feedback help-block" id="sc-po-error" role="alert">{$sc_po_error|escape:'html':'UTF-8'}</div>{/if}
    </div>
    {if $sc_po_error}
    {* Back from a refused number: "Pay on account" is chosen again (as the customer left it), the
       field with its reason in view; PrestaShop's checkout script shows the option's form on click. *}
    <script>{literal}(function (s) {
      var box = s && s.closest('[id^="pay-with-"][id$="-form"]');
      var radio = box && document.getElementById(box.id.replace(/^pay-with-/, '').replace(/-form$/, ''));
      if (!radio) { return; }
      window.addEventListener('load', function () {
        if (!radio.checked && !radio.disabled) { radio.click(); }
        var field = document.getElementById('sc-po-number');
        if (field) { field.focus(); }
      });
    })(document.currentScript);{/literal}</script>
    {/if}
  {/if}
</form>

{**
 * One ShopCredit payment option: the figure (remaining credit, balance), the partial split, or
 * why it is unavailable.
 *}
<section class="shopcredit-option" data-option="{$sc_option|escape:'html':'UTF-8'}">
  {if !$sc_available}
    <p class="alert alert-warning">{$sc_reasons|escape:'html':'UTF-8'}</p>
    {* Not selectable: PrestaShop lists every option as a radio button; this one's is disabled. *}
    <script>{literal}(function (s) {
      var box = s && s.closest('[id$="-additional-information"]');
      var radio = box && document.getElementById(box.id.replace(/-additional-information$/, ''));
      if (radio) {
        radio.disabled = true; radio.checked = false; radio.setAttribute('aria-disabled', 'true');
        var row = radio.closest('.payment-option'); if (row) { row.classList.add('shopcredit-unavailable'); }
      }
    })(document.currentScript);{/literal}</script>
    <style>{literal}.shopcredit-unavailable label { display: block; text-align: left; color: #7a7a7a; cursor: not-allowed; }
      .shopcredit-unavailable .custom-radio { opacity: .45; }{/literal}</style>
  {elseif $sc_option == 'account'}
    <p>{l s='The order is checked against your credit limit and paid on your usual terms.' mod='shopcredit'}</p>
    {if $sc_figure}<p>{l s='Remaining credit:' mod='shopcredit'} <strong>{$sc_figure|escape:'html':'UTF-8'}</strong></p>{/if}
  {elseif $sc_option == 'balance'}
    {if $sc_figure}<p>{l s='Your store balance:' mod='shopcredit'} <strong>{$sc_figure|escape:'html':'UTF-8'}</strong></p>{/if}
  {elseif $sc_option == 'partial'}
    <p>{l s='Paid from your store balance:' mod='shopcredit'} <strong>{$sc_covers|escape:'html':'UTF-8'}</strong></p>
    <p>{l s='Remaining to pay by bank transfer after the order:' mod='shopcredit'} <strong>{$sc_remaining|escape:'html':'UTF-8'}</strong></p>
  {elseif $sc_option == 'financing'}
    <p>{l s='You will be redirected to our financing partner to complete your application.' mod='shopcredit'}</p>
  {/if}
</section>

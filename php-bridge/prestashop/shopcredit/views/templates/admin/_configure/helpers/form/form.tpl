{**
 * PrestaShop's own settings form (HelperForm) with two additions: each label tied to its field
 * (for=, so assistive technologies name text fields and selects), and a refused value's words
 * under its field (sc_error, set with form_group_class has-error by src/Admin/SettingsFields.php).
 *}
{extends file="helpers/form/form.tpl"}
{block name="label"}
  {if isset($input.label)}
    <label class="control-label col-lg-4"{if in_array($input.type, ['text', 'select', 'password', 'textarea'])} for="{if isset($input.id)}{$input.id|escape:'html':'UTF-8'}{else}{$input.name|escape:'html':'UTF-8'}{/if}"{/if}>{$input.label}</label>
  {/if}
{/block}
{block name="description"}
  {if isset($input.sc_error)}
    {assign var=sc_error_id value=($input.name|replace:'[]':'')|cat:'-error'}
    <p class="help-block shopcredit-field-error" id="{$sc_error_id|escape:'html':'UTF-8'}" role="alert">{$input.sc_error|escape:'html':'UTF-8'}</p>
    {* The field says it is refused and which words explain it (PrestaShop's input markup has no such attributes). *}
    <script>(function (f) { if (f) { f.setAttribute('aria-invalid', 'true'); f.setAttribute('aria-describedby', '{$sc_error_id|escape:'javascript':'UTF-8'}'); } })(document.getElementById('{if isset($input.id)}{$input.id|escape:'javascript':'UTF-8'}{else}{$input.name|escape:'javascript':'UTF-8'}{/if}'));</script>
  {/if}
  {$smarty.block.parent}
{/block}

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
  {if isset($input.sc_error)}<p class="help-block shopcredit-field-error" id="{$input.name|replace:'[]':''|escape:'html':'UTF-8'}-error" role="alert">{$input.sc_error|escape:'html':'UTF-8'}</p>{/if}
  {$smarty.block.parent}
{/block}

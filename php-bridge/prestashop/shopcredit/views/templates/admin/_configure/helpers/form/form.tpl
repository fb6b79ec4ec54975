{**
 * PrestaShop's own settings form (HelperForm) with one addition: a refused value's words under
 * its field (sc_error, set with form_group_class has-error by src/Admin/SettingsFields.php).
 *}
{extends file="helpers/form/form.tpl"}
{block name="description"}
  {if isset($input.sc_error)}<p class="help-block shopcredit-field-error" id="{$input.name|replace:'[]':''|escape:'html':'UTF-8'}-error" role="alert">{$input.sc_error|escape:'html':'UTF-8'}</p>{/if}
  {$smarty.block.parent}
{/block}

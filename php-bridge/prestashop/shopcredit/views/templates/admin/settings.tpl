{**
 * ShopCredit settings: PrestaShop's form (HelperForm, built by src/Admin/SettingsFields.php;
 * sc_form is its HTML, escaped there), and the runtime doctor's report.
 *}
<div id="shopcredit-settings">
{if $sc_multishop}<div class="alert alert-info" id="shopcredit-scope">{if $sc_scope}{l s='These settings apply to the shop %s only.' mod='shopcredit' sprintf=[$sc_scope]}{else}{l s='These settings are the defaults of every shop that has no settings of its own (new shops included).' mod='shopcredit'}{/if}</div>{/if}
{if $sc_core_error}<div class="alert alert-danger">{l s='The core cannot run:' mod='shopcredit'} {$sc_core_error|escape:'html':'UTF-8'}</div>{/if}
{$sc_form nofilter}
</div>
<div class="panel" id="shopcredit-doctor">
  <h3>{l s='Runtime doctor' mod='shopcredit'} — {if $sc_doctor.usable}{l s='the core runs here' mod='shopcredit'}{else}{l s='the core cannot run: no credit or balance is granted' mod='shopcredit'}{/if}</h3>
  {if $sc_runtime_words}<p id="shopcredit-runtime-words"><strong>{$sc_runtime_words|escape:'html':'UTF-8'}</strong></p>{/if}
  {if $sc_faster}
  <p>{l s='The faster runtime gives the same decisions in a fraction of the time, through native code (wasmtime, with PHP\'s FFI). It is checked on this server before the shop uses it.' mod='shopcredit'}</p>
  {if $sc_faster.command}
  <p>{l s='This server\'s PHP may not change the runtime, as it should be: the person who deploys the shop runs this command on the server.' mod='shopcredit'}</p>
  <pre style="white-space: pre-wrap; overflow-wrap: anywhere;">{$sc_faster.command|escape:'html':'UTF-8'}</pre>
  {else}
  <div id="shopcredit-faster" style="margin-bottom: 1em;">
  {if $sc_faster.on}<form method="post" action="{$sc_faster_url|escape:'html':'UTF-8'}" style="display:inline"><input type="hidden" name="sc_faster" value="on"><button type="submit" name="submitShopcreditFaster" value="1" class="btn btn-default">{l s='Turn on the faster runtime' mod='shopcredit'}</button></form>{/if}
  {if $sc_faster.off}<form method="post" action="{$sc_faster_url|escape:'html':'UTF-8'}" style="display:inline"><input type="hidden" name="sc_faster" value="off"><button type="submit" name="submitShopcreditFaster" value="1" class="btn btn-default">{l s='Turn off the faster runtime' mod='shopcredit'}</button></form>{/if}
  </div>
  {/if}
  {/if}
  <table class="table" id="shopcredit-doctor-checks"><tbody>
  {foreach from=$sc_doctor_rows item=c}
    <tr data-check="{$c.id|escape:'html':'UTF-8'}"><td><strong>{$c.status|escape:'html':'UTF-8'}</strong></td><td>{$c.title|escape:'html':'UTF-8'}</td><td>{$c.detail|escape:'html':'UTF-8'}</td></tr>
  {/foreach}
  </tbody></table>
  {* the command line's report, for support (in English, as the CLI prints it): folded, the rows above say it in the employee's language;
     wrapped, never scrolled sideways: a long line would make a scroll region the keyboard cannot reach *}
  <details id="shopcredit-doctor-text"><summary>{l s='The same report as the command line prints it (in English, for support)' mod='shopcredit'}</summary>
  <pre style="white-space: pre-wrap; overflow-wrap: anywhere;">{$sc_doctor_text|escape:'html':'UTF-8'}</pre>
  </details>
  {if $sc_rejections}
  <p id="shopcredit-webhook-rejections">{l s='Rejected webhook deliveries (last 24 hours):' mod='shopcredit'} <strong>{$sc_rejections.total|intval}</strong>{foreach from=$sc_rejections.byReason key=why item=n} — {$why|escape:'html':'UTF-8'}: {$n|intval}{/foreach}{if $sc_rejections.lastAt} — {l s='last' mod='shopcredit'} {$sc_rejections.lastAt|date_format:'%Y-%m-%d %H:%M:%S'} UTC, {$sc_rejections.lastBytes|intval} B, sha256 {$sc_rejections.lastSha256|escape:'html':'UTF-8'}{/if}</p>
  {/if}
  {if $sc_order_health}
  <h4>{l s='Order actions' mod='shopcredit'}</h4>
  {if $sc_order_health.ok}<p id="shopcredit-order-health">{$sc_order_health.text|escape:'html':'UTF-8'}</p>{else}
  <ul id="shopcredit-order-health">
  {foreach from=$sc_order_health.rows item=r}<li>{if $r.url}<a href="{$r.url|escape:'html':'UTF-8'}">{$r.text|escape:'html':'UTF-8'}</a>{else}{$r.text|escape:'html':'UTF-8'}{/if}</li>{/foreach}
  </ul>{/if}
  {/if}
  <p><a href="{$sc_admin_url|escape:'html':'UTF-8'}">{l s='Customers\' accounts, ledger, requests and statistics' mod='shopcredit'}</a></p>
</div>

{* The theme's customer-page layout, as a stand-in for the shop's theme (written for these tests):
   the blocks the module's front templates fill, inside a page with its header and My account menu. *}
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{block name='page_title'}{/block} • Atelier Demo</title><link rel="stylesheet" href="/host.css"></head>
<body id="module-shopcredit" class="page-customer-account">
<header id="header"><a href="/">Atelier Demo</a></header>
<main id="wrapper"><div class="container">
  <nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/my-account">Your account</a></li></ol></nav>
  <section id="main">
    <header class="page-header"><h1>{block name='page_title'}{/block}</h1></header>
    {if $notifications.error}<div class="alert alert-danger" role="alert">{foreach from=$notifications.error item=e}<p>{$e|escape:'html':'UTF-8'}</p>{/foreach}</div>{/if}
    {if $notifications.success}<div class="alert alert-success" role="alert">{foreach from=$notifications.success item=e}<p>{$e|escape:'html':'UTF-8'}</p>{/foreach}</div>{/if}
    <section id="content" class="page-content">{block name='page_content'}{/block}</section>
  </section>
</div></main>
</body>
</html>

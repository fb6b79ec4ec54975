<?php
/**
 * PrestaShop booted from the CLI as the back office runs it, for the e2e scripts that work
 * inside the shop (shop.php, adoption.php): the kernel (its container sends e-mails and runs
 * commands), employee 1, the default currency and language, shop 1. Included at the top level
 * (PrestaShop's config.inc.php sets globals) with $shopDir set; leaves $ctx and $module.
 */
if (!is_file($shopDir . '/config/config.inc.php')) {
    fwrite(STDERR, "no PrestaShop in '$shopDir' (usage: php " . basename($_SERVER['SCRIPT_NAME'] ?? 'script.php') . " SHOP_DIR ...)\n");
    exit(2);
}
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['HTTP_HOST'] = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
define('_PS_ADMIN_DIR_', $shopDir . '/admin-cli');
require $shopDir . '/config/config.inc.php';
global $kernel;
$kernel = new AppKernel('prod', false);
$kernel->boot();
$module = Module::getInstanceByName('shopcredit');
$ctx = Context::getContext();
$ctx->employee = new Employee(1);
$ctx->currency = new Currency((int) Configuration::get('PS_CURRENCY_DEFAULT'));
$ctx->language = new Language((int) Configuration::get('PS_LANG_DEFAULT'));
$ctx->shop = new Shop(1);
$ctx->link = new Link();

/** The back office's templates (HelperForm's helpers/form/form.tpl), as AdminModules has them. */
function adminTemplates(Context $ctx): void
{
    $ctx->smarty->addTemplateDir(dirname(glob(_PS_ROOT_DIR_ . '/*/themes/default/template/helpers/form/form.tpl')[0], 3));
}

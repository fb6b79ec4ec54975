<?php
/**
 * Cron: expiry of reservations, the webhook inbox, financing polling (orders follow), overdue
 * reminders (e-mailed). Protected by a secret token compared in constant time; safe when two
 * runs overlap (the bridge locks what each job changes). Also: php bin/console is not needed,
 * `php modules/shopcredit/cron.php` runs the same from the shell.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCreditPs\CronToken;
use ShopCreditPs\Jobs;

class ShopcreditCronModuleFrontController extends ModuleFrontController
{
    public $ajax = true;

    public function postProcess()
    {
        header('Content-Type: application/json');
        header('Cache-Control: no-store');
        if (!CronToken::matches((string) Configuration::getGlobalValue('SHOPCREDIT_CRON_TOKEN'), $_GET['token'] ?? null)) {
            http_response_code(403);
            echo json_encode(['code' => 'forbidden']);
            exit;
        }
        echo json_encode(Jobs::run($this->module));
        exit;
    }
}

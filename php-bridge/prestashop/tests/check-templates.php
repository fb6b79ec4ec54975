<?php
/**
 * Translations and mail templates: every string of the module has French (tools/i18n.php
 * check), every e-mail the module sends exists in English and French as .html and .txt, and
 * every {variable} a template uses is one the sender fills.
 */
$mod = rtrim($argv[1] ?? '', '/');
$fail = 0;
passthru('php ' . escapeshellarg(dirname(__DIR__) . '/tools/i18n.php') . ' check', $rc);
$fail |= $rc;
require_once $mod . '/src/Mails.php';
$common = ['{shop_url}', '{shop_logo}', '{shop_name}', '{firstname}', '{lastname}'];
$filled = [
    'credit_check_pending' => ['{order_name}', '{total_paid}'],
    'credit_check_failed_customer' => ['{order_name}', '{total_paid}', '{reasons}', '{pay_another_way_url}'],
    'credit_check_failed_admin' => ['{order_name}', '{id_order}', '{total_paid}', '{reason_codes}'],
    'credit_check_manual_review_admin' => ['{order_name}', '{id_order}', '{total_paid}', '{reason_codes}'],
    'overdue_reminder' => ['{amount_due}', '{order_name}', '{due_date}', '{days_overdue}', '{credit_url}'],
    'credit_increase_decision' => ['{decision}', '{new_limit}', '{reason}'],
    'withdrawal_decision' => ['{amount}', '{decision}', '{reason}'],
    'balance_credited' => ['{amount}', '{order_name}', '{balance}'],
    'credit_status' => ['{limit}', '{exposure}', '{remaining}', '{next_due_date}', '{credit_url}'],
    'top_up_reversal_short_admin' => ['{order_name}', '{id_order}', '{reversed}', '{missing}'],
];
$n = 0;
foreach (array_keys(ShopCreditPs\Mails::SUBJECTS) as $t) {
    foreach (['en', 'fr'] as $lang) {
        foreach (['html', 'txt'] as $ext) {
            $f = "$mod/mails/$lang/$t.$ext";
            if (!is_file($f)) {
                echo "missing mail template: $f\n";
                $fail = 1;
                continue;
            }
            preg_match_all('/\{[a-z_]+\}/', (string) file_get_contents($f), $m);
            $unknown = array_diff(array_unique($m[0]), $common, $filled[$t] ?? []);
            if ($unknown !== []) {
                echo "$f uses variables nobody fills: " . implode(' ', $unknown) . "\n";
                $fail = 1;
            }
            $n++;
        }
    }
}
echo "$n mail templates checked\n";
exit($fail);

<?php
/**
 * The module's e-mails: PrestaShop mail templates in mails/{en,fr}/ (the merchant overrides them
 * in the theme like any module mail). The core says which notifications an outcome sends
 * (`notifications: [{template, to}]`); this only fills and sends them.
 */

namespace ShopCreditPs;

final class Mails
{
    /** template → English subject (translated with the module's l(), file 'mails'). */
    public const SUBJECTS = [
        'credit_check_pending' => 'Your order on account is being checked',
        'credit_check_failed_customer' => 'Your order on account could not be accepted',
        'credit_check_failed_admin' => 'An order on account failed its credit check',
        'credit_check_manual_review_admin' => 'An order on account needs your approval',
        'overdue_reminder' => 'Payment reminder',
        'credit_increase_decision' => 'Your credit limit request',
        'withdrawal_decision' => 'Your withdrawal request',
        'balance_credited' => 'Your store balance was credited',
        'credit_status' => 'Your credit account',
        'top_up_reversal_short_admin' => 'A cancelled top-up was already spent',
    ];

    /** @param list<array<string, mixed>> $notifications @param list<string> $reasons */
    public static function fromNotifications(\Shopcredit $module, \Order $order, array $notifications, array $reasons): void
    {
        if ($notifications === []) {
            return;
        }
        $customer = new \Customer((int) $order->id_customer);
        $iso = (string) \Currency::getIsoCodeById((int) $order->id_currency);
        $vars = [
            '{firstname}' => (string) $customer->firstname,
            '{lastname}' => (string) $customer->lastname,
            '{order_name}' => (string) $order->reference,
            '{id_order}' => (string) (int) $order->id,
            '{total_paid}' => $module->price(Money::fromPs((string) $order->total_paid_tax_incl, $iso), $iso),
            '{reasons}' => Texts::sentence($reasons, static fn (string $s): string => $module->l($s, 'texts')),
            '{reason_codes}' => implode(', ', $reasons),
            '{pay_another_way_url}' => \Context::getContext()->link->getPageLink('order', true, (int) $order->id_lang, ['submitReorder' => 1, 'id_order' => (int) $order->id], false, (int) $order->id_shop),
        ];
        foreach ($notifications as $n) {
            $template = (string) ($n['template'] ?? '');
            if (!isset(self::SUBJECTS[$template])) {
                continue;
            }
            if (($n['to'] ?? '') === 'admin') {
                self::send($module, $template, (int) \Configuration::get('PS_LANG_DEFAULT'), (string) \Configuration::get('PS_SHOP_EMAIL', null, null, (int) $order->id_shop), (string) \Configuration::get('PS_SHOP_NAME'), $vars, (int) $order->id_shop);
            } else {
                self::send($module, $template, (int) $order->id_lang, (string) $customer->email, $customer->firstname . ' ' . $customer->lastname, $vars, (int) $order->id_shop);
            }
        }
    }

    /** @param array<string, string> $vars */
    public static function send(\Shopcredit $module, string $template, int $idLang, string $to, string $toName, array $vars, ?int $idShop = null): bool
    {
        if ($to === '' || !isset(self::SUBJECTS[$template])) {
            return false;
        }
        $subject = $module->l(self::SUBJECTS[$template], 'mails');
        return (bool) \Mail::Send($idLang, $template, $subject, $vars, $to, $toName, null, null, null, null, _PS_MODULE_DIR_ . 'shopcredit/mails/', false, $idShop);
    }
}

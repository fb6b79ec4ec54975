<?php
/**
 * Orders on account in PrestaShop's own documents and pages: the due date, what was paid, what
 * is still due, the purchase-order number and the merchant's payment instructions (the cheque
 * and bank wire modules' details) on the customer's PDF invoice and order detail; the words and
 * money format of the statement of account. The bridge holds every figure; this only shows them.
 */

namespace ShopCreditPs;

use ShopCredit\Document\StatementLabels;
use ShopCredit\Service\Overview;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class OnAccount
{
    /** @return list<array{0: string, 1: string}> label → value, empty when the order is not on account */
    public static function rows(\Module $m, \Order $order): array
    {
        try {
            $ref = Requests::orderRef((int) $order->id_cart);
            $rcv = Bridge::sc()->receivables->find(Bridge::shopId(), $ref);
            $po = Bridge::sc()->purchaseOrders()->get(Bridge::shopId(), $ref);
        } catch (\Throwable) {
            return [];
        }
        $rows = [];
        if ($po !== null) {
            $rows[] = [$m->l('Purchase-order number', 'onaccount'), $po];
        }
        if ($rcv === null || $rcv['state'] === 'cancelled') {
            return $rows;
        }
        $r = Overview::receivableRow($rcv);
        $iso = (string) $r['currency'];
        $rows[] = [$m->l('Due date', 'onaccount'), $r['dueDate'] === null ? $m->l('set when your order is shipped', 'onaccount') : \Tools::displayDate((string) $r['dueDate'])];
        $rows[] = [$m->l('Paid', 'onaccount'), self::money($r['paid'], $iso)];
        $rows[] = [$m->l('Still due', 'onaccount'), self::money($r['remaining'], $iso)];
        if ($r['state'] === 'open' && self::instructions($m) !== '') {
            $rows[] = [$m->l('How to pay', 'onaccount'), self::instructions($m)];
        }
        return $rows;
    }

    /** rows(), or nothing when anything fails: an invoice or a page is never broken by this block. */
    private static function safeRows(\Module $m, \Order $order): array
    {
        try {
            return self::rows($m, $order);
        } catch (\Throwable) {
            return [];
        }
    }

    /** The merchant's payment instructions: the cheque and bank wire modules' own details. */
    public static function instructions(\Module $m): string
    {
        $out = [];
        $chequeName = (string) \Configuration::get('CHEQUE_NAME');
        if ($chequeName !== '') {
            $out[] = \sprintf($m->l('Cheque to the order of %s, sent to %s.', 'onaccount'), $chequeName, \str_replace(["\r", "\n"], [' ', ', '], \trim((string) \Configuration::get('CHEQUE_ADDRESS'))));
        }
        $owner = (string) \Configuration::get('BANK_WIRE_OWNER');
        if ($owner !== '') {
            $out[] = \sprintf($m->l('Bank wire to %s: %s', 'onaccount'), $owner, \str_replace(["\r", "\n"], [' ', ' '], \trim((string) \Configuration::get('BANK_WIRE_DETAILS'))));
        }
        return \implode("\n", $out);
    }

    /** The block in the customer's PDF invoice (TCPDF reads simple HTML). */
    public static function pdfBlock(\Module $m, \Order $order): string
    {
        $rows = self::safeRows($m, $order);
        if ($rows === []) {
            return '';
        }
        $html = '<table style="width:100%;border:0.5pt solid #999" cellpadding="3"><tr><td colspan="2" style="background-color:#eee"><b>'
            . \htmlspecialchars($m->l('Payment on account', 'onaccount')) . '</b></td></tr>';
        foreach ($rows as [$label, $value]) {
            $html .= '<tr><td style="width:30%"><b>' . \htmlspecialchars($label) . '</b></td><td style="width:70%">' . \nl2br(\htmlspecialchars($value)) . '</td></tr>';
        }
        return $html . '</table>';
    }

    /** The block on the customer's order detail page. */
    public static function htmlBlock(\Module $m, \Order $order): string
    {
        $rows = self::safeRows($m, $order);
        if ($rows === []) {
            return '';
        }
        $html = '<section class="box shopcredit-on-account"><h3>' . \htmlspecialchars($m->l('Payment on account', 'onaccount')) . '</h3><table class="table">';
        foreach ($rows as [$label, $value]) {
            $html .= '<tr><th>' . \htmlspecialchars($label) . '</th><td>' . \nl2br(\htmlspecialchars($value)) . '</td></tr>';
        }
        return $html . '</table></section>';
    }

    /** PrestaShop's own price format for a decimal string (the storefront's format when no locale is loaded). */
    public static function money(string $amount, string $iso): string
    {
        $context = \Context::getContext();
        try {
            $locale = $context->getCurrentLocale();
            if ($locale !== null) {
                return $locale->formatPrice($amount, $iso);
            }
        } catch (\Throwable) {
            // no locale in this context (CLI, some PDF contexts): the bridge formats it
        }
        $lang = $context->language instanceof \Language ? (string) $context->language->locale : 'en-US';
        return \ShopCredit\Money\LocalizedAmount::format($amount, $iso, $lang !== '' ? $lang : 'en-US');
    }

    public static function labels(\Module $m): StatementLabels
    {
        return new StatementLabels(
            [
                'title' => $m->l('Statement of account', 'onaccount'), 'shop' => (string) \Configuration::get('PS_SHOP_NAME'), 'customer' => $m->l('Customer', 'onaccount'),
                'period' => $m->l('Period', 'onaccount'), 'date' => $m->l('Date', 'onaccount'), 'description' => $m->l('Description', 'onaccount'), 'order' => $m->l('Order', 'onaccount'),
                'poNumber' => $m->l('PO number', 'onaccount'), 'dueDate' => $m->l('Due date', 'onaccount'), 'debit' => $m->l('Debit', 'onaccount'), 'credit' => $m->l('Credit', 'onaccount'),
                'balance' => $m->l('Balance', 'onaccount'), 'openingBalance' => $m->l('Opening balance', 'onaccount'), 'closingBalance' => $m->l('Closing balance', 'onaccount'),
                'openItems' => $m->l('Open items', 'onaccount'), 'amount' => $m->l('Amount', 'onaccount'), 'paid' => $m->l('Paid', 'onaccount'), 'remaining' => $m->l('Still due', 'onaccount'),
                'totalDue' => $m->l('Total due', 'onaccount'), 'overdue' => $m->l('Overdue', 'onaccount'), 'daysOverdue' => $m->l('Days late', 'onaccount'), 'none' => $m->l('Nothing is due.', 'onaccount'),
                'page' => $m->l('Page', 'onaccount'), 'instructions' => self::instructions($m),
            ],
            [
                'invoice' => $m->l('Order on account', 'onaccount'), 'payment' => $m->l('Payment received', 'onaccount'), 'credit_note' => $m->l('Credit note', 'onaccount'),
                'cancellation' => $m->l('Order cancelled', 'onaccount'), 'adjustment' => $m->l('Adjustment', 'onaccount'),
            ],
            static fn (string $amount, string $iso): string => self::money($amount, $iso),
            static fn (string $ymd): string => \Tools::displayDate($ymd),
            static function (string $ref): string {
                $cart = Requests::cartIdFromRef($ref);
                $order = $cart === null ? null : new \Order((int) \Order::getIdByCartId($cart));
                return $order !== null && $order->id ? (string) $order->reference : $ref;
            },
        );
    }
}

<?php
/**
 * My account > Statement of account: the period's movements with the running balance, the open
 * items with their due dates, and the PDF / CSV downloads. Only ever the logged-in customer's own
 * credit line (no customer id is read from the request).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

use ShopCredit\Document\StatementCsv;
use ShopCredit\Document\StatementPdf;
use ShopCreditPs\Admin\StatementDownload;
use ShopCreditPs\Bridge;
use ShopCreditPs\OnAccount;

class ShopcreditStatementModuleFrontController extends ModuleFrontController
{
    public $auth = true;
    public $authRedirection = 'my-account';

    /** @return array{0: int, 1: int} [from, to) from the request (YYYY-MM-DD, the shop's days), else the last 90 days */
    private function period(): array
    {
        return StatementDownload::period((string) Tools::getValue('from'), (string) Tools::getValue('to'), time(), Bridge::sc()->time->timezone(Bridge::shopId()));
    }

    private function statement(): ?array
    {
        [$from, $to] = $this->period();
        try {
            return Bridge::sc()->statements()->statement(Bridge::shopId(), (string) (int) $this->context->customer->id, (string) $this->context->currency->iso_code, $from, $to);
        } catch (Throwable) {
            return null;
        }
    }

    public function postProcess()
    {
        $format = (string) Tools::getValue('format');
        if ($format !== 'pdf' && $format !== 'csv') {
            return;
        }
        $s = $this->statement();
        if ($s === null) {
            Tools::redirect($this->context->link->getModuleLink('shopcredit', 'statement'));
        }
        $name = 'statement-' . $s['toDate'];
        if ($format === 'csv') {
            header('Content-Type: text/csv; charset=utf-8');
            header('Content-Disposition: attachment; filename="' . $name . '.csv"');
            StatementCsv::write($s, OnAccount::labels($this->module), fopen('php://output', 'w'));
        } else {
            header('Content-Type: application/pdf');
            header('Content-Disposition: attachment; filename="' . $name . '.pdf"');
            echo StatementPdf::render($s, OnAccount::labels($this->module), time());
        }
        exit;
    }

    public function initContent()
    {
        parent::initContent();
        $s = $this->statement();
        $labels = OnAccount::labels($this->module);
        $iso = (string) $this->context->currency->iso_code;
        $view = null;
        if ($s !== null) {
            $view = [
                'from' => $s['fromDate'], 'to' => $s['toDate'],
                'opening' => $labels->money($s['openingBalance'], $iso), 'closing' => $labels->money($s['closingBalance'], $iso),
                'total_due' => $labels->money($s['totalDue'], $iso),
                'lines' => array_map(static fn (array $l): array => [
                    'date' => $labels->date($l['date']), 'kind' => $labels->kind((string) $l['kind']), 'order' => $labels->order($l['orderRef'] ?? null),
                    'po' => (string) ($l['poNumber'] ?? ''), 'debit' => $labels->money($l['debit'], $iso), 'credit' => $labels->money($l['credit'], $iso),
                    'balance' => $labels->money($l['balance'], $iso),
                ], $s['lines']),
                'items' => array_map(static fn (array $i): array => [
                    'order' => $labels->order($i['orderRef']), 'po' => (string) ($i['poNumber'] ?? ''), 'due' => $labels->date($i['dueDate'] ?? null),
                    'amount' => $labels->money($i['amount'], $iso), 'paid' => $labels->money($i['paid'], $iso),
                    'remaining' => $labels->money($i['remaining'], $iso), 'late' => (int) $i['daysOverdue'],
                ], $s['openItems']),
            ];
        }
        $link = fn (string $format): string => $this->context->link->getModuleLink('shopcredit', 'statement', ['format' => $format, 'from' => $view['from'] ?? '', 'to' => $view['to'] ?? ''], true);
        $this->context->smarty->assign([
            'sc_statement' => $view,
            'sc_action' => $this->context->link->getModuleLink('shopcredit', 'statement', [], true),
            'sc_pdf_url' => $link('pdf'),
            'sc_csv_url' => $link('csv'),
        ]);
        $this->setTemplate('module:shopcredit/views/templates/front/statement.tpl');
    }

    public function getBreadcrumbLinks()
    {
        $b = parent::getBreadcrumbLinks();
        $b['links'][] = $this->addMyAccountToBreadcrumb();
        $b['links'][] = ['title' => $this->module->l('Statement of account', 'statement'), 'url' => $this->context->link->getModuleLink('shopcredit', 'statement')];
        return $b;
    }
}

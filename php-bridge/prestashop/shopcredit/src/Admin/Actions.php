<?php
/**
 * The back office's actions, each one call into the bridge with the employee as the author:
 * per-customer credit settings, balance adjustments, receivable payments, request decisions,
 * mass credit/debit per customer group, credit status e-mails, and the order page's credit
 * check decisions. Returns [ok, message] for the page.
 */

namespace ShopCreditPs\Admin;

use ShopCredit\Service\Overview;
use ShopCreditPs\Bridge;
use ShopCreditPs\Mails;
use ShopCreditPs\Money;
use ShopCreditPs\Order\Lifecycle;
use ShopCreditPs\Requests;
use ShopCreditPs\Texts;

final class Actions
{
    public function __construct(private readonly \Shopcredit $module, private readonly int $employeeId)
    {
    }

    private function by(): string
    {
        return 'admin:' . $this->employeeId;
    }

    /** @param array<string, mixed> $post @return array{0: bool, 1: string} */
    public function customerSettings(int $customerId, string $iso, array $post): array
    {
        $sc = Bridge::sc();
        $shopId = Bridge::shopId();
        $limit = Money::parseInput((string) ($post['limit'] ?? ''), $iso);
        if ($limit === null) {
            return [false, $this->amountError((string) ($post['limit'] ?? ''), $iso)];
        }
        $r = $sc->credit()->setLimit($shopId, (string) $customerId, $iso, $limit, $this->by());
        $attrs = [
            'on_hold' => !empty($post['on_hold']),
            'risk_level' => in_array($post['risk_level'] ?? '', ['low', 'medium', 'high'], true) ? (string) $post['risk_level'] : 'low',
            'company_name' => mb_substr(trim((string) ($post['company_name'] ?? '')), 0, 120),
        ];
        if (trim((string) ($post['payment_terms_days'] ?? '')) !== '') {
            $attrs['payment_terms_days'] = max(0, min(365, (int) $post['payment_terms_days']));
        }
        $sc->credit()->setProfile($shopId, (string) $customerId, $iso, $attrs, $this->by());
        return [true, 'limit ' . $r['account']['limit'] . ' ' . $iso . ', remaining ' . $r['remainingCredit']];
    }

    /** @param 'bonus'|'adjustment_credit'|'adjustment_debit' $kind */
    public function adjustBalance(int $customerId, string $iso, string $kind, string $typed, string $reason): array
    {
        $amount = Money::parseInput($typed, $iso);
        if ($amount === null) {
            return [false, $this->amountError($typed, $iso)];
        }
        if (!in_array($kind, ['bonus', 'adjustment_credit', 'adjustment_debit'], true)) {
            return [false, 'invalid_value'];
        }
        $r = Bridge::sc()->wallet()->bonus(Bridge::shopId(), (string) $customerId, $iso, 'adj-' . $customerId . '-' . bin2hex(random_bytes(6)), $kind, $amount, $reason !== '' ? mb_substr($reason, 0, 200) : $kind, $this->by());
        return ($r['accepted'] ?? false) === true ? [true, 'balance ' . ($r['balance'] ?? '')] : [false, implode(', ', (array) ($r['reasons'] ?? []))];
    }

    /**
     * A payment on an order on account recorded here: Orders books it on the receivable and asks
     * PrestaShop to record the same payment row (method and reference as typed); fully paid, the
     * order reaches the paid state. $all: what is still due, as the books hold it.
     */
    public function recordPayment(string $orderRef, string $typed, string $reference, string $method, bool $all): array
    {
        $sc = Bridge::sc();
        $shopId = Bridge::shopId();
        $o = $sc->orders()->summary($shopId, $orderRef);
        $rcv = $sc->receivables->find($shopId, $orderRef);
        if ($o === null || $rcv === null) {
            return [false, Texts::sentence(['order_not_payable'], fn (string $s): string => $this->module->l($s, 'texts'))];
        }
        $iso = (string) $o['currency'];
        $amount = $all ? (string) Overview::receivableRow($rcv)['remaining'] : Money::parseInput($typed, $iso);
        if ($amount === null) {
            return [false, $this->amountError($typed, $iso)];
        }
        $method = trim($method) !== '' ? mb_substr(trim($method), 0, 64) : $this->module->l('Payment on account', 'actions');
        $r = $sc->orders()->paymentRecorded($shopId, $orderRef, 'bo-' . bin2hex(random_bytes(8)), $amount, $method, trim($reference) !== '' ? mb_substr(trim($reference), 0, 64) : null, 'shopcredit', Lifecycle::actions($this->module));
        if (($r['accepted'] ?? false) !== true) {
            return [false, Texts::sentence((array) ($r['reasons'] ?? []), fn (string $s): string => $this->module->l($s, 'texts'))];
        }
        $left = Overview::receivableRow($sc->receivables->find($shopId, $orderRef) ?? $rcv);
        return [true, sprintf($this->module->l('Payment of %s recorded; %s still due.', 'actions'), $this->module->price($amount, $iso), $this->module->price((string) $left['remaining'], $iso))];
    }

    /** @param 'approve'|'decline' $decision */
    public function decideIncrease(string $requestId, string $decision, string $typedLimit, string $reason, string $iso): array
    {
        $newLimit = trim($typedLimit) === '' ? null : Money::parseInput($typedLimit, $iso);
        if (trim($typedLimit) !== '' && $newLimit === null) {
            return [false, $this->amountError($typedLimit, $iso)];
        }
        $r = Bridge::sc()->credit()->decideIncrease($requestId, $decision, $this->by(), $newLimit, $reason !== '' ? mb_substr($reason, 0, 255) : null);
        if (($r['accepted'] ?? false) !== true) {
            return [false, implode(', ', (array) ($r['reasons'] ?? []))];
        }
        $this->mailDecision('credit_increase_decision', (string) ($r['request']['requestId'] ?? $requestId), 'credit_increase', [
            '{decision}' => $decision === 'approve' ? $this->module->l('approved', 'actions') : $this->module->l('declined', 'actions'),
            '{new_limit}' => (string) ($r['newLimit'] ?? ''), '{reason}' => $reason,
        ]);
        return [true, $decision . ' ' . ($r['newLimit'] ?? '')];
    }

    /** @param 'approve'|'reject' $decision */
    public function decideWithdrawal(string $requestId, string $decision, string $reason): array
    {
        $r = Bridge::sc()->wallet()->decideWithdrawal($requestId, $decision, $this->by(), $reason !== '' ? $reason : null);
        if (($r['accepted'] ?? true) !== true) {
            return [false, implode(', ', (array) ($r['reasons'] ?? []))];
        }
        $this->mailDecision('withdrawal_decision', $requestId, 'withdrawal', [
            '{decision}' => $decision === 'approve' ? $this->module->l('approved', 'actions') : $this->module->l('rejected', 'actions'),
            '{reason}' => $reason,
        ]);
        return [true, $decision];
    }

    /** @param array<string, string> $vars */
    private function mailDecision(string $template, string $requestId, string $kind, array $vars): void
    {
        foreach (Bridge::sc()->overview()->requests($kind, Bridge::shopId(), [], 500) as $req) {
            if ((string) $req['id'] === $requestId) {
                $c = new \Customer((int) $req['customer_id']);
                Mails::send($this->module, $template, (int) ($c->id_lang ?: \Configuration::get('PS_LANG_DEFAULT')), (string) $c->email, $c->firstname . ' ' . $c->lastname,
                    ['{firstname}' => (string) $c->firstname, '{lastname}' => (string) $c->lastname, '{amount}' => (string) ($req['amount'] ?? $req['requested_limit'] ?? '')] + $vars);
                return;
            }
        }
    }

    /** Mass credit or debit of every customer of a group (resumable: the batch key is stable per form). */
    /** Customers taken from the group per step: the bridge takes at most 10,000 per call. */
    private const MASS_PAGE = 5000;

    /**
     * Mass credit/debit, first step: a batch with every customer of the group (page by page, no
     * cap) and its preview (what the run would do; nothing booked). The run is stepped from the
     * page (massStep) with a progress bar; the same key again is the same batch.
     */
    public function massAdjust(int $groupId, string $direction, string $typed, string $iso, string $reason, string $batchKey): array
    {
        $amount = Money::parseInput($typed, $iso);
        if ($amount === null) {
            return [false, $this->amountError($typed, $iso)];
        }
        if (!in_array($direction, ['credit', 'debit'], true) || !preg_match('/^[a-z0-9-]{8,64}$/', $batchKey)) {
            return [false, $this->module->l('The form expired; please try again.', 'actions')];
        }
        $m = Bridge::sc()->massAdjustments();
        $s = $m->create(Bridge::shopId(), $batchKey, $direction, $iso, $amount, $reason !== '' ? mb_substr($reason, 0, 200) : 'mass ' . $direction, $this->by());
        for ($offset = 0; $s['state'] === 'open'; $offset += self::MASS_PAGE) {
            $ids = array_map(static fn ($r) => (string) $r['id_customer'], \Db::getInstance()->executeS('SELECT DISTINCT id_customer FROM `' . _DB_PREFIX_ . 'customer_group` WHERE id_group = '
                . (int) $groupId . ' ORDER BY id_customer LIMIT ' . self::MASS_PAGE . ' OFFSET ' . $offset) ?: []);
            if ($ids === []) {
                break;
            }
            $s = $m->addCustomers($batchKey, $ids);
        }
        if ((int) $s['total'] === 0) {
            return [false, $this->module->l('This customer group has no customers.', 'actions')];
        }
        while (!$s['previewDone']) {
            $s = $m->preview($batchKey, 500);
        }
        return [true, $this->module->l('Preview ready: nothing was booked yet. Check it, then run it.', 'actions')];
    }

    /** One step of a batch's run (one transaction the bridge locks): its status after it. */
    public function massStep(string $batchKey): array
    {
        return Bridge::sc()->massAdjustments()->run($batchKey, 200, $this->by());
    }

    /** E-mails the customer their credit status (limit, exposure, remaining, next due date). */
    public function mailCreditStatus(int $customerId, string $iso): array
    {
        $o = Bridge::sc()->overview()->customer(Bridge::shopId(), (string) $customerId, $iso);
        if (!is_array($o['credit'] ?? null)) {
            return [false, 'no_credit_line'];
        }
        $c = new \Customer($customerId);
        $ok = Mails::send($this->module, 'credit_status', (int) ($c->id_lang ?: \Configuration::get('PS_LANG_DEFAULT')), (string) $c->email, $c->firstname . ' ' . $c->lastname, [
            '{firstname}' => (string) $c->firstname, '{lastname}' => (string) $c->lastname,
            '{limit}' => $this->module->price((string) $o['credit']['limit'], $iso), '{exposure}' => $this->module->price((string) $o['credit']['exposure'], $iso),
            '{remaining}' => $this->module->price((string) $o['credit']['remaining'], $iso), '{next_due_date}' => (string) ($o['credit']['nextDueDate'] ?? '—'),
            '{credit_url}' => \Context::getContext()->link->getModuleLink('shopcredit', 'credit', [], true),
        ]);
        return [$ok, $ok ? 'sent' : 'not sent'];
    }

    /** The order page's decisions on an order on account waiting for review. @param 'approve'|'decline'|'recheck' $what */
    public function orderCheck(\Order $order, string $what): array
    {
        $sc = Bridge::sc();
        $shopId = Bridge::shopId((int) $order->id_shop);
        $ref = Requests::orderRef((int) $order->id_cart);
        $host = Lifecycle::actions($this->module);
        $r = $what === 'recheck'
            ? $sc->orders()->handle($shopId, $ref, 'review:recheck:' . bin2hex(random_bytes(4)), ['type' => 'credit_check_run'], $host)
            : $sc->orders()->creditCheckDecided($shopId, $ref, $what === 'approve' ? 'approve' : 'decline', $this->by(), $host);
        if (($r['accepted'] ?? false) !== true) {
            return [false, Texts::sentence((array) ($r['reasons'] ?? []), fn (string $s): string => $this->module->l($s, 'texts'))];
        }
        return [true, $this->module->l('The decision was recorded; the order\'s messages say what followed.', 'actions')];
    }

    /** The refused amount's reason in words (the message echoes the typed value: the page escapes it). */
    private function amountError(string $typed, string $iso): string
    {
        $code = Money::inputError($typed, $iso);
        return '"' . mb_substr($typed, 0, 40) . '": ' . Texts::sentence([$code], fn (string $s): string => $this->module->l($s, 'texts')) . " ($code)";
    }

    public function orderRef(\Order $order): string
    {
        return Requests::orderRef((int) $order->id_cart);
    }
}

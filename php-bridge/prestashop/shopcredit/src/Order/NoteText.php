<?php
/**
 * The words of the order lifecycle's notes (OrderVocabulary::NOTE_*) for the merchant's order
 * page: the module's catalogue (l(), file 'notetext') for the sentence, the shop's money format
 * for amounts, the reason sentences for codes. People never see a code.
 */

namespace ShopCreditPs\Order;

use ShopCreditPs\Texts;

final class NoteText
{
    /** Params that are amounts in the order's currency (the others: `date`, `reason`, `reasons`). */
    private const AMOUNTS = ['amount', 'rest', 'outstanding', 'missing', 'credit', 'vat', 'paid', 'reversed', 'wallet', 'creditLine', 'external'];

    /** @return array<string, string> note code → English sentence with {param} placeholders */
    public static function sentences(): array
    {
        return [
            'payment_refused' => 'Payment refused; nothing was recorded.',
            'balance_reserved' => '{amount} reserved on the store balance; {rest} to be paid with the other payment method.',
            'paid_from_balance' => '{amount} paid from the store balance.',
            'balance_part_paid' => 'The store balance part of {amount} was taken.',
            'balance_part_missing' => 'The store balance part of {amount} could not be taken: the reservation has ended.',
            'reservation_released' => 'The reservation was released; nothing was taken.',
            'credit_check_passed' => 'Credit check passed: {amount} on account.',
            'credit_check_failed' => 'Credit check failed: {reasons}',
            'credit_check_manual_review' => 'Waiting for a review of the credit check: {reasons}',
            'balance_restored' => '{amount} given back to the store balance.',
            'credit_restored' => '{amount} given back to the credit line.',
            'paid_to_return' => '{amount} already paid by the customer on this order must be returned to them.',
            'external_to_return' => '{amount} paid with the other payment method must be refunded through it.',
            'refund_booked' => 'Refund recorded: {wallet} to the store balance, {creditLine} to the credit line, {external} through the original payment method.',
            'payment_received' => 'Payment of {amount} received; {outstanding} still due.',
            'due_date_set' => 'Payment due on {date}.',
            'reopen_collected' => 'Order paid again: {amount} taken from the store balance.',
            'reopen_refused' => 'The order cannot be paid again ({reason}; {missing} missing): it stays cancelled.',
            'top_up_placed' => 'Balance top-up ordered: {credit} will be credited (VAT {vat}) once the payment is received.',
            'top_up_credited' => 'Balance top-up credited: {credit} (paid {paid}, VAT {vat}).',
            'top_up_awaiting_capture' => 'The balance will be credited once the payment is received.',
            'top_up_paid_after_cancel' => '{amount} was paid for a cancelled top-up: nothing was credited; refund the customer.',
            'top_up_reversed' => '{amount} taken back from the store balance.',
            'top_up_reversal_short' => 'Only {reversed} could be taken back from the store balance: {missing} was already spent.',
            'financing_started' => 'Financing request of {amount} sent to the lender.',
            'financing_accepted' => 'Financing of {amount} accepted by the lender.',
            'financing_refused' => 'Financing declined by the lender.',
            'financing_cancelled' => 'Financing cancelled: {amount} no longer financed.',
            'financing_partially_cancelled' => 'Financing partially cancelled by the lender.',
            'financing_cancel_at_provider' => 'Cancel {amount} of the financing at the lender.',
            // What the module itself tells the merchant about an action it performs.
            'refund_external' => 'Refund {amount} to the customer through the payment method they used (PrestaShop does not send it by itself).',
            'event_refused' => 'ShopCredit did not record this: {reasons}',
            'automatic_payment' => 'PrestaShop recorded {amount} as paid when the order changed state. An order on account stays due until its payments are recorded with "Add payment" (method and reference).',
            'unknown' => 'ShopCredit recorded an event on this order.',
        ];
    }

    /**
     * @param \Closure(string): string $translate English sentence → the shop's language
     * @param \Closure(string, string): string $money decimal, currency → the shop's money format
     */
    public function __construct(private readonly \Closure $translate, private readonly \Closure $money)
    {
    }

    /** @param array<string, mixed> $params */
    public function note(string $code, array $params, string $currency): string
    {
        $out = ($this->translate)(self::sentences()[$code] ?? self::sentences()['unknown']);
        foreach ($params as $k => $v) {
            $out = str_replace('{' . $k . '}', $this->param((string) $k, (string) $v, $currency), $out);
        }
        return $out;
    }

    private function param(string $name, string $value, string $currency): string
    {
        if (in_array($name, self::AMOUNTS, true) && preg_match('/^-?\d+(\.\d+)?$/', $value)) {
            return ($this->money)($value, $currency);
        }
        return $name === 'reason' || $name === 'reasons' ? $this->reasons($value) : $value;
    }

    /** Comma-separated reason codes → sentences in the shop's language. */
    public function reasons(string $codes): string
    {
        $list = array_values(array_filter(explode(',', $codes), 'strlen'));
        return $list === [] ? '' : Texts::sentence($list, $this->translate);
    }
}

<?php
/**
 * The words of the order lifecycle's notes for the merchant's order page: the bridge's catalogue
 * (ShopCredit\I18n\Words: every note code, amounts in the shop's money format, reason codes in
 * words; the module's own catalogue wins where it has a translation) and the few sentences this
 * module adds about what it does itself. People never see a code.
 */

namespace ShopCreditPs\Order;

use ShopCredit\I18n\Words;

final class NoteText
{
    /** @return array<string, string> the module's own notes: code → English sentence with {param} placeholders */
    public static function sentences(): array
    {
        return [
            'refund_external' => 'Refund {amount} to the customer through the payment method they used (PrestaShop does not send it by itself).',
            'event_refused' => 'ShopCredit did not record this: {reasons}',
            'given_back_beyond_paid' => 'Before this version, ShopCredit gave back {amount} more than this order paid from the store balance or credit line (a refund and then its cancellation). Nothing more will be given back for this order.',
            'automatic_payment' => 'PrestaShop recorded {amount} as paid when the order changed state; no payment came from the customer, so it was taken out again. An order on account is paid when its payments are recorded with "Add payment" (method and reference).',
        ];
    }

    /** @param \Closure(string): string $translate the module's catalogue for its own sentences */
    public function __construct(private readonly Words $words, private readonly \Closure $translate)
    {
    }

    /** The bridge's words in the shop's language and formats (for the other admin texts that need them). */
    public function words(): Words
    {
        return $this->words;
    }

    /** @param array<string, mixed> $params as the core (or this module) sent them */
    public function note(string $code, array $params, string $currency): string
    {
        $own = self::sentences()[$code] ?? null;
        if ($own === null) {
            return $this->words->note($code, array_map('strval', $params), $currency);
        }
        $out = ($this->translate)($own);
        foreach ($params as $k => $v) {
            $shown = match ($k) {
                'amount' => $this->words->money((string) $v, $currency),
                'reasons' => $this->reasons((string) $v),
                default => (string) $v,
            };
            $out = str_replace('{' . $k . '}', $shown, $out);
        }
        return $out;
    }

    /** One request to the lender after the sale (AfterSale::forOrder's row) in a sentence for the order's financing block. */
    public function afterSaleRequest(array $r): string
    {
        return $this->words->afterSaleRequest($r);
    }

    /** Comma-separated reason codes → sentences in the shop's language. */
    public function reasons(string $codes): string
    {
        return $this->words->reasons(array_values(array_filter(explode(',', $codes), 'strlen')));
    }
}

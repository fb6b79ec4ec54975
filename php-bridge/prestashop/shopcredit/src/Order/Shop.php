<?php
/**
 * The PrestaShop calls the order lifecycle's host actions become (PsShop in the shop; a recorder
 * in the adapter's tests). Plain values in, no decision: every figure comes from the action.
 */

namespace ShopCreditPs\Order;

interface Shop
{
    /** The PrestaShop order of a books reference; null while it does not exist (yet). */
    public function orderOf(string $orderRef): ?int;

    /** The order's current state id. */
    public function state(int $orderId): int;

    /** @return array{paid: bool, logable: bool, shipped: bool} the state's own flags */
    public function stateFlags(int $stateId): array;

    /** Moves the order to the state (PrestaShop's own status change: history, invoice, its e-mail, its hooks). */
    public function setState(int $orderId, int $stateId): void;

    /** A private message on the order for the merchant. */
    public function note(int $orderId, string $text): void;

    /** One row in the order's payments (amount in the order's currency). */
    public function addPayment(int $orderId, string $amount, string $method, ?string $reference): void;

    /** The label the order was created with (its payment method as the customer chose it). */
    public function paymentLabel(int $orderId): string;

    /**
     * Sends the order e-mails PrestaShop composed when it created the order and the module held
     * back until the order reached the status they are for: `order_conf` (the customer's order
     * confirmation) or `new_order` (the merchant's new-order alert). @return int mails sent
     */
    public function releaseMails(int $orderId, string $template): int;

    /** One of the module's own e-mails about the order, to the customer or to the merchant. @param array<string, string> $vars */
    public function moduleMail(int $orderId, string $template, array $vars, bool $toMerchant): void;

    /** Gives the order's products back to stock. */
    public function restock(int $orderId): void;

    /**
     * What the module's earlier versions remembered of an order they placed (see Adoption), with
     * the order's own figures as decimal strings; null when they placed nothing for it.
     * @return array{funding: string, balancePart: string, topUpCredited: bool, customer: array<string, mixed>, currency: string, total: string, paymentMethod: string, everPaid: bool}|null
     */
    public function earlierVersionOrder(int $orderId): ?array;

    /** A decimal amount in the shop's money format. */
    public function money(string $amount, string $currency): string;
}

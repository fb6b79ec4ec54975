<?php

declare(strict_types=1);

namespace ShopCredit\Service\Order;

/**
 * Internal: `order.decide` refused the event. Thrown inside the order's transaction so that
 * whatever earlier rounds booked is rolled back; the caller gets the answer it carries.
 */
final class Refused extends \RuntimeException
{
    /** @param array<string, mixed> $answer */
    public function __construct(public readonly array $answer)
    {
        parent::__construct('order event refused: ' . \implode(', ', (array) ($answer['reasons'] ?? [])));
    }
}

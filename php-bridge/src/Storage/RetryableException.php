<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Marks an exception after which the whole transaction may safely run again
 * (Connection::transaction() retries it like a deadlock).
 */
interface RetryableException extends \Throwable
{
}

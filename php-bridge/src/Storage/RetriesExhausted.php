<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * Every attempt of a transaction met a conflict (deadlock, lock wait timeout, a cluster node's
 * certification conflict, SQLite busy) and the retry budget is spent. Nothing of it was committed:
 * the caller may run the same request again with the same key (it is retryable, the books are
 * unchanged) or tell the customer to try again in a moment. The last conflict is getPrevious().
 */
final class RetriesExhausted extends StorageException implements RetryableException
{
    public function __construct(public readonly int $attempts, \Throwable $last)
    {
        parent::__construct("the books were busy: $attempts attempts met a conflict (" . $last->getMessage() . '); nothing was booked, the same request may be sent again', 0, $last);
    }
}

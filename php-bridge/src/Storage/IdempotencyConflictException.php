<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** An idempotency key was used again for another operation or another request body. */
final class IdempotencyConflictException extends StorageException
{
}

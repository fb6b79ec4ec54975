<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** A row changed under us (optimistic `version` check failed): retry the whole transaction. */
final class ConcurrencyException extends StorageException implements RetryableException
{
}

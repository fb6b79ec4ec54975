<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** Any failure of the storage layer that is not a plain PDOException. */
class StorageException extends \RuntimeException
{
}

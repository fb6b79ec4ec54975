<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** A primary or unique key already holds this value (MySQL 1062, SQLite UNIQUE constraint). */
final class DuplicateKeyException extends StorageException
{
}

<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** An amount string or currency the storage cannot convert exactly. */
final class MoneyFormatException extends \InvalidArgumentException
{
}

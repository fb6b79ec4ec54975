<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/** A 2xx response whose body does not match the swagger (bad JSON, missing field, bad amount). */
final class ProviderResponseInvalid extends ProviderException
{
}

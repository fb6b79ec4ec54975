<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * The provider answered with a 4xx (other than 429): the request itself was refused and retrying
 * it unchanged will not help. $errorCode is the applicative code from the BaasExceptionHttpResponse
 * body (`errorCode`, else the first `errors[].code`), or null when the body carries none.
 */
final class ProviderRejected extends ProviderException
{
    public function __construct(
        string $operation,
        public readonly int $httpStatus,
        public readonly ?string $errorCode,
        public readonly ?string $errorMessage = null,
    ) {
        parent::__construct(
            $operation,
            \sprintf('%s rejected by provider: HTTP %d%s', $operation, $httpStatus, $errorCode !== null ? " ({$errorCode})" : ''),
        );
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * Sends one HTTP request, no retries, no redirects. Any HTTP status is a response (not an
 * exception); only a failure to obtain a response throws {@see TransportError}, which says whether
 * the request may have reached the server. Tests inject implementations that fail on purpose.
 */
interface HttpTransport
{
    /** @throws TransportError */
    public function send(HttpRequest $request): HttpResponse;
}

<?php

declare(strict_types=1);

namespace ShopCredit\Financing;

/**
 * {@see HttpTransport} over ext-curl. One handle is reused so keep-alive connections (and the
 * TLS session) survive between calls; redirects are not followed; only http/https are allowed;
 * TLS peer and host verification stay on; the response body is capped.
 */
final class CurlTransport implements HttpTransport
{
    /** @var \CurlHandle|null */
    private $handle = null;

    public function __construct(private readonly int $maxResponseBytes = 8 * 1024 * 1024)
    {
        if (!\function_exists('curl_init')) {
            throw new \LogicException('ext-curl is required for CurlTransport');
        }
    }

    public function send(HttpRequest $request): HttpResponse
    {
        if ($this->handle === null) {
            $h = \curl_init();
            if ($h === false) {
                throw new TransportError(TransportError::KIND_CONNECT, false, 'curl_init failed');
            }
            $this->handle = $h;
        } else {
            \curl_reset($this->handle);
        }
        $h = $this->handle;

        $headers = [];
        $body = '';
        $tooLarge = false;
        $max = $this->maxResponseBytes;
        $headerLines = [];
        foreach ($request->headers as $name => $value) {
            if (\preg_match('/[\r\n]/', $name . $value) === 1) {
                throw new \InvalidArgumentException('header injection attempt');
            }
            $headerLines[] = $name . ': ' . $value;
        }
        $headerLines[] = 'Expect:'; // no 100-continue round trip

        $protocols = \CURLPROTO_HTTP | \CURLPROTO_HTTPS;
        \curl_setopt_array($h, [
            \CURLOPT_URL => $request->url,
            \CURLOPT_CUSTOMREQUEST => $request->method,
            \CURLOPT_HTTPHEADER => $headerLines,
            \CURLOPT_CONNECTTIMEOUT_MS => $request->connectTimeoutMs,
            \CURLOPT_TIMEOUT_MS => $request->timeoutMs,
            \CURLOPT_NOSIGNAL => true,
            \CURLOPT_FOLLOWLOCATION => false,
            \CURLOPT_PROTOCOLS => $protocols,
            \CURLOPT_SSL_VERIFYPEER => true,
            \CURLOPT_SSL_VERIFYHOST => 2,
            \CURLOPT_ENCODING => '',
            \CURLOPT_HEADERFUNCTION => static function ($ch, string $line) use (&$headers): int {
                $pos = \strpos($line, ':');
                if ($pos !== false) {
                    $headers[\strtolower(\trim(\substr($line, 0, $pos)))] = \trim(\substr($line, $pos + 1));
                } elseif (\str_starts_with($line, 'HTTP/')) {
                    $headers = []; // a new response (e.g. after 100 Continue) starts over
                }
                return \strlen($line);
            },
            \CURLOPT_WRITEFUNCTION => static function ($ch, string $chunk) use (&$body, &$tooLarge, $max): int {
                if (\strlen($body) + \strlen($chunk) > $max) {
                    $tooLarge = true;
                    return 0; // aborts the transfer
                }
                $body .= $chunk;
                return \strlen($chunk);
            },
        ]);
        if ($request->method === 'HEAD') {
            \curl_setopt($h, \CURLOPT_NOBODY, true);
        }
        if ($request->body !== null) {
            \curl_setopt($h, \CURLOPT_POSTFIELDS, $request->body);
        }

        $ok = \curl_exec($h);
        if ($ok === false) {
            $errno = \curl_errno($h);
            $connectTimeUs = (int) \curl_getinfo($h, \CURLINFO_CONNECT_TIME_T);
            $what = \curl_error($h);
            if ($tooLarge) {
                throw new TransportError(TransportError::KIND_NETWORK, true, 'response body exceeds ' . $max . ' bytes');
            }
            throw self::classify($errno, $connectTimeUs, $what);
        }
        $status = (int) \curl_getinfo($h, \CURLINFO_RESPONSE_CODE);
        return new HttpResponse($status, $headers, $body);
    }

    private static function classify(int $errno, int $connectTimeUs, string $what): TransportError
    {
        // Failures before the request could be written: safe to retry anything.
        // (libcurl error numbers; not every one has a PHP constant)
        $notSent = [
            1,  // CURLE_UNSUPPORTED_PROTOCOL
            3,  // CURLE_URL_MALFORMAT
            5,  // CURLE_COULDNT_RESOLVE_PROXY
            6,  // CURLE_COULDNT_RESOLVE_HOST
            7,  // CURLE_COULDNT_CONNECT
            35, // CURLE_SSL_CONNECT_ERROR
            60, // CURLE_PEER_FAILED_VERIFICATION
        ];
        if (\in_array($errno, $notSent, true)) {
            return new TransportError(TransportError::KIND_CONNECT, false, "connection failed (curl {$errno}: {$what})");
        }
        if ($errno === 28) { // CURLE_OPERATION_TIMEDOUT
            // connect time stays 0 while the TCP connection was never established.
            $sent = $connectTimeUs > 0;
            return new TransportError($sent ? TransportError::KIND_TIMEOUT : TransportError::KIND_CONNECT, $sent, "timed out (curl {$errno})");
        }
        return new TransportError(TransportError::KIND_NETWORK, true, "network error (curl {$errno}: {$what})");
    }

    public function __destruct()
    {
        if ($this->handle !== null) {
            \curl_close($this->handle);
        }
    }
}

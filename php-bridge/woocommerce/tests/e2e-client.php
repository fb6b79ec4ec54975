<?php
/**
 * What the WooCommerce end-to-end scripts (e2e.php, e2e-aftersale.php, e2e-adoption.php) share:
 * one line per check with the failures counted in the script's global $failures, and a browser
 * session over HTTP (cookies, the Store API nonce).
 */

declare(strict_types=1);

function check(bool $ok, string $what, mixed $detail = null): void
{
    global $failures;
    echo ($ok ? 'ok   ' : 'FAIL ') . $what . ($detail === null ? '' : ' — ' . (is_string($detail) ? $detail : json_encode($detail, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE))) . "\n";
    $failures += $ok ? 0 : 1;
}

/** A browser session: cookies, the last response's status and headers, the Store API nonce. */
final class Client
{
    private string $jar;
    public array $lastHeaders = [];
    public int $status = 0;

    /** @param int $timeout seconds one request may take (the after-sale run waits on the provider's jobs) */
    public function __construct(private string $base, private int $timeout = 60)
    {
        $this->jar = tempnam(sys_get_temp_dir(), 'sc-e2e-jar-');
    }

    public function request(string $method, string $url, array|string|null $body = null, array $headers = []): string
    {
        $ch = curl_init(str_starts_with($url, 'http') ? $url : $this->base . $url);
        $this->lastHeaders = [];
        curl_setopt_array($ch, [
            CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_COOKIEJAR => $this->jar,
            CURLOPT_COOKIEFILE => $this->jar, CURLOPT_FOLLOWLOCATION => false, CURLOPT_TIMEOUT => $this->timeout,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_HEADERFUNCTION => function ($ch, string $h): int {
                $p = explode(':', $h, 2);
                if (count($p) === 2) {
                    $this->lastHeaders[strtolower(trim($p[0]))] = trim($p[1]);
                }
                return strlen($h);
            },
        ]);
        if ($body !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, is_array($body) ? http_build_query($body) : $body);
        }
        $out = (string) curl_exec($ch);
        $this->status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        curl_close($ch);
        return $out;
    }

    public function login(string $user, string $pass): bool
    {
        $this->request('GET', '/wp-login.php');
        $this->request('POST', '/wp-login.php', ['log' => $user, 'pwd' => $pass, 'wp-submit' => 'Log In', 'testcookie' => '1', 'redirect_to' => $this->base . '/wp-admin/'], ['Cookie: wordpress_test_cookie=WP%20Cookie%20check']);
        return $this->status === 302;
    }

    /** Store API call with the cart nonce. */
    private ?string $nonce = null;

    public function store(string $method, string $route, ?array $json = null): array
    {
        if ($this->nonce === null) {
            $this->request('GET', '/?rest_route=/wc/store/v1/cart');
            $this->nonce = $this->lastHeaders['nonce'] ?? '';
        }
        $raw = $this->request($method, '/?rest_route=/wc/store/v1/' . $route, $json === null ? null : json_encode($json), ['Content-Type: application/json', 'Nonce: ' . $this->nonce]);
        if (isset($this->lastHeaders['nonce'])) {
            $this->nonce = $this->lastHeaders['nonce'];
        }
        return json_decode($raw, true) ?? ['_raw' => substr($raw, 0, 500)];
    }
}

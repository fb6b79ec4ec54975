<?php
/**
 * PrestaShop's database settings → the bridge's connection: the same server and database, the
 * shop's table prefix plus `shopcredit_` (tables `ps_shopcredit_sc_accounts`, ...).
 */

namespace ShopCreditPs;

final class Db
{
    /** _DB_SERVER_ ("host", "host:port", "host:/path/socket", "[::1]:3307") → a PDO DSN. */
    public static function dsn(string $server, string $name): string
    {
        $host = $server;
        $port = null;
        $sock = null;
        if (preg_match('/^\[([^\]]+)\](?::(\d+))?$/', $server, $m)) {
            $host = $m[1];
            $port = $m[2] ?? null;
        } elseif (substr_count($server, ':') === 1) {
            [$host, $rest] = explode(':', $server, 2);
            if (ctype_digit($rest)) {
                $port = $rest;
            } elseif ($rest !== '') {
                $sock = $rest;
            }
        }
        if ($sock !== null) {
            return 'mysql:unix_socket=' . $sock . ';dbname=' . $name . ';charset=utf8mb4';
        }
        return 'mysql:host=' . ($host === '' ? 'localhost' : $host) . ($port === null ? '' : ';port=' . $port) . ';dbname=' . $name . ';charset=utf8mb4';
    }

    /** `ps_` → `ps_shopcredit_` (the bridge adds `sc_`; at most 32 characters of [A-Za-z0-9_]). */
    public static function tablePrefix(string $psPrefix): string
    {
        $p = $psPrefix . 'shopcredit_';
        if (!preg_match('/^[A-Za-z0-9_]{1,32}$/', $p)) {
            throw new \InvalidArgumentException('the shop table prefix cannot hold the ShopCredit tables: ' . $psPrefix);
        }
        return $p;
    }
}

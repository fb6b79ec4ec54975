<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use ShopCreditWC\Bridge;

final class BridgeConfigTest extends TestCase
{
    /** @dataProvider hosts */
    public function testDbHostBecomesAPdoDsn(string $dbHost, string $dsn): void
    {
        self::assertSame($dsn, Bridge::dsn($dbHost, 'wp'));
    }

    public static function hosts(): array
    {
        return [
            ['localhost', 'mysql:host=localhost;dbname=wp;charset=utf8mb4'],
            ['127.0.0.1:3308', 'mysql:host=127.0.0.1;port=3308;dbname=wp;charset=utf8mb4'],
            ['localhost:/run/mysqld/mysqld.sock', 'mysql:unix_socket=/run/mysqld/mysqld.sock;dbname=wp;charset=utf8mb4'],
            ['[::1]:3307', 'mysql:host=::1;port=3307;dbname=wp;charset=utf8mb4'],
            ['db.internal', 'mysql:host=db.internal;dbname=wp;charset=utf8mb4'],
        ];
    }

    public function testTablePrefixIsTheShopsOwnAndValidForTheBridge(): void
    {
        self::assertSame('wp_shopcredit_', Bridge::tablePrefix('wp_'));
        $c = \ShopCredit\Storage\Connection::sqlite(':memory:', Bridge::tablePrefix('wp2_'));
        self::assertSame('wp2_shopcredit_sc_accounts', $c->table('accounts'));
    }
}

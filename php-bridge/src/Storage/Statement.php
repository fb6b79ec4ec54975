<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/** One SQL statement (tables written `{name}`) and its bound values, for Connection::executeBatch(). */
final class Statement
{
    /** @param list<int|string|bool|null> $params */
    public function __construct(
        public readonly string $sql,
        public readonly array $params = [],
    ) {
    }
}

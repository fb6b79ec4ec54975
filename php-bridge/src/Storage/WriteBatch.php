<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * The writes of one money movement, sent in one round trip (Connection::executeBatch) instead of
 * one per statement. Each statement may come with a check of the rows it changed; the checks run
 * after the batch, inside the same transaction, so a failed check still rolls everything back.
 * On MySQL the server stops at the first failing statement: nothing after it runs.
 */
final class WriteBatch
{
    /** @var list<Statement> */
    private array $statements = [];
    /** @var list<(\Closure(int): void)|null> */
    private array $checks = [];

    /** @param (\Closure(int): void)|null $check gets the number of rows the statement changed */
    public function add(Statement $statement, ?\Closure $check = null): void
    {
        $this->statements[] = $statement;
        $this->checks[] = $check;
    }

    public function isEmpty(): bool
    {
        return $this->statements === [];
    }

    /** Runs every statement (one round trip where the connection can), then every check. */
    public function run(Connection $c): void
    {
        if ($this->statements === []) {
            return;
        }
        foreach ($c->executeBatch($this->statements) as $i => $changed) {
            if ($this->checks[$i] !== null) {
                ($this->checks[$i])($changed);
            }
        }
    }
}

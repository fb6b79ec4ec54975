<?php

declare(strict_types=1);

namespace ShopCredit\Storage;

/**
 * The writes of one money movement, sent in one round trip (Connection::executeBatch) instead of
 * one per statement. Each statement may come with a check of the rows it changed, which runs after
 * the batch, and with a reading of its own error (which it may throw as another exception).
 * On MySQL the server stops at the first failing statement: nothing after it runs. A batch that
 * also commits (run(..., true), where Connection::commitsWithBatch) runs its checks after the
 * COMMIT: its statements must fail by themselves where a check could refuse.
 */
final class WriteBatch
{
    /** @var list<Statement> */
    private array $statements = [];
    /** @var list<(\Closure(int): void)|null> */
    private array $checks = [];
    /** @var list<(\Closure(\PDOException): void)|null> */
    private array $onErrors = [];

    /**
     * @param (\Closure(int): void)|null $check gets the number of rows the statement changed
     * @param (\Closure(\PDOException): void)|null $onError gets the statement's own error (it is thrown after)
     */
    public function add(Statement $statement, ?\Closure $check = null, ?\Closure $onError = null): void
    {
        $this->statements[] = $statement;
        $this->checks[] = $check;
        $this->onErrors[] = $onError;
    }

    public function isEmpty(): bool
    {
        return $this->statements === [];
    }

    /** Runs every statement (one round trip where the connection can), then every check. */
    public function run(Connection $c, bool $thenCommit = false): void
    {
        if ($this->statements === []) {
            return;
        }
        try {
            $changed = $c->executeBatch($this->statements, $thenCommit);
        } catch (\PDOException $e) {
            $onError = $this->onErrors[$c->failedBatchStatement()] ?? null;
            if ($onError !== null) {
                $onError($e);
            }
            throw $e;
        }
        foreach ($changed as $i => $n) {
            if ($this->checks[$i] !== null) {
                ($this->checks[$i])($n);
            }
        }
    }
}

<?php

declare(strict_types=1);

namespace ShopCredit\Runtime;

/**
 * Where compiled modules live: `<dir>/shopcredit-<wasm sha256>-<engine key>.cwasm`, the engine key
 * naming the wasmtime version and the engine settings that shape compiled code.
 *
 * wasmtime deserialises these files as native code, so the directory must be writable only by the
 * deploying user (the CLI: `shopcredit doctor` compiles and publishes), never by the web server; a
 * web process that cannot write compiles in memory instead (slow, the doctor reports it).
 *
 * Hashing a multi-megabyte wasm on every request would cost more than the whole call, so the
 * sha256 is memoised in `<dir>/wasm-<id>.sha256`, where <id> hashes the wasm's device and inode,
 * size, mtime and ctime (any change of the file changes its ctime; device and inode name the file
 * whatever path reaches it, without a realpath per request). Files are published atomically
 * (temporary file in the same directory + rename), so readers never see half a file.
 *
 * Verdicts (`<dir>/verified-<sha1 of key>.ok`, the key as content): a round trip through a given
 * library, FFI mode and compiled module file answered right. The doctor writes one when the
 * merchant turns on the faster runtime (with RuntimeFactory::CHOICE_FILE beside it); where the
 * generated core is not shipped, runtime=auto writes one after its own round trip so later
 * requests skip it. Written by whoever may write the directory (the deploying user's doctor, a
 * development checkout), never trusted from a directory or file others can write (then there is
 * no verdict).
 */
final class ModuleCache
{
    public function __construct(
        private readonly ?string $dir,
        private readonly string $wasmPath,
        private readonly string $engineKey,
    ) {
    }

    public function enabled(): bool
    {
        return $this->dir !== null && $this->dir !== '';
    }

    public function dir(): ?string
    {
        return $this->dir;
    }

    public function engineKey(): string
    {
        return $this->engineKey;
    }

    /** Path of the compiled module for the current wasm, or null without a cache directory. */
    public function modulePath(): ?string
    {
        if (!$this->enabled()) {
            return null;
        }
        return $this->dir . '/shopcredit-' . $this->wasmSha256() . '-' . $this->engineKey . '.cwasm';
    }

    public function canWrite(): bool
    {
        return $this->enabled() && \is_dir((string) $this->dir) && \is_writable((string) $this->dir);
    }

    /** Creates the cache directory (0755) when the parent allows it; true when it exists after. */
    public function ensureDir(): bool
    {
        if (!$this->enabled()) {
            return false;
        }
        if (\is_dir((string) $this->dir)) {
            return true;
        }
        $made = @\mkdir((string) $this->dir, 0755, true) || \is_dir((string) $this->dir);
        WebDeny::protect((string) $this->dir);
        return $made;
    }

    public function wasmSha256(): string
    {
        \clearstatcache(true, $this->wasmPath);
        $st = @\stat($this->wasmPath);
        if ($st === false) {
            throw new RuntimeUnavailable("the core wasm is missing: {$this->wasmPath}");
        }
        $id = \sha1(\implode("\0", [$st['dev'], $st['ino'], $st['size'], $st['mtime'], $st['ctime']]));
        $memo = $this->enabled() ? $this->dir . '/wasm-' . $id . '.sha256' : null;
        if ($memo !== null) {
            $known = @\file_get_contents($memo);
            if (\is_string($known) && \preg_match('/^[0-9a-f]{64}$/', $known) === 1) {
                return $known;
            }
        }
        $sha = @\hash_file('sha256', $this->wasmPath);
        if ($sha === false) {
            throw new RuntimeUnavailable("the core wasm cannot be read: {$this->wasmPath}");
        }
        if ($memo !== null && $this->canWrite()) {
            $this->publish($memo, $sha);
        }
        return $sha;
    }

    /** Writes $bytes to $path atomically; false when the directory is not writable. */
    public function publish(string $path, string $bytes): bool
    {
        if (!$this->canWrite()) {
            return false;
        }
        $tmp = \dirname($path) . '/.tmp-' . \bin2hex(\random_bytes(8)) . '-' . \basename($path);
        if (@\file_put_contents($tmp, $bytes, \LOCK_EX) !== \strlen($bytes)) {
            @\unlink($tmp);
            return false;
        }
        @\chmod($tmp, 0644);
        if (!@\rename($tmp, $path)) {
            @\unlink($tmp);
            return false;
        }
        return true;
    }

    /** Whether a verdict for exactly $key was recorded by the directory's owner (see the class comment). */
    public function hasVerdict(string $key): bool
    {
        $dir = $this->trustedDir();
        $path = $this->verdictPath($key);
        $file = $dir === null ? false : @\stat($path);
        if ($file === false || !RuntimeConfig::ownerOnly($dir, $file)) {
            return false;
        }
        return @\file_get_contents($path) === $key;
    }

    /** Records a verdict for $key when the directory is writable here and trusted; false otherwise. */
    public function recordVerdict(string $key): bool
    {
        return $this->trustedDir() !== null && $this->publish($this->verdictPath($key), $key);
    }

    /** Writes `<dir>/$name` when the directory is writable here and only its owner can write it (see hasVerdict). */
    public function publishTrusted(string $name, string $bytes): bool
    {
        return $this->trustedDir() !== null && $this->publish($this->dir . '/' . $name, $bytes);
    }

    /** Whether this user may record verdicts here: the directory exists, is writable here, and only its owner can write it. */
    public function canRecord(): bool
    {
        return $this->trustedDir() !== null && $this->canWrite();
    }

    /**
     * The cache directory's stat when only its owner can write it (verdicts are not trusted, so
     * not written, in a directory others can write: every request then verifies).
     *
     * @return array<int|string, int>|null
     */
    private function trustedDir(): ?array
    {
        $dir = $this->enabled() ? @\stat((string) $this->dir) : false;
        return $dir === false || ($dir['mode'] & 0022) !== 0 ? null : $dir;
    }

    private function verdictPath(string $key): string
    {
        return $this->dir . '/verified-' . \sha1($key) . '.ok';
    }

    /**
     * Deletes compiled modules, hash memos and verdicts of other wasm builds not touched for $maxAgeS
     * (every deploy of a new wasm leaves one behind); called after publishing a module.
     */
    public function prune(string $keep, int $maxAgeS = 7 * 86400): int
    {
        if (!$this->canWrite()) {
            return 0;
        }
        $removed = 0;
        foreach (\glob($this->dir . '/{shopcredit-*.cwasm,wasm-*.sha256,verified-*.ok,.tmp-*}', \GLOB_BRACE) ?: [] as $file) {
            $mtime = @\filemtime($file);
            if ($file !== $keep && $mtime !== false && $mtime < \time() - $maxAgeS && @\unlink($file)) {
                $removed++;
            }
        }
        return $removed;
    }

    /** Removes a compiled module wasmtime refused (when allowed); a fresh one replaces it. */
    public function discard(string $path): void
    {
        if ($this->canWrite()) {
            @\unlink($path);
        }
    }
}

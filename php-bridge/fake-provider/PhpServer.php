<?php

declare(strict_types=1);

namespace ShopCredit\FakeProvider;

/**
 * Starts `php -S 127.0.0.1:<free port> <router>` in its own process group and stops the whole
 * group (the built-in server forks PHP_CLI_SERVER_WORKERS children that outlive a killed parent).
 * Used by the Financing and web-SAPI tests, the benchmarks and end-to-end scripts:
 *
 *     $fake = PhpServer::startFakeScalexpert();          // state in a fresh temp file
 *     $cfg  = new ScalexpertConfig('test-client', 'test-secret', $fake->baseUrl);
 *     $fake->post('/_fake/advance', ['subscriptionId' => $id, 'status' => 'ACCEPTED']);
 *     $fake->stop();
 *
 * The servers are stopped when the object goes away, and also when this process is told to stop
 * (SIGINT, SIGTERM, SIGHUP: Ctrl-C, a kill, a closed terminal) where nobody else handles those
 * signals; a server in its own process group would outlive its caller otherwise.
 */
final class PhpServer
{
    /** @var resource */
    private $process;
    private bool $stopped = false;
    /** @var array<int, self> servers this process started and has not stopped yet, by pid */
    private static array $running = [];
    private static bool $signalsHandled = false;

    public readonly string $baseUrl;

    /** @param resource $process */
    private function __construct($process, public readonly int $pid, public readonly int $port, public readonly string $logPath, public readonly ?string $statePath)
    {
        $this->process = $process;
        $this->baseUrl = 'http://127.0.0.1:' . $port;
    }

    /**
     * @param array<string, string> $env extra environment for the server
     */
    public static function startFakeScalexpert(?string $statePath = null, array $env = [], int $workers = 4): self
    {
        $statePath ??= \tempnam(\sys_get_temp_dir(), 'fake-scalexpert-');
        if ($statePath === false) {
            throw new \RuntimeException('cannot create a state file');
        }
        \file_put_contents($statePath, '');
        return self::start(__DIR__ . '/router.php', ['FAKE_SCALEXPERT_STATE' => $statePath] + $env, $workers, $statePath);
    }

    /**
     * @param string $router a router script, or a directory to serve as the document root
     * @param array<string, string> $env
     * @param array<string, string> $ini php.ini settings for the server (-d name=value)
     */
    public static function start(string $router, array $env = [], int $workers = 4, ?string $statePath = null, array $ini = []): self
    {
        if (!\function_exists('proc_open') || !\function_exists('posix_kill')) {
            throw new \RuntimeException('proc_open and ext-posix are required');
        }
        $port = self::freePort();
        $log = \tempnam(\sys_get_temp_dir(), 'php-server-log-');
        $fullEnv = \getenv() + [];
        foreach ($env as $k => $v) {
            $fullEnv[$k] = $v;
        }
        $fullEnv['PHP_CLI_SERVER_WORKERS'] = (string) \max(1, $workers);
        $cmd = ['setsid', \PHP_BINARY, '-d', 'display_errors=stderr'];
        foreach ($ini as $name => $value) {
            \array_push($cmd, '-d', "$name=$value");
        }
        \array_push($cmd, '-S', '127.0.0.1:' . $port);
        \array_push($cmd, ...(\is_dir($router) ? ['-t', $router] : [$router]));
        self::stopOnSignals();
        $proc = \proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']], $pipes, \is_dir($router) ? $router : \dirname($router), $fullEnv);
        if (!\is_resource($proc)) {
            throw new \RuntimeException('cannot start php -S');
        }
        $pid = (int) \proc_get_status($proc)['pid'];
        $server = new self($proc, $pid, $port, (string) $log, $statePath);
        self::$running[$pid] = $server;
        $deadline = \hrtime(true) + 5_000_000_000;
        while (\hrtime(true) < $deadline) {
            $sock = @\fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
            if (\is_resource($sock)) {
                \fclose($sock);
                return $server;
            }
            if (!\proc_get_status($proc)['running']) {
                break;
            }
            \usleep(20_000);
        }
        $server->stop();
        throw new \RuntimeException('php -S did not start: ' . \file_get_contents((string) $log));
    }

    /** Stops the server and every worker it forked (idempotent). */
    public function stop(): void
    {
        if ($this->stopped) {
            return;
        }
        $this->stopped = true;
        unset(self::$running[$this->pid]);
        @\posix_kill(-$this->pid, \SIGTERM); // the process group created by setsid
        $deadline = \hrtime(true) + 2_000_000_000;
        while (\hrtime(true) < $deadline) {
            // proc_get_status() reaps our direct child; a zombie would keep the group "alive"
            // Orphaned workers linger as zombies until init reaps them, so "gone" means: the
            // leader has exited and nobody holds the listening socket any more.
            $leaderRunning = \proc_get_status($this->process)['running'];
            if (!$leaderRunning && !$this->listening()) {
                break;
            }
            \usleep(10_000);
        }
        if (\proc_get_status($this->process)['running'] || $this->listening()) {
            @\posix_kill(-$this->pid, \SIGKILL);
        }
        \proc_close($this->process);
        @\unlink($this->logPath);
        if ($this->statePath !== null) {
            foreach ([$this->statePath, $this->statePath . '.lock'] as $f) {
                @\unlink($f);
            }
        }
    }

    public function __destruct()
    {
        $this->stop();
    }

    /**
     * On SIGINT, SIGTERM or SIGHUP: stop every server still running, then die of the same signal
     * (the caller sees the usual exit status). Signals something else handles or ignores (a
     * background job starts with SIGINT ignored) are left alone.
     */
    private static function stopOnSignals(): void
    {
        if (self::$signalsHandled || !\function_exists('pcntl_signal')) {
            return;
        }
        self::$signalsHandled = true;
        \pcntl_async_signals(true);
        foreach ([\SIGINT, \SIGTERM, \SIGHUP] as $signal) {
            if (\pcntl_signal_get_handler($signal) !== \SIG_DFL) {
                continue;
            }
            \pcntl_signal($signal, static function (int $signal): void {
                foreach (self::$running as $server) {
                    $server->stop();
                }
                \pcntl_signal($signal, \SIG_DFL);
                \posix_kill(\getmypid(), $signal);
            });
        }
    }

    /**
     * POSTs a JSON body to an admin route and returns the decoded answer (plain json_decode: the
     * admin answers carry no amounts that matter to callers).
     *
     * @param array<string, mixed> $body
     * @return array<string, mixed>
     */
    public function post(string $path, array $body = []): array
    {
        return $this->request('POST', $path, \json_encode((object) $body, \JSON_THROW_ON_ERROR));
    }

    /** @return array<string, mixed> */
    public function get(string $path): array
    {
        return $this->request('GET', $path, null);
    }

    /** @return array<string, mixed> */
    private function request(string $method, string $path, ?string $body): array
    {
        $ch = \curl_init($this->baseUrl . $path);
        \curl_setopt_array($ch, [
            \CURLOPT_CUSTOMREQUEST => $method,
            \CURLOPT_RETURNTRANSFER => true,
            \CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Expect:'],
            \CURLOPT_TIMEOUT => 30,
        ]);
        if ($body !== null) {
            \curl_setopt($ch, \CURLOPT_POSTFIELDS, $body);
        }
        $resp = \curl_exec($ch);
        $status = (int) \curl_getinfo($ch, \CURLINFO_RESPONSE_CODE);
        \curl_close($ch);
        if (!\is_string($resp) || $status >= 400) {
            throw new \RuntimeException("{$method} {$path} failed: HTTP {$status} " . (\is_string($resp) ? $resp : ''));
        }
        $doc = \json_decode($resp, true, 512, \JSON_THROW_ON_ERROR | \JSON_BIGINT_AS_STRING);
        return \is_array($doc) ? $doc : [];
    }

    private function listening(): bool
    {
        $sock = @\fsockopen('127.0.0.1', $this->port, $errno, $errstr, 0.1);
        if (\is_resource($sock)) {
            \fclose($sock);
            return true;
        }
        return false;
    }

    public function log(): string
    {
        return (string) @\file_get_contents($this->logPath);
    }

    private static function freePort(): int
    {
        $s = \stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        if ($s === false) {
            throw new \RuntimeException("cannot find a free port: {$errstr}");
        }
        $name = (string) \stream_socket_get_name($s, false);
        \fclose($s);
        return (int) \substr($name, \strrpos($name, ':') + 1);
    }
}

#!/usr/bin/env bash
# The wasm → PHP translator (issue 7):
#  1. WebAssembly semantics of every translated instruction (tools/wasm2php/tests/spec.rs: small
#     modules translated and run in PHP against the spec's definitions, traps included);
#  2. every tests/vectors/*.json case through the generated-PHP core, byte-identical;
#  3. differential fuzzing: FUZZ_ITERATIONS (default 10,000) random and mutated requests through
#     wasmtime-in-PHP and the generated core, identical answers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/build-php-runtime.sh
echo "== wasm2php: spec semantics (cargo test -p shopcredit-wasm2php)"
cargo test -q -p shopcredit-wasm2php --release
echo "== wasm2php: vectors and differential fuzzing through the generated-PHP core"
# opcache in the CLI: the 5 MB core is compiled once per process either way; it runs ~30% faster optimized.
php -d opcache.enable_cli=1 -d memory_limit=1G "$(command -v phpunit)" -c tools/wasm2php/tests/php/phpunit.xml "$@"

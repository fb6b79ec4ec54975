# ShopCredit — two commands for people (`make demo`, `make test`), small targets for the rest.
# Every target installs what is missing first (scripts/setup.sh is idempotent).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: test-lint demo walkthrough test setup setup-demo setup-dist setup-bench wasm widget php-runtime dist codegen test-rust test-node test-wasm-bindgen test-php test-php-generated test-translator test-hosts test-browser test-stopping test-cluster bench clean

# The demo shop. serve.sh replaces the recipe's shell, so a SIGTERM to make (which make passes to
# its child) reaches it; --pdeathsig also stops it when make dies of a signal it cannot catch.
demo: setup-demo wasm widget php-runtime
	@if command -v setpriv >/dev/null; then exec setpriv --pdeathsig TERM demo/serve.sh; else exec demo/serve.sh; fi

walkthrough: setup wasm
	node demo/walkthrough.mjs

test: setup wasm widget php-runtime test-lint test-rust test-node test-wasm-bindgen test-php test-php-generated test-translator test-hosts test-browser test-stopping
	@echo "make test: all suites passed (the 3-node Galera cluster suite is separate: make test-cluster)"

setup:
	@bash scripts/setup.sh

# What the demo needs only (no MariaDB, Chromium or PHPUnit); what the zips need (the demo's + zip).
setup-demo:
	@bash scripts/setup.sh demo

setup-dist:
	@bash scripts/setup.sh dist

setup-bench:
	@bash scripts/setup.sh bench

wasm:
	@bash scripts/build-wasm.sh

# Parts that exist only once their issue has landed build when present.
widget: wasm
	@if [ -x js/build.sh ]; then js/build.sh; else echo "widget: skipped (js/build.sh not present)"; fi

php-runtime: wasm
	@if [ -x scripts/build-php-runtime.sh ]; then scripts/build-php-runtime.sh; else echo "php-runtime: skipped (scripts/build-php-runtime.sh not present)"; fi

# dist/shopcredit-prestashop-<version>.zip and dist/shopcredit-woocommerce-<version>.zip
dist: setup-dist wasm widget php-runtime
	@bash scripts/dist.sh

codegen:
	cargo run -q -p shopcredit-codegen

# Formatting (rustfmt.toml), every lint of the workspace and of the storefront build, and PHP syntax
# of the bridge, the demo and the tools (the host suites lint their own files).
test-lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cargo clippy --all-targets --features storefront --quiet -- -D warnings
	find php-bridge/src php-bridge/tests php-bridge/bench php-bridge/bin php-bridge/tools php-bridge/preload php-bridge/fake-provider demo tests/admin-screens -name '*.php' -print0 | xargs -0 -n1 -P2 php -l -n >/dev/null

# The core's unit tests also as the storefront build compiles them (the same checks, fewer ops).
test-rust:
	cargo test --workspace --quiet
	cargo test --features storefront --lib --quiet

test-node: wasm
	node --test tests/node/

# The typed JavaScript API from inside the wasm (wasm-bindgen-test), in Node and headless Chromium.
test-wasm-bindgen:
	@bash scripts/test-wasm-bindgen.sh

# Suites that exist only once their parts have landed run when present.
test-php: wasm
	@bash scripts/test-php.sh

# The bridge suite again with the generated-PHP runtime forced on (issue 7).
test-php-generated: php-runtime
	@if [ -x scripts/test-php-generated.sh ]; then scripts/test-php-generated.sh; else echo "test-php-generated: skipped (scripts/test-php-generated.sh not present)"; fi

test-translator: php-runtime
	@if [ -x scripts/test-translator.sh ]; then scripts/test-translator.sh; else echo "test-translator: skipped (scripts/test-translator.sh not present)"; fi

# Each host adapter's CI suite (lint, PHPUnit, zip tree): php-bridge/<host>/tests/run.sh
test-hosts: dist
	@for h in prestashop woocommerce; do \
	  if [ -x php-bridge/$$h/tests/run.sh ]; then php-bridge/$$h/tests/run.sh || exit 1; \
	  else echo "test-hosts: $$h skipped (php-bridge/$$h/tests/run.sh not present)"; fi; done

# The concurrency, replay and kill -9 suites on a private 3-node MariaDB Galera cluster with the
# writers spread over the nodes, plus one node killed mid-run (scripts/test-cluster.sh; ~2 min).
# Not part of `make test`: the cluster needs its own ports (SHOPCREDIT_GALERA_PORT, default 4412)
# and packages (scripts/setup.sh cluster).
test-cluster: wasm
	@bash scripts/test-cluster.sh

# The demo shop in headless Chromium, then the hosts' admin screens rendered on their doubles.
test-browser: widget php-runtime
	@if [ -x tests/browser/run.sh ]; then tests/browser/run.sh; else echo "test-browser: skipped (tests/browser/run.sh not present)"; fi
	@tests/admin-screens/run.sh

# make demo, serve.sh, PhpServer, the generated-PHP benchmark and test-php.sh stopped by SIGTERM,
# Ctrl-C or SIGHUP leave no process and no port behind.
test-stopping: wasm widget php-runtime
	@tests/stopping/run.sh

bench: setup-bench wasm
	cargo bench --bench decisions -- --noplot --warm-up-time 0.5 --measurement-time 1 --sample-size 20 2>&1 | tee build/bench-native.txt | grep -E "^native/|time:|thrpt:"
	node tests/node/bench.mjs
	@bash scripts/bench-php.sh

clean:
	rm -rf target target-js target-js-test target-host target-storefront pkg pkg-storefront build dist js/dist

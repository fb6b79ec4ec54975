# ShopCredit — two commands for people (`make demo`, `make test`), small targets for the rest.
# Every target installs what is missing first (scripts/setup.sh is idempotent).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test setup wasm codegen test-rust test-node test-php test-browser bench clean

demo: setup wasm
	node demo/walkthrough.mjs

test: setup wasm test-rust test-node test-php test-browser
	@echo "make test: all suites passed"

setup:
	@bash scripts/setup.sh

wasm:
	@bash scripts/build-wasm.sh

codegen:
	cargo run -q -p shopcredit-codegen

test-rust:
	cargo test --workspace --quiet

test-node: wasm
	node --test tests/node/

# Suites that exist only once their parts have landed run when present.
test-php: wasm
	@bash scripts/test-php.sh

test-browser:
	@if [ -x tests/browser/run.sh ]; then tests/browser/run.sh; else echo "test-browser: skipped (tests/browser/run.sh not present)"; fi

bench: setup wasm
	cargo bench --bench decisions -- --noplot --warm-up-time 0.5 --measurement-time 1 --sample-size 20 2>&1 | tee build/bench-native.txt | grep -E "^native/|time:|thrpt:"
	node tests/node/bench.mjs

clean:
	rm -rf target target-js target-host pkg build

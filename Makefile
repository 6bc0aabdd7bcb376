# Retort: build, test, serve and benchmark. `make help` lists the targets.
#
# Every target installs what it is missing first (scripts/setup.sh), so a
# fresh machine needs nothing but `make test` or `make serve`.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Where scripts/setup.sh puts the tools: cargo's bin dir (trunk, wasm-bindgen,
# wasm-bindgen-test-runner) and .tools/ (wasm-opt from npm binaryen).
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
# Trunk never downloads tools or checks for its own updates.
export TRUNK_OFFLINE := true
# wasm-bindgen-test-runner (.cargo/config.toml) drives headless Chromium.
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON ?= $(CURDIR)/web/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT ?= 120

SETUP := scripts/setup.sh
WASM := --target wasm32-unknown-unknown
# retort-web and retort-bench-web (bench/engine-web) are built for wasm32 only
# and retort-web's tests run in the browser (test-wasm); every other crate is
# tested natively.
NATIVE := --workspace --exclude retort-web --exclude retort-bench-web

.PHONY: help setup serve build test test-native test-wasm test-e2e lint fmt bench bench-parse bench-roundtrip bench-sql bench-web bench-lint goldens clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-16s %s\n", $$1, $$2 }'

setup: ## Install whatever build and test tools are missing
	@$(SETUP)

serve: ## Release build of the app, served at http://127.0.0.1:8080
	@$(SETUP) rust web
	cargo fetch --quiet
	trunk serve --release --offline --port 8080 --address 127.0.0.1

build: ## Release build of the app into dist/
	@$(SETUP) rust web
	cargo fetch --quiet
	trunk build --release --offline

test: ## All tests: native, wasm in headless Chromium, release build, end to end
	@$(SETUP)
	@$(MAKE) test-native test-wasm build test-e2e

test-native: ## cargo test for every crate but retort-web and retort-bench-web (wasm only)
	@$(SETUP) rust
	cargo test $(NATIVE)

test-wasm: ## retort-web's and the engine's wasm tests in headless Chromium (wasm-bindgen-test-runner)
	@$(SETUP) rust web browser
	cargo test -p retort-web $(WASM)
	cargo test -p retort-engine $(WASM) --test wasm

test-e2e: build ## The built app in headless Chromium, driven by playwright-core
	@$(SETUP) browser
	node --test --test-reporter=spec tests/e2e/*.test.mjs

lint: ## clippy (warnings are errors) and rustfmt --check
	@$(SETUP) rust
	cargo fmt --all --check
	cargo clippy $(NATIVE) --all-targets -- -D warnings
	cargo clippy -p retort-web -p retort-bench-web $(WASM) --all-targets -- -D warnings

fmt: ## Format the Rust sources
	cargo fmt --all

bench: ## Every benchmark but bench-web (~4 min once built; a first build of retort and its wasm adds ~15 min)
	@$(SETUP) rust web browser bench oracle
	bench/run.sh
	bench/lint.sh
	bench/roundtrip.sh
	N=$${N_SQL:-500} RUNS=$${RUNS_SQL:-3} bench/sql.sh

bench-parse: ## Parse a generated 2,000-revision history: ruff vs retort history (bench/run.sh, ~1 min)
	@$(SETUP) bench
	bench/run.sh

bench-roundtrip: ## Stairway: retort roundtrip (native and in Chromium) vs real Alembic on SQLite (bench/roundtrip.sh, ~3 min)
	@$(SETUP) rust web browser oracle
	bench/roundtrip.sh

bench-sql: ## Offline SQL: retort vs alembic upgrade head --sql, 3 dialects (bench/sql.sh; N=2000 RUNS=5 by default)
	@$(SETUP) bench oracle
	bench/sql.sh

bench-web: build ## The web app: transfer size, first analysis, edit → inline result (bench/web.mjs)
	@$(SETUP) browser
	node bench/web.mjs

bench-lint: ## Lint the same history: retort lint vs ruff and alembic-guard (bench/lint.sh)
	@$(SETUP) bench
	bench/lint.sh

goldens: ## Regenerate the goldens from real Alembic (tests/oracle/regen.sh)
	@if [[ ! -f tests/oracle/regen.sh ]]; then \
		echo "make goldens: tests/oracle/regen.sh does not exist yet" >&2; exit 1; fi
	bash tests/oracle/regen.sh

clean: ## Remove build outputs that are not cargo's (dist/, e2e artifacts, bench/out/)
	rm -rf dist tests/e2e/artifacts bench/out

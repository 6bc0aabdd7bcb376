#!/usr/bin/env bash
# Installs the tools Retort's build, tests and benchmarks need — only what is
# missing. Silent when everything is there; otherwise one line per install.
#
#   scripts/setup.sh [GROUP...]      GROUP: rust web browser bench
#                                    (default: rust web browser oracle)
#
#   rust     the wasm32 target, rustfmt and clippy for the pinned toolchain
#   web      trunk, wasm-bindgen-cli (= Cargo.lock's wasm-bindgen), wasm-opt
#            (npm binaryen, into .tools/)
#   browser  Debian chromium + chromium-driver, and tests/e2e's node modules
#   bench    Debian hyperfine, and ruff in bench/.venv
#   oracle   real Alembic for the goldens: tests/oracle/.venv with
#            alembic==1.20.1 and sqlalchemy==2.1.9 (PyPI)
#
# Everything comes from crates.io, the npm registry, PyPI or Debian's apt
# repositories. Nothing is downloaded from anywhere else, and Trunk is
# configured (Trunk.toml) never to download tools itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
RUFF_VERSION=0.17.6
ALEMBIC_VERSION=1.20.1
SQLALCHEMY_VERSION=2.1.9
TOOLS_DIR=$ROOT/.tools
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$TOOLS_DIR/node_modules/.bin:$CARGO_BIN:$PATH"

# wasm-bindgen's CLI must be the exact version of the crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [[ -z $WASM_BINDGEN_VERSION ]]; then
    echo "setup: no wasm-bindgen in Cargo.lock; run 'cargo fetch' and try again" >&2
    exit 1
fi

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

# install WHAT COMMAND...: runs COMMAND quietly, prints one line with the
# time it took; on failure prints COMMAND's output and stops.
install() {
    local what=$1
    shift
    local start=$SECONDS
    printf 'setup: installing %s ... ' "$what"
    if ! "$@" >"$LOG" 2>&1; then
        echo "FAILED"
        cat "$LOG" >&2
        exit 1
    fi
    echo "done ($((SECONDS - start)) s)"
}

# version_is EXPECTED COMMAND...: whether COMMAND runs and prints EXPECTED.
version_is() {
    local expected=$1
    shift
    [[ $("$@" 2>/dev/null || true) == *"$expected"* ]]
}

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: `apt-get update` only when the packages cannot be
# found with the lists already on the machine.
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get install -y -q --no-install-recommends "$@" ||
        { as_root apt-get update -q && as_root apt-get install -y -q --no-install-recommends "$@"; }
}

cargo_install() {
    # A shared CARGO_TARGET_DIR would make cargo install build (and lock) there.
    env -u CARGO_TARGET_DIR cargo install --quiet "$@"
}

setup_rust() {
    # rust-toolchain.toml pins the toolchain; rustup installs it on first use.
    local installed
    installed=$(rustup target list --installed)
    if ! grep -qx wasm32-unknown-unknown <<<"$installed"; then
        install "rust target wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
    fi
    installed=$(rustup component list --installed)
    for component in rustfmt clippy; do
        if ! grep -q "^$component" <<<"$installed"; then
            install "rust component $component" rustup component add "$component"
        fi
    done
}

setup_web() {
    if ! version_is "trunk $TRUNK_VERSION" trunk --version; then
        install "trunk $TRUNK_VERSION (cargo install)" \
            cargo_install trunk --version "$TRUNK_VERSION" --locked
    fi
    if ! version_is "wasm-bindgen $WASM_BINDGEN_VERSION" wasm-bindgen --version ||
        ! version_is "$WASM_BINDGEN_VERSION" wasm-bindgen-test-runner --version; then
        # --force: also when only wasm-bindgen-test-runner is missing or stale.
        install "wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install)" \
            cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
    fi
    # Not Debian's binaryen (108): too old for what rustc 1.95 emits.
    if ! version_is "version $BINARYEN_VERSION" "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version; then
        mkdir -p "$TOOLS_DIR"
        install "wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/" \
            npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error \
            "binaryen@$BINARYEN_VERSION"
    fi
}

setup_browser() {
    if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
        install "chromium + chromium-driver (apt)" apt_install chromium chromium-driver
    fi
    local e2e=tests/e2e
    local wanted have
    wanted=$(node -p "require('./$e2e/package-lock.json').packages['node_modules/playwright-core'].version")
    have=$(node -p "require('./$e2e/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
    if [[ $have != "$wanted" ]]; then
        install "playwright-core $wanted (npm ci in $e2e)" \
            npm ci --prefix "$e2e" --no-audit --no-fund --loglevel=error
    fi
}

setup_bench() {
    if ! command -v hyperfine >/dev/null; then
        install "hyperfine (apt)" apt_install hyperfine
    fi
    local venv=bench/.venv
    if ! version_is "ruff $RUFF_VERSION" "$venv/bin/ruff" --version; then
        install "ruff $RUFF_VERSION into $venv (pip)" \
            bash -c "python3 -m venv '$venv' && '$venv/bin/pip' install -q 'ruff==$RUFF_VERSION'"
    fi
}

setup_oracle() {
    local venv=tests/oracle/.venv
    if ! "$venv/bin/python" - "$ALEMBIC_VERSION" "$SQLALCHEMY_VERSION" 2>/dev/null <<'PY'
import sys
from importlib import metadata
sys.exit(0 if (metadata.version("alembic"), metadata.version("sqlalchemy")) == tuple(sys.argv[1:3]) else 1)
PY
    then
        install "alembic $ALEMBIC_VERSION + SQLAlchemy $SQLALCHEMY_VERSION into $venv (pip)" \
            bash -c "python3 -m venv '$venv' && '$venv/bin/pip' install -q --disable-pip-version-check 'alembic==$ALEMBIC_VERSION' 'sqlalchemy==$SQLALCHEMY_VERSION'"
    fi
}

groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(rust web browser oracle)
for group in "${groups[@]}"; do
    case $group in
        rust | web | browser | bench | oracle) "setup_$group" ;;
        *)
            echo "setup: unknown group '$group' (expected: rust web browser bench oracle)" >&2
            exit 2
            ;;
    esac
done

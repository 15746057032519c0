#!/usr/bin/env bash
# Runs each cargo-fuzz target of subreg for a bounded time, one after the
# other on one core, and prints runs, executions per second and crashes.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   # default: 60 s, every target
#
# Installs cargo-fuzz from crates.io when it is missing. It uses a nightly
# toolchain when one is installed; on stable it sets RUSTC_BOOTSTRAP=1, since
# cargo-fuzz passes nightly-only -Z flags (sanitizer, coverage). Each target
# runs as one libFuzzer process (one core, the same as -jobs=1) under
# `nice -n 10`, so it shares a small machine. Logs go to fuzz/logs/, the
# growing corpus to fuzz/corpus/, crashes to fuzz/artifacts/ (all ignored by
# git); every crash must become a regression test in the test file of its
# class (tests/failures.rs, tests/near_miss_markers.rs, ...).
set -euo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(load_check inject)

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

# Seeds: the repository's own registry and policy, so the fuzzer starts from
# inputs that get past the parsers.
seed() {
    local target="$1" dir="corpus/$1"
    mkdir -p "$dir"
    case "$target" in
        load_check)
            { cat "$root/registry/registry.toml"; printf '\377';
              cat "$root/registry/subprocessors/aws.toml"; printf '\377';
              cat "$root/registry/subprocessors/atlassian.toml"; } > "$dir/seed-registry"
            ;;
        inject)
            { cat "$root/docs/privacy-policy.md"; printf '\377';
              printf '| A | B |\n| :--- | :--- |\n| x | y |\n'; } > "$dir/seed-policy"
            printf '\357\273\277<!-- subreg:begin template=a.md -->\r\nold\r\n<!-- subreg:end -->\377new\n' \
                > "$dir/seed-bom-crlf"
            ;;
    esac
}

mkdir -p logs
status=0
for target in "${targets[@]}"; do
    seed "$target"
    log="logs/$target.log"
    echo "== $target: ${seconds}s (log: fuzz/$log)"
    # One process on one core: the machine has two and others build on it.
    # Each target's dictionary (fuzz/dict/) holds the hostile-input classes:
    # control and invisible characters, near-miss markers, odd numbers.
    if nice -n 10 cargo "${toolchain[@]}" fuzz run "$target" "corpus/$target" -- \
        -dict="dict/$target.dict" \
        -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 > "$log" 2>&1; then
        result="no crash"
    else
        result="CRASH or error (see fuzz/$log and fuzz/artifacts/$target/)"
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    corpus=$(find "corpus/$target" -type f | wc -l)
    echo "   runs=${runs:-?} exec/s=${rate:-?} ${cov:-} corpus=$corpus: $result"
done
exit "$status"

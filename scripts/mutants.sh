#!/usr/bin/env bash
# Mutation testing with cargo-mutants, within a 2-core machine's means.
#
#   scripts/mutants.sh module PATH [SHARD]    # every mutant in PATH (a file or folder under src/)
#   scripts/mutants.sh diff [BASE] [SHARD]    # only code this branch changed since BASE (default: main)
#
# SHARD is k/n (e.g. 0/4) to split a long run over several invocations or
# machines. Environment: TIMEOUT (seconds per test run, default 120), JOBS
# (parallel mutants, default 1: each build already uses both cores), TESTS
# (the cargo test targets to run; by default those that exercise the module:
# see `targets` below), IN_PLACE=1 to mutate this checkout instead of a copy
# (only in a scratch checkout: an interrupted run can leave a mutant behind;
# it keeps the build warm between runs).
#
# Builds use the `mutants` profile of Cargo.toml (no debug info: a mutant
# links in seconds). Installs cargo-mutants from crates.io when it is
# missing. Results go to mutants.out/ (ignored by git): caught.txt,
# missed.txt, timeout.txt, unviable.txt. Every missed mutant needs a test
# that catches it, or a comment at its place showing it is equivalent.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode="${1:-}"
shift || true
if ! cargo mutants --version >/dev/null 2>&1; then
    cargo install cargo-mutants --locked
fi

timeout="${TIMEOUT:-120}"
jobs="${JOBS:-1}"
args=(--timeout "$timeout" --baseline skip --no-shuffle --profile mutants)
# cargo-mutants refuses --jobs with --in-place (one tree, one mutant at a time).
if [ "${IN_PLACE:-}" = 1 ]; then
    args+=(--in-place)
else
    args+=(--jobs "$jobs")
fi

# The test targets that exercise a module: the library's unit tests and the
# integration tests written against its promises.
targets() {
    case "$1" in
        src/rules*|src/knowledge*)
            echo "--lib --test rules --test scenarios --test scenarios_law --test scenarios_dated --test verdict_properties --test cli" ;;
        src/inject*)
            echo "--lib --test properties --test near_miss_markers --test hostile --test failures --test cli" ;;
        src/render*)
            echo "--lib --test template_safety --test template_shape --test formats --test real_lists --test cli" ;;
        *)
            echo "--lib --tests" ;;
    esac
}

case "$mode" in
    module)
        path="${1:?usage: scripts/mutants.sh module PATH [SHARD]}"
        shard="${2:-}"
        if [ -d "$path" ]; then
            args+=(--file "$path/**/*.rs" --file "$path/*.rs")
        else
            args+=(--file "$path")
        fi
        tests="${TESTS:-$(targets "$path")}"
        ;;
    diff)
        base="${1:-main}"
        shard="${2:-}"
        diff_file="$(mktemp)"
        trap 'rm -f "$diff_file"' EXIT
        git diff "$(git merge-base "$base" HEAD)" -- src > "$diff_file"
        if [ ! -s "$diff_file" ]; then
            echo "no change under src/ since $base"
            exit 0
        fi
        args+=(--in-diff "$diff_file")
        tests="${TESTS:---lib --tests}"
        ;;
    *)
        sed -n '2,16p' "$0"
        exit 2
        ;;
esac
[ -n "${shard:-}" ] && args+=(--shard "$shard")
# cargo-mutants passes these to `cargo test`.
for t in $tests; do args+=("--cargo-test-arg=$t"); done

# The tests run against the debug build; the baseline is skipped because
# `cargo test` passes on main (CI checks that).
start=$(date +%s)
status=0
cargo mutants "${args[@]}" || status=$?
end=$(date +%s)

out=mutants.out
count() { [ -f "$out/$1" ] && wc -l < "$out/$1" | tr -d ' ' || echo 0; }
caught=$(count caught.txt)
missed=$(count missed.txt)
timeouts=$(count timeout.txt)
unviable=$(count unviable.txt)
viable=$((caught + missed + timeouts))
if [ "$viable" -gt 0 ]; then
    score=$(( (caught + timeouts) * 1000 / viable ))
    printf 'caught %s, missed %s, timeout %s, unviable %s: %s.%s%% of viable mutants caught in %ss\n' \
        "$caught" "$missed" "$timeouts" "$unviable" "$((score / 10))" "$((score % 10))" "$((end - start))"
fi
[ "$missed" -gt 0 ] && { echo "missed:"; cat "$out/missed.txt"; }
# cargo-mutants exits 2 when mutants were missed, 3 on timeouts.
exit "$status"

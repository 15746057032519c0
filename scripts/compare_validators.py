"""Compare subreg's structural verdicts with check-jsonschema and Taplo.

For each registry folder: which files does each tool reject, and how long
does it take over all of them? Exit status 1 when the tools disagree on a
file that is not a documented, deliberate difference.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

# Rules of subreg's structural stage: what a schema validator can also see.
STRUCTURAL = {"toml-syntax", "schema-violation", "unknown-key", "invalid-encoding"}

# Files where subreg is deliberately stricter than JSON Schema can express:
# JSON Schema counts 3.0 as an integer; subreg's typed stage does not.
DELIBERATE = {"float-for-integer.toml": "subreg rejects 3.0 for an integer; JSON Schema counts it as one"}


def files_of(registry: Path):
    subs = sorted((registry / "subprocessors").glob("*.toml"))
    return [registry / "registry.toml"], subs


def timed(command, **kwargs):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, errors="replace", **kwargs)
    return result, time.perf_counter() - start


def run_subreg(binary, registry):
    result, seconds = timed(
        [binary, "check", "--registry", str(registry), "--templates", "templates", "--format", "json", "--as-of", "2026-11-29"]
    )
    if result.returncode not in (0, 1):
        sys.exit(f"subreg failed on {registry}: {result.stderr}")
    report = json.loads(result.stdout)
    rejected = {
        Path(d["file"]).resolve()
        for d in report["diagnostics"]
        if d["rule"] in STRUCTURAL and d["file"] and d["severity"] == "error"
    }
    return rejected, seconds


def run_check_jsonschema(binary, schemas, registry):
    rejected, seconds = set(), 0.0
    config, subs = files_of(registry)
    for schema, files in (("registry.schema.json", config), ("subprocessor.schema.json", subs)):
        result, took = timed([binary, "-o", "json", "--schemafile", str(schemas / schema), *map(str, files)])
        seconds += took
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            # check-jsonschema 0.39 crashes on a file that is not UTF-8
            # (UnicodeDecodeError) instead of reporting it; judge the batch
            # file by file, counting a crash as a rejection.
            for path in files:
                single, took = timed([binary, "--schemafile", str(schemas / schema), str(path)])
                seconds += took
                if single.returncode != 0:
                    rejected.add(path.resolve())
            continue
        for error in report.get("errors", []) + report.get("parse_errors", []):
            rejected.add(Path(error["filename"]).resolve())
    return rejected, seconds


def run_taplo(binary, schemas, registry):
    rejected, seconds = set(), 0.0
    config, subs = files_of(registry)
    for schema, files in (("registry.schema.json", config), ("subprocessor.schema.json", subs)):
        uri = (schemas / schema).resolve().as_uri()
        result, took = timed([binary, "check", "--colors", "never", "--schema", uri, *map(str, files)])
        seconds += took
        output = result.stdout + result.stderr
        for match in re.finditer(r'path="([^"]+)"', output):
            rejected.add(Path(match.group(1)).resolve())
        for match in re.finditer(r"┌─ (.+?):\d+:\d+", output):
            rejected.add(Path(match.group(1)).resolve())
    return rejected, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subreg", required=True)
    parser.add_argument("--check-jsonschema", required=True)
    parser.add_argument("--taplo", required=True)
    parser.add_argument("--schemas", type=Path, required=True)
    parser.add_argument("registries", nargs="+", type=Path)
    args = parser.parse_args()

    rows, disagreements = [], []
    for registry in args.registries:
        config, subs = files_of(registry)
        everything = [p.resolve() for p in config + subs]
        verdicts = {
            "subreg": run_subreg(args.subreg, registry),
            "check-jsonschema": run_check_jsonschema(args.check_jsonschema, args.schemas, registry),
            "taplo": run_taplo(args.taplo, args.schemas, registry),
        }
        for path in everything:
            seen = {tool: path in rejected for tool, (rejected, _) in verdicts.items()}
            if len(set(seen.values())) > 1:
                why = DELIBERATE.get(path.name)
                disagreements.append((path, seen, why))
        rows.append((registry, len(everything), {t: (len(r), s) for t, (r, s) in verdicts.items()}))

    print(f"machine: {os.cpu_count()} cores; {' '.join(os.uname()[2:3])}")
    print()
    print("| registry | files | subreg rejects | check-jsonschema rejects | taplo rejects | subreg s | check-jsonschema s | taplo s | check-jsonschema / subreg | taplo / subreg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for registry, count, results in rows:
        s, c, t = results["subreg"], results["check-jsonschema"], results["taplo"]
        print(
            f"| {registry} | {count} | {s[0]} | {c[0]} | {t[0]} | {s[1]:.2f} | {c[1]:.2f} | {t[1]:.2f} "
            f"| {c[1] / s[1]:.1f}x | {t[1] / s[1]:.1f}x |"
        )
    print()
    unexplained = [d for d in disagreements if not d[2]]
    for path, seen, why in disagreements:
        verdict = ", ".join(f"{tool} {'rejects' if r else 'accepts'}" for tool, r in seen.items())
        print(f"{'deliberate' if why else 'DISAGREE'}: {path.name}: {verdict}" + (f" ({why})" if why else ""))
    if not disagreements:
        print("all three agree on every file")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())

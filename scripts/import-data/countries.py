#!/usr/bin/env python3
"""Regenerates src/import/countries/*.toml, the country names `subreg import`
reads, from two npm packages: i18n-iso-countries (langs/XX.json) and Unicode
CLDR's cldr-localenames-modern (main/XX/territories.json, short and variant
forms included). A name that names two countries in one file is left out;
XK (Kosovo, a user-assigned code) is no ISO 3166-1 code and is left out.

Usage: npm install --prefix /tmp/names i18n-iso-countries@7.14.0 \
           cldr-localenames-modern@45.0.0
       python3 scripts/import-data/countries.py /tmp/names/node_modules DAY
"""
import collections
import json
import sys

modules, day = sys.argv[1], sys.argv[2]
out_dir = "src/import/countries"
langs = {"en": "English", "de": "German", "fr": "French", "it": "Italian", "es": "Spanish"}
iso = set(json.load(open(f"{modules}/i18n-iso-countries/langs/en.json"))["countries"]) - {"XK"}


def write(path, header, source, url, license_, names):
    by = collections.defaultdict(set)
    for name, code in names:
        if code in iso:
            by[name].add(code)
    ambiguous = sorted(n for n, c in by.items() if len(c) > 1)
    pairs = sorted(((n, next(iter(c))) for n, c in by.items() if len(c) == 1), key=lambda p: (p[1], p[0]))
    lines = header[:]
    if ambiguous:
        lines.append("# Left out as naming more than one country: " + ", ".join(ambiguous) + ".")
    lines += [f'source = "{source}"', f'url = "{url}"', f'license = "{license_}"', f"checked = {day}", "", "[names]"]
    lines += [json.dumps(n, ensure_ascii=False) + f' = "{c}"' for n, c in pairs]
    open(path, "w").write("\n".join(lines) + "\n")


for l, name in langs.items():
    data = json.load(open(f"{modules}/i18n-iso-countries/langs/{l}.json"))["countries"]
    names = [(n, code) for code, v in data.items() for n in (v if isinstance(v, list) else [v])]
    write(
        f"{out_dir}/{l}.toml",
        [f"# Country names in {name}, each with its ISO 3166-1 alpha-2 code, for",
         "# `subreg import` to read the places of a published list."],
        f"i18n-iso-countries 7.14.0 (npm), langs/{l}.json",
        "https://github.com/michaelwittig/node-i18n-iso-countries", "MIT", names)
    territories = json.load(open(f"{modules}/cldr-localenames-modern/main/{l}/territories.json"))
    territories = territories["main"][l]["localeDisplayNames"]["territories"]
    names = [(v, k.split("-")[0]) for k, v in territories.items()]
    write(
        f"{out_dir}/cldr-{l}.toml",
        [f"# Country names in {name} (CLDR display names, with their short and",
         "# variant forms), each with its ISO 3166-1 alpha-2 code, for `subreg",
         "# import` to read the places of a published list."],
        f"Unicode CLDR 45 (npm cldr-localenames-modern 45.0.0), main/{l}/territories.json",
        "https://cldr.unicode.org", "Unicode-3.0", names)

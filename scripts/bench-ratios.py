#!/usr/bin/env python3
"""Prints the last `cargo bench` run's figures as ratios against the floor.

Criterion keeps each benchmark's estimates in target/criterion/<group>/<name>/
new/estimates.json; the floor group (`floor/…`, which only reads and parses the
YAML files with serde-saphyr) is measured in the same run. One assessment is
the load of what `--market sea` needs plus the assessment; the 162
combinations are the whole load plus the matrix.

    cargo bench -- 'floor/|load/|assess/|matrix/'
    python3 scripts/bench-ratios.py
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def mean_ms(group, prefix):
    """The mean, in ms, of the one benchmark of `group` whose name starts with `prefix`."""
    folder = root / group
    matches = sorted(p for p in folder.glob(f"{prefix}*") if (p / "new" / "estimates.json").exists())
    if not matches:
        sys.exit(f"bench-ratios: no {group}/{prefix}… results; run cargo bench first")
    estimates = json.loads((matches[0] / "new" / "estimates.json").read_text())
    return estimates["mean"]["point_estimate"] / 1e6, f"{group}/{matches[0].name}"


floor_one, floor_one_name = mean_ms("floor", "parse-16")
floor_all, floor_all_name = mean_ms("floor", "parse-all")
cases = [
    ("one assessment", [("load", "builtin-for-sea"), ("assess", "sea-social")], floor_one, floor_one_name, 1.3),
    ("162 combinations", [("load", "builtin"), ("matrix", "assess-all-builtin")], floor_all, floor_all_name, 3.0),
]
ok = True
for label, parts, floor, floor_name, target in cases:
    figures = [mean_ms(group, prefix) for group, prefix in parts]
    total = sum(ms for ms, _ in figures)
    ratio = total / floor
    names = " + ".join(name for _, name in figures)
    verdict = "PASS" if ratio <= target else "FAIL"
    print(f"{label}: {names} = {total:.2f} ms; {floor_name} = {floor:.2f} ms; "
          f"{ratio:.2f}× (target ≤ {target}×: {verdict})")
    ok = ok and ratio <= target
sys.exit(0 if ok else 1)

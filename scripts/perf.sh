#!/usr/bin/env bash
# Whole-process performance of `assess`: builds the release binary, generates
# 500 user-supplied market profiles into a temporary folder, times every target
# of the README's "Performance" section with hyperfine, measures peak memory with
# /usr/bin/time -v, and prints a summary with pass/fail per target.
#
#   bash scripts/perf.sh            # the full run (about two minutes)
#   RUNS=10 bash scripts/perf.sh    # fewer runs per command
#   BIN=/path/to/assess bash scripts/perf.sh   # time another binary (no build)
#
# Needs: cargo, python3, hyperfine (apt-get install hyperfine) and GNU time
# (apt-get install time). Output goes to /dev/null, as in a pipeline: the
# table is rendered for a non-terminal (120 columns, no colour).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-30}"
BIG_RUNS="${BIG_RUNS:-10}"

for tool in hyperfine python3 /usr/bin/time; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "perf.sh: $tool is missing (apt-get install -y hyperfine time python3)" >&2
        exit 2
    fi
done

if [[ -z "${BIN:-}" ]]; then
    cargo build --release --quiet
    BIN="$PWD/target/release/assess"
fi
# The floor (examples/floor.rs): only reads and parses the same YAML files with
# serde-saphyr. Ratios against it, measured in the same run, are the targets.
cargo build --release --quiet --example floor
FLOOR="$PWD/target/release/examples/floor"
# The files `--market sea --industry social` reads, and all the built-in files.
one_files="markets/sea.yaml $(printf 'markets/%s.yaml ' id my ph sg th vn)industries/social.yaml channels.yaml promises.yaml messaging.yaml $(ls rules/*.yaml | tr '\n' ' ')"
all_files="$(ls markets/*.yaml industries/*.yaml products/*.yaml rules/*.yaml | tr '\n' ' ')channels.yaml promises.yaml messaging.yaml"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
profiles="$work/profiles"
ids_all="$(python3 scripts/gen-markets.py 500 "$profiles")"
# 250 and 2,500 generated markets × the 6 industries: 1,500 and 15,000 assessments.
ids_2500="$(python3 scripts/gen-markets.py 2500 "$work/profiles2500")"
ids_250="$(cut -d, -f1-250 <<<"$ids_2500")"
# The first N generated ids as a comma list.
first() { cut -d, -f"1-$1" <<<"$ids_all"; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8 NO_COLOR=1

# name | command | target (ms, empty for none)
cases=(
    "floor-one|$FLOOR $one_files|"
    "floor-all|$FLOOR $all_files|"
    "one-assessment|$BIN --market sea --industry social|10"
    "builtin-matrix-table|$BIN --market all --industry all|50"
    "builtin-matrix-json|$BIN --market all --industry all --format json|50"
    "gen500-load+1|$BIN --profiles $profiles --market gen-0001 --industry social|"
    "gen500-102|$BIN --profiles $profiles --market $(first 17) --industry all --format json|"
    "gen500-1002|$BIN --profiles $profiles --market $(first 167) --industry all --format json|"
    "gen500-3000-json|$BIN --profiles $profiles --market $ids_all --industry all --format json|1000"
    "gen500-3000-table|$BIN --profiles $profiles --market $ids_all --industry all|1000"
    "gen2500-1500-json|$BIN --profiles $work/profiles2500 --market $ids_250 --industry all --format json|"
    "gen2500-1500-csv|$BIN --profiles $work/profiles2500 --market $ids_250 --industry all --format csv|"
    "gen2500-15000-json|$BIN --profiles $work/profiles2500 --market $ids_2500 --industry all --format json|"
    "gen2500-15000-csv|$BIN --profiles $work/profiles2500 --market $ids_2500 --industry all --format csv|"
)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB"
echo "binary:  $BIN"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other work on the machine skews the numbers)"
echo

# Sanity: every command succeeds and assesses what it claims.
for case in "${cases[@]}"; do
    IFS='|' read -r name cmd _ <<<"$case"
    if ! $cmd >/dev/null 2>"$work/err"; then
        echo "perf.sh: $name failed: $(head -3 "$work/err")" >&2
        exit 1
    fi
done
count="$($BIN --profiles "$profiles" --market "$ids_all" --industry all --format json |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["assessments"]))')"
if [[ "$count" != 3000 ]]; then
    echo "perf.sh: expected 3000 assessments, got $count" >&2
    exit 1
fi

# Wall time: hyperfine, no shell in between (-N), output discarded.
hyperfine_args=()
for case in "${cases[@]}"; do
    IFS='|' read -r name cmd _ <<<"$case"
    hyperfine_args+=(-n "$name" "$cmd")
done
hyperfine -N --style basic --warmup 3 --runs "$RUNS" --export-json "$work/small.json" \
    "${hyperfine_args[@]:0:15}" >&2
hyperfine -N --style basic --warmup 1 --runs "$BIG_RUNS" --export-json "$work/big.json" \
    "${hyperfine_args[@]:15}" >&2

# Peak memory: the largest maximum resident set size of five runs.
: >"$work/rss"
for case in "${cases[@]}"; do
    IFS='|' read -r name cmd _ <<<"$case"
    peak=0
    for _ in 1 2 3 4 5; do
        kb="$(/usr/bin/time -v $cmd 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')"
        ((kb > peak)) && peak=$kb
    done
    echo "$name $peak" >>"$work/rss"
done

printf '%s\n' "${cases[@]}" >"$work/cases"
python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
results = {}
for f in ("small.json", "big.json"):
    for r in json.load(open(f"{work}/{f}"))["results"]:
        results[r["command"]] = r
rss = dict(line.split() for line in open(f"{work}/rss"))
targets = {}
for line in open(f"{work}/cases"):
    name, _, target = line.rstrip("\n").split("|")
    targets[name] = float(target) if target else None

print(f"{'case':22} {'mean ms':>9} {'± σ':>7} {'min':>8} {'max':>8} {'peak RSS MiB':>12}  target")
ok = True
for name, target in targets.items():
    r = results[name]
    mean, sd = r["mean"] * 1000, r["stddev"] * 1000
    lo, hi = r["min"] * 1000, r["max"] * 1000
    mb = int(rss[name]) / 1024
    verdict = ""
    if target is not None:
        passed = mean < target
        verdict = f"< {target:g} ms: {'PASS' if passed else 'FAIL'}"
        if name == "one-assessment":
            mem_ok = mb < 20
            verdict += f"; < 20 MB: {'PASS' if mem_ok else 'FAIL'}"
            passed = passed and mem_ok
        ok = ok and passed
    print(f"{name:22} {mean:9.1f} {sd:7.1f} {lo:8.1f} {hi:8.1f} {mb:12.1f}  {verdict}")

# Linearity: the same 500-market catalog, 102 → 1,002 → 3,000 assessments.
base = results["gen500-load+1"]["mean"] * 1000
points = [(1, base)] + [(n, results[f"gen500-{n}"]["mean"] * 1000) for n in (102, 1002)]
points.append((3000, results["gen500-3000-json"]["mean"] * 1000))
print()
print("scaling (500-market catalog, JSON):   assessments   ms    ms per assessment above the 1-assessment run")
for n, ms in points:
    per = (ms - base) / (n - 1) if n > 1 else float("nan")
    print(f"{'':38}{n:>10} {ms:8.1f}   {per:8.4f}")
slopes = [(points[i + 1][1] - points[i][1]) / (points[i + 1][0] - points[i][0]) for i in range(1, 3)]
# Linear (or better): the marginal cost per assessment does not grow with the count.
linear = slopes[1] <= 1.3 * slopes[0]
print(f"{'':38}marginal cost 102→1,002: {slopes[0]:.4f} ms, 1,002→3,000: {slopes[1]:.4f} ms per assessment"
      f" → {'linear' if linear else 'GROWING (superlinear)'} (limit: the second at most 1.3× the first)")
ok = ok and linear
# Against the floor, measured in this run (issue targets: 1.3× and 3×).
print()
for name, floor, limit in (
    ("one-assessment", "floor-one", 1.3),
    ("builtin-matrix-table", "floor-all", 3.0),
    ("builtin-matrix-json", "floor-all", 3.0),
):
    ratio = results[name]["mean"] / results[floor]["mean"]
    print(f"{name} / {floor}: {ratio:.2f}× (target ≤ {limit}×: {'PASS' if ratio <= limit else 'FAIL'})")
    ok = ok and ratio <= limit
# Memory: peak at 15,000 assessments, and its growth per assessment from 1,500.
for fmt in ("json", "csv"):
    small, big = int(rss[f"gen2500-1500-{fmt}"]), int(rss[f"gen2500-15000-{fmt}"])
    per = (big - small) / 13500
    mem_ok = big / 1024 < 150 and per < 4
    print(f"{fmt}: peak {small / 1024:.1f} MiB at 1,500 and {big / 1024:.1f} MiB at 15,000 assessments, "
          f"{per:.2f} KiB per added assessment (targets < 150 MiB, < 4 KiB: {'PASS' if mem_ok else 'FAIL'})")
    ok = ok and mem_ok
print()
print("all targets met" if ok else "some targets missed")
sys.exit(0 if ok else 1)
EOF

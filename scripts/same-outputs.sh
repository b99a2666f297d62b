#!/usr/bin/env bash
# Shows that this tree prints what an earlier commit printed: builds BASE (a
# commit; by default cfc4ddb, the last commit that changed an output on
# purpose before the work on speed and memory) in a scratch worktree, builds
# this tree, captures every output of both with scripts/capture-outputs.sh and
# compares them byte for byte.
#
#   bash scripts/same-outputs.sh [BASE]
#
# Exit 0 when every stdout, stderr and exit code is identical; otherwise the
# differing files are listed and the exit code is 1. The base build is kept in
# $TMPDIR/assess-same-outputs so that a second comparison is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-cfc4ddb}
scratch="${TMPDIR:-/tmp}/assess-same-outputs"
mkdir -p "$scratch"

rev="$(git rev-parse --short "$base^{commit}")"
tree="$scratch/tree-$rev"
if [[ ! -x "$scratch/bin-$rev/assess" ]]; then
    rm -rf "$tree"
    git worktree add --force --detach "$tree" "$rev" >/dev/null
    CARGO_TARGET_DIR="$scratch/target" cargo build --release --quiet --manifest-path "$tree/Cargo.toml"
    mkdir -p "$scratch/bin-$rev"
    cp "$scratch/target/release/assess" "$scratch/bin-$rev/assess"
    git worktree remove --force "$tree"
fi
cargo build --release --quiet

bash scripts/capture-outputs.sh "$scratch/bin-$rev/assess" "$scratch/out-$rev" >/dev/null
bash scripts/capture-outputs.sh "$PWD/target/release/assess" "$scratch/out-tree" >/dev/null
if diff -rq "$scratch/out-$rev" "$scratch/out-tree"; then
    echo "same: $(ls "$scratch/out-tree" | wc -l) outputs identical to $rev"
else
    echo "different from $rev (diff -r $scratch/out-$rev $scratch/out-tree)" >&2
    exit 1
fi

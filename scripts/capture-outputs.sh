#!/usr/bin/env bash
# Captures the stdout, stderr and exit code of every output format, in English
# and Chinese, for every built-in combination, and of the main subcommands, into
# one folder. Compare two captures with `diff -r` to show that a change of code
# kept the outputs (scripts/capture-outputs.sh BIN DIR), or let
# scripts/same-outputs.sh build a commit and compare it with this tree.
set -euo pipefail
bin=${1:?usage: capture-outputs.sh BINARY OUT_DIR}
out=${2:?usage: capture-outputs.sh BINARY OUT_DIR}
rm -rf "$out" && mkdir -p "$out"
asof=--as-of=2026-12-01
# Not every subcommand takes --color; output to a file is never coloured, and
# NO_COLOR makes sure of it.
export NO_COLOR=1

run() { # name, args...
  local name=$1; shift
  set +e
  "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.code"
  set -e
}

markets=$("$bin" list markets --format json | sed -n 's/^ *"id": "\([a-z-]*\)".*/\1/p')
industries=$("$bin" list industries --format json | sed -n 's/^ *"id": "\([a-z-]*\)".*/\1/p')
formats="table json jsonl yaml csv markdown html junit github sarif"
for lang in en zh; do
  for format in $formats; do
    run "all.$format.$lang" --market all --industry all --format "$format" --lang "$lang" $asof
    run "product.$format.$lang" --market sea,na --product global-rtc --budget 10000 --format "$format" --lang "$lang" $asof
    run "product.explain.$format.$lang" --market sea --product global-rtc --budget 10000 --explain --format "$format" --lang "$lang" $asof
    for m in $markets; do
      for i in $industries; do
        run "combo.$m.$i.$format.$lang" --market "$m" --industry "$i" --format "$format" --lang "$lang" $asof
      done
    done
  done
  for kind in markets industries channels rules products; do
    run "list.$kind.$lang" list "$kind" --lang "$lang"
    run "list.$kind.json.$lang" list "$kind" --format json --lang "$lang"
  done
  run "list.coverage.$lang" list markets --coverage --lang "$lang"
  for format in table json yaml csv markdown html; do
    run "rank.$format.$lang" rank --industry social --format "$format" --lang "$lang" $asof
    run "rank.product.$format.$lang" rank --product global-rtc --explain --format "$format" --lang "$lang" $asof
  done
  run "learning.$lang" --market vn --industry social --results examples/vn-results.csv --budget 20000 --lang "$lang" $asof
  run "learning.json.$lang" --market vn --industry social --results examples/vn-results.csv --budget 20000 --format json --lang "$lang" $asof
  run "explain.$lang" explain --market sea --industry social --lang "$lang" $asof
  run "test.$lang" test --lang "$lang" $asof
  run "test.json.$lang" test --format json --lang "$lang" $asof
  run "validate.$lang" validate --lang "$lang" $asof
  run "validate.json.$lang" validate --format json --lang "$lang" $asof
  for kind in market product; do run "init.$kind.$lang" init "$kind" example --lang "$lang"; done
  run "init.rule.$lang" init rule network.example --lang "$lang"
  run "typo.$lang" --market seaa --industry social --lang "$lang"
  run "bad.$lang" validate tests/fixtures/bad/duplicate-id tests/fixtures/bad/duplicate-key --lang "$lang" $asof
done
# Commands that print the same in every language.
for kind in market industry product rules report results ranking; do run "schema.$kind" schema "$kind"; done
for m in $markets; do run "show.market.$m" show market "$m" $asof; done
run "show.industry.social" show industry social
run "show.channel" show channel performance-ads
for shell in bash zsh fish; do run "completions.$shell" completions "$shell"; done
run man man
echo "captured $(ls "$out" | wc -l) files in $out"

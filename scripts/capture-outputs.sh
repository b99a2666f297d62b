#!/usr/bin/env bash
# Captures the stdout, stderr and exit code of every output format, in English
# and Chinese, for every built-in combination, and of the main subcommands, into
# one folder. Compare two captures with `diff -r` to show that a change of code
# kept the outputs (scripts/capture-outputs.sh BIN DIR).
set -euo pipefail
bin=${1:?usage: capture-outputs.sh BINARY OUT_DIR}
out=${2:?usage: capture-outputs.sh BINARY OUT_DIR}
rm -rf "$out" && mkdir -p "$out"
asof=--as-of=2026-12-01

run() { # name, args...
  local name=$1; shift
  set +e
  "$bin" "$@" --color never >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.code"
  set -e
}

markets=$("$bin" list markets --format json | sed -n 's/^ *"id": "\([a-z-]*\)".*/\1/p')
industries=$("$bin" list industries --format json | sed -n 's/^ *"id": "\([a-z-]*\)".*/\1/p')
formats="table json yaml csv markdown html junit github"
for lang in en zh; do
  for format in $formats; do
    run "all.$format.$lang" --market all --industry all --format "$format" --lang "$lang" $asof
    run "product.$format.$lang" --market sea,na --product global-rtc --budget 10000 --explain --format "$format" --lang "$lang" $asof
    for m in $markets; do
      for i in $industries; do
        run "combo.$m.$i.$format.$lang" --market "$m" --industry "$i" --format "$format" --lang "$lang" $asof
      done
    done
  done
  for kind in markets industries channels rules products; do
    run "list.$kind.$lang" list "$kind" --lang "$lang" $asof
    run "list.$kind.json.$lang" list "$kind" --format json --lang "$lang" $asof
  done
  run "list.coverage.$lang" list markets --coverage --lang "$lang" $asof
  for kind in market industry product rules report; do run "schema.$kind.$lang" schema "$kind" --lang "$lang"; done
  for m in $markets; do run "show.market.$m.$lang" show market "$m" --lang "$lang" $asof; done
  run "show.industry.social.$lang" show industry social --lang "$lang"
  run "show.channel.$lang" show channel performance-ads --lang "$lang"
  run "explain.$lang" explain --market sea --industry social --lang "$lang" $asof
  run "test.$lang" test --lang "$lang" $asof
  run "test.json.$lang" test --format json --lang "$lang" $asof
  run "validate.$lang" validate --lang "$lang" $asof
  run "validate.json.$lang" validate --format json --lang "$lang" $asof
  for kind in market product rule; do run "init.$kind.$lang" init "$kind" example --lang "$lang"; done
  run "typo.$lang" --market seaa --industry social --lang "$lang"
  run "bad.$lang" validate tests/fixtures/bad/duplicate-id tests/fixtures/bad/duplicate-key --lang "$lang" $asof
done
for shell in bash zsh fish; do run "completions.$shell" completions "$shell"; done
run man man
echo "captured $(ls "$out" | wc -l) files in $out"

#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang, ASan+UBSan) and runs each for SECONDS
# (default 60), after replaying the inputs that once broke it (fuzz/regressions/TARGET/).
# usage: fuzz/run.sh [SECONDS] [TARGET...]
# Findings go to build-fuzz/artifacts/; the growing corpora stay in build-fuzz/corpus/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dictionary_tsv pps_csv repairs tokenizer clean jsonl learn)
build=${UNSPIN_FUZZ_BUILD:-$root/build-fuzz}
CXX=${CXX:-clang++} cmake -S "$root" -B "$build" -DUNSPIN_FUZZ=ON -DUNSPIN_BUILD_TESTS=OFF \
  -DUNSPIN_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
nice cmake --build "$build" -j"${UNSPIN_FUZZ_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

# Seeds: dictionary files in chunks of 20 lines, the PPS samples, the golden inputs and the
# bundled article in paragraphs, and original/spun pairs joined by a NUL for learn.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{tsv,csv,text,pairs}
for f in "$root"/data/news/*.tsv "$root"/data/science/*.tsv; do
  split -l 20 -d -a 4 "$f" "$seeds/tsv/$(basename "$f" .tsv)-"
done
cp "$root"/tests/data/*.csv "$seeds/csv/"
for f in "$root"/tests/golden/*/input.txt; do cp "$f" "$seeds/text/$(basename "$(dirname "$f")").txt"; done
awk -v out="$seeds/text/article-" 'BEGIN{RS=""} {print > (out NR ".txt")}' "$root/examples/seed/spun.txt"
for d in "$root"/tests/golden/*/; do
  { cat "$d/expected.txt"; printf '\0'; cat "$d/input.txt"; } > "$seeds/pairs/$(basename "$d")"
done
{ cat "$root/examples/seed/cleaned.txt"; printf '\0'; cat "$root/examples/seed/spun.txt"; } > "$seeds/pairs/article"

seed_of() {
  case $1 in
    dictionary_tsv) echo tsv ;; pps_csv) echo csv ;; learn) echo pairs ;; *) echo text ;;
  esac
}
mkdir -p "$build/artifacts"
status=0
for target in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$target
  corpus=$build/corpus/$target
  mkdir -p "$corpus"
  regressions=$root/fuzz/regressions/$target
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    "$binary" -runs=1 "$regressions"/* >/dev/null 2>&1 || { echo "fuzz $target: a regression input fails again"; status=1; }
  fi
  echo "fuzz $target: ${seconds}s"
  # UNSPIN_FUZZ_FLAGS: more libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" to go on past findings.
  # shellcheck disable=SC2086
  if ! nice "$binary" ${UNSPIN_FUZZ_FLAGS:-} -max_total_time="$seconds" -max_len=${UNSPIN_FUZZ_MAX_LEN:-2048} -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$target-" "$corpus" "$seeds/$(seed_of "$target")" \
      >"$build/artifacts/$target.log" 2>&1; then
    echo "fuzz $target: FAILED (tail of $build/artifacts/$target.log):"
    tail -30 "$build/artifacts/$target.log"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/artifacts/$target.log" | tr '\n' ' '
  echo
done
exit $status

#!/usr/bin/env bash
# ThreadSanitizer check of the batch threads (-j N), which share one Cleaner, Dictionary and
# LanguageModel read-only.
#
#   bash scripts/tsan.sh [BUILD_DIR]        # default BUILD_DIR: /tmp/unspin-tsan
#
# Builds unspin with -fsanitize=thread in BUILD_DIR (g++; clang++ when g++'s TSan does not work),
# then runs under TSan: the unit tests of tests/unit/batch_test.cc (the thread pool among them),
# and the real binary on 4 threads over 200 files (--format jsonl, -o DIR, `unspin check`), in
# ROUNDS rounds (default 3). Every -j4 output must be byte for byte the -j1 one. Exit 0 when TSan
# reported nothing and the outputs agree, 1 otherwise. libsphinxbase, ICU and libstdc++ are not
# instrumented: TSan sees our code's accesses, their locks and their memcpy/memset (intercepted),
# not their plain loads and stores.
# Environment: CXX picks the compiler; JOBS the build parallelism (default 2); ROUNDS as above.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-/tmp/unspin-tsan}
build_jobs=${JOBS:-2}

# --- a compiler whose TSan works here (it needs its runtime and a kernel memory layout it knows)
tsan_works() {
  local probe
  probe=$(mktemp -d)
  printf '%s\n' '#include <thread>' 'int main() { int x = 0; std::thread t([&] { x = 1; }); t.join(); return x - 1; }' >"$probe/t.cc"
  "$1" -std=c++20 -fsanitize=thread -g "$probe/t.cc" -o "$probe/t" >/dev/null 2>&1 && "$probe/t" >/dev/null 2>&1
  local rc=$?
  rm -rf "$probe"
  return $rc
}
compiler=${CXX:-}
if [ -z "$compiler" ]; then
  for candidate in g++ clang++; do
    if command -v "$candidate" >/dev/null && tsan_works "$candidate"; then compiler=$candidate; break; fi
  done
  if [ -z "$compiler" ]; then
    echo "tsan.sh: neither g++ nor clang++ builds a working -fsanitize=thread program" >&2
    echo "tsan.sh: (apt-get install -y clang libclang-rt-14-dev provides clang's TSan runtime)" >&2
    exit 1
  fi
elif ! tsan_works "$compiler"; then
  echo "tsan.sh: $compiler does not build a working -fsanitize=thread program" >&2
  exit 1
fi
compiler=$(command -v "$compiler")
echo "== compiler: $compiler"

# --- configure and build (a build dir configured with another compiler is configured afresh)
if [ -f "$build_dir/CMakeCache.txt" ] &&
   ! grep -qx "CMAKE_CXX_COMPILER:[A-Z]*=$compiler" "$build_dir/CMakeCache.txt"; then
  rm -rf "$build_dir/CMakeCache.txt" "$build_dir/CMakeFiles"
fi
mkdir -p "$build_dir"
cmake -S "$source_dir" -B "$build_dir" \
  -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
  -DUNSPIN_BUILD_BENCH=OFF >"$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log" >&2; exit 1; }
echo "== building $build_dir (-j$build_jobs)"
cmake --build "$build_dir" -j"$build_jobs" --target unspin_cli unspin_unit_tests
unspin=$build_dir/unspin
unit_tests=$build_dir/tests/unspin_unit_tests

# --- runs
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66"
work=$(mktemp -d /tmp/unspin-tsan-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

# run NAME ALLOWED_EXIT_CODES COMMAND...: stdout to $work/NAME.out, stderr to $work/NAME.err.
run() {
  local name=$1 allowed=$2
  shift 2
  local rc=0
  local start=$SECONDS
  "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  if [ "$rc" -eq 66 ] || grep -q 'ThreadSanitizer' "$work/$name.err"; then
    echo "FAIL $name: ThreadSanitizer report (exit $rc):" >&2
    sed -n '1,120p' "$work/$name.err" >&2
    failed=1
  elif [[ " $allowed " != *" $rc "* ]]; then
    echo "FAIL $name: exit $rc (expected one of: $allowed)" >&2
    tail -n 20 "$work/$name.err" >&2
    failed=1
  else
    echo "ok   $name ($((SECONDS - start)) s, exit $rc)"
  fi
}

# The unit tests of batch_test.cc: piece reader, atomic writer, input expansion, the thread pool.
run unit-batch "0" "$unit_tests" --gtest_filter='PieceReader.*:AtomicFileWriter.*:ExpandInputs.*:RunInOrder.*'
if ! grep -q '^\[  PASSED  \] [1-9]' "$work/unit-batch.out"; then
  echo "FAIL unit-batch: no test passed" >&2
  cat "$work/unit-batch.out" >&2
  failed=1
fi

# ~200 articles from the bundled example and the golden inputs, in 5 folders: 18 plain copies,
# the rest two of them joined, so the documents differ in length and content.
sources=("$source_dir/examples/seed/spun.txt" "$source_dir"/tests/golden/*/input.txt)
corpus=$work/corpus
for i in $(seq 0 199); do
  n=${#sources[@]}
  mkdir -p "$corpus/d$((i % 5))"
  file=$corpus/d$((i % 5))/$(printf '%03d' "$i").txt
  if [ "$i" -lt "$n" ]; then
    cp "${sources[$i]}" "$file"
  else
    { cat "${sources[$((i % n))]}"; printf '\n\n'; cat "${sources[$(((i * 7 + 3) % n))]}"; } >"$file"
  fi
done
echo "== corpus: $(find "$corpus" -type f | wc -l) files, $(cat "$corpus"/*/*.txt | wc -c) bytes"

# The single-threaded reference outputs, then the 4-thread runs: several rounds, since a race
# only shows when the threads happen to meet (ROUNDS, default 3).
run jsonl-j1 "0" "$unspin" -j1 --format jsonl "$corpus"
run out-j1 "0" "$unspin" -j1 -o "$work/out-j1" "$corpus"
run check-j1 "0 1" "$unspin" check -j1 --format jsonl "$corpus"
[ "$(wc -l <"$work/jsonl-j1.out")" -eq 200 ] || { echo "FAIL jsonl-j1: not 200 report lines" >&2; failed=1; }
[ "$(find "$work/out-j1" -type f | wc -l)" -eq 200 ] || { echo "FAIL out-j1: not 200 files" >&2; failed=1; }

# same WHAT REFERENCE OUTPUT: the -j4 output is byte for byte the -j1 one.
same() {
  if { [ -d "$2" ] && diff -r -q "$2" "$3" >/dev/null; } || { [ -f "$2" ] && cmp -s "$2" "$3"; }; then
    echo "ok   $1: identical to -j1"
  else
    echo "FAIL $1: differs from the -j1 output" >&2
    diff -r "$2" "$3" 2>&1 | cut -c1-300 | head -n 20 >&2 || true
    failed=1
  fi
}
for round in $(seq 1 "${ROUNDS:-3}"); do
  run "jsonl-j4.$round" "0" "$unspin" -j4 --format jsonl "$corpus"
  same "jsonl-j4.$round" "$work/jsonl-j1.out" "$work/jsonl-j4.$round.out"
  run "out-j4.$round" "0" "$unspin" -j4 -o "$work/out-j4.$round" "$corpus"
  same "out-j4.$round" "$work/out-j1" "$work/out-j4.$round"
  run "check-j4.$round" "0 1" "$unspin" check -j4 --format jsonl "$corpus"
  same "check-j4.$round" "$work/check-j1.out" "$work/check-j4.$round.out"
done

if [ "$failed" -ne 0 ]; then
  echo "tsan.sh: FAILED" >&2
  exit 1
fi
echo "tsan.sh: no ThreadSanitizer report; -j1 and -j4 outputs identical"

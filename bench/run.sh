#!/usr/bin/env bash
# Prints unspin's speed and memory figures. usage: bench/run.sh [BUILD_DIR]   (default: build)
# - library: dictionary build, cleaning throughput, matcher cost per token vs dictionary size;
# - CLI: a folder of 2,000 articles on 1 thread and on all cores (-o, the batch path), with peak
#   memory, and one 40 MB file (memory follows the largest single document);
# - language model: its cost to the whole program, clean and spun, -j1 and -j2 (bench/lm.sh).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cmake --build "$build" --target unspin_cli unspin_bench -j"$(nproc)" >/dev/null
"$build/bench/unspin_bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for i in $(seq 1 2000); do cp "$root/examples/seed/spun.txt" "$work/in/article-$i.txt"; done
for i in $(seq 1 8000); do cat "$root/examples/seed/spun.txt"; printf '\n\n'; done > "$work/big.txt"
python3 - "$build/unspin" "$work" "$(nproc)" <<'PY'
import os, resource, subprocess, sys, time
unspin, work, cores = sys.argv[1], sys.argv[2], sys.argv[3]
def run(label, args, megabytes):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    subprocess.run([unspin] + args, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"cli {label:34} {seconds:6.2f} s  {megabytes / seconds:6.2f} MB/s  peak memory {peak / 1024:.0f} MB"
          + ("" if peak > before else " (at most)"))
size = sum(os.path.getsize(os.path.join(work, "in", f)) for f in os.listdir(os.path.join(work, "in"))) / 1e6
run(f"2,000 articles ({size:.0f} MB), -j1", ["-j1", "-o", os.path.join(work, "out1"), os.path.join(work, "in")], size)
run(f"2,000 articles, -j{cores}", [f"-j{cores}", "-o", os.path.join(work, "out2"), os.path.join(work, "in")], size)
big = os.path.getsize(os.path.join(work, "big.txt")) / 1e6
run(f"one {big:.0f} MB file", [os.path.join(work, "big.txt")], big)
PY
bash "$root/bench/lm.sh" "$build"

#!/usr/bin/env bash
# What the language model costs the whole program: wall-clock throughput of the unspin binary
# with the default language model and with --no-lm, on clean English and on spun news, as one
# large file (cleaned piece by piece) and as a folder of files (one file per thread), with -j1
# and -j2; start-up time on an empty input; peak memory (with /usr/bin/time, when installed).
# usage: [REPEAT=N] bench/lm.sh [BUILD_DIR]   (default: build; called by bench/run.sh). Each figure
# is the fastest of REPEAT runs (default 1); CPU seconds (user + system) are shown beside the wall
# clock because on a shared machine they move less.
# - clean: the Brown corpus as plain text (CORPORA/brown-text, 500 files, ~6.6 MB; CORPORA is
#   BUILD_DIR/corpora, else build/corpora; fetched by bench/quality/run.py when missing);
# - spun: the spun-5/15/35 article sets of `bench/quality/run.py --quick --keep DIR` (90 articles
#   of ~400 words spun by the simulated spinner), repeated to about the same size.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cmake --build "$build" --target unspin_cli -j"$(nproc)" >/dev/null
unspin=$(cd "$build" && pwd)/unspin
corpora=${CORPORA:-}
if [[ -z $corpora ]]; then
  if [[ -d $build/corpora/brown-text ]]; then corpora=$build/corpora; else corpora=$root/build/corpora; fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The spun sets (the quality benchmark's own figures go to a log nobody reads).
python3 "$root/bench/quality/run.py" --unspin "$unspin" --corpora "$corpora" --quick --keep "$work/quality" \
  >"$work/quality.log" 2>&1 || { cat "$work/quality.log" >&2; exit 1; }

python3 - "$unspin" "$corpora/brown-text" "$work" "$(nproc)" <<'PY'
import os, shutil, statistics, subprocess, sys, time

unspin, brown, work, cores = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
repeat = max(1, int(os.environ.get("REPEAT", "1")))

def files_under(folder):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith(".txt"))

def concatenate(paths, out):
    with open(out, "wb") as o:
        for p in paths:
            with open(p, "rb") as f:
                o.write(f.read().rstrip(b"\n") + b"\n\n")

# Clean: Brown as a folder and as one file.
clean_dir = brown
concatenate(files_under(brown), os.path.join(work, "clean.txt"))
clean_size = sum(os.path.getsize(p) for p in files_under(brown))
# Spun: the spun article sets, copied until the folder is about as large as Brown.
articles = [p for s in ("spun-5", "spun-15", "spun-35") for p in files_under(os.path.join(work, "quality", s))]
spun_dir = os.path.join(work, "spun")
size, copy = 0, 0
while size < clean_size:
    for p in articles:
        target = os.path.join(spun_dir, f"copy{copy:02d}", os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(p, target)
        size += os.path.getsize(p)
    copy += 1
concatenate(files_under(spun_dir), os.path.join(work, "spun.txt"))

def run(args, stdin=subprocess.DEVNULL):
    """Wall-clock seconds, CPU seconds (user + system) and peak resident memory (MB; None without
    GNU time) of one run; the fastest of REPEAT runs."""
    best = None
    for _ in range(repeat):
        command = [unspin] + args
        if gnu_time:
            command = [gnu_time, "-f", "%M %U %S", "-o", os.path.join(work, "time.txt")] + command
        before = os.times()
        start = time.monotonic()
        subprocess.run(command, check=True, stdin=stdin, stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        after = os.times()
        cpu = after.children_user + after.children_system - before.children_user - before.children_system
        peak = None
        if gnu_time:
            with open(os.path.join(work, "time.txt")) as f:
                fields = f.read().split()[-3:]
            peak, cpu = int(fields[0]) / 1024, float(fields[1]) + float(fields[2])
        if best is None or seconds < best[0]:
            best = (seconds, cpu, peak)
    return best


def mem(peak):
    return "-" if peak is None else f"{peak:.0f}"


try:
    load = open("/proc/loadavg").read().split()[0]
except OSError:
    load = "?"
print(f"language model cost: {unspin}, {cores} cores, load average {load} at the start; "
      f"whole process, text output to /dev/null, fastest of {repeat} run(s)"
      + ("" if gnu_time else "; no /usr/bin/time: peak memory not measured"))
print()

# Start-up: an empty input, the median of 5 runs.
print(f"{'start-up (empty input)':32} {'wall s':>7} {'CPU s':>6} {'peak MB':>7}")
for label, flags in (("default language model", []), ("--no-lm", ["--no-lm"])):
    runs = [run(flags) for _ in range(5)]
    peaks = [p for _, _, p in runs if p is not None]
    print(f"{label:32} {statistics.median(r[0] for r in runs):7.3f} {statistics.median(r[1] for r in runs):6.2f} "
          f"{mem(max(peaks) if peaks else None):>7}")
print()

inputs = (("clean English, one file", os.path.join(work, "clean.txt")),
          (f"clean English, {len(files_under(clean_dir))} files", clean_dir),
          ("spun news, one file", os.path.join(work, "spun.txt")),
          (f"spun news, {len(files_under(spun_dir))} files", spun_dir))
header = (f"{'input':28} {'MB':>4} {'-j':>2} | {'LM wall s':>9} {'MB/s':>5} {'CPU s':>6} {'peak MB':>7} | "
          f"{'no-LM wall s':>12} {'MB/s':>5} {'CPU s':>6} {'peak MB':>7} | {'LM/no-LM wall':>13} {'CPU':>5}")
print(header)
print("-" * len(header))
for label, path in inputs:
    megabytes = (os.path.getsize(path) if os.path.isfile(path) else sum(os.path.getsize(p) for p in files_under(path))) / 1e6
    for jobs in (1, 2):
        lm_s, lm_cpu, lm_peak = run([f"-j{jobs}", path])
        no_s, no_cpu, no_peak = run([f"-j{jobs}", "--no-lm", path])
        print(f"{label:28} {megabytes:4.1f} {jobs:>2} | {lm_s:9.2f} {megabytes / lm_s:5.2f} {lm_cpu:6.1f} {mem(lm_peak):>7} | "
              f"{no_s:12.2f} {megabytes / no_s:5.2f} {no_cpu:6.1f} {mem(no_peak):>7} | {lm_s / no_s:12.1f}x "
              f"{lm_cpu / no_cpu:4.1f}x", flush=True)
PY

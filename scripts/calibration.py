#!/usr/bin/env python3
"""How often unspin's changes are right, by confidence: a calibration table on a spun document
with a known original.

usage: scripts/calibration.py UNSPIN SPUN ORIGINAL

Each reported change (applied or not) is applied on its own to SPUN; it counts as right when it
brings the text closer to ORIGINAL (token edit distance, case-folded, curly quotes as straight
ones). Prints, per confidence band, how many changes fall in it and the share that is right.
"""
import json
import re
import subprocess
import sys


def tokens(text):
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').lower()
    return re.findall(r"\w+(?:[-']\w+)*|[^\w\s]", text)


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
        previous = current
    return previous[-1]


def main():
    unspin, spun_path, original_path = sys.argv[1:4]
    spun = open(spun_path, "rb").read()
    original = tokens(open(original_path, encoding="utf-8").read())
    report = json.loads(subprocess.run([unspin, "--format", "json", "--min-confidence", "0", spun_path],
                                       capture_output=True, check=True).stdout)
    base = distance(tokens(spun.decode("utf-8")), original)
    bands = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
    counts = {band: [0, 0] for band in bands}
    for change in report["files"][0]["changes"]:
        edited = spun[:change["start"]] + change["after"].encode("utf-8") + spun[change["end"]:]
        right = distance(tokens(edited.decode("utf-8")), original) < base
        for band in bands:
            if band[0] <= change["confidence"] < band[1]:
                counts[band][0] += 1
                counts[band][1] += right
    for (low, high), (n, right) in counts.items():
        share = f"{right / n:.0%}" if n else "-"
        print(f"confidence {low:.1f}-{min(high, 1.0):.1f}: {n:4d} changes, right {share}")


if __name__ == "__main__":
    main()

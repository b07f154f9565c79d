#!/usr/bin/env python3
"""A spun dev set with known truth, for measuring restoration and confidence calibration.

usage: scripts/dev_spin.py UNSPIN TEXT_DIR [--files N] [--rate R] [--seed S]

Spins clean texts (e.g. the Brown corpus as written by scripts/brown_clean_text.py) the way a
word-swapping spinner does, with the news dictionaries read backwards: wherever an entry's
original wording occurs, it is replaced by that entry's spun wording with probability R (entries
chosen by prior). The places and originals are recorded, unspin (no repairs, every change
reported) runs over the spun texts, and each change counts as right when it restores the recorded
original at that place; a change anywhere else is wrong (it altered text the original had).
Prints the share of spun places restored, and how often changes are right per confidence band.
The spinner knows only our dictionary, so recall here is optimistic; precision and calibration
are the point: original text that happens to look spun is the hard case.
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def load_entries():
    by_original = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "news", "*.tsv"))):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            spun, original, prior = fields[0], fields[1], float(fields[2])
            context = fields[6] if len(fields) > 6 else "-"
            if context not in ("", "-") or any(c.isupper() for c in original):
                continue  # conditions and names need their own setting
            by_original.setdefault(original.lower(), []).append((spun, prior))
    return by_original


def spin(text, by_original, rate, rng):
    """Returns the spun text and the list of (start, end, original) places in it."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    out, places, position, i = [], [], 0, 0
    spun_length = 0
    while i < len(words):
        replaced = False
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            start, end = words[i][0], words[i + n - 1][1]
            phrase = text[start:end]
            if " ".join(phrase.lower().split()) != phrase.lower() or phrase.lower() not in by_original:
                continue
            if rng.random() >= rate:
                break
            options = by_original[phrase.lower()]
            spun = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
            if phrase[0].isupper():
                spun = spun[0].upper() + spun[1:]
            out.append(text[position:start])
            spun_length += len(text[position:start])
            places.append((spun_length, spun_length + len(spun), phrase))
            out.append(spun)
            spun_length += len(spun)
            position = end
            i += n
            replaced = True
            break
        if not replaced:
            i += 1
    out.append(text[position:])
    return "".join(out), places


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("unspin")
    parser.add_argument("text_dir")
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--rate", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    by_original = load_entries()
    names = sorted(os.listdir(args.text_dir))[:: max(1, len(os.listdir(args.text_dir)) // args.files)][: args.files]
    bands = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
    counts = {band: [0, 0] for band in bands}
    spun_places = restored = 0
    with tempfile.TemporaryDirectory() as work:
        truth = {}
        for name in names:
            text = open(os.path.join(args.text_dir, name), encoding="utf-8").read()
            spun, places = spin(text, by_original, args.rate, rng)
            path = os.path.join(work, name)
            open(path, "w", encoding="utf-8").write(spun)
            truth[path] = {(start, end): original for start, end, original in places}
            spun_places += len(places)
        run = subprocess.run([args.unspin, "--no-repair", "all", "--min-confidence", "0", "--format", "jsonl", work],
                             capture_output=True, text=True, check=True)
        for line in run.stdout.splitlines():
            report = json.loads(line)
            places = truth[report["path"]]
            spun_bytes = open(report["path"], "rb").read()
            for change in report["changes"]:
                # Offsets are bytes; the places were recorded in characters.
                start = len(spun_bytes[: change["start"]].decode("utf-8"))
                end = start + len(change["before"])
                original = places.get((start, end))
                right = original is not None and original.lower() == change["after"].lower()
                for band in bands:
                    if band[0] <= change["confidence"] < band[1]:
                        counts[band][0] += 1
                        counts[band][1] += right
                if right and change["confidence"] >= 0.5:
                    restored += 1
    print(f"{len(names)} texts, {spun_places} spun places, {restored} restored at the default threshold "
          f"({restored / max(spun_places, 1):.0%})")
    for (low, high), (n, right) in counts.items():
        print(f"confidence {low:.1f}-{min(high, 1.0):.1f}: {n:5d} changes, right {right / n:.0%}" if n else
              f"confidence {low:.1f}-{min(high, 1.0):.1f}:     0 changes")


if __name__ == "__main__":
    sys.exit(main())

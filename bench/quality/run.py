#!/usr/bin/env python3
"""unspin's quality benchmark: generates dev sets from one half of the Brown corpus, runs unspin
on them and prints restoration, precision, recall and calibration figures (see README.md here).

usage: python3 bench/quality/run.py --unspin PATH [--corpora build/corpora] [--split test|tune]
                                    [--quick] [--json FILE] [--keep DIR] [-j 2]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
import score  # noqa: E402

ROOT = generate.ROOT
DENSITIES = (0.05, 0.15, 0.35)


def ensure_corpora(corpora):
    """The Brown plain text, made as tests/corpus/clean_english.sh makes it when it is missing."""
    text_dir = os.path.join(corpora, "brown-text")
    if not os.path.isdir(text_dir):
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "fetch-corpora.sh"), corpora], check=True)
        tmp = text_dir + ".tmp"
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "brown_clean_text.py"), corpora, tmp], check=True)
        os.replace(tmp, text_dir)
    return text_dir


def run_unspin(unspin, dicts, folder, jobs):
    """unspin's JSON report for a folder. Inputs go after `--`: `--dict` takes every following
    positional argument as one more dictionary."""
    cmd = [unspin, "--format", "json", "-j", str(jobs), "--no-builtin"] if dicts is not None else \
        [unspin, "--format", "json", "-j", str(jobs)]
    cmd += [f"--dict={d}" for d in dicts or []] + ["--", folder]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 3):
        sys.exit(f"quality: {' '.join(cmd[:6])} ... failed ({run.returncode}): {run.stderr.strip()}")
    return json.loads(run.stdout)


def load_truth(folder):
    with open(folder + ".truth.json", encoding="utf-8") as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unspin", required=True, help="the unspin binary")
    parser.add_argument("--corpora", default=os.path.join(ROOT, "build", "corpora"))
    parser.add_argument("--split", choices=("test", "tune"), default="test")
    parser.add_argument("--quick", action="store_true", help="30 articles and 40 papers instead of 150 and 100")
    parser.add_argument("--json", help="write every figure to FILE")
    parser.add_argument("--keep", help="generate the sets into DIR and keep them (default: a temporary folder)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    began = time.time()
    unspin = os.path.abspath(args.unspin)
    text_dir = ensure_corpora(args.corpora)
    names = generate.brown_split(text_dir, args.split)
    articles, papers, controls = (30, 40, 1000) if args.quick else (150, 100, 1000)

    work = args.keep or tempfile.mkdtemp(prefix="unspin-quality-")
    if args.keep:
        marker = os.path.join(work, ".unspin-quality")
        if os.path.isdir(work) and os.listdir(work) and not os.path.exists(marker):
            sys.exit(f"quality: --keep {work}: not empty and not made by this script; name a new folder")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        open(marker, "w").close()
    try:
        dicts, kept, removed = generate.write_filtered_dictionaries(os.path.join(work, "dict"))
        sets = generate.make_news_sets(work, text_dir, names, articles, DENSITIES)
        tortured_sets, held_csv = generate.make_tortured_sets(work, text_dir, names, papers, controls)

        results = {}
        for name, folder in sets.items():
            results[name] = score.score_set(run_unspin(unspin, dicts, folder, args.jobs), load_truth(folder), folder,
                                            clean=name.startswith("clean"))
        results["clean/builtin"] = score.score_set(run_unspin(unspin, None, sets["clean"], args.jobs),
                                                   load_truth(sets["clean"]), sets["clean"], clean=True)
        in_place = sum(1 for f in load_truth(tortured_sets["tortured"])["files"].values()
                       for s in f["subs"] if s.get("how") == "in place")
        tortured = {}
        for label, extra in (("model alone", []), ("+ PPS CSV", [held_csv])):
            for kind in ("tortured", "control"):
                folder = tortured_sets[kind]
                tortured[f"{kind} {label}"] = score.score_set(
                    run_unspin(unspin, dicts + extra, folder, args.jobs), load_truth(folder), folder,
                    clean=kind == "control", sentence_level=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    elapsed = time.time() - began
    print(f"unspin quality benchmark: split {args.split}{' (quick)' if args.quick else ''}, "
          f"{len(names)} Brown texts in the half; dictionary: data/news + data/science without the "
          f"{generate.HELD_PERCENT}% held-out originals ({kept} entries kept, {removed} held out), --no-builtin")
    print()
    print(score.news_table(results))
    print()
    print("spun-15 calibration (every dictionary change reported, applied or not):")
    print(score.calibration_table(results["spun-15"]))
    print()
    p_alone, p_csv = tortured["tortured model alone"], tortured["tortured + PPS CSV"]
    c_alone, c_csv = tortured["control model alone"], tortured["control + PPS CSV"]
    n = p_alone["subs"]
    print(f"tortured phrases: {p_alone['docs']} papers of 10 Brown cj* sentences, {n} held-out tortured phrases "
          f"inserted ({in_place} in place of the original term, the rest in template sentences)")
    rows = []
    for label, p, c in (("model alone", p_alone, c_alone), ("+ held-out list as PPS CSV", p_csv, c_csv)):
        r = p["recall"].get("held", {"restored": 0, "share": None})
        rows.append([label, f"{r['restored']}/{n}", score._pct(r["share"], 1), p["harm"] + p["wrong"],
                     f"{c['sentences_changed']}/{c['sentences']}", score._num(c["sentences_changed_per_1k"], "{:.1f}")])
    print(score._table(["dictionary", "restored", "share", "wrong+harm in papers",
                        "control sentences changed", "per 1,000"], rows))
    print()
    print(f"({elapsed:.0f} s; figures are on the {args.split.upper()} half"
          f"{'; tune constants on --split tune' if args.split == 'test' else ''})")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"split": args.split, "quick": args.quick, "unspin": unspin, "seconds": round(elapsed, 1),
                       "dictionary": {"kept": kept, "held_out": removed, "held_percent": generate.HELD_PERCENT},
                       "sets": results, "tortured": tortured}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

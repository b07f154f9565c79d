#!/usr/bin/env python3
"""unspin's repair benchmark: scrape damage generated from one half of the Brown corpus (see
damage.py and README.md here), cleaned by unspin, scored per damage kind.

usage: python3 bench/quality/repair_run.py --unspin PATH [--split test|tune] [--quick]
                                           [--corpora build/corpora] [--keep DIR] [--json FILE]
                                           [--show N] [-- EXTRA UNSPIN ARGS, e.g. --no-lm]
Prints, per damage kind, how many damaged spots were repaired exactly (recall) and how many of
the repairs of that kind were right (precision), then the repairs unspin makes in the same
articles undamaged, per 10,000 words.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import damage  # noqa: E402
import generate  # noqa: E402
from run import ensure_corpora  # noqa: E402

KINDS = ("glue", "stop", "title", "chrome", "mojibake")
RULE_KIND = {
    "repair.glued-word": "glue", "repair.glue-punctuation": "glue", "repair.final-punctuation": "stop",
    "repair.duplicate-title": "title", "repair.page-chrome": "chrome", "repair.mojibake": "mojibake",
}


def kind_of(change):
    return RULE_KIND.get(change["rule"], "other") if change["rule"].startswith("repair.") else None


def _touch(a, b):
    """Intervals [s, e] that overlap, or where one is a point inside the other (ends included)."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 or s2 == e2:
        return s1 <= e2 and s2 <= e1
    return s1 < e2 and s2 < e1


def _apply(data, start, end, edits):
    """data[start:end] with edits [(s, e, after bytes)] (sorted, inside the span) made."""
    out, position = [], start
    for s, e, after in edits:
        out += [data[position:s], after]
        position = max(position, e)
    out.append(data[position:end])
    return b"".join(out)


def score_file(data, instances, changes):
    """{kind: {instances, repaired, changes, right}} and the wrong changes, for one file. Instances
    and applied changes of a kind that touch form a cluster; a cluster is right when its changes
    turn its bytes into what one choice of its instances' options gives."""
    result = collections.defaultdict(collections.Counter)
    wrong, missed = [], []
    for kind in KINDS + ("other",):
        items = [("i", x["start"], x["end"], x) for x in instances if x["kind"] == kind]
        items += [("c", c["start"], c["end"], c) for c in changes if kind_of(c) == kind]
        items.sort(key=lambda t: (t[1], t[2]))
        clusters = []
        for item in items:
            if clusters and any(_touch((item[1], item[2]), (o[1], o[2])) for o in clusters[-1]):
                clusters[-1].append(item)
            else:
                clusters.append([item])
        for cluster in clusters:
            start = min(t[1] for t in cluster)
            end = max(t[2] for t in cluster)
            found = [t[3] for t in cluster if t[0] == "i"]
            made = [t[3] for t in cluster if t[0] == "c"]
            actual = _apply(data, start, end, [(c["start"], c["end"], c["after"].encode("utf-8")) for c in made])
            expected = {data[start:end]}
            for x in found:
                choices = set()
                for got in expected:
                    # Offsets shift as earlier instances in the cluster change length.
                    shift = len(got) - (end - start)
                    for option in x["options"]:
                        s = x["start"] - start + (shift if x["start"] > start else 0)
                        choices.add(got[:s] + option.encode("utf-8") + got[s + x["end"] - x["start"]:])
                expected = choices
            right = bool(found) and bool(made) and actual in expected
            for x in found:
                result[kind]["instances"] += 1
                result[kind]["repaired"] += right
                if x.get("sub"):
                    result[x["sub"]]["instances"] += 1
                    result[x["sub"]]["repaired"] += right
                if not right:
                    missed.append(x)
            result[kind]["changes"] += len(made)
            result[kind]["right"] += len(made) if right else 0
            if made and not right:
                wrong += made
    return result, wrong, missed


def run_unspin(unspin, folder, extra):
    cmd = [unspin, "--format", "json", "-j", "2"] + extra + ["--", folder]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 3):
        sys.exit(f"repair-bench: {' '.join(cmd)} failed ({run.returncode}): {run.stderr.strip()}")
    return {os.path.basename(f["path"]): f for f in json.loads(run.stdout)["files"]}


def _ratio(a, b):
    return f"{a / b:.3f}" if b else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unspin", required=True)
    parser.add_argument("--corpora", default=os.path.join(generate.ROOT, "build", "corpora"))
    parser.add_argument("--split", choices=("test", "tune"), default="test")
    parser.add_argument("--quick", action="store_true", help="100 articles instead of 400")
    parser.add_argument("--keep", help="write the sets into DIR (made anew) and keep them")
    parser.add_argument("--json", help="write the figures to FILE")
    parser.add_argument("--show", type=int, default=0, help="print N wrong repairs, missed spots and clean-text repairs")
    parser.add_argument("extra", nargs="*", help="more unspin arguments (after --)")
    args = parser.parse_args()
    unspin = os.path.abspath(args.unspin)
    text_dir = ensure_corpora(args.corpora)
    names = generate.brown_split(text_dir, args.split)
    articles = generate.make_articles(text_dir, names, 100 if args.quick else 400)

    work = args.keep or tempfile.mkdtemp(prefix="unspin-repair-bench-")
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "clean"), exist_ok=True)
    os.makedirs(os.path.join(work, "damaged"), exist_ok=True)
    truth, damaged_bytes = {}, {}
    try:
        for aid, body in articles:
            clean, damaged, instances = damage.damage_article(aid, body, generate.SEED)
            name = aid + ".txt"
            with open(os.path.join(work, "clean", name), "w", encoding="utf-8") as f:
                f.write(clean)
            with open(os.path.join(work, "damaged", name), "w", encoding="utf-8") as f:
                f.write(damaged)
            truth[name] = instances
            damaged_bytes[name] = damaged.encode("utf-8")
        with open(os.path.join(work, "truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f)
        damaged_reports = run_unspin(unspin, os.path.join(work, "damaged"), args.extra)
        clean_reports = run_unspin(unspin, os.path.join(work, "clean"), args.extra)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    totals = collections.defaultdict(collections.Counter)
    wrong_all, missed_all, clean_changes = [], [], []
    for name, instances in truth.items():
        report = damaged_reports[name]
        data = damaged_bytes[name]
        applied = [c for c in report["changes"] if c["applied"] and kind_of(c)]
        result, wrong, missed = score_file(data, instances, applied)
        for kind, counts in result.items():
            totals[kind].update(counts)
        wrong_all += [(name, c) for c in wrong]
        missed_all += [(name, x, data) for x in missed]
    clean_words = sum(r["stats"]["words"] for r in clean_reports.values())
    clean_by_rule = collections.Counter()
    for name, report in clean_reports.items():
        for c in report["changes"]:
            if c["applied"] and kind_of(c):
                clean_by_rule[c["rule"]] += 1
                clean_changes.append((name, c))
    clean_repairs = sum(clean_by_rule.values())

    print(f"unspin repair benchmark: split {args.split}{' (quick)' if args.quick else ''}, {len(articles)} "
          f"Brown articles of ~400 words with a title{' (' + ' '.join(args.extra) + ')' if args.extra else ''}")
    print()
    rows = [("damage", "spots", "repaired", "recall", "repairs", "right", "precision")]
    for kind in KINDS + ("glue word|word", "glue lower|Upper", "glue after punctuation", "other"):
        t = totals[kind]
        sub = kind.startswith("glue ")
        rows.append(("  " + kind if sub else kind, t["instances"], t["repaired"], _ratio(t["repaired"], t["instances"]),
                     "" if sub else t["changes"], "" if sub else t["right"], "" if sub else _ratio(t["right"], t["changes"])))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    per_10k = clean_repairs * 10000 / max(clean_words, 1)
    print(f"clean text (the same articles undamaged): {clean_words} words, {clean_repairs} repairs = "
          f"{per_10k:.2f} per 10,000 words {dict(clean_by_rule)}")
    if args.show:
        print("\nwrong repairs:")
        for name, c in wrong_all[:args.show]:
            print(f"  {name}:{c['line']}: {c['rule']}: {c['before']!r} -> {c['after']!r}")
        print("missed:")
        for name, x, data in missed_all[:args.show]:
            around = data[max(0, x["start"] - 25):x["end"] + 25].decode("utf-8", errors="replace").replace("\n", "⏎")
            print(f"  {name}: {x['kind']} {x.get('sub', '')}: ...{around}...")
        print("clean-text repairs:")
        for name, c in clean_changes[:args.show]:
            print(f"  {name}:{c['line']}: {c['rule']}: {c['before']!r} -> {c['after']!r}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"split": args.split, "quick": args.quick, "kinds": {k: dict(v) for k, v in totals.items()},
                       "clean_words": clean_words, "clean_repairs": dict(clean_by_rule),
                       "clean_repairs_per_10k": per_10k}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

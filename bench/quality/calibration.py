#!/usr/bin/env python3
"""Fits a logistic decision layer to unspin's reported dictionary changes and compares it with
the shipped confidences: per set, ECE and what is applied at 0.5, and how many right changes
each ranking keeps at precision >= 0.9. An analysis tool for tuning the scorer, not a test.

    python3 bench/quality/run.py --unspin build/unspin --split tune --keep /tmp/qtune
    python3 bench/quality/calibration.py --unspin build/unspin --kept /tmp/qtune [--clean-weight 5]

Features per change: the window's and the passage's spin rate (logit, with hinges at rates of
about 0.007, 0.018, 0.047 and 0.12, where clean and spun text part), the entry's prior (logit), the
LM gain (clamped to 8 nats), inflection, consistency and context evidence, word counts before
and after, whether there are alternatives, and the category. Python 3 standard library only.
"""
import argparse
import collections
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score as S  # noqa: E402
from run import load_truth, run_unspin  # noqa: E402

SETS = ["clean", "clean-long", "spun-5", "spun-5-long", "spun-15", "spun-15-long", "spun-35", "spun-35-long"]
RATE = re.compile(r"family (\w+)\): ([0-9.e-]+) in this passage, ([0-9.e-]+) around it")


def logit(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(x):
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, x))))


def dump(unspin, kept):
    dicts = [f"{kept}/dict/{k}/{f}" for k in ("news", "science") for f in sorted(os.listdir(f"{kept}/dict/{k}"))]
    rows = []
    for s in SETS:
        folder = f"{kept}/{s}"
        report, truth = run_unspin(unspin, dicts, folder, 2), load_truth(folder)
        files = {f["path"].replace("\\", "/").rsplit("/", 1)[-1]: f for f in report["files"]}
        for name, t in truth["files"].items():
            f = files[name]
            with open(f"{folder}/{name}", "rb") as fh:
                judge = S.Judge(fh.read(), t["subs"], f["changes"])
            for c in f["changes"]:
                if S.is_repair(c) or not c["rule"].startswith("dict:"):
                    continue
                verdict, _ = judge(c)
                ev = {e["kind"]: e["value"] for e in c["evidence"]}
                rate = next((RATE.search(e["detail"]) for e in c["evidence"] if e["kind"] == "spin_rate"), None)
                if rate is None:
                    continue
                rows.append({"set": s, "label": int(verdict == "right"), "conf": c["confidence"], "cat": c["category"],
                             "nb": len(c["before"].split()), "na": len(c["after"].split()), "nalt": len(c["alternatives"]),
                             "ev": ev, "ru": float(rate.group(2)), "rw": float(rate.group(3))})
    return rows


def features(r):
    ev, lw, lu = r["ev"], logit(r["rw"]), logit(r["ru"])
    return [1, lw, max(0, lw + 5), max(0, lw + 4), max(0, lw + 3), max(0, lw + 2), max(0, lu + 4), max(0, lu + 3),
            lu, logit(ev["prior"]), max(-8, min(8, ev.get("lm_gain", 0))), ev.get("inflection", 0),
            ev.get("consistency", 0), ev.get("context", 0), r["nb"] - 1, r["na"] - 1, min(1, r["nalt"]),
            int(r["cat"] == "signature"), int(r["cat"] == "idiom")]


def solve(a, b):
    n = len(b)
    m = [a[i][:] + [b[i]] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(x, y, w, l2=1e-3, iterations=25):
    """Weighted L2-regularised logistic regression by Newton's method."""
    d = len(x[0])
    beta = [0.0] * d
    for _ in range(iterations):
        h = [[l2 * (i == j) for j in range(d)] for i in range(d)]
        g = [-l2 * b for b in beta]
        for xi, t, wt in zip(x, y, w):
            p = sigmoid(sum(a * b for a, b in zip(beta, xi)))
            r, s = wt * (t - p), wt * p * (1 - p)
            for i in range(d):
                g[i] += r * xi[i]
                for j in range(i, d):
                    h[i][j] += s * xi[i] * xi[j]
        for i in range(d):
            for j in range(i):
                h[i][j] = h[j][i]
        step = solve(h, g)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return beta


def ece(ps, ys):
    bins = collections.defaultdict(lambda: [0, 0.0, 0])
    for p, y in zip(ps, ys):
        b = bins[min(9, int(p * 10))]
        b[0] += 1
        b[1] += p
        b[2] += y
    return sum(abs(s - c) for n, s, c in bins.values()) / max(1, len(ps))


def right_at_precision(ps, ys, precision=0.9):
    ranked = sorted(zip(ps, ys), key=lambda t: -t[0])
    best, n, right = (0, 1.0), 0, 0
    for p, y in ranked:
        n += 1
        right += y
        if right / n >= precision:
            best = (right, p)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unspin", required=True)
    parser.add_argument("--kept", required=True, help="a folder written by run.py --keep")
    parser.add_argument("--clean-weight", type=float, default=5.0, help="weight of clean-set changes in the fit")
    args = parser.parse_args()
    rows = dump(args.unspin, args.kept)
    beta = fit([features(r) for r in rows], [r["label"] for r in rows],
               [args.clean_weight if r["set"].startswith("clean") else 1.0 for r in rows])
    print("coefficients:", " ".join(f"{b:.3f}" for b in beta))
    print(f"{'set':14} {'n':>5}  {'ECE now':>7} {'fitted':>6}  {'applied now':>16} {'fitted':>16}  right at prec 0.9: now / fitted")
    for s in SETS:
        rs = [r for r in rows if r["set"] == s]
        ys = [r["label"] for r in rs]
        now = [r["conf"] for r in rs]
        new = [sigmoid(sum(a * b for a, b in zip(beta, features(r)))) for r in rs]

        def applied(ps):
            a = [y for p, y in zip(ps, ys) if p >= 0.5]
            return f"{len(a)} at {sum(a) / len(a):.3f}" if a else "0"
        print(f"{s:14} {len(rs):5}  {ece(now, ys):7.3f} {ece(new, ys):6.3f}  {applied(now):>16} {applied(new):>16}  "
              f"{right_at_precision(now, ys)[0]} / {right_at_precision(new, ys)[0]}")


if __name__ == "__main__":
    main()

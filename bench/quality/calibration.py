#!/usr/bin/env python3
"""Fits a logistic decision layer to unspin's reported dictionary changes and compares it with
the shipped confidences: per set, ECE and what is applied at 0.5, and how many right changes
each ranking keeps at precision >= 0.9. An analysis tool for tuning the scorer, not a test.

    python3 bench/quality/run.py --unspin build/unspin --split tune --keep /tmp/qtune
    python3 bench/quality/calibration.py --unspin build/unspin --kept /tmp/qtune [--write src/score/decision_weights.inc]

Features per change: the spin rate, the larger of the passage's and its window's, as the scorer
takes it (so clean text around a passage never lowers its odds; its logit, piecewise linear with
knots at rates of about 0.007, 0.018, 0.047 and 0.12, where clean and spun text part), the entry's prior (logit),
the LM gain (clamped to 8 nats), inflection, consistency and context evidence, word counts before
and after (up to 3: longer wordings are too few to say more), whether there are alternatives, the
category, and the LM gain where the rate is low (a strong LM preference in clean text is mostly
for the commoner word, not a spinner's). The two rates are not weighed apart: fitted side by side
the passage's came out with a negative weight, which no model of spinning has. Python 3 standard library only.
"""
import argparse
import collections
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
import score as S  # noqa: E402
from run import ensure_corpora, load_truth, run_unspin  # noqa: E402

SETS = ["clean", "clean-extra", "clean-long", "control", "spun-5", "spun-5-long", "spun-15", "spun-15-long", "spun-35", "spun-35-long"]
# control: the tortured benchmark's clean sentences; clean-extra: every other article of the TUNE
# half, made here, since clean text that looks a little spun is rare and the fit needs many of it.
CLEAN_SETS = ("clean", "clean-extra", "clean-long", "control")


def make_clean_extra(kept, corpora):
    """The TUNE half's articles that run.py's clean set (the first 150) leaves out."""
    folder = os.path.join(kept, "clean-extra")
    if not os.path.isdir(folder):
        text_dir = ensure_corpora(corpora)
        articles = generate.make_articles(text_dir, generate.brown_split(text_dir, "tune"), 10 ** 6)[150:]
        generate.write_set(folder + ".tmp", [(f"{aid}.txt", text, text, [], []) for aid, text in articles])
        os.replace(folder + ".tmp", folder)
        os.replace(folder + ".tmp.truth.json", folder + ".truth.json")
RATE = re.compile(r"family (\w+)\): ([0-9.e-]+) in this passage, ([0-9.e-]+) around it")


def logit(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def clamp(x, lo, hi):
    return min(max(x, lo), hi)


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


# The names src/score/decision_weights.inc gives the features, in order (the scorer computes
# the same values in the same order).
FEATURE_NAMES = ["bias", "window logit below -5", "window logit -5 to -4", "window logit -4 to -3",
                 "window logit -3 to -2", "window logit above -2", "logit prior", "lm gain (clamped to 8)", "inflection",
                 "consistency", "context", "words before - 1 (at most 2)", "words after - 1 (at most 2)",
                 "has alternatives", "signature", "idiom", "lm gain times window logit below -3"]


# Weights that are not fitted but kept as the noisy channel states them (ScoreModel's
# prior_weight and consistency_gain). The simulated spinner draws every synonym of its map
# alike, so the generated sets cannot tell how much an entry's prior says about real spinners
# (the bundled article, spun by one, depends on it); and they never spin a name in one place
# while leaving it intact in another.
# Above a window rate of about 0.12 (logit -2), beyond most of what the generated sets hold,
# more spin raises the odds as the noisy channel has it (ScoreModel::rate_weight).
FIXED = {"logit prior": 0.5, "consistency": 2.0, "window logit above -2": 1.35}


def features(r):
    ev, lw = r["ev"], logit(max(r["rw"], r["ru"]))
    gain = max(-8, min(8, ev.get("lm_gain", 0)))
    return [1, min(lw, -5) + 5, clamp(lw, -5, -4) + 5, clamp(lw, -4, -3) + 4, clamp(lw, -3, -2) + 3, max(lw, -2) + 2,
            logit(ev["prior"]), gain, ev.get("inflection", 0), ev.get("consistency", 0), ev.get("context", 0),
            min(r["nb"], 3) - 1, min(r["na"], 3) - 1, min(1, r["nalt"]), int(r["cat"] == "signature"),
            int(r["cat"] == "idiom"), max(0, gain) * max(0, -3 - lw)]


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


def fit(x, y, w, fixed=None, l2=1e-3, iterations=25):
    """Weighted L2-regularised logistic regression by Newton's method; `fixed` maps a column to
    a weight that is kept, not fitted."""
    fixed = fixed or {}
    d = len(x[0])
    offsets = [sum(v * xi[j] for j, v in fixed.items()) for xi in x]
    x = [[0.0 if j in fixed else v for j, v in enumerate(xi)] for xi in x]
    beta = [0.0] * d
    for _ in range(iterations):
        h = [[l2 * (i == j) for j in range(d)] for i in range(d)]
        g = [-l2 * b for b in beta]
        for xi, t, wt, o in zip(x, y, w, offsets):
            p = sigmoid(o + sum(a * b for a, b in zip(beta, xi)))
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
    for j, v in fixed.items():
        beta[j] = v
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


def near_threshold(z, offset):
    """As the scorer's NearThreshold: the offset in full for log-odds 0 to 1, tapering to none
    1 log-odds further out on either side."""
    share = z + 1 if -1 < z < 0 else 1 if 0 <= z <= 1 else 2 - z if 1 < z < 2 else 0
    return z - offset * share


def write_weights(path, beta, args):
    lines = ["// Generated by bench/quality/calibration.py (do not edit): the decision layer's weights, fitted",
             "// on the TUNE half of bench/quality with --clean-weight " + f"{args.clean_weight:g}. Regenerate with",
             "//   python3 bench/quality/run.py --unspin build/unspin --split tune --keep /tmp/qtune",
             "//   python3 bench/quality/calibration.py --unspin build/unspin --kept /tmp/qtune --write FILE",
             "// after a change to the evidence the features are made of; run it with the layer as shipped.",
             "inline constexpr double kDecisionWeights[] = {"]
    for b, name in zip(beta, FEATURE_NAMES):
        lines.append(f"    {b:.6g},  // {name}{' (not fitted: the noisy channel' + chr(39) + 's own)' if name in FIXED else ''}")
    lines += ["};", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unspin", required=True)
    parser.add_argument("--kept", required=True, help="a folder written by run.py --keep")
    parser.add_argument("--clean-weight", type=float, default=10.0, help="weight of clean-set changes in the fit")
    parser.add_argument("--offset", type=float, default=0.65,
                        help="log-odds taken off fitted decisions near the threshold, so the default one keeps precision")
    parser.add_argument("--write", help="write the fitted weights as C++ to FILE (src/score/decision_weights.inc)")
    parser.add_argument("--corpora", default=os.path.join(generate.ROOT, "build", "corpora"))
    args = parser.parse_args()
    make_clean_extra(args.kept, args.corpora)
    rows = dump(args.unspin, args.kept)
    x, y = [features(r) for r in rows], [r["label"] for r in rows]
    w = [args.clean_weight if r["set"] in CLEAN_SETS else 1.0 for r in rows]
    fixed = {FEATURE_NAMES.index(name): v for name, v in FIXED.items()}
    # More spin never makes the original less likely: a window segment whose slope comes out
    # negative is held at 0 and the rest refitted (an active-set fit of a monotone curve).
    while True:
        beta = fit(x, y, w, fixed)
        negative = [j for j, name in enumerate(FEATURE_NAMES) if name.startswith("window") and beta[j] < 0]
        if not negative:
            break
        fixed.update({j: 0.0 for j in negative})
    print("coefficients:", " ".join(f"{b:.3f}" for b in beta))
    if args.write:
        write_weights(args.write, beta, args)
    print(f"{'set':14} {'n':>5}  {'ECE now':>7} {'fitted':>6}  {'applied now':>16} {'fitted':>16}  right at prec 0.9: now / fitted")
    for s in SETS:
        rs = [r for r in rows if r["set"] == s]
        ys = [r["label"] for r in rs]
        now = [r["conf"] for r in rs]
        new = [sigmoid(near_threshold(sum(a * b for a, b in zip(beta, features(r))), args.offset)) for r in rs]

        def applied(ps):
            a = [y for p, y in zip(ps, ys) if p >= 0.5]
            return f"{len(a)} at {sum(a) / len(a):.3f}" if a else "0"
        print(f"{s:14} {len(rs):5}  {ece(now, ys):7.3f} {ece(new, ys):6.3f}  {applied(now):>16} {applied(new):>16}  "
              f"{right_at_precision(now, ys)[0]} / {right_at_precision(new, ys)[0]}")


if __name__ == "__main__":
    main()

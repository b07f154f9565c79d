"""Scores unspin's JSON report of a generated set against the set's truth (see generate.py).

A reported change is a dictionary/model change unless its rule starts with "repair."; repairs are
only counted. A dictionary change is
    right  when its span covers whole recorded substitutions and its `after` is the original text
           of that span (case-insensitive, white space collapsed),
    wrong  when it overlaps a substitution but does not restore it,
    harm   when it touches no substitution (it changed wording the original had).
"""
import bisect
import re

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
BINS = 10


def words(text):
    """Lower-case word tokens, for WER."""
    return WORD.findall(text.replace("\u2019", "'").lower())


def levenshtein(a, b):
    """Edit distance between two token lists (Myers/Hyyro bit-parallel, exact)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    ids = {}
    a = [ids.setdefault(t, len(ids)) for t in a]
    b = [ids.setdefault(t, len(ids)) for t in b]
    m = len(b)  # the pattern is the shorter list
    peq = {}
    for i, t in enumerate(b):
        peq[t] = peq.get(t, 0) | (1 << i)
    mask, high = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for t in a:
        eq = peq.get(t, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def apply_changes(data, changes):
    """The output text: the applied changes made to the input bytes, in order."""
    out, position = [], 0
    for c in changes:
        if c["applied"]:
            out += [data[position:c["start"]], c["after"].encode("utf-8")]
            position = c["end"]
    out.append(data[position:])
    return b"".join(out).decode("utf-8", errors="replace")


def _norm(text):
    return " ".join(text.replace("\u2019", "'").lower().split())


def is_repair(change):
    return change["rule"].startswith("repair.")


class Judge:
    """Classifies the changes of one file against its substitutions. A change inside one
    substitution that restores it together with the other applied changes inside it ("brand-new
    item" -> "new" + "product") counts as right too."""

    def __init__(self, data, subs, changes):
        self.data, self.subs = data, sorted(subs, key=lambda s: s["start"])
        self.starts = [s["start"] for s in self.subs]
        self.inside = {}  # substitution index -> applied changes strictly inside it
        for c in changes:
            if c["applied"] and not is_repair(c):
                hit = self._overlapping(c)
                if len(hit) == 1 and not self._covers(c, hit[0]) and self._within(c, hit[0]):
                    self.inside.setdefault(hit[0], []).append(c)

    def _overlapping(self, change):
        s, e = change["start"], change["end"]
        k = max(0, bisect.bisect_right(self.starts, s) - 1)
        hit = []
        while k < len(self.subs) and self.subs[k]["start"] < max(e, s + 1):
            sub = self.subs[k]
            if (sub["start"] < e and sub["end"] > s) or (s == e and sub["start"] < s < sub["end"]):
                hit.append(k)
            k += 1
        return hit

    def _covers(self, change, k):
        return change["start"] <= self.subs[k]["start"] and self.subs[k]["end"] <= change["end"]

    def _within(self, change, k):
        return self.subs[k]["start"] <= change["start"] and change["end"] <= self.subs[k]["end"]

    def _restores_inside(self, k, group):
        """Whether the changes (all inside substitution k, not overlapping) turn it into its original."""
        sub, out, position = self.subs[k], [], self.subs[k]["start"]
        for c in sorted(group, key=lambda c: c["start"]):
            out += [self.data[position:c["start"]].decode("utf-8"), c["after"]]
            position = c["end"]
        out.append(self.data[position:sub["end"]].decode("utf-8"))
        return _norm("".join(out)) == _norm(sub["original"])

    def __call__(self, change):
        """("right" | "wrong" | "harm", [indices of the substitutions it restores])."""
        s, e = change["start"], change["end"]
        hit = self._overlapping(change)
        if not hit:
            return "harm", []
        if all(self._covers(change, k) for k in hit):
            expected, position = [], s
            for k in hit:
                expected += [self.data[position:self.subs[k]["start"]].decode("utf-8"), self.subs[k]["original"]]
                position = self.subs[k]["end"]
            expected.append(self.data[position:e].decode("utf-8"))
            return ("right", hit) if _norm(change["after"]) == _norm("".join(expected)) else ("wrong", [])
        if len(hit) == 1 and self._within(change, hit[0]):
            k = hit[0]
            group = [c for c in self.inside.get(k, []) if c is not change and
                     (c["end"] <= s or c["start"] >= e)] + [change]
            if self._restores_inside(k, group):
                return "right", [k] if all(c["applied"] for c in group) else []
        return "wrong", []


def score_set(report, truth, folder, clean, sentence_level=False):
    """Figures for one set. report: unspin's JSON; truth: the set's truth.json; folder: its inputs."""
    files = {f["path"].replace("\\", "/").rsplit("/", 1)[-1]: f for f in report["files"]}
    m = {"docs": 0, "words": 0, "subs": 0, "sub_words": 0, "orig_words": 0, "dist_spun": 0, "dist_out": 0,
         "right": 0, "wrong": 0, "harm": 0, "repairs": 0, "reported": 0, "checked": 0, "errors": 0,
         "sentences": 0, "sentences_changed": 0}
    by_class = {}
    bins = [[0, 0.0, 0] for _ in range(BINS)]  # n, sum of confidence, right
    for name, t in sorted(truth["files"].items()):
        f = files.get(name)
        m["docs"] += 1
        if f is None or "error" in f:
            m["errors"] += 1
            continue
        with open(f"{folder}/{name}", "rb") as fh:
            data = fh.read()
        subs = t["subs"]
        judge = Judge(data, subs, f["changes"])
        m["words"] += f["stats"]["words"]
        m["subs"] += len(subs)
        m["checked"] += f["spin_score"] > 0.5
        restored = set()
        changed_at = []
        for c in f["changes"]:
            if is_repair(c):
                m["repairs"] += c["applied"]
                continue
            verdict, hit = judge(c)
            m["reported"] += 1
            b = min(BINS - 1, int(c["confidence"] * BINS))
            bins[b][0] += 1
            bins[b][1] += c["confidence"]
            bins[b][2] += verdict == "right"
            if c["applied"]:
                m[verdict] += 1
                changed_at.append(c["start"])
                if verdict == "right":
                    restored.update(hit)
        sorted_subs = judge.subs
        for k, sub in enumerate(sorted_subs):
            cls = by_class.setdefault(sub.get("class", "held"), [0, 0])
            cls[0] += 1
            cls[1] += k in restored
            m["sub_words"] += sub.get("words", len(sub["original"].split()))
        if sentence_level:
            spans = t["sentences"]
            m["sentences"] += len(spans)
            m["sentences_changed"] += sum(1 for a, b in spans if any(a <= x < b for x in changed_at))
        if not clean:
            original = words(t["original"])
            m["orig_words"] += len(original)
            m["dist_spun"] += levenshtein(words(data.decode("utf-8")), original)
            m["dist_out"] += levenshtein(words(apply_changes(data, f["changes"])), original)
        else:
            m["orig_words"] += len(words(t["original"]))
    applied = m["right"] + m["wrong"] + m["harm"]
    m["precision"] = m["right"] / applied if applied else None
    m["per_10k"] = 1e4 * applied / m["words"] if m["words"] else 0.0
    m["err_cut"] = 1 - m["dist_out"] / m["dist_spun"] if not clean and m["dist_spun"] else None
    m["wer_spun"] = m["dist_spun"] / m["orig_words"] if not clean and m["orig_words"] else None
    m["changed_share"] = m["sub_words"] / m["orig_words"] if m["orig_words"] else 0.0
    m["recall"] = {c: {"subs": n, "restored": r, "share": r / n if n else None} for c, (n, r) in by_class.items()}
    m["check_rate"] = m["checked"] / max(1, m["docs"] - m["errors"])
    m["calibration"] = [{"bin": f"{k / BINS:.1f}-{(k + 1) / BINS:.1f}", "n": n,
                         "confidence": s / n if n else None, "accuracy": r / n if n else None}
                        for k, (n, s, r) in enumerate(bins)]
    total = sum(b[0] for b in bins)
    m["ece"] = sum(abs(s / n - r / n) * n / total for n, s, r in bins if n) if total else None
    if sentence_level:
        m["sentences_changed_per_1k"] = 1e3 * m["sentences_changed"] / m["sentences"] if m["sentences"] else None
    return m


# ------------------------------------------------------------------------------------------------
# Tables


def _pct(x, digits=0):
    return "n/a" if x is None else f"{100 * x:.{digits}f}%"


def _num(x, fmt="{:.3f}"):
    return "n/a" if x is None else fmt.format(x)


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def news_table(results):
    header = ["set", "docs", "words", "spun%", "WER", "err_cut", "prec", "right/wrong/harm", "ch/10k",
              "rec-known", "rec-held", "rec-unlisted", "ECE", "check", "repairs"]
    rows = []
    for name, m in results.items():
        rec = m["recall"]
        rows.append([name, m["docs"], m["words"], _pct(m["changed_share"], 1), _pct(m["wer_spun"], 1),
                     _pct(m["err_cut"], 1), _pct(m["precision"], 1), f"{m['right']}/{m['wrong']}/{m['harm']}",
                     _num(m["per_10k"], "{:.1f}"),
                     _pct(rec.get("known", {}).get("share"), 1), _pct(rec.get("held", {}).get("share"), 1),
                     _pct(rec.get("unlisted", {}).get("share"), 1), _num(m["ece"]), _pct(m["check_rate"]),
                     m["repairs"]])
    return _table(header, rows)


def calibration_table(m):
    rows = [[b["bin"], b["n"], _num(b["confidence"]), _pct(b["accuracy"], 1)] for b in m["calibration"]]
    return _table(["confidence", "n", "mean conf", "accuracy"], rows)

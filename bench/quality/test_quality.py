#!/usr/bin/env python3
"""Self-test of the quality benchmark's generator and scorer (no corpus needed, under a second).

usage: python3 bench/quality/test_quality.py [UNSPIN]
With UNSPIN, also checks that the benchmark's filtered dictionaries and PPS CSV load in unspin.
"""
import os
import random
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
import score  # noqa: E402

UNSPIN = None


def dp_levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def change(start, end, before, after, applied=True, confidence=0.9, rule="dict:x.tsv:1"):
    return {"start": start, "end": end, "before": before, "after": after, "applied": applied,
            "confidence": confidence, "rule": rule}


class Scoring(unittest.TestCase):
    def test_levenshtein_matches_dynamic_programming(self):
        rng = random.Random(7)
        for _ in range(500):
            a = [rng.choice("abcde") for _ in range(rng.randint(0, 25))]
            b = [rng.choice("abcde") for _ in range(rng.randint(0, 25))]
            self.assertEqual(score.levenshtein(a, b), dp_levenshtein(a, b), (a, b))

    def test_judge(self):
        text = "Its moms and dad business has a brand-new item here."
        data = text.encode()
        subs = [{"start": 4, "end": 25, "spun": "moms and dad business", "original": "parent company"},
                {"start": 32, "end": 46, "spun": "brand-new item", "original": "new product"}]
        changes = [change(32, 41, "brand-new", "new"), change(42, 46, "item", "product")]
        judge = score.Judge(data, subs, changes)
        self.assertEqual(judge(change(4, 25, "moms and dad business", "Parent Company")), ("right", [0]))
        self.assertEqual(judge(change(0, 25, "Its moms and dad business", "Its parent company"))[0], "right")
        self.assertEqual(judge(change(4, 25, "moms and dad business", "parent firm"))[0], "wrong")
        self.assertEqual(judge(change(4, 16, "moms and dad", "parent"))[0], "wrong")  # part of it, not restored
        self.assertEqual(judge(change(26, 29, "has", "had"))[0], "harm")
        # Two changes inside one substitution that restore it together.
        self.assertEqual(judge(changes[0]), ("right", [1]))
        self.assertEqual(judge(changes[1]), ("right", [1]))

    def test_apply_changes(self):
        data = "a bb ccc".encode()
        out = score.apply_changes(data, [change(2, 4, "bb", "x"), change(5, 8, "ccc", "y", applied=False)])
        self.assertEqual(out, "a x ccc")


class Generation(unittest.TestCase):
    def test_inflections_follow_unspin(self):
        forms = dict(generate.inflections("moms and dad", "parent", "noun"))
        self.assertEqual(forms["moms and dads"], "parents")
        forms = dict(generate.inflections("battle to", "struggle to", "verb"))
        self.assertEqual(forms["battled to"], "struggled to")
        self.assertEqual(forms["battling to"], "struggling to")

    def test_spin_records_substitutions_exactly(self):
        spin_map = {"rose": [("increased", "known")], "record": [("tape", "held")], "in the": [("within the", "known")]}
        text = "Prices rose to record highs in the city. Rose Smith met Record Books in the “spring”.\n"
        spun, subs = generate.spin(text, spin_map, 1.0, random.Random(1))
        self.assertEqual(generate.restore(spun, subs), text)
        data = spun.encode()
        for s in subs:
            self.assertEqual(data[s["start"]:s["end"]].decode(), s["spun"])
        self.assertIn("increased to tape highs within the city", spun)
        self.assertIn("Record Books", spun)  # a name is left alone
        self.assertTrue(spun.startswith("Prices increased"))

    def test_held_out_split_is_stable(self):
        self.assertEqual(generate.is_held("Parent Company"), generate.is_held("parent  company"))
        originals = [f"word{k}" for k in range(2000)]
        share = sum(map(generate.is_held, originals)) / len(originals)
        self.assertTrue(0.25 < share < 0.35, share)

    def test_sentence_split(self):
        self.assertEqual(generate.split_sentences("Dr. Smith came. He left at 5. Then it rained, e.g. Fig. 3 shows it!"),
                         ["Dr. Smith came.", "He left at 5.", "Then it rained, e.g. Fig. 3 shows it!"])

    def test_filtered_dictionaries_load(self):
        with tempfile.TemporaryDirectory() as work:
            paths, kept, removed = generate.write_filtered_dictionaries(work)
            self.assertTrue(kept > 2 * removed > 0)
            csv_path = os.path.join(work, "held.csv")
            generate.write_pps_csv(csv_path, generate.held_tortured())
            if UNSPIN:
                run = subprocess.run([UNSPIN, "--format", "json", "--no-builtin"] +
                                     [f"--dict={p}" for p in paths + [csv_path]] + ["--", "-"],
                                     input="The counterfeit consciousness test.\n", capture_output=True, text=True)
                self.assertEqual(run.returncode, 0, run.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        UNSPIN = sys.argv.pop(1)
    unittest.main()

#!/usr/bin/env python3
"""Runs unspin over clean English and counts what it changes (it should change almost nothing).

usage: scripts/clean_english_check.py UNSPIN TEXT_DIR [--max-word-changes-per-50k N] [--show N]

TEXT_DIR holds clean text files (scripts/brown_clean_text.py writes the Brown corpus that way).
Prints the words read and the applied changes, split into word changes (dictionary rewrites,
tortured phrases, thesaurus synonyms) and repairs; exits 1 when either exceeds N per 50,000 words
(default 5).
"""
import argparse
import collections
import json
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("unspin")
    parser.add_argument("text_dir")
    parser.add_argument("--max-word-changes-per-50k", type=float, default=5)
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    run = subprocess.run([args.unspin, "--format", "jsonl", args.text_dir], capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        sys.exit(2)
    words = 0
    by_rule = collections.Counter()
    examples = []
    for line in run.stdout.splitlines():
        report = json.loads(line)
        words += report["stats"]["words"]
        for change in report["changes"]:
            if not change["applied"]:
                continue
            rule = change["rule"].split(":")[0] if change["rule"].startswith("dict:") else change["rule"]
            by_rule[rule] += 1
            examples.append(f'{report["path"]}:{change["line"]}: {change["rule"]}: {change["before"]!r} -> {change["after"]!r}')
    # Words changed: dictionary rewrites and the candidates beyond the dictionary (tortured
    # phrases, thesaurus synonyms); the rest are repairs of the text's form.
    changing = {rule: n for rule, n in by_rule.items() if not rule.startswith("repair.")}
    word_changes = sum(changing.values())
    repairs = sum(n for rule, n in by_rule.items() if rule.startswith("repair."))
    per_50k = lambda n: n * 50000 / max(words, 1)
    print(f"words {words}")
    print(f"word changes {word_changes} = {per_50k(word_changes):.2f} per 50,000 words: {changing}")
    print(f"repairs {repairs} = {per_50k(repairs):.2f} per 50,000 words: "
          f"{ {rule: n for rule, n in by_rule.items() if rule.startswith('repair.')} }")
    for example in examples[: args.show]:
        print("  ", example)
    limit = args.max_word_changes_per_50k
    failed = per_50k(word_changes) > limit or per_50k(repairs) > limit
    print("clean-english:", "FAILED" if failed else "ok", f"(limit {limit} per 50,000 words)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

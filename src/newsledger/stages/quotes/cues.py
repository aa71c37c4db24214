"""The cue lexicon (stages/quotes/lexicons/cue_verbs.tsv) and cue recognition on spaCy tokens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

from newsledger.runtime.tokcols import children_of, token_columns

LEXICON = "lexicons/cue_verbs.tsv"
CUE_CLASSES = ("speech", "belief", "knowledge")


@dataclass(frozen=True)
class Lexicon:
    """Cue lemmas by part of speech, each with its class (speech, belief, knowledge)."""

    verbs: dict[str, str]
    phrasal: dict[tuple[str, str], str]
    nouns: dict[str, str]
    objects: frozenset[str] = frozenset()  # verbs whose object noun phrase can be the content

    def cue_class(self, words: str) -> str | None:
        """The class of a cue given as text ("said", "according to", "has told"), or None."""
        parts = [w for w in words.lower().replace(":", " ").split() if w.isalpha()]
        if not parts or " ".join(parts[:2]) == "according to" or parts[0] in ("according", "accord"):
            return "speech" if parts else None
        found: list[str] = []
        for w in parts:
            for lemma in _guess_lemmas(w):
                cls = self.verbs.get(lemma) or self.nouns.get(lemma)
                if cls:
                    found.append(cls)
                    break
        if "speech" in found:
            return "speech"
        return found[0] if found else None


def mode_of(cue_class: str) -> str:
    """The contract's ``Quote.mode`` for a cue class: belief and knowledge stay, everything else is speech.

    Learned cue words outside the lexicon ("criticized", "praised", "endorsed") report what the source
    did in public, so they count as speech."""
    return cue_class if cue_class in ("belief", "knowledge") else "speech"


def _guess_lemmas(word: str) -> list[str]:
    """Cheap lemma guesses for a surface verb form (said -> say) without a second parse."""
    irregular = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
                 "thought": "think", "knew": "know", "known": "know", "found": "find", "shown": "show",
                 "felt": "feel", "learnt": "learn"}
    out = [irregular.get(word, word)]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e"), ("d", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + repl)
    if len(word) > 5 and word.endswith(("tted", "pped", "gged")):
        out.append(word[:-3])
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the shipped cue lexicon once."""
    text = resources.files("newsledger.stages.quotes").joinpath(LEXICON).read_text(encoding="utf-8")
    verbs: dict[str, str] = {}
    phrasal: dict[tuple[str, str], str] = {}
    nouns: dict[str, str] = {}
    objects: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, cls, pos, obj = (line.split("\t") + ["", "", ""])[:4]
        if cls not in CUE_CLASSES:
            raise ValueError(f"{LEXICON}: class {cls!r} of {lemma!r} must be one of {CUE_CLASSES}")
        if pos == "noun":
            nouns[lemma] = cls
        elif " " in lemma:
            verb, particle = lemma.split(" ", 1)
            phrasal[(verb, particle)] = cls
        else:
            verbs[lemma] = cls
        if obj.strip() == "yes":
            objects.add(lemma)
    return Lexicon(verbs, phrasal, nouns, frozenset(objects))


def verb_cue(tok: Token) -> str | None:
    """The class of ``tok`` when it is a cue verb (lemma or phrasal verb in the lexicon), else None."""
    doc, i = tok.doc, tok.i
    c = token_columns(doc)  # (lists: no Token object per child)
    if c.pos[i] not in ("VERB", "AUX") and c.tag[i] not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return None
    lex = load_lexicon()
    lemma = c.lemma_lower[i]
    for k in children_of(doc).get(i, ()):
        if c.dep[k] == "prt":
            cls = lex.phrasal.get((lemma, c.lower[k]))
            if cls:
                return cls
    return lex.verbs.get(lemma)


def takes_object(tok: Token) -> bool:
    """True when the object of this cue verb can be the content ("announced the deployment")."""
    return tok.lemma_.lower() in load_lexicon().objects


def noun_cue(tok: Token) -> str | None:
    """The class of ``tok`` when it is a cue noun ("statement", "claim"), else None."""
    if tok.pos_ != "NOUN":
        return None
    return load_lexicon().nouns.get(tok.lemma_.lower())


def cue_span(tok: Token) -> Span:
    """The cue as a span: the verb plus its particle ("pointed out") or "according to"."""
    doc = tok.doc
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    if tok.lower_ == "according" and end < len(doc) and doc[end].lower_ == "to":
        end += 1
    return doc[tok.i : end]

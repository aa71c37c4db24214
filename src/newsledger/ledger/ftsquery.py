"""Free text to a safe FTS5 query: words (all required), "phrases", prefix*, OR between terms, -excluded words."""

from __future__ import annotations

import re

# A quoted phrase, or a run of non-space characters (a word, possibly with a leading - or a trailing *).
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w[\w'’-]*")
# Bounds on one query: more words than this add nothing to a news search and only cost time.
MAX_TERMS = 32


def _quote(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def fts_query(query: str) -> str:
    """FTS5 syntax for what a user typed; every word is quoted, so no FTS5 operator ever comes from the text.

    ``sanctions Iran`` needs both words; ``"grain corridor"`` is a phrase; ``sanction*`` a prefix;
    ``strike OR attack`` either word; ``-drill`` excludes documents with the word. Stemming is the
    tokenizer's job (porter), so ``sanctions`` also finds ``sanctioned``. Empty when nothing searchable.
    """
    groups: list[list[str]] = []  # AND of groups; each group an OR of terms
    excluded: list[str] = []
    pending_or = False
    n = 0
    for m in _TOKEN.finditer(query or ""):
        if n >= MAX_TERMS:
            break
        phrase, raw = m.group(1), m.group(2)
        if raw == "OR":
            pending_or = bool(groups)
            continue
        negative = raw is not None and raw.startswith("-") and len(raw) > 1
        prefix = raw is not None and raw.endswith("*")
        words = _WORD.findall(phrase if phrase is not None else raw)
        if not words:
            continue
        n += 1
        if phrase is not None:
            terms = [_quote(words)]
        elif negative or not prefix:
            terms = [_quote([w]) for w in words]
        else:
            terms = [_quote([w]) for w in words[:-1]] + [_quote(words[-1:]) + "*"]
        if negative:
            excluded.extend(terms)
        elif pending_or and len(terms) == 1:
            groups[-1].append(terms[0])
        else:
            groups.extend([t] for t in terms)
        pending_or = False
    if not groups:
        return ""
    out = " ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    return out + "".join(f" NOT {t}" for t in excluded)

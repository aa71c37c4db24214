"""Canonical entities across documents: name variants, transliterations, acronyms, external ids."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.geo.countries import country_name_forms

# spaCy entity labels -> the class within which names may merge (a person never merges with a place).
CLASSES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org", "NORP": "group"}
# The entity type a lexicon class implies (the lexicon overrides the model's label for known names).
_CLASS_TYPES = {"place": "GPE", "org": "ORG", "person": "PERSON"}
# Lexicon and acronym matches may cross these classes: the small model often tags "DPRK" ORG or "NATO" GPE.
_INSTITUTIONAL = ("place", "org")
# Mention kinds whose surface is a name of the entity (pronouns and nominals are not).
NAME_KINDS = {"name", "alias", "acronym", "title"}
# Initials are only used as an acronym key from this many letters on ("EU" is in the lexicon; two-letter
# initials of arbitrary names collide far too often).
MIN_ACRONYM = 3
# Skeleton keys (transliteration variants) need at least this many consonants per name to be trusted.
MIN_SKELETON = 6
_STOP = {"of", "the", "and", "for", "de", "la", "du", "des", "al", "el"}
_TITLES = {"mr", "mrs", "ms", "dr", "president", "prime", "minister", "gen", "general", "sen", "rep", "gov", "king", "queen"}
_NONWORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d+\s*(?:of)\s*\d+\b")
# A line with no letter ("08:24", "--") is no name.
_LETTER = re.compile(r"[^\W\d_]")


# Verbs a headline puts after a name ("Obama Says ...", "Kerry Warns ..."): never the end of a name.
_HEADLINE_VERBS = frozenset({"says", "said", "warns", "vows", "claims", "urges", "tells", "slams", "admits", "denies"})


def clean_name(name: str | None) -> str | None:
    """A display name: its first line, without clock times, counters and stray punctuation; None if nothing is left."""
    if not name:
        return None
    first = next((line for line in name.splitlines() if _LETTER.search(line)), "")
    words = _CLOCK.sub(" ", first).split()
    while len(words) > 1 and words[-1].lower() in _HEADLINE_VERBS:  # "Obama Says" from a headline
        words.pop()
    text = " ".join(words).strip(" -–—:;,")
    return text or None


def name_key(name: str) -> str:
    """Normalise a name: accents, case, dots and hyphens ("Kim Jong-un" -> "kim jong un", "U.S." -> "us")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("'s ", " ")
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. -> US. ; dots inside acronyms vanish
    text = _NONWORD.sub(" ", text.replace("'", ""))
    words = _SPACES.sub(" ", text).strip().split(" ")
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def initials_key(key: str) -> str | None:
    """Initials of a multi-word name without stop words ("international atomic energy agency" -> "iaea")."""
    words = [w for w in key.split() if w not in _STOP]
    return "".join(w[0] for w in words) if len(words) >= MIN_ACRONYM else None


def person_key(key: str) -> str:
    """A person's name key without titles ("president barack obama" -> "barack obama")."""
    words = [w for w in key.split() if w not in _TITLES]
    return " ".join(words or key.split())


def skeleton_key(key: str) -> str | None:
    """A transliteration-tolerant key: consonant skeleton per word (Gaddafi / Qaddafi / Kadhafi -> kdf)."""
    out = []
    for w in key.split():
        s = w.replace("q", "k").replace("c", "k").replace("dh", "d").replace("kh", "k").replace("j", "y")
        s = re.sub(r"[aeiouyh]", "", s)
        s = re.sub(r"(.)\1+", r"\1", s)
        out.append(s)
    total = sum(len(s) for s in out)
    return "~" + " ".join(out) if total >= MIN_SKELETON and len(out) >= 2 else None


def _fits(lexicon_class: str, cls: str) -> bool:
    """A lexicon entry applies to an entity of the same class, or across place/org (frequent mislabels)."""
    return lexicon_class == cls or (lexicon_class in _INSTITUTIONAL and cls in _INSTITUTIONAL)


def entity_class(etype: str) -> str:
    return CLASSES.get(etype.upper(), "other")


@lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str]]:
    """alias key -> (class, canonical name), from the shipped lexicon and pycountry country names."""
    table: dict[str, tuple[str, str]] = {}
    try:
        for n, canonical in country_name_forms():
            table[name_key(n)] = ("place", canonical)
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    text = resources.files("newsledger.ledger").joinpath("lexicons/entity_aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, canonical, aliases = line.split("\t")
        for n in [canonical, *aliases.split("|")]:
            table[name_key(n)] = (cls, canonical)
    return table


# -- external id mapping files --------------------------------------------------------------------
_NAME_COLS = ("name", "alias", "label")
_ID_COLS = ("id", "qid", "external_id", "wikidata")


def load_mapping(path: Path) -> dict[str, tuple[str, str]]:
    """Read a name/alias -> external id file (CSV with a header, or JSON); returns key -> (id, label)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the mapping file ({exc})") from exc
    out: dict[str, tuple[str, str]] = {}
    if path.suffix.lower() == ".json":
        try:
            data: Any = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"invalid JSON ({exc}); expected {{name: id}} or [{{name, id, aliases}}]") from exc
        items = data.items() if isinstance(data, dict) else [(d.get("name", ""), d) for d in data]
        for name, val in items:
            if isinstance(val, dict):
                ext = str(val.get("id") or val.get("qid") or "")
                for n in [name, *val.get("aliases", [])]:
                    if n and ext:
                        out[name_key(n)] = (ext, name)
            elif name and val:
                out[name_key(str(name))] = (str(val), str(name))
        return out
    rows = list(csv.DictReader(raw.splitlines()))
    fields = {f.lower().strip(): f for f in (rows[0].keys() if rows else [])}
    ncol = next((fields[c] for c in _NAME_COLS if c in fields), None)
    icol = next((fields[c] for c in _ID_COLS if c in fields), None)
    if ncol is None or icol is None:
        raise InputError(str(path), "CSV mapping needs a header with a name (name|alias|label) and an id (id|qid) column")
    for row in rows:
        if row.get(ncol) and row.get(icol):
            out[name_key(row[ncol])] = (row[icol].strip(), row[ncol].strip())
    return out


@dataclass
class _Candidate:
    doc_id: str
    entity_id: str
    name: str
    type: str
    surfaces: list[str]
    n_mentions: int


class Canonicalizer:
    """Links document entities to canonical entities, incrementally, inside one SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.aliases = alias_table()

    # -- lookups ---------------------------------------------------------------------------
    def _ids_for_key(self, key: str, classes: Iterable[str]) -> list[int]:
        cls = list(classes)
        marks = ",".join("?" * len(cls))
        rows = self.conn.execute(
            f"SELECT DISTINCT canonical_id FROM canonical_keys WHERE key = ? AND class IN ({marks})",  # marks only
            (key, *cls),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def _external(self, keys: list[str]) -> tuple[str, str] | None:
        for k in keys:
            row = self.conn.execute("SELECT external_id, label FROM external_ids WHERE key = ?", (k,)).fetchone()
            if row:
                return str(row[0]), str(row[1] or "")
        return None

    def resolve(self, cand: _Candidate) -> tuple[int | None, str, str | None]:
        """(existing canonical id or None, canonical name, external id) for one document entity."""
        cls = entity_class(cand.type)
        keys = [k for k in dict.fromkeys(name_key(s) for s in [cand.name, *cand.surfaces]) if k]
        ext = self._external(keys)
        if ext:
            row = self.conn.execute("SELECT id, name FROM canonical_entities WHERE external_id = ?", (ext[0],)).fetchone()
            if row:
                return int(row[0]), str(row[1]), ext[0]
        lex_keys = keys
        if cls == "person":  # a person's bare surname mention ("Obama" in Malia Obama's article) is no alias of hers
            names = [person_key(k) for k in keys]
            lex_keys = [k for k in names if " " in k] or names
        lex = next((self.aliases[k] for k in lex_keys if k in self.aliases and _fits(self.aliases[k][0], cls)), None)
        name = lex[1] if lex else cand.name
        if lex:
            cls_options: tuple[str, ...] = (lex[0],) if cls not in _INSTITUTIONAL else _INSTITUTIONAL
            ids = self._ids_for_key(name_key(lex[1]), cls_options)
            if ids:
                return ids[0], name, ext[0] if ext else None
        if cls == "person":
            return self._resolve_person(keys), name, ext[0] if ext else None
        for k in keys:  # exact normalised name or alias
            ids = self._ids_for_key(k, (cls,))
            if len(ids) == 1:
                return ids[0], name, ext[0] if ext else None
        for k in keys:
            if len(k.split()) == 1 and len(k) >= 2 and any(s.isupper() for s in cand.surfaces + [cand.name]):
                ids = self._ids_for_key("acr:" + k, _INSTITUTIONAL)
                if len(ids) == 1:  # only unambiguous fallbacks merge
                    return ids[0], name, ext[0] if ext else None
        return None, name, ext[0] if ext else None

    def _resolve_person(self, keys: list[str]) -> int | None:
        """Across documents a person links by the same full name (titles and a missing middle name aside) or its
        transliteration only:
        "Malia Obama" never joins "Barack Obama", and a bare surname joins nothing but the same bare name."""
        names = [k for k in dict.fromkeys(person_key(k) for k in keys) if k]
        full = [k for k in names if " " in k]
        for k in full or names:  # a full name never links by its bare surname
            ids = self._ids_for_key(k if " " in k else "solo:" + k, ("person",))
            if len(ids) == 1:
                return ids[0]
        for k in full:  # a middle name one report gives and another leaves out ("James Wright Foley")
            words = k.split()
            ids = self._ids_for_key("fl:" + k if len(words) == 2 else f"{words[0]} {words[-1]}", ("person",))
            if len(ids) == 1:
                return ids[0]
        for k in keys:
            sk = skeleton_key(person_key(k))
            ids = self._ids_for_key(sk, ("person",)) if sk else []
            if len(ids) == 1:
                return ids[0]
        return None

    def _keys_for(self, name: str, surfaces: list[str], cls: str, solo: bool = False) -> set[str]:
        keys: set[str] = set()
        for s in [name, *surfaces]:
            k = name_key(s)
            if not k:
                continue
            keys.add(k)
            if cls != "person":
                if cls in _INSTITUTIONAL and (ini := initials_key(k)):
                    keys.add("acr:" + ini)
                continue
            words = person_key(k).split()
            if len(words) >= 2:  # a full name: its key, its surname (for information) and its skeleton
                keys |= {" ".join(words), "sur:" + words[-1]}
                if len(words) >= 3:
                    keys.add(f"fl:{words[0]} {words[-1]}")
                if sk := skeleton_key(" ".join(words)):
                    keys.add(sk)
            elif words and solo and not any(len(person_key(name_key(x)).split()) > 1 for x in surfaces):
                # a bare surname joins the same bare surname only (not a full name it once linked to)
                keys.add("solo:" + words[0])
        return keys

    # -- writing ---------------------------------------------------------------------------
    def link_document(self, doc_id: str) -> set[int]:
        """Link every entity of one stored document; returns the canonical ids touched."""
        touched: set[int] = set()
        by_surname: dict[str, set[int]] = {}  # this document's full-name persons by surname
        cands = sorted(self._candidates(doc_id), key=lambda c: _solo_person(c) is not None)
        for cand in cands:
            solo = _solo_person(cand)
            in_doc = solo is not None and len(by_surname.get(solo, ())) == 1
            cid: int | None
            if in_doc:  # "Obama" in a document naming one "Barack Obama"
                cid, name, ext = next(iter(by_surname[solo or ""])), cand.name, None
            else:
                cid, name, ext = self.resolve(cand)
            cls = entity_class(cand.type)
            lex = self.aliases.get(name_key(name))
            if lex and _fits(lex[0], cls):
                cls = lex[0]
            else:
                lex = None
            if cid is None:
                etype = _CLASS_TYPES.get(cls, cand.type) if lex else cand.type
                cur = self.conn.execute(
                    "INSERT INTO canonical_entities (name, type, class, external_id) VALUES (?,?,?,?)",
                    (name, etype, cls, ext),
                )
                cid = int(cur.lastrowid or 0)
            else:
                self._maybe_rename(cid, name, ext)
            self.conn.executemany(
                "INSERT OR IGNORE INTO canonical_keys (key, class, canonical_id, surface) VALUES (?,?,?,?)",
                [(k, cls, cid, name) for k in self._keys_for(name, [cand.name, *cand.surfaces], cls, solo is not None and not in_doc)],
            )
            self.conn.execute(
                "INSERT OR REPLACE INTO entity_links (doc_id, entity_id, canonical_id) VALUES (?,?,?)",
                (cand.doc_id, cand.entity_id, cid),
            )
            touched.add(cid)
            words = person_key(name_key(cand.name)).split()
            if entity_class(cand.type) == "person" and len(words) >= 2:
                by_surname.setdefault(words[-1], set()).add(cid)
        return touched

    def _maybe_rename(self, cid: int, name: str, ext: str | None) -> None:
        row = self.conn.execute("SELECT name, external_id FROM canonical_entities WHERE id = ?", (cid,)).fetchone()
        cur_name = str(row[0])
        # a full name replaces a surname-only first sighting ("Putin" -> "Vladimir Putin")
        if len(name.split()) > len(cur_name.split()) and name_key(cur_name) in name_key(name).split():
            self.conn.execute("UPDATE canonical_entities SET name = ? WHERE id = ?", (name, cid))
        if ext and not row[1]:
            self.conn.execute("UPDATE canonical_entities SET external_id = ? WHERE id = ?", (ext, cid))

    def _candidates(self, doc_id: str) -> list[_Candidate]:
        row = self.conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return []
        out = []
        for e in json.loads(row[0]).get("entities", []):
            mentions = e.get("mentions", [])
            surfaces = [m["text"] for m in mentions if m.get("kind", "name") in NAME_KINDS] + list(e.get("aliases", []))
            surfaces = [clean or s for s in surfaces if (clean := clean_name(s)) or s]  # "ISIS 08:24\n\nObama" -> "ISIS"
            out.append(_Candidate(doc_id, e["id"], clean_name(e["name"]) or e["name"], e["type"], surfaces, len(mentions)))
        return out

    def recount(self, ids: Iterable[int]) -> None:
        """Refresh document and mention counts of canonical entities; drop the ones left without links."""
        for cid in set(ids):
            n_docs, n_mentions = self.conn.execute(
                "SELECT count(DISTINCT l.doc_id), count(m.rowid) FROM entity_links l"
                " LEFT JOIN mentions m ON m.doc_id = l.doc_id AND m.entity_id = l.entity_id WHERE l.canonical_id = ?",
                (cid,),
            ).fetchone()
            if n_docs == 0:
                self.conn.execute("DELETE FROM canonical_entities WHERE id = ?", (cid,))
            else:
                self.conn.execute(
                    "UPDATE canonical_entities SET n_docs = ?, n_mentions = ? WHERE id = ?", (n_docs, n_mentions, cid)
                )

    def apply_mapping(self, mapping: dict[str, tuple[str, str]]) -> int:
        """Store a mapping and apply it to existing entities (merging entities that share an id); returns merges."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO external_ids (key, external_id, label) VALUES (?,?,?)",
            [(k, ext, label) for k, (ext, label) in mapping.items()],
        )
        by_ext: dict[str, set[int]] = {}
        for key, (ext, _label) in mapping.items():
            for (cid,) in self.conn.execute("SELECT canonical_id FROM canonical_keys WHERE key = ?", (key,)):
                by_ext.setdefault(ext, set()).add(int(cid))
        for (cid, ext) in self.conn.execute("SELECT id, external_id FROM canonical_entities WHERE external_id IS NOT NULL").fetchall():
            by_ext.setdefault(str(ext), set()).add(int(cid))
        merges = 0
        for ext, ids in by_ext.items():
            keep, *rest = sorted(ids)
            self.conn.execute("UPDATE canonical_entities SET external_id = ? WHERE id = ?", (ext, keep))
            for other in rest:
                self.conn.execute("UPDATE OR IGNORE canonical_keys SET canonical_id = ? WHERE canonical_id = ?", (keep, other))
                self.conn.execute("UPDATE entity_links SET canonical_id = ? WHERE canonical_id = ?", (keep, other))
                self.conn.execute("DELETE FROM canonical_entities WHERE id = ?", (other,))
                merges += 1
            self.recount([keep])
        return merges


def _solo_person(cand: _Candidate) -> str | None:
    """The bare surname of a person entity named by one word only ("Obama"), else None."""
    if entity_class(cand.type) != "person":
        return None
    words = person_key(name_key(cand.name)).split()
    return words[0] if len(words) == 1 else None


def canonical_of(conn: sqlite3.Connection, doc_id: str, entity_id: str | None) -> int | None:
    """The canonical id of one document entity, if linked."""
    if not entity_id:
        return None
    row = conn.execute(
        "SELECT canonical_id FROM entity_links WHERE doc_id = ? AND entity_id = ?", (doc_id, entity_id)
    ).fetchone()
    return int(row[0]) if row else None

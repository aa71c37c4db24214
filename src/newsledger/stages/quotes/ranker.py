"""The learned speaker choice: rank the rules' speaker against the entities around the cue, or abstain.

The rules (``speakers.py``, ``turns.py``) give one speaker per attribution. The ranker sees that answer as one
candidate among the people and organisations mentioned in the cue's sentence and the two sentences before it and
the speakers of the two previous attributions, plus "abstain" (the source phrase, unresolved) when the rules named
an entity. Each candidate is a feature vector (``FEATURES``, each also crossed with the kind of source phrase: distance, the syntactic role of its mention, gender
and number agreement with a pronoun source, title match, quotation turns, salience, type); a conditional-logit
model (``models/speaker_ranker.json``, written by ``training/speaker_ranker.py`` from the rounds' train
documents) scores them, and the rules' answer is replaced only when another candidate beats it in probability by
the margin set for what the rules gave (an entity, a literal phrase, an unresolved pronoun, a document, nothing:
chosen on cross-validated train so that a change rarely names a wrong person). Without the model file the rules'
answer stands.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from newsledger.document import Entity, Speaker
from newsledger.stages.entities.gazetteer import gazetteer
from newsledger.stages.quotes.base import Candidate
from newsledger.stages.quotes.speakers import ENTITY, UNRESOLVED, Resolver
from newsledger.stages.quotes.turns import person_gender

MODEL = "models/speaker_ranker.json"
KINDS = ("PERSON", "ORG", "GPE", "NORP")  # entity types that may speak
MAX_CANDIDATES = 12
SUBJECTS = ("nsubj", "nsubjpass")
PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP = ("it", "its", "they", "them", "their", "we")
FEATURES = (
    "rule", "rule_entity", "rule_literal", "rule_unresolved", "rule_written", "rule_none",
    "rule_src_pronoun", "rule_src_name", "rule_src_noun", "abstain", "abstain_src_pronoun", "abstain_src_noun",
    "in_source", "subj_cue", "subj_sent", "appos_source", "same_sent", "prev_sent", "dist", "only_in_content",
    "prev_speaker", "prev2_speaker", "person", "org", "gpe", "norp", "salience", "top_person",
    "gender_match", "gender_mismatch", "group_pron_org", "group_pron_person", "title_match",
    "first_mention_here",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
# Every feature also enters once per kind of source phrase (its product with "the source is a pronoun" ...): what
# counts for "he said" (the previous subject, gender) is not what counts for a named source (the name's entity).
SOURCE_KINDS = ("pronoun", "name", "noun")
RULE_KINDS = ("entity", "literal", "unresolved", "written", "none")
WIDTH = len(FEATURES) * (1 + len(SOURCE_KINDS))


@dataclass
class Choice:
    """One candidate speaker: what it would make the speaker, and its features."""

    speaker: Speaker | None
    x: list[float]
    rule: bool = False


@dataclass(frozen=True)
class SpeakerRanker:
    """Weights of the conditional logit, and by the kind of the rules' answer the probability margin by which
    another candidate must beat it (1.0: never)."""

    weights: tuple[float, ...]
    margins: dict[str, float]

    def probabilities(self, choices: list[Choice]) -> list[float]:
        """Softmax of the candidates' scores."""
        scores = [sum(w * v for w, v in zip(self.weights, c.x, strict=True) if v) for c in choices]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return [e / total for e in exp]

    def pick(self, choices: list[Choice]) -> int:
        """The index of the chosen candidate (the rules' one unless another beats it by the margin)."""
        p = self.probabilities(choices)
        rule = next(i for i, c in enumerate(choices) if c.rule)
        best = max(range(len(p)), key=p.__getitem__)
        return best if p[best] - p[rule] > self.margins.get(rule_kind(choices[rule]), 1.0) else rule


def rule_kind(choice: Choice) -> str:
    """What the rules gave: entity, literal, unresolved, written or none (read off the rules' candidate)."""
    return next((k for k in RULE_KINDS if choice.x[INDEX[f"rule_{k}"]]), "none")


@lru_cache(maxsize=1)
def shipped_ranker() -> SpeakerRanker | None:
    """The ranker beside the stage, or None when no file is shipped (raises on a stale feature list)."""
    res = resources.files("newsledger.stages.quotes").joinpath(MODEL)
    if not res.is_file():
        return None
    raw = json.loads(res.read_text(encoding="utf-8"))
    if tuple(raw["features"]) != FEATURES or len(raw["weights"]) != WIDTH:
        raise ValueError(f"{MODEL} was trained on other features; refit with: python training/speaker_ranker.py")
    return SpeakerRanker(tuple(float(v) for v in raw["weights"]), {k: float(v) for k, v in raw["margins"].items()})


@dataclass
class Chooser:
    """Builds the candidates of each attribution of one document, in text order, and applies the ranker."""

    doc: Doc
    resolver: Resolver
    ranker: SpeakerRanker | None
    record: list[tuple[Candidate, list[Choice]]] | None = None  # (training) every decision with its candidates
    _speakers: list[str | None] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _top: str | None = None
    gender: dict[str, str | None] = field(default_factory=dict)

    def _prepare(self) -> None:
        """Mention counts, genders and the most mentioned person (once, when the first candidates are built)."""
        first_names = gazetteer().first_names
        for ent in self.resolver.entities:
            self._counts[ent.id] = len(ent.mentions)
            if ent.type == "PERSON":
                self.gender[ent.id] = person_gender(ent, first_names)
        people = [e for e in self.resolver.entities if e.type == "PERSON"]
        self._top = max(people, key=lambda e: len(e.mentions)).id if people else None

    def choose(self, cand: Candidate, speaker: Speaker | None) -> Speaker | None:
        """The speaker of a new attribution (the rules' ``speaker`` when no ranker is shipped or it agrees)."""
        kind = "none" if speaker is None else speaker.kind if speaker.kind in RULE_KINDS else "literal"
        live = self.ranker is not None and self.ranker.margins.get(kind, 1.0) < 1.0  # (else the rules stand: no work)
        if cand.cue is not None and (live or self.record is not None):
            choices = self.choices(cand, speaker)
            if self.record is not None:
                self.record.append((cand, choices))
            if live and self.ranker is not None and len(choices) > 1:
                speaker = choices[self.ranker.pick(choices)].speaker
        self._speakers.append(speaker.entity if speaker is not None else None)
        return speaker

    def choices(self, cand: Candidate, speaker: Speaker | None) -> list[Choice]:
        """The rules' answer, abstain (when the rules named an entity) and the entities around the cue."""
        assert cand.cue is not None
        if not self._counts:
            self._prepare()
        doc, src = self.doc, cand.source
        head = src.root if src is not None else None
        pron = head is not None and head.tag_ in ("PRP", "PRP$")
        src_kind = "pronoun" if pron else "name" if head is not None and head.pos_ == "PROPN" else "noun"
        rule_kind = "none" if speaker is None else speaker.kind if speaker.kind in RULE_KINDS else "literal"
        out: list[Choice] = []
        rule_x = self._zero()
        self._on(rule_x, "rule", f"rule_{rule_kind}")
        if head is not None:
            self._on(rule_x, f"rule_src_{src_kind}")
        if speaker is None or speaker.entity is None:
            out.append(Choice(speaker, rule_x, rule=True))
        else:
            ab = self._zero()
            self._on(ab, "abstain", *(["abstain_src_pronoun"] if pron else ["abstain_src_noun"] if src_kind == "noun" else []))
            phrase = self.resolver.text[speaker.start:speaker.end] if speaker.start is not None and speaker.end is not None else speaker.name
            out.append(Choice(Speaker(phrase, None, speaker.start, speaker.end, UNRESOLVED), ab))
        sent = cand.cue.root.sent
        lo_tok = sent.start
        for _ in range(2):
            if lo_tok > 0:
                lo_tok = doc[lo_tok - 1].sent.start
        lo, hi = doc[lo_tok].idx, sent.end_char
        content = (cand.outer_start or cand.start, cand.outer_end or cand.end)
        found: dict[str, list[tuple[int, int, str]]] = {}
        res = self.resolver
        k = bisect.bisect_left(res._starts, lo)
        for s, e, kind, ent in res._mentions[k:]:
            if s >= hi:
                break
            if ent.type in KINDS:
                found.setdefault(res.full_name(ent).id, []).append((s, e, kind))
        for prev in self._speakers[-2:]:
            if prev is not None:
                found.setdefault(prev, [])
        cue_i = cand.cue.root.i
        ranked = sorted(found.items(), key=lambda kv: -max((s for s, _e, _k in kv[1]), default=-1))[:MAX_CANDIDATES]
        rule_ent = speaker.entity if speaker is not None else None
        if rule_ent is not None and rule_ent not in dict(ranked):
            ranked.append((rule_ent, found.get(rule_ent, [])))
        for ent_id, ments in ranked:
            is_rule = ent_id == rule_ent
            found_ent = res.by_id(ent_id)
            if found_ent is None:
                if is_rule:
                    out.append(Choice(speaker, rule_x, rule=True))
                continue
            x = self._entity_features(found_ent, ments, cand, head, pron, cue_i, sent.start_char, content)
            if x[INDEX["only_in_content"]] and not is_rule:
                continue  # named only inside the words attributed: not their speaker (as turns.own_words_link)
            if is_rule:
                for i, v in enumerate(rule_x):
                    x[i] += v
            out.append(Choice(speaker if is_rule else Speaker(found_ent.name, found_ent.id, speaker.start if speaker else None,
                                                               speaker.end if speaker else None, ENTITY), x, rule=is_rule))
        on = [head is not None and src_kind == k for k in SOURCE_KINDS]
        for c in out:
            c.x = c.x + [v if flag else 0.0 for flag in on for v in c.x]
        return out

    def _entity_features(self, ent: Entity, ments: list[tuple[int, int, str]], cand: Candidate, head: object,
                         pron: bool, cue_i: int, sent_start: int, content: tuple[int, int]) -> list[float]:
        doc = self.doc
        x = self._zero()
        src = cand.source
        outside = [(s, e, k) for s, e, k in ments if not (content[0] <= s < content[1])]
        named = [(s, k) for s, _e, k in ments if k != "pronoun"]
        if named and all(content[0] <= s < content[1] for s, _k in named):
            self._on(x, "only_in_content")  # named only inside the quote (a pronoun linked to it outside does not count)
        near = None
        for s, e, _k in outside:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not len(span):
                continue
            tok = span.root
            if src is not None and s < src.end_char and src.start_char < e:
                self._on(x, "in_source")
            if tok.dep_ in SUBJECTS and tok.head.i == cue_i:
                self._on(x, "subj_cue")
            if s >= sent_start:
                self._on(x, "same_sent")
                if tok.dep_ in SUBJECTS:
                    self._on(x, "subj_sent")
            if src is not None and tok.dep_ == "appos" and tok.head.i == src.root.i:
                self._on(x, "appos_source")
            d = abs(tok.i - cue_i)
            near = d if near is None else min(near, d)
        if outside and not x[INDEX["same_sent"]]:
            self._on(x, "prev_sent")
        x[INDEX["dist"]] = math.log1p(near) / 5 if near is not None else 1.0
        if self._speakers and self._speakers[-1] == ent.id:
            self._on(x, "prev_speaker")
        if len(self._speakers) > 1 and self._speakers[-2] == ent.id:
            self._on(x, "prev2_speaker")
        kind = {"PERSON": "person", "ORG": "org", "GPE": "gpe", "NORP": "norp"}.get(ent.type)
        if kind:
            self._on(x, kind)
        x[INDEX["salience"]] = math.log1p(self._counts.get(ent.id, 0)) / 3
        if ent.id == self._top:
            self._on(x, "top_person")
        if ments and min(s for s, _e, _k in ments) == min(m.start for m in ent.mentions):
            self._on(x, "first_mention_here")
        word = src.root.lower_ if src is not None else ""
        if pron and word in PERSONAL:
            g = self.gender.get(ent.id)
            if ent.type == "PERSON" and g is not None:
                self._on(x, "gender_match" if g == PERSONAL[word] else "gender_mismatch")
            elif ent.type != "PERSON":
                self._on(x, "gender_mismatch")
        if pron and word in GROUP:
            self._on(x, "group_pron_person" if ent.type == "PERSON" else "group_pron_org")
        if src is not None and not pron and src.root.pos_ == "NOUN":
            lemma = src.root.lemma_.lower()
            if any(lemma in m.text.lower() for m in ent.mentions if m.kind != "pronoun") or self._titled(ent, lemma):
                self._on(x, "title_match")
        return x

    def _titled(self, ent: Entity, lemma: str) -> bool:
        """The role word stands in the few words before one of the entity's names ("press secretary Jane Roe")."""
        text = self.resolver.text
        return any(lemma in text[max(0, m.start - 40):m.start].lower() for m in ent.mentions if m.kind == "name")

    @staticmethod
    def _zero() -> list[float]:
        return [0.0] * len(FEATURES)

    @staticmethod
    def _on(x: list[float], *names: str) -> None:
        for name in names:
            x[INDEX[name]] = 1.0

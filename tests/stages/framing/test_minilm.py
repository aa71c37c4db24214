"""Tests of the opt-in MiniLM framing tagger: windows, model file, spans on own sentences, voice in accurate mode."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from newsledger.runtime import minilm

if not minilm.available():
    from tests.ml import SKIP_REASON

    pytest.skip(SKIP_REASON, allow_module_level=True)

from newsledger.document import Analysis, Document, Quote, Speaker, TextSpan  # noqa: E402
from newsledger.registry import Context  # noqa: E402
from newsledger.stages.framing.minilm import (  # noqa: E402
    WINDOW_PIECES,
    MiniLMTaggerModel,
    make_windows,
    shared_windows,
    shipped_minilm_tagger,
    token_pieces,
    tuned_layers,
)
from newsledger.stages.framing.model import FramingModelError, TokenView, shipped_tagger  # noqa: E402
from newsledger.stages.framing.stage import OUTLET_VOICE, extract_framing, tagger_spans  # noqa: E402

CLS, SEP = 101, 102


@pytest.fixture(scope="module", autouse=True)
def _release_tagger():  # type: ignore[no-untyped-def]
    """Drop the tagger after this module: later tests fork workers whose memory is checked."""
    yield
    shipped_minilm_tagger.cache_clear()
    gc.collect()


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    return shipped_minilm_tagger()


def _view(nlp, text: str) -> TokenView:  # type: ignore[no-untyped-def]
    return TokenView.from_doc(nlp(text))


# (sentences, pieces per word): short sentences share a window; an over-long one is split
WINDOW_CASES = [
    (["Small town holds a fair.", "Rain is expected later."], 1),
    (["A sentence of several ordinary words is written here."] * 40, 1),
    (["word " * 200 + "."], 2),
]


@pytest.mark.parametrize(("sentences", "per_word"), WINDOW_CASES)
def test_windows_cover_every_token_once_within_budget(nlp, sentences: list[str], per_word: int) -> None:  # type: ignore[no-untyped-def]
    view = _view(nlp, " ".join(sentences))
    pieces = [[7] * per_word if not w.isspace() else [] for w in view.lower]
    windows = make_windows(view, pieces, CLS, SEP)
    covered = [i for w in windows for i in w.tokens]
    assert sorted(covered) == [i for i, p in enumerate(pieces) if p]
    for w in windows:
        assert len(w.ids) <= WINDOW_PIECES and w.ids[0] == CLS and w.ids[-1] == SEP
        assert all(w.ids[f] == 7 for f in w.first)
    if len(sentences) == 2:
        assert len(windows) == 1  # whole sentences are packed together when they fit


def test_windows_keep_sentences_whole_when_they_fit(nlp) -> None:  # type: ignore[no-untyped-def]
    view = _view(nlp, " ".join(["The council met on Monday and approved the new budget for the schools."] * 30))
    windows = make_windows(view, [[5] for _ in view.lower], CLS, SEP)
    for w in windows:
        assert view.sent_start[w.tokens[0]]  # every window begins at a sentence start


def test_token_pieces_uses_the_packaged_tokenizer(tagger) -> None:  # type: ignore[no-untyped-def]
    pieces = token_pieces(tagger.tokenizer, ["the", "unbelievably", "\n\n"])
    assert len(pieces) == 3 and len(pieces[0]) == 1 and len(pieces[1]) >= 1 and pieces[2] == []


def test_model_file_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    model = MiniLMTaggerModel(
        weights={"encoder.layer.5.output.dense.bias": rng.standard_normal(384)},
        head_weight=rng.standard_normal((2, 384)), head_bias=np.zeros(2),
        techniques=["A", "B"], thresholds={"B": (0.5, 0.3)}, meta={"epoch": 3},
    )
    path = tmp_path / "m.npz"
    model.save(str(path))
    back = MiniLMTaggerModel.from_bytes(path.read_bytes())
    assert back.techniques == ["A", "B"] and back.thresholds == {"B": (0.5, 0.3)} and back.meta == {"epoch": 3}
    bias = back.weights["encoder.layer.5.output.dense.bias"]
    assert np.allclose(bias, model.weights["encoder.layer.5.output.dense.bias"], atol=1e-2)


def test_unreadable_model_file_says_how_to_fix() -> None:
    with pytest.raises(FramingModelError, match="training/framing_minilm.py"):
        MiniLMTaggerModel.from_bytes(b"not a model")


def test_tuned_layers_replace_the_base_layers(tagger) -> None:  # type: ignore[no-untyped-def]
    import torch

    name = next(k for k in tagger.model.weights if k.endswith("output.dense.weight"))
    tuned = tagger.encoder.state_dict()[name]
    assert torch.allclose(tuned, torch.from_numpy(tagger.model.weights[name]))
    assert not torch.allclose(tuned, minilm.load_minilm().model.state_dict()[name])  # the shared encoder is untouched


def test_shipped_tagger_loads_and_covers_loaded_language(tagger) -> None:  # type: ignore[no-untyped-def]
    assert "Loaded_Language" in tagger.techniques
    assert tagger.model.meta.get("trained_on", "").startswith("PTC")


# own sentences, each with loaded wording the tagger should mark as Loaded_Language
LOADED_CASES = [
    ("The despicable, disgusting mob of thugs shamelessly destroyed our beautiful town.", ("despicable", "disgusting", "thugs", "shamelessly")),
    ("This outrageous, evil scheme is a shocking betrayal of every decent citizen.", ("outrageous", "evil", "shocking", "betrayal")),
]


@pytest.mark.parametrize(("text", "loaded_words"), LOADED_CASES)
def test_tags_loaded_sentence(nlp, tagger, text: str, loaded_words: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    spans = [(s, e) for s, e, tech, _ in tagger.spans(doc) if tech == "Loaded_Language"]
    marked = {t.lower_ for s, e in spans for t in doc[s:e]}
    assert marked & set(loaded_words)


def test_neutral_sentence_has_no_loaded_span(nlp, tagger) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The committee will meet on Tuesday at ten to discuss the school bus timetable.")
    assert not [x for x in tagger.spans(doc) if x[2] == "Loaded_Language"]


def _run(nlp, text: str, quotes: list[Quote], accurate: bool):  # type: ignore[no-untyped-def]
    document = Document(id="t", text=text, outlet="The Daily Example")
    analysis = Analysis(document=document, quotes=quotes)
    return extract_framing(Context(document=document, doc=nlp(text), analysis=analysis, accurate=accurate))


def test_accurate_spans_follow_token_boundaries(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Critics called the plan a disgraceful, idiotic fraud. The vile cut-of-his-jib crowd cheered wildly!"
    doc = nlp(text)
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t) for t in doc}
    framing = _run(nlp, text, [], accurate=True)
    assert framing
    for f in framing:
        assert f.start in starts and f.end in ends and text[f.start : f.end] == f.text


def test_accurate_voice_comes_from_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    content = "These despicable, disgusting traitors have shamelessly betrayed our glorious nation."
    text = f'The weather was mild on Friday. Senator Mara Quill said: "{content}"'
    start = text.index(content)
    quote = Quote(id="q1", kind="direct", speaker=Speaker("Mara Quill", None, None, None), cue=None,
                  content=TextSpan(start, start + len(content), content))
    framing = _run(nlp, text, [quote], accurate=True)
    inside = [f for f in framing if f.start >= start]
    assert inside and all(f.voice == "Mara Quill" and f.quote == "q1" for f in inside)
    assert all(f.voice == OUTLET_VOICE for f in framing if f.end <= start)


def test_default_mode_is_the_cheap_tagger(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The despicable scheme was a shocking betrayal of decent voters."
    document = Document(id="t", text=text)
    doc = nlp(text)
    ctx = Context(document=document, doc=doc, analysis=Analysis(document=document), accurate=False)
    assert tagger_spans(ctx) == shipped_tagger().spans(doc)


def test_untuned_modules_are_shared_with_the_base_encoder(tagger) -> None:  # type: ignore[no-untyped-def]
    base = minilm.load_minilm().model
    own = tuned_layers(tagger.model.weights)
    assert own and tagger.encoder.embeddings is base.embeddings
    for i, layer in enumerate(tagger.encoder.encoder.layer):
        assert (layer is base.encoder.layer[i]) == (i not in own)


def test_model_file_may_only_replace_encoder_layers() -> None:
    with pytest.raises(FramingModelError, match="not an encoder layer"):
        tuned_layers({"embeddings.word_embeddings.weight": np.zeros(1)})


def test_lower_layers_are_computed_once_per_document(nlp, tagger) -> None:  # type: ignore[no-untyped-def]
    view = _view(nlp, "The mayor opened the new bridge. Crowds cheered the long-awaited crossing.")
    cache: dict[str, object] = {}
    first = shared_windows(view, tagger.first, cache)
    assert shared_windows(view, tagger.first, cache) is first  # a second tagger reads the same states
    assert np.allclose(tagger.probabilities(view, cache), tagger.probabilities(view))
    assert sorted(i for w, _ in first for i in w.tokens) == [i for i, w in enumerate(view.lower) if w.strip()]

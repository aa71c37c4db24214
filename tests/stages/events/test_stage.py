"""The events stage on sentences written for these tests (dates and quotes records built by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.document import Event, Quote, Speaker, TextSpan, Timex
from newsledger.ingest.text import make_document
from newsledger.pipeline import Failure, Pipeline
from newsledger.registry import Context
from newsledger.stages.events.merge import same_name, summary
from newsledger.stages.events.stage import extract_events

PUBLISHED = date(2024, 9, 10)
# Why a row is a known miss of the shipped model (strict: a row that passes again fails until its mark goes).
R = "the trigger model refitted on 450 round documents (2026-12-07) "


def timex(text: str, phrase: str, value: str, precision: str) -> Timex:
    start = text.index(phrase)
    return Timex(start=start, end=start + len(phrase), text=phrase, type="DATE", value=value, precision=precision)


def run(pipeline: Pipeline, text: str, timexes: list[Timex] | None = None, quotes: list[Quote] | None = None) -> list[Event]:
    """Run the real pipeline, then the events stage again with the given timex and quote records."""
    document = make_document(text, id="t", published=PUBLISHED)
    doc = pipeline.nlp(text)
    analysis = pipeline.run_stages(document, doc)
    analysis.timexes = timexes or []
    analysis.quotes = quotes or []
    return extract_events(Context(document=document, doc=doc, analysis=analysis))


def one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


@pytest.mark.parametrize(
    ("text", "etype", "trigger"),
    [
        ("Lithuania signed a defence agreement with Poland.", "AGREE", "signed"),
        ("Iran conducted a missile test near the coast.", "MOBILIZE", "test"),
        # codebook: joint exercises are COOPERATE (the event-type model of round seventeen, models/typer.npz, fixed it)
        ("Japan and Australia held joint naval exercises near Okinawa.", "COOPERATE", "exercises"),
        ("The Chilean president praised the rescue workers of Peru.", "SUPPORT", "praised"),
        pytest.param("Brazil sent a warm greeting to the Argentine people.", "SUPPORT", "sent", marks=pytest.mark.xfail(
            strict=True, reason="the trigger model with word vectors (2026-12-07) types this greeting CONSULT")),
        ("The ministers of Kenya and Ethiopia met in Nairobi.", "CONSULT", "met"),
        ("Syrian forces attacked the convoy near Aleppo.", "ASSAULT", "attacked"),
        ("Cuba condemned the blockade imposed by the United States.", "DISAPPROVE", "condemned"),
        ("Ottawa urged Beijing to release the detained journalists.", "DEMAND", "urged"),
        ("Egypt announced the deployment of troops to the Libyan border.", "MOBILIZE", "deployment"),
        ("The general reported the complete liberation of the Kherson region.", "ASSAULT", "liberation"),
        ("Jordan carried out a drone strike on a smugglers' camp in Syria.", "ASSAULT", "strike"),
        ("Finland held a phone call with Sweden on Tuesday.", "CONSULT", "call"),
        ("A court in Minsk sentenced the activist to ten years in prison.", "COERCE", "sentenced"),
    ],
)
def test_trigger_types(pipeline: Pipeline, text: str, etype: str, trigger: str) -> None:
    """The trigger is the word or a short phrase holding it ("held a phone call")."""
    event = one(run(pipeline, text), etype)
    assert trigger in event.trigger.text.split() and len(event.trigger.text.split()) <= 5
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text


@pytest.mark.parametrize(
    ("text", "etype", "actor", "sector", "target"),
    [
        ("Belarusian soldiers attacked a Polish patrol.", "ASSAULT", "BLR", "military", "POL"),
        ("The convoy was attacked by Syrian troops.", "ASSAULT", "SYR", "military", None),
        ("India criticised Pakistan on Monday.", "DISAPPROVE", "IND", None, "PAK"),
    ],
)
def test_roles(pipeline: Pipeline, text: str, etype: str, actor: str, sector: str | None, target: str | None) -> None:
    """Actor and target by country (a description such as "Belarusian soldiers" keeps its words)."""
    event = one(run(pipeline, text), etype)
    assert event.actor is not None and event.actor.country == actor
    assert event.actor.sector == sector
    if target is None:
        assert event.target is None or event.target.country is None
    else:
        assert event.target is not None and event.target.country == target


def test_place_and_country(pipeline: Pipeline) -> None:
    event = one(run(pipeline, "Ukrainian drones attacked an oil depot in the Bryansk region."), "ASSAULT")
    assert event.actor is not None and event.actor.country == "UKR"
    assert event.where is not None and "Bryansk" in event.where.name


def test_clause_date_beats_attribution(pipeline: Pipeline) -> None:
    text = "On 3 May, Chile said that Peru had signed the fishing treaty in April 2021."
    events = run(pipeline, text, [timex(text, "3 May", "2024-05-03", "day"), timex(text, "April 2021", "2021-04", "month")])
    event = one(events, "AGREE")
    assert event.when is not None and (event.when.value, event.when.precision, event.when.source) == ("2021-04", "month", "clause")
    assert event.claimed_by is not None and event.claimed_by.name == "Chile"
    assert event.modality == "reported"


def test_attribution_date(pipeline: Pipeline) -> None:
    """The date of "said on 3 May" dates the event only if it is clearly that day (codebook): never another."""
    text = "On 3 May, Chile said that Peruvian troops had attacked a border post."
    event = one(run(pipeline, text, [timex(text, "3 May", "2024-05-03", "day")]), "ASSAULT")
    assert event.when is None or event.when.value == "2024-05-03"
    assert event.claimed_by is not None and event.claimed_by.name == "Chile"


@pytest.mark.parametrize(
    ("text", "etype", "dated"),
    [
        ("Cuba has arrested ten protesters.", "COERCE", False),  # codebook: a present perfect alone is no date
        ("Norway arrested ten protesters today.", "COERCE", True),
        ("Norway arrested ten protesters.", "COERCE", False),
    ],
)
def test_publication_date_only_when_implied(pipeline: Pipeline, text: str, etype: str, dated: bool) -> None:
    timexes = [timex(text, "today", "2024-09-10", "day")] if "today" in text else []
    event = one(run(pipeline, text, timexes), etype)
    if dated:
        assert event.when is not None and (event.when.value, event.when.source) == ("2024-09-10", "publication")
    else:
        assert event.when is None


def test_quote_record_gives_claim(pipeline: Pipeline) -> None:
    text = '"Our units attacked the bridge at dawn," the colonel told reporters.'
    content = text[1 : text.index(",")]
    quote = Quote(id="Q7", kind="direct", speaker=Speaker(name="the colonel", entity=None, start=None, end=None),
                  cue=None, content=TextSpan(1, 1 + len(content), content), when="2024-09-09")
    event = one(run(pipeline, text, quotes=[quote]), "ASSAULT")
    assert event.claimed_by is not None and (event.claimed_by.name, event.claimed_by.quote) == ("the colonel", "Q7")
    assert event.actor is not None and event.actor.name == "the colonel"  # "our units": the speaker's side
    assert event.when is None or event.when.value == "2024-09-09"


def test_narrator_assertion_has_no_claim(pipeline: Pipeline) -> None:
    event = one(run(pipeline, "Turkish jets bombed a depot in northern Iraq."), "ASSAULT")
    assert event.claimed_by is None and event.modality == "asserted"


@pytest.mark.parametrize(
    ("text", "etype", "modality"),
    [
        ("Kenya stated that a memorial would be built in Nairobi to honour the victims.", "SUPPORT", "planned"),
        ("Egypt plans to deploy troops to the border.", "MOBILIZE", "planned"),
        ("Iran denied that its drones attacked the tanker.", "ASSAULT", "denied"),
        ("Greece said that Albanian police arrested two fishermen.", "COERCE", "reported"),
        ("The minister never met the rebel leaders.", "CONSULT", "negated"),
        ("The senators are expected to meet the envoy on Friday.", "CONSULT", "planned"),
        ("Ukraine may strike the bridge again, officials warned.", "ASSAULT", "hypothetical"),
        ("Officials denied that soldiers beat the protesters.", "ASSAULT", "denied"),
    ],
)
def test_modality(pipeline: Pipeline, text: str, etype: str, modality: str) -> None:
    assert one(run(pipeline, text), etype).modality == modality


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Poland did not attack Belarus.", "negated"),
        ("Turkey could shell the region if talks fail.", "hypothetical"),  # (an invasion is FIGHT as often as ASSAULT)
    ],
)
def test_negated_and_hypothetical_are_recorded_with_their_modality(pipeline: Pipeline, text: str, modality: str) -> None:
    assert one(run(pipeline, text), "ASSAULT").modality == modality


@pytest.mark.parametrize(
    "text",
    [
        "The pact provides for assistance in case of an attack.",
        "Nobody expects any attack on the island.",
    ],
)
def test_generic_mentions_are_not_events(pipeline: Pipeline, text: str) -> None:
    assert [e for e in run(pipeline, text) if e.type in ("ASSAULT", "AID")] == []


def test_repeated_mentions_merge(pipeline: Pipeline) -> None:
    text = "Chile criticised Peru over the fishing dispute. Chile's criticism of Peru was unusually sharp."
    events = run(pipeline, text)
    assert len([e for e in events if e.type == "DISAPPROVE"]) == 1


def test_object_of_another_event_is_its_target(pipeline: Pipeline) -> None:
    """The condemned tests are Morocco's: Morocco is the target of the condemnation, never its actor."""
    event = one(run(pipeline, "Spain condemned Morocco's missile tests."), "DISAPPROVE")
    assert event.actor is not None and event.actor.name == "Spain"
    assert event.target is not None and event.target.name == "Morocco"


def test_ids_and_summary(pipeline: Pipeline) -> None:
    events = run(pipeline, "Mexico praised Canada. Canada criticised Cuba.")
    assert [e.id for e in events] == ["V1", "V2"]
    assert events[0].summary == summary(events[0])
    assert events[0].summary.split(" – ")[:3] == ["Mexico", "SUPPORT", "Canada"]
    assert events[0].summary.endswith("undated")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Gerasimov", "Valery Gerasimov", True), ("Kim", "Kim Jong Un", False), ("Chile", "Chile", True), ("Peru", "Chile", False)],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


@pytest.mark.xfail(strict=True, reason=R + "types 'dismissed the report' REJECT (as new rounds' annotators often did)")
def test_explicit_dismissal_is_disapproval(pipeline: Pipeline) -> None:
    """The act is the verb that says it ("dismissed"), not the quote that follows."""
    text = 'Chile dismissed the report. "These are lies spread by Peru," the Chilean foreign minister wrote on Sunday.'
    event = one(run(pipeline, text), "DISAPPROVE")
    assert event.trigger.text == "dismissed"
    assert event.actor is not None and event.actor.name == "Chile"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Venezuela accused Colombia of trying to sabotage the election.", True),
        ("Venezuela suggested that Colombia had tried to improve the election.", False),
    ],
)
def test_accusation_is_disapproval(pipeline: Pipeline, text: str, found: bool) -> None:
    events = [e for e in run(pipeline, text) if e.type == "DISAPPROVE"]
    assert bool(events) is found
    if found:
        assert events[0].actor is not None and events[0].actor.name == "Venezuela"
        assert events[0].target is not None and events[0].target.name == "Colombia"


def test_first_person_in_a_quote_is_the_speaker(pipeline: Pipeline) -> None:
    text = '"We will build a memorial in Lima to honour the miners," Pedro Quispe said.'
    content = text[1 : text.index(",")]
    quote = Quote(id="Q2", kind="direct", speaker=Speaker(name="Pedro Quispe", entity=None, start=None, end=None),
                  cue=None, content=TextSpan(1, 1 + len(content), content))
    event = one(run(pipeline, text, quotes=[quote]), "SUPPORT")
    assert event.actor is not None and event.actor.name == "Pedro Quispe"
    assert event.modality == "planned"


@pytest.mark.parametrize(
    "text",
    [
        "Bolivia struck a deal with its creditors.",
        "The budget was met with anger in Quito.",
        "The new plant will meet the demand of Uruguay.",
        "The Senator fought cancer for years.",
    ],
)
def test_lookalikes_are_not_events(pipeline: Pipeline, text: str) -> None:
    assert [e for e in run(pipeline, text) if e.type in ("ASSAULT", "CONSULT", "FIGHT")] == []


def test_city_modifier_is_the_place(pipeline: Pipeline) -> None:
    event = one(run(pipeline, "Police reported fresh Aleppo clashes between rival militias."), "FIGHT")
    assert event.where is not None and event.where.name == "Aleppo"
    assert event.actor is None or event.actor.name != "Aleppo"


def test_visit_destination_is_the_place(pipeline: Pipeline) -> None:
    event = one(run(pipeline, "Chile's president ended his three-day visit to Peru."), "CONSULT")
    assert event.target is not None and event.target.name == "Peru"
    assert event.where is not None and event.where.name == "Peru"


ARTICLE = (
    "On March 3, 2024, Ruritanian Chief of Staff Anton Varga reported to President Elena Kos about the complete "
    "liberation of the Vardo region from the forces of Moldavia. In May, Varga declared that Ruritania would "
    "continue to support Bulgaria. The defence pact between Ruritania and Bulgaria was signed in June 2023."
)


def test_whole_pipeline_on_an_article(pipeline: Pipeline) -> None:
    """The real dates and quotes stages feed the events stage (no hand-made records)."""
    document = make_document(ARTICLE, id="a", published=PUBLISHED)
    events = pipeline.analyze_document(document).events
    liberation = one(events, "ASSAULT")
    assert liberation.trigger.text == "liberation"
    assert liberation.when is not None and liberation.when.value == "2024-03-03"
    assert liberation.claimed_by is not None and "Varga" in liberation.claimed_by.name
    assert liberation.where is not None and "Vardo" in liberation.where.name
    support = one(events, "SUPPORT")
    assert support.when is not None and (support.when.value, support.when.source) == ("2024-05", "attribution")
    assert support.actor is not None and support.actor.name == "Ruritania"
    agree = one(events, "AGREE")
    assert agree.when is not None and agree.when.value == "2023-06"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Analysis of the crisis.\nIf talks stall, the navy blockades the strait and Iran attacks the fleet.", False),
        ("Analysis of the crisis.\nIran attacked the fleet on Monday.", True),
        ("Iran attacks tanker in the Gulf\nThe navy said the damage was minor.", True),
    ],
)
def test_generic_present_is_not_reported_as_an_event(pipeline: Pipeline, text: str, kept: bool) -> None:
    """A scenario may be recorded, but never as something that happened."""
    happened = [e for e in run(pipeline, text) if e.type == "ASSAULT" and e.modality in ("asserted", "reported")]
    assert bool(happened) is kept


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Kenya called for an immediate ceasefire in Sudan.", True),
        pytest.param("Kenya called the plan a step forward for the region.", False,
                     marks=pytest.mark.xfail(strict=True, reason=R + "reads 'called the plan' as a DEMAND")),
    ],
)
def test_call_for_is_a_demand(pipeline: Pipeline, text: str, found: bool) -> None:
    assert bool([e for e in run(pipeline, text) if e.type == "DEMAND"]) is found


@pytest.mark.parametrize(
    ("text", "assault"),
    [
        ("Torrential rain killed more than 200 people in the region.", False),
        ("An earthquake killed forty villagers in the mountains.", False),
        ("Two hikers were killed in a landslide on Sunday.", False),
        ("Artillery fire killed three soldiers near the river.", True),
        ("Rebel fighters killed two policemen in the capital.", True),
    ],
)
def test_deaths_from_hazards_are_not_assaults(pipeline: Pipeline, text: str, assault: bool) -> None:
    assert any(e.type == "ASSAULT" for e in run(pipeline, text)) is assault


def test_possessive_inside_its_own_antecedents_coordination_terminates(pipeline: Pipeline) -> None:
    """'rebel fighters and their allies': the possessive resolves to the coordination it sits in, which
    must not recurse without bound (found on AFP/Xinhua wire copy)."""
    text = "Police blamed Hezbollah gunmen and their Syrian allies for the attack on the depot."
    document = make_document(text, id="t", published=PUBLISHED)
    analysis = pipeline.run_stages(document, pipeline.nlp(text))
    assert not analysis.errors


@pytest.mark.parametrize(
    ("text", "etype", "actor"),
    [
        ('"They must stop the shelling now," the Ukrainian foreign minister said.', "DEMAND",
         "the Ukrainian foreign minister"),
        pytest.param('The mayor of Leeds said: "This plan is a shameful betrayal, and I condemn it."', "DISAPPROVE",
                     "The mayor of Leeds",
                     marks=pytest.mark.xfail(strict=True, reason=R + "records 'betrayal' and 'condemn' as two events")),
    ],
)
def test_the_speaker_performs_the_verbal_act_of_a_quote(pipeline: Pipeline, text: str, etype: str, actor: str) -> None:
    """A demand or a condemnation in a quote with no other actor in it is the speaker's."""
    analysis = pipeline.analyze_document(make_document(text, id="t", published=PUBLISHED))
    assert not isinstance(analysis, Failure)
    event = one(analysis.events, etype)
    assert event.actor is not None  # the speaker's words, or the name of the entity they resolve to
    assert event.actor.name.lower().removeprefix("the ") == actor.lower().removeprefix("the ")

"""Near-duplicate linking across the ledger, on stories written for these tests."""

from __future__ import annotations

from pathlib import Path

from newsledger.document import Analysis, Removed
from newsledger.ingest.text import make_document
from newsledger.ledger import Ledger
from newsledger.stages.clean.dedup import canonical_id, count_sources, duplicates_of, link_duplicates

WIRE = (
    "VELDEN (Courier Wire) — The harbour authority of Port Elnor said on Tuesday that its new container terminal "
    "will open in March, two years later than first planned, after a long dispute over dredging permits delayed "
    "the works. Authority chair Mira Castell told reporters that the terminal would double the port's container "
    "capacity and bring about four hundred permanent jobs to the coastal district. Fishermen's groups had opposed "
    "the dredging, arguing that silt from the channel would damage the oyster beds north of the harbour, but a "
    "court in Velden dismissed their complaint in January. The regional government has promised to monitor water "
    "quality for five years after the terminal opens and to compensate oyster farmers if the harvest falls below "
    "the average of the last decade. Castell said the first ship was expected at the new quay in the second week "
    "of March and that rail links to the terminal would follow by the end of the year."
)
# A republication: new headline line, last sentence cut, a subscribe line appended.
REPUBLISHED = (
    "Port terminal finally gets opening date\n"
    + WIRE.rsplit(" Castell said", 1)[0]
    + "\nSubscribe to the Harbour Review newsletter!"
)
# Another story on the same event, written independently.
OTHER = (
    "Oyster farmers north of Port Elnor say they fear for their harvest now that the container terminal has an "
    "opening date. 'We lost the court case, but the silt will not care about the ruling,' said one farmer, who "
    "asked not to be named. The farmers' cooperative plans its own water sampling from April and will publish "
    "the results every month, its spokeswoman said, adding that the compensation promised by the regional "
    "government had not yet been written into any contract."
)


def _store(ledger: Ledger, doc_id: str, text: str, published: str, removed: list[Removed] | None = None) -> None:
    ledger.store(Analysis(document=make_document(text, id=doc_id, published=published), removed=removed or []))


def test_copies_link_to_the_earliest(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        sub = REPUBLISHED.rindex("Subscribe")
        _store(ledger, "repub", REPUBLISHED, "2024-05-16", [Removed(sub, len(REPUBLISHED), "boilerplate", "subscribe prompt")])
        _store(ledger, "wire", WIRE, "2024-05-14")
        _store(ledger, "other", OTHER, "2024-05-15")
        _store(ledger, "wire-copy", WIRE.replace("Courier Wire", "Elnor Daily"), "2024-05-15")
        assert link_duplicates(ledger) == 2
        assert canonical_id(ledger, "repub") == "wire"
        assert canonical_id(ledger, "wire-copy") == "wire"
        assert canonical_id(ledger, "wire") == "wire" and canonical_id(ledger, "other") == "other"
        assert duplicates_of(ledger, "wire") == ["repub", "wire-copy"]
        assert count_sources(ledger, ["wire", "repub", "wire-copy", "other"]) == 2
        view = dict(ledger.conn.execute("SELECT doc_id, canonical_id FROM canonical_documents").fetchall())
        assert view == {"wire": "wire", "repub": "wire", "wire-copy": "wire", "other": "other"}
        assert link_duplicates(ledger) == 2  # idempotent


def test_no_duplicates(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        _store(ledger, "a", WIRE, "2024-05-14")
        _store(ledger, "b", OTHER, "2024-05-15")
        assert link_duplicates(ledger) == 0
        assert count_sources(ledger, ["a", "b"]) == 2

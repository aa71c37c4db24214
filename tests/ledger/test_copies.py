"""Paraphrased wire copy: two outlets sharing long runs of prose count as one source; shared quotations do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Analysis, Document
from newsledger.ledger import Ledger
from newsledger.ledger.sources import independent_groups, shared_copy

WIRE = ("Crews from three counties worked through the night to contain the blaze that began near the old mill "
        "on the edge of Harwick late on Tuesday. The fire destroyed two warehouses and a row of empty sheds before "
        "the wind turned back toward the river and firefighters were able to hold the line along the rail yard.")
# The same wire story with a new opening, a changed word and a dropped clause (what outlets do to wire copy).
EDITED = ("Firefighters in Harwick battled flames overnight. Crews from three counties worked through the night to "
          "contain the fire that began near the old mill on the edge of Harwick late on Tuesday. The fire destroyed "
          "two warehouses and a row of empty sheds before the wind turned back toward the river.")
# Independent reporting of the same fire, quoting the same official word for word.
OWN = ("A blaze at a disused mill in Harwick kept firefighters busy until dawn, the county said. "
       '"We were able to hold the line along the rail yard once the wind turned back toward the river," the fire chief said.')
OTHER = ("Reporters at the scene saw smoke over Harwick on Tuesday night as two warehouses burned. "
         '"We were able to hold the line along the rail yard once the wind turned back toward the river," the fire chief said.')


@pytest.mark.parametrize(("a", "b", "copy"), [
    (WIRE, EDITED, True),   # paraphrased around long copied runs
    (WIRE, WIRE, True),
    (OWN, OTHER, False),    # one quotation in common is no copy
    (WIRE, OWN, False),     # the same facts in other words
    ("", WIRE, False),
])
def test_shared_copy(a: str, b: str, copy: bool) -> None:
    assert shared_copy(a, b) is copy
    assert shared_copy(b, a) is copy


def test_paraphrased_wire_copy_is_one_source(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        for doc_id, outlet, text in (("a", "Daily Post", WIRE), ("b", "Evening Star", EDITED), ("c", "Valley News", OWN)):
            ledger.store(Analysis(Document(doc_id, text, outlet=outlet)))
        groups = independent_groups(ledger.conn, ["a", "b", "c"])
        assert sorted(sorted(d.doc_id for d in g) for g in groups) == [["a", "b"], ["c"]]

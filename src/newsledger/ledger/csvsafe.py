"""CSV cells that spreadsheets cannot run: text starting with a formula character is quoted with an apostrophe.

Article text is hostile: a cell "=HYPERLINK(...)" or "+cmd|..." opened in a spreadsheet would be evaluated
(CSV/formula injection). Every text cell of every CSV export goes through ``safe_cell``; numbers stay numbers.
"""

from __future__ import annotations

from typing import Any

# Leading characters spreadsheets read as the start of a formula (OWASP: =, +, -, @, tab, carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell: text that a spreadsheet would evaluate gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

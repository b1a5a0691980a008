"""Tables in note text: a header row of column names and the rows under it.

Feeds deliver tables as tab-separated, pipe-separated or comma-separated (CSV) lines. A
column is found by its header cell's name; its cells are read by offset, so what is read
from them indexes the note text exactly.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SEPARATORS = ("\t", "|", ",")
# A CSV header is a row of short names, never a sentence with commas in it.
_CSV_NAME = re.compile(r"[A-Za-z][\w .()/#-]{0,39}")
_RULE_LINE = re.compile(r"[ \t]*[-=:]*\+[-=+: \t]*")  # '+-----+-----+', and psql's '------+------'
_RULE_CELL = re.compile(r"[-=:+ ]*")
MAX_ROWS = 200


@dataclass(frozen=True)
class Column:
    """One column of one table: its header cell and its cells in the rows under it, (start, end)."""

    header: tuple[int, int]
    cells: tuple[tuple[int, int], ...]


def _trimmed(text: str, left: int, right: int) -> tuple[int, int]:
    while left < right and text[left] in " \t":
        left += 1
    while right > left and text[right - 1] in " \t":
        right -= 1
    return left, right


def cells(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of the row text[start:end], spaces around it left out
    (and a CSV cell's quotes: a separator inside them belongs to the cell)."""
    found, position = [], start
    while True:
        left, _ = _trimmed(text, position, end)
        if separator == "," and left < end and text[left] == '"':
            close = text.find('"', left + 1, end)
            while close >= 0 and text.startswith('""', close):  # a doubled quote inside the cell
                close = text.find('"', close + 2, end)
            if close > 0:
                stop = text.find(separator, close, end)
                stop = end if stop < 0 else stop
                found.append(_trimmed(text, left + 1, close))
                if stop == end:
                    return found
                position = stop + 1
                continue
        stop = text.find(separator, position, end)
        stop = end if stop < 0 else stop
        found.append(_trimmed(text, position, stop))
        if stop == end:
            return found
        position = stop + 1


def columns(text: str, is_named: re.Pattern) -> Iterator[Column]:
    """Each table column whose header cell `is_named` matches in full, with its cells below
    (rule rows such as '|---|---|' left out) until a row of another shape ends the table."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for index, (start, end) in enumerate(lines):
        for separator in SEPARATORS:
            if text.count(separator, start, end) < 2:
                continue
            header = cells(text, start, end, separator)
            if separator == "," and not all(_CSV_NAME.fullmatch(text, a, b) for a, b in header):
                continue
            column = next((k for k, (a, b) in enumerate(header) if is_named.fullmatch(text[a:b])), None)
            if column is None:
                continue
            below = []
            for row_start, row_end in lines[index + 1:index + 1 + MAX_ROWS]:
                if _RULE_LINE.fullmatch(text, row_start, row_end):
                    continue  # a drawn border: '+--------+-------+'
                row = cells(text, row_start, row_end, separator)
                if len(row) != len(header) and separator == ",":  # a CSV row read as tab-separated cells
                    row = cells(text, row_start, row_end, "\t")
                if len(row) != len(header):
                    break  # the table ended
                a, b = row[column]
                if a < b and _RULE_CELL.fullmatch(text, a, b):
                    continue
                below.append((a, b))
            yield Column(header[column], tuple(below))
            break


_DATE_CELL = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}|(?:19|20)\d{6}")


def date_cells(text: str, named: dict[str, re.Pattern]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of the dates in the columns named for a kind of date
    (`{"dob": ..., "dos": ...}`). A column of service dates counts only when it has one row:
    a list of encounters dates none of them."""
    found = []
    for kind, is_named in named.items():
        for column in columns(text, is_named):
            dates = [(kind, a, b) for a, b in column.cells if _DATE_CELL.fullmatch(text, a, b)]
            if kind != "dos" or len(column.cells) == 1:
                found.extend(dates)
    return found

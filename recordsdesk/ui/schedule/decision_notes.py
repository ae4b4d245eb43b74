"""The decision notes of an import run, gathered from every file: grouped by kind with counts
and first examples, filtered, and written out as CSV for an analyst's go-live audit."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from recordsdesk.feeds import NoticeKind
from recordsdesk.services.schedule import ImportReport

# How many first places a kind's summary names.
EXAMPLES = 3


@dataclass(frozen=True)
class NoteRow:
    """One decision note and the file it came from; ``count`` messages share it."""

    file: str
    position: str
    kind: NoticeKind
    reason: str
    count: int = 1


@dataclass(frozen=True)
class KindRow:
    """One kind of decision: on how many messages it was taken, and where first."""

    kind: NoticeKind
    count: int
    examples: tuple[NoteRow, ...]

    @property
    def first_places(self) -> str:
        return "; ".join(f"{n.file} {n.position}" for n in self.examples)


def notes_of(reports: Iterable[tuple[str, ImportReport]]) -> list[NoteRow]:
    """Every file's notes in file order, each file's in the order of its messages."""
    return [
        NoteRow(name, n.position, n.kind, n.reason, n.count)
        for name, report in reports
        for n in report.notices
    ]


def by_kind(notes: Sequence[NoteRow]) -> list[KindRow]:
    """One row per kind met, in the order kinds are declared, with the first places."""
    found: dict[NoticeKind, list[NoteRow]] = {}
    for note in notes:
        found.setdefault(note.kind, []).append(note)
    return [
        KindRow(kind, sum(n.count for n in found[kind]), tuple(found[kind][:EXAMPLES]))
        for kind in NoticeKind
        if kind in found
    ]


def of_kind(notes: Sequence[NoteRow], kind: NoticeKind | None) -> list[NoteRow]:
    """The notes of one kind (None: all of them)."""
    return [n for n in notes if kind is None or n.kind is kind]


def save_notes(notes: Sequence[NoteRow], path: str | Path) -> None:
    """Write ``notes`` as a CSV file (UTF-8 with a byte-order mark, so that Excel reads it)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "where", "kind", "messages", "note"])
        for note in notes:
            writer.writerow([note.file, note.position, note.kind.value, note.count, note.reason])

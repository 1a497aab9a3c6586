"""What an import kept and dropped, each with its place in the source file."""

from __future__ import annotations

from dataclasses import dataclass, field

from mognad.core.model import Instrument


@dataclass(frozen=True)
class Note:
    """One remark on the source: where (sheet and row, question code, JSON path) and what."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


@dataclass
class ImportReport:
    """`kept` says what became of the source, `changed` what was carried over differently
    (to review), `dropped` what could not be carried over."""

    format: str
    source: str
    kept: list[Note] = field(default_factory=list)
    changed: list[Note] = field(default_factory=list)
    dropped: list[Note] = field(default_factory=list)

    def keep(self, place: str, message: str) -> None:
        _add(self.kept, Note(place, message))

    def change(self, place: str, message: str) -> None:
        _add(self.changed, Note(place, message))

    def drop(self, place: str, message: str) -> None:
        _add(self.dropped, Note(place, message))

    def lines(self) -> list[str]:
        """The report as plain lines, for a terminal or a page."""
        lines = [f"{self.source}: read as {self.format}"]
        lines += [f"  kept: {note}" for note in self.kept]
        lines += [f"  changed: {note}" for note in self.changed]
        lines += [f"  dropped: {note}" for note in self.dropped]
        return lines


def _add(notes: list[Note], note: Note) -> None:
    # Subquestions share their question's place and problems: say it once.
    if note not in notes:
        notes.append(note)


@dataclass(frozen=True)
class ImportResult:
    instrument: Instrument
    report: ImportReport


class ImportFailed(Exception):
    """A file that cannot be imported; `place` names where in it, `message` why."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(f"{place}: {message}" if place else message)
        self.place = place
        self.message = message
